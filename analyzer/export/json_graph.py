"""The `buslint.graph/1` document (DESIGN.md): nodes and edges, sorted, deterministic."""

from __future__ import annotations

import json
from typing import Any

from analyzer.export.options import ExportOptions
from analyzer.graph import MessageGraph
from analyzer.model import Channel, Edge, Endpoint, Location, Message, Unknown

SCHEMA = "buslint.graph/1"


def _place(location: Location | None) -> dict[str, Any]:
    if location is None:
        return {}
    return {"path": location.path, "line": location.line}


def node_dict(node: Message | Channel | Endpoint | Unknown) -> dict[str, Any]:
    if isinstance(node, Message):
        data: dict[str, Any] = {
            "id": node.id,
            "type": "message",
            "kind": node.kind.value,
            "name": node.name,
            "qualname": node.qualname,
            **_place(node.location),
            "evidence": [e.text for e in node.evidence],
        }
        if node.fields:
            data["fields"] = [{"name": f.name, "type": f.annotation} for f in node.fields]
        if node.external:
            data["external"] = True
        return data
    if isinstance(node, Channel):
        data = {
            "id": node.id,
            "type": "channel",
            "transport": node.transport,
            "name": node.name,
            "kind": node.kind.value,
            **_place(node.location),
            "evidence": [e.text for e in node.evidence],
        }
        if node.external:
            data["external"] = True
        return data
    if isinstance(node, Endpoint):
        data = {
            "id": node.id,
            "type": "endpoint",
            "name": node.name,
            "qualname": node.qualname,
            **_place(node.location),
        }
        if node.external:
            data["external"] = True
        return data
    return {
        "id": node.id,
        "type": "unknown",
        "name": node.text,
        "reason": node.reason,
        **_place(node.location),
    }


def document(graph: MessageGraph) -> dict[str, Any]:
    model = graph.model
    nodes: list[Message | Channel | Endpoint | Unknown] = [
        *model.messages,
        *model.channels,
        *model.endpoints,
        *model.unknowns,
    ]
    return {
        "schema": SCHEMA,
        "nodes": [node_dict(n) for n in sorted(nodes, key=lambda n: n.id)],
        "edges": [edge_dict(e) for e in model.edges],
    }


def edge_dict(edge: Edge) -> dict[str, Any]:
    """An edge as JSON; ``inferred`` (how the inference found it) only when there is one."""
    found: dict[str, Any] = {
        "source": edge.source,
        "target": edge.target,
        "relation": edge.relation.value,
        "path": edge.location.path,
        "line": edge.location.line,
        "column": edge.location.column,
        "via": edge.via,
    }
    if edge.inferred:
        found["inferred"] = list(edge.inferred)
    return found


def render(graph: MessageGraph, options: ExportOptions | None = None) -> str:
    return json.dumps(document(graph), indent=2, ensure_ascii=False) + "\n"
