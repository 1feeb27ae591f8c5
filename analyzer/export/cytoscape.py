"""Cytoscape.js elements JSON: groups as compound parent nodes, roles as classes."""

from __future__ import annotations

import json
from typing import Any

from analyzer.export.groups import node_groups
from analyzer.export.json_graph import node_dict
from analyzer.export.options import ExportOptions
from analyzer.export.style import LOOKS, links, role, sorted_nodes, subtitle, title
from analyzer.graph import MessageGraph


def document(graph: MessageGraph, options: ExportOptions) -> dict[str, Any]:
    groups = node_groups(graph, options)
    nodes: list[dict[str, Any]] = [
        {"data": {"id": f"group:{group}", "label": group}, "classes": "group"}
        for group in sorted(set(groups.values()))
    ]
    for node in sorted_nodes(graph):
        data = node_dict(node)
        look = LOOKS[role(node)]
        data.update(
            label=title(node),
            subtitle=subtitle(node),
            role=look.role,
            parent=f"group:{groups[node.id]}",
            fill=look.fill,
            stroke=look.stroke,
        )
        nodes.append({"data": data, "classes": look.role})
    edges = [
        {
            "data": {
                "id": f"{link.relation.value}:{link.source}->{link.target}",
                "source": link.source,
                "target": link.target,
                "relation": link.relation.value,
                "label": link.relation.value,
                "sites": [
                    {"path": loc.path, "line": loc.line, "column": loc.column, "via": via}
                    for loc, via in link.sites
                ],
            },
            "classes": link.relation.value,
        }
        for link in links(graph)
    ]
    return {"elements": {"nodes": nodes, "edges": edges}}


def render(graph: MessageGraph, options: ExportOptions) -> str:
    return json.dumps(document(graph, options), indent=2, ensure_ascii=False) + "\n"
