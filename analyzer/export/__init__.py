"""Graph formats for `buslint graph`, one module each, keyed by `GraphFormat`.

A format is either one text (`EXPORTERS`: printed, or written to `-o FILE`) or a folder of files
(`FOLDER_EXPORTERS`: relative path → text, written under `-o DIR`).
"""

from __future__ import annotations

import enum
from collections.abc import Callable

from analyzer.export import asyncapi, eventcatalog, json_graph
from analyzer.export.services import Grouping
from analyzer.graph import MessageGraph


class GraphFormat(str, enum.Enum):
    JSON = "json"
    ASYNCAPI = "asyncapi"
    EVENTCATALOG = "eventcatalog"


Exporter = Callable[[MessageGraph], str]
FolderExporter = Callable[[MessageGraph, Grouping], dict[str, str]]
"""Folder formats split the graph into services: `Grouping` maps a qualified name to its service."""

EXPORTERS: dict[GraphFormat, Exporter] = {
    GraphFormat.JSON: json_graph.render,
}
FOLDER_EXPORTERS: dict[GraphFormat, FolderExporter] = {
    GraphFormat.ASYNCAPI: asyncapi.render,
    GraphFormat.EVENTCATALOG: eventcatalog.render,
}
