"""Graph formats for `buslint graph`, one module each, keyed by `GraphFormat`.

A format is either one text (`EXPORTERS`: printed, or written to `-o FILE`) or a folder of files
(`FOLDER_EXPORTERS`: relative path → text, written under `-o DIR`). Every exporter takes the
(filtered) graph and the `ExportOptions`; `WARNINGS` lists checks a format makes on its output.
"""

from __future__ import annotations

import enum
from collections.abc import Callable

from analyzer.export import (
    asyncapi,
    cytoscape,
    dot,
    eventcatalog,
    graphml,
    html,
    json_graph,
    markdown,
    mermaid,
)
from analyzer.export.filters import GraphFilter
from analyzer.export.groups import package_depth
from analyzer.export.options import ExportOptions
from analyzer.export.services import Grouping
from analyzer.graph import MessageGraph

__all__ = [
    "EXPORTERS",
    "FOLDER_EXPORTERS",
    "WARNINGS",
    "ExportOptions",
    "GraphFilter",
    "GraphFormat",
    "package_depth",
]


class GraphFormat(str, enum.Enum):
    JSON = "json"
    MERMAID = "mermaid"
    DOT = "dot"
    GRAPHML = "graphml"
    CYTOSCAPE = "cytoscape"
    HTML = "html"
    MARKDOWN = "markdown"
    ASYNCAPI = "asyncapi"
    EVENTCATALOG = "eventcatalog"


Exporter = Callable[[MessageGraph, ExportOptions], str]
FolderExporter = Callable[[MessageGraph, ExportOptions], dict[str, str]]
WarningCheck = Callable[[MessageGraph, ExportOptions], list[str]]

EXPORTERS: dict[GraphFormat, Exporter] = {
    GraphFormat.JSON: json_graph.render,
    GraphFormat.MERMAID: mermaid.render,
    GraphFormat.DOT: dot.render,
    GraphFormat.GRAPHML: graphml.render,
    GraphFormat.CYTOSCAPE: cytoscape.render,
    GraphFormat.HTML: html.render,
}
FOLDER_EXPORTERS: dict[GraphFormat, FolderExporter] = {
    GraphFormat.MARKDOWN: markdown.render,
}
WARNINGS: dict[GraphFormat, WarningCheck] = {
    GraphFormat.MERMAID: mermaid.warnings,
}
FOLDER_EXPORTERS[GraphFormat.ASYNCAPI] = lambda graph, options: asyncapi.render(
    graph, services_of(options)
)
FOLDER_EXPORTERS[GraphFormat.EVENTCATALOG] = lambda graph, options: eventcatalog.render(
    graph, services_of(options)
)


def services_of(options: ExportOptions) -> Grouping:
    """The service of a qualified name for the catalog formats: its context or package group;
    in a merged graph (``service:qualname``), the service the export came from."""

    def service(qualname: str) -> str:
        name, colon, _ = qualname.partition(":")
        return name if colon else options.group(qualname)

    return service
