"""Graph formats for `buslint graph`, one module each, keyed by `GraphFormat`."""

from __future__ import annotations

import enum
from collections.abc import Callable

from analyzer.export import json_graph
from analyzer.graph import MessageGraph


class GraphFormat(str, enum.Enum):
    JSON = "json"


EXPORTERS: dict[GraphFormat, Callable[[MessageGraph], str]] = {
    GraphFormat.JSON: json_graph.render,
}
