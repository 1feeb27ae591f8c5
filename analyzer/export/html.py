"""One self-contained HTML page: the graph as inline SVG, with search, filters and highlights.

The layout is computed in Python (analyzer.export.layout); the page loads nothing from the
network and carries its own few lines of plain JavaScript (html_assets).
"""

from __future__ import annotations

import html
import json
from typing import Any

from analyzer.export.groups import node_groups
from analyzer.export.html_assets import SCRIPT, STYLE
from analyzer.export.layout import Box, layout
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
from analyzer.model import Channel, Endpoint, Message, Relation, Unknown

CSP = "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:"
"""Nothing is fetched from the network when the page is viewed."""
ROLES = ("command", "event", "query", "message", "endpoint", "channel", "unknown")


def attr(text: str) -> str:
    return html.escape(clean(text), quote=True)


def script_json(data: Any) -> str:
    """JSON safe inside <script>: no `<`, `>` or `&` can end the element or open a comment."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def render(graph: MessageGraph, options: ExportOptions) -> str:
    groups = node_groups(graph, options)
    placed = layout(graph)
    contexts = sorted(set(groups.values()))
    present = {role(node) for node in sorted_nodes(graph)}
    kinds = "".join(
        f'<label class="chip role-{r}"><input type="checkbox" class="kind-filter" value="{r}"'
        f" checked> {r}</label>"
        for r in ROLES
        if r in present
    )
    options_html = "".join(f'<option value="{attr(c)}">{attr(c)}</option>' for c in contexts)
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="{CSP}">
<title>buslint message graph</title>
<style>{STYLE}</style>
</head>
<body>
<header>
<h1>Message graph</h1>
<input id="search" type="search" placeholder="Search messages and handlers" autocomplete="off">
<span id="search-count"></span>
<span class="filters">{kinds}</span>
<select id="context"><option value="">every context</option>{options_html}</select>
<button id="fit" type="button">fit to window</button>
</header>
<main>
<div id="canvas">
{_svg(graph, placed, groups)}
</div>
<aside id="details"><p class="hint">Click a node to see who produces and who consumes it, with
the source locations. Click the background to clear.</p></aside>
</main>
<script type="application/json" id="buslint-data">{script_json(_data(graph, groups, options))}</script>
<script>{SCRIPT}</script>
</body>
</html>
"""


def _svg(graph: MessageGraph, placed: Any, groups: dict[str, str]) -> str:
    boxes: dict[str, Box] = placed.boxes
    out = [
        f'<svg id="graph" xmlns="http://www.w3.org/2000/svg" width="{placed.width}"'
        f' height="{placed.height}" viewBox="0 0 {placed.width} {placed.height}">',
        "<defs>",
    ]
    for relation in Relation:
        out.append(
            f'<marker id="arrow-{relation.value}" viewBox="0 0 10 10" refX="10" refY="5"'
            ' markerWidth="7" markerHeight="7" orient="auto-start-reverse">'
            f'<path d="M0,0 L10,5 L0,10 z" fill="{EDGE_COLOURS[relation]}"/></marker>'
        )
    out.append('</defs><g class="edges">')
    for index, link in enumerate(links(graph)):
        a, b = boxes[link.source], boxes[link.target]
        x1, y1, x2, y2 = a.x + a.width / 2, a.y, b.x - b.width / 2, b.y
        if x2 <= x1:  # a back edge: leave from the bottom, come back from below
            x1, y1, x2, y2 = a.x, a.y + a.height / 2, b.x, b.y + b.height / 2
            bend = 40 + abs(x2 - x1) / 6
            path = f"M{x1:.1f},{y1:.1f} C{x1:.1f},{y1 + bend:.1f} {x2:.1f},{y2 + bend:.1f} {x2:.1f},{y2:.1f}"
        else:
            mid = (x1 + x2) / 2
            path = f"M{x1:.1f},{y1:.1f} C{mid:.1f},{y1:.1f} {mid:.1f},{y2:.1f} {x2:.1f},{y2:.1f}"
        dash = ' stroke-dasharray="5 4"' if link.relation in DASHED_RELATIONS else ""
        out.append(
            f'<path class="edge rel-{link.relation.value}" data-index="{index}"'
            f' data-source="{attr(link.source)}" data-target="{attr(link.target)}" d="{path}"'
            f' stroke="{EDGE_COLOURS[link.relation]}"{dash}'
            f' marker-end="url(#arrow-{link.relation.value})"><title>{attr(link.relation.value)}'
            "</title></path>"
        )
    out.append('</g><g class="nodes">')
    for node in sorted_nodes(graph):
        box = boxes[node.id]
        look = LOOKS[role(node)]
        out.append(
            f'<g class="node role-{look.role}" data-id="{attr(node.id)}"'
            f' data-context="{attr(groups.get(node.id, ""))}" transform="translate({box.x},{box.y})"'
            ' tabindex="0">'
            + _shape(look.role, box, look.fill, look.stroke)
            + f'<text class="name" y="-3">{attr(title(node))}</text>'
            + f'<text class="sub" y="11">{attr(subtitle(node))}</text></g>'
        )
    out.append("</g></svg>")
    return "\n".join(out)


