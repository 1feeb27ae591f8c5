"""Mermaid flowcharts in Markdown: one diagram, or one per group when the graph is too big for one."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from analyzer.export.groups import node_groups
from analyzer.export.options import ExportOptions
from analyzer.export.style import (
    DASHED_RELATIONS,
    EDGE_COLOURS,
    LOOKS,
    Link,
    clean,
    links,
    role,
    sorted_nodes,
    subtitle,
    title,
)
from analyzer.graph import MessageGraph
from analyzer.model import Relation

MAX_EDGES = 500
MAX_TEXT = 50_000
"""Mermaid's defaults (`maxEdges`, `maxTextSize`): a diagram above either is not rendered."""

PREFIXES = {
    "command": "cmd",
    "event": "evt",
    "query": "qry",
    "message": "msg",
    "endpoint": "fn",
    "channel": "ch",
    "unknown": "unk",
}
_SAFE = re.compile(r"[\w .,:/()=+-]", re.UNICODE)


@dataclass(frozen=True)
class Diagram:
    """One flowchart: its heading, its Mermaid source and how many edges it draws."""

    heading: str
    source: str
    edges: int

    @property
    def oversized(self) -> bool:
        return self.edges > MAX_EDGES or len(self.source) > MAX_TEXT


def label(text: str) -> str:
    """Text for a quoted Mermaid label: everything but plain characters as `#code;` entities."""
    return "".join(c if _SAFE.fullmatch(c) else f"#{ord(c)};" for c in clean(text))


def node_ids(graph: MessageGraph) -> dict[str, str]:
    """Graph id → a Mermaid id made of letters, digits and `_`, stable for the same node."""
    ids: dict[str, str] = {}
    taken: set[str] = set()
    for node in sorted_nodes(graph):
        base = (
            PREFIXES[role(node)]
            + "_"
            + re.sub(r"\W", "_", node.id.split(":", 1)[-1], flags=re.ASCII)
        )
        mermaid_id = base
        if mermaid_id in taken:
            mermaid_id = f"{base}_{hashlib.sha1(node.id.encode()).hexdigest()[:8]}"
        taken.add(mermaid_id)
        ids[node.id] = mermaid_id
    return ids


def flowchart(
    graph: MessageGraph, node_set: set[str] | None = None, direction: str = "LR"
) -> Diagram:
    """A flowchart of the nodes in `node_set` (all by default) and every link touching them."""
    ids = node_ids(graph)
    chosen = [
        link
        for link in links(graph)
        if node_set is None or link.source in node_set or link.target in node_set
    ]
    drawn = set(node_set if node_set is not None else ids)
    drawn |= {link.source for link in chosen} | {link.target for link in chosen}
    lines = [f"flowchart {direction}"]
    roles: dict[str, list[str]] = {}
    for node in sorted_nodes(graph):
        if node.id not in drawn:
            continue
        look = LOOKS[role(node)]
        text = f"{label(title(node))}<br/><small>{label(subtitle(node))}</small>"
        lines.append(f'    {ids[node.id]}{look.mermaid[0]}"{text}"{look.mermaid[1]}')
        roles.setdefault(look.role, []).append(ids[node.id])
    styles: dict[Relation, list[int]] = {}
    for index, link in enumerate(chosen):
        arrow = "-.->" if link.relation in DASHED_RELATIONS else "-->"
        lines.append(f"    {ids[link.source]} {arrow}|{_edge_label(link)}| {ids[link.target]}")
        styles.setdefault(link.relation, []).append(index)
    for look in LOOKS.values():
        lines.append(
            f"    classDef {look.role} fill:{look.fill},stroke:{look.stroke},color:#111827"
            + (",stroke-dasharray:4 3" if look.dashed else "")
        )
    for name, members in sorted(roles.items()):
        lines.append(f"    class {','.join(members)} {name}")
    for relation, indexes in sorted(styles.items(), key=lambda item: item[0].value):
        lines.append(f"    linkStyle {','.join(map(str, indexes))} stroke:{EDGE_COLOURS[relation]}")
    return Diagram("", "\n".join(lines) + "\n", len(chosen))


def _edge_label(link: Link) -> str:
    count = len(link.sites)
    return link.relation.value + (f" ×{count}" if count > 1 else "")


def diagrams(graph: MessageGraph, options: ExportOptions) -> list[Diagram]:
    """The whole graph as one diagram when it fits Mermaid's limits, else one per group."""
    whole = flowchart(graph)
    if not whole.oversized:
        return [Diagram("Message graph", whole.source, whole.edges)]
    groups = node_groups(graph, options)
    parts = []
    for group in sorted(set(groups.values())):
        members = {node for node, g in groups.items() if g == group}
        part = flowchart(graph, members)
        parts.append(Diagram(group, part.source, part.edges))
    return parts


def warnings(graph: MessageGraph, options: ExportOptions) -> list[str]:
    """One line per diagram that is still over Mermaid's limits after the split."""
    return [
        f"mermaid: the diagram for {d.heading!r} has {d.edges} edges and {len(d.source)}"
        f" characters, over Mermaid's defaults ({MAX_EDGES} edges, {MAX_TEXT} characters);"
        " narrow it with --context, --kind or --focus"
        for d in diagrams(graph, options)
        if d.oversized
    ]


def render(graph: MessageGraph, options: ExportOptions) -> str:
    """Markdown with a heading and a ```mermaid block per diagram (GitHub renders them)."""
    parts = diagrams(graph, options)
    out = ["# Message graph", ""]
    if len(parts) > 1:
        out += [
            f"The graph is over Mermaid's limits ({MAX_EDGES} edges, {MAX_TEXT} characters) in"
            " one diagram, so it is split by context or package: each diagram shows a group's"
            " nodes and every node they are linked to.",
            "",
        ]
    out.append(legend())
    for diagram in parts:
        if len(parts) > 1:
            out += [f"## {markdown_heading(diagram.heading)}", ""]
        out += ["```mermaid", diagram.source.rstrip("\n"), "```", ""]
    return "\n".join(out)


def legend() -> str:
    return (
        "Commands are boxes, events rounded, queries hexagons, handlers and senders subroutine"
        " boxes, channels cylinders, unresolved sites red flags. Point-to-point edges (sends,"
        " handles) are solid, broadcast edges (emits, subscribes) and calls dashed.\n"
    )


def markdown_heading(text: str) -> str:
    return re.sub(r"([\\`*_{}\[\]<>()#+!|~])", r"\\\1", clean(text))
