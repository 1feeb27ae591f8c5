"""GraphML (yEd, Gephi, networkx): typed node and edge attributes, written with ElementTree."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from analyzer.export.groups import node_groups
from analyzer.export.options import ExportOptions
from analyzer.export.style import clean, role, sorted_nodes, subtitle, title
from analyzer.graph import MessageGraph
from analyzer.model import Channel, Endpoint, Message, Unknown

NS = "http://graphml.graphdrawing.org/xmlns"

NODE_KEYS: tuple[str, ...] = ("type", "role", "kind", "name", "label", "qualname", "group")
NODE_KEYS += ("path", "line", "evidence", "transport", "reason", "external")
EDGE_KEYS = ("relation", "path", "line", "column", "via")
INT_KEYS = {"line", "column"}


def _text(value: str) -> str:
    """XML 1.0 cannot hold control characters even escaped; ElementTree escapes the rest."""
    return "".join(c if c in "\t\n" or ord(c) >= 32 else " " for c in value)


def render(graph: MessageGraph, options: ExportOptions) -> str:
    ET.register_namespace("", NS)
    root = ET.Element(f"{{{NS}}}graphml")
    for domain, keys in (("node", NODE_KEYS), ("edge", EDGE_KEYS)):
        for key in keys:
            ET.SubElement(
                root,
                f"{{{NS}}}key",
                {
                    "id": f"{domain}_{key}",
                    "for": domain,
                    "attr.name": key,
                    "attr.type": "int" if key in INT_KEYS else "string",
                },
            )
    body = ET.SubElement(root, f"{{{NS}}}graph", {"id": "buslint", "edgedefault": "directed"})
    groups = node_groups(graph, options)
    for node in sorted_nodes(graph):
        element = ET.SubElement(body, f"{{{NS}}}node", {"id": _text(node.id)})
        for key, value in _node_data(node, groups.get(node.id, "")).items():
            data = ET.SubElement(element, f"{{{NS}}}data", {"key": f"node_{key}"})
            data.text = _text(value)
    edges = sorted(
        graph.model.edges, key=lambda e: (e.source, e.target, e.relation.value, e.location)
    )
    for index, edge in enumerate(edges):
        element = ET.SubElement(
            body,
            f"{{{NS}}}edge",
            {"id": f"e{index}", "source": _text(edge.source), "target": _text(edge.target)},
        )
        values = {
            "relation": edge.relation.value,
            "path": edge.location.path,
            "line": str(edge.location.line),
            "column": str(edge.location.column),
            "via": edge.via,
        }
        for key, value in values.items():
            data = ET.SubElement(element, f"{{{NS}}}data", {"key": f"edge_{key}"})
            data.text = _text(value)
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def _node_data(node: Message | Channel | Endpoint | Unknown, group: str) -> dict[str, str]:
    data = {
        "type": "message" if isinstance(node, Message) else role(node),
        "role": role(node),
        "label": clean(f"{title(node)} ({subtitle(node)})"),
        "group": group,
    }
    if isinstance(node, Message | Channel):
        data["kind"] = node.kind.value
        data["evidence"] = "; ".join(e.text for e in node.evidence)
    if isinstance(node, Unknown):
        data["name"] = node.text
        data["reason"] = node.reason
    else:
        data["name"] = node.name
        data["qualname"] = node.qualname
        if node.external:
            data["external"] = "true"
    if isinstance(node, Channel):
        data["transport"] = node.transport
    if node.location is not None:
        data["path"] = node.location.path
        data["line"] = str(node.location.line)
    return data