def _shape(name: str, box: Box, fill: str, stroke: str) -> str:
    w, h = box.width / 2, box.height / 2
    paint = f'fill="{fill}" stroke="{stroke}" stroke-width="1.3"'
    if name == "query":
        points = f"{-w},0 {-w + 10},{-h} {w - 10},{-h} {w},0 {w - 10},{h} {-w + 10},{h}"
        return f'<polygon class="shape" points="{points}" {paint}/>'
    if name == "unknown":
        points = f"{-w},{-h} {w},{-h} {w},{h} {-w},{h} {-w + 10},0"
        return f'<polygon class="shape" points="{points}" {paint} stroke-dasharray="4 3"/>'
    radius = {"event": h, "channel": 12, "endpoint": 3}.get(name, 1)
    shape = (
        f'<rect class="shape" x="{-w}" y="{-h}" width="{box.width}" height="{box.height}"'
        f' rx="{radius}" {paint}/>'
    )
    if name == "endpoint":
        shape += f'<path d="M{-w + 6},{-h} V{h} M{w - 6},{-h} V{h}" stroke="{stroke}" fill="none"/>'
    if name == "channel":
        shape += (
            f'<path d="M{-w + 12},{-h} Q{-w + 24},0 {-w + 12},{h}" stroke="{stroke}" fill="none"/>'
        )
    return shape


def _data(graph: MessageGraph, groups: dict[str, str], options: ExportOptions) -> dict[str, Any]:
    nodes: dict[str, Any] = {}
    for node in sorted_nodes(graph):
        item: dict[str, Any] = {
            "name": title(node),
            "sub": subtitle(node),
            "role": role(node),
            "context": groups.get(node.id, ""),
            "qualname": node.text if isinstance(node, Unknown) else node.qualname,
        }
        if isinstance(node, Message | Channel):
            item["kind"] = node.kind.value
            item["evidence"] = [e.text for e in node.evidence]
        if isinstance(node, Message | Channel | Endpoint | Unknown) and node.location:
            item["site"] = _site(node.location.path, node.location.line, options)
        nodes[node.id] = item
    edges = [
        {
            "source": link.source,
            "target": link.target,
            "relation": link.relation.value,
            "sites": [
                {**_site(loc.path, loc.line, options), "via": via} for loc, via in link.sites
            ],
        }
        for link in links(graph)
    ]
    return {"nodes": nodes, "edges": edges}


def _site(path: str, line: int, options: ExportOptions) -> dict[str, Any]:
    return {"path": path, "line": line, "href": options.source_link(path, line)}
