"""Graphviz DOT: one cluster per context or package, in the shared visual language."""

from __future__ import annotations

import html

from analyzer.export.groups import node_groups
from analyzer.export.options import ExportOptions
from analyzer.export.style import (
    DASHED_RELATIONS,
    EDGE_COLOURS,
    LOOKS,
    clean,
    links,
    role,
    sorted_nodes,
    subtitle,
    title,
)
from analyzer.graph import MessageGraph

FONT = "Helvetica"


def quoted(text: str) -> str:
    """A DOT double-quoted string. Backslashes are dropped to `/`: DOT gives them meaning."""
    return '"' + clean(text).replace("\\", "/").replace('"', '\\"') + '"'


def html_text(text: str) -> str:
    """Text inside a DOT HTML-like label: XML-escaped, one line."""
    return html.escape(clean(text), quote=True)


def render(graph: MessageGraph, options: ExportOptions) -> str:
    groups = node_groups(graph, options)
    ids = {node.id: f"n{index}" for index, node in enumerate(sorted_nodes(graph))}
    lines = [
        "digraph buslint {",
        f'  graph [rankdir=LR, fontname="{FONT}", fontsize=12, nodesep=0.25, ranksep=0.6,'
        ' labeljust=l, style="rounded,dashed", color="#9ca3af"];',
        f'  node [fontname="{FONT}", fontsize=11, margin="0.12,0.05", penwidth=1.2];',
        f'  edge [fontname="{FONT}", fontsize=9, penwidth=1.1, arrowsize=0.7];',
    ]
    by_group: dict[str, list[str]] = {}
    for node in sorted_nodes(graph):
        look = LOOKS[role(node)]
        label = (
            f"<<b>{html_text(title(node))}</b><br/>"
            f'<font point-size="8" color="#4b5563">{html_text(subtitle(node))}</font>>'
        )
        by_group.setdefault(groups.get(node.id, ""), []).append(
            f"{ids[node.id]} [id={quoted(node.id)}, tooltip={quoted(node.id)}, label={label},"
            f' shape={look.dot_shape}, style="{look.dot_style}", fillcolor="{look.fill}",'
            f' color="{look.stroke}"];'
        )
    for index, (group, members) in enumerate(sorted(by_group.items())):
        lines.append(f"  subgraph cluster_{index} {{")
        lines.append(f"    label=<<b>{html_text(group)}</b>>;")
        lines += [f"    {member}" for member in members]
        lines.append("  }")
    for link in links(graph):
        count = len(link.sites)
        text = link.relation.value + (f" ×{count}" if count > 1 else "")
        style = "dashed" if link.relation in DASHED_RELATIONS else "solid"
        colour = EDGE_COLOURS[link.relation]
        lines.append(
            f"  {ids[link.source]} -> {ids[link.target]} [label={quoted(text)}, style={style},"
            f' color="{colour}", fontcolor="{colour}"];'
        )
    lines.append("}")
    return "\n".join(lines) + "\n"
