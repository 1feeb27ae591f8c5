"""A layered left-to-right layout computed in Python: producers, then messages, then handlers."""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass

from analyzer.export.style import links, sorted_nodes, subtitle, title
from analyzer.graph import MessageGraph

CHAR_WIDTH = 6.6
NODE_HEIGHT = 38.0
ROW_GAP = 14.0
COLUMN_GAP = 90.0
MARGIN = 20.0
SWEEPS = 4


@dataclass(frozen=True)
class Box:
    """A node's place: centre, width and height, in SVG user units."""

    x: float
    y: float
    width: float
    height: float


@dataclass(frozen=True)
class Layout:
    boxes: dict[str, Box]
    width: float
    height: float


def layers(graph: MessageGraph) -> dict[str, int]:
    """Longest-path layering of the graph with its back edges (cycles) ignored."""
    nodes = [node.id for node in sorted_nodes(graph)]
    successors: dict[str, list[str]] = {node: [] for node in nodes}
    for link in links(graph):
        if link.source in successors and link.target in successors:
            successors[link.source].append(link.target)
    forward = _forward_edges(nodes, successors)
    layer = dict.fromkeys(nodes, 0)
    for node in _topological(nodes, forward):
        for target in forward[node]:
            layer[target] = max(layer[target], layer[node] + 1)
    return layer


def _forward_edges(nodes: list[str], successors: dict[str, list[str]]) -> dict[str, list[str]]:
    """The edges of an iterative depth-first search that do not close a cycle."""
    state: dict[str, int] = {}
    forward: dict[str, list[str]] = {node: [] for node in nodes}
    for root in nodes:
        if root in state:
            continue
        state[root] = 1
        stack = [(root, iter(successors[root]))]
        while stack:
            node, children = stack[-1]
            child = next(children, None)
            if child is None:
                state[node] = 2
                stack.pop()
            elif state.get(child) == 1:
                continue  # a back edge: it would close a cycle
            else:
                forward[node].append(child)
                if child not in state:
                    state[child] = 1
                    stack.append((child, iter(successors[child])))
    return forward


def _topological(nodes: list[str], forward: dict[str, list[str]]) -> list[str]:
    indegree = dict.fromkeys(nodes, 0)
    for targets in forward.values():
        for target in targets:
            indegree[target] += 1
    ready = deque(node for node in nodes if indegree[node] == 0)
    order = []
    while ready:
        node = ready.popleft()
        order.append(node)
        for target in forward[node]:
            indegree[target] -= 1
            if indegree[target] == 0:
                ready.append(target)
    return order


def layout(graph: MessageGraph) -> Layout:
    """Columns by layer, rows ordered by the barycentre of the neighbours, centred vertically."""
    layer = layers(graph)
    columns: dict[int, list[str]] = {}
    for node in sorted(layer):
        columns.setdefault(layer[node], []).append(node)
    neighbours: dict[str, set[str]] = {node: set() for node in layer}
    for link in links(graph):
        if link.source in neighbours and link.target in neighbours:
            neighbours[link.source].add(link.target)
            neighbours[link.target].add(link.source)
    order = {node: float(i) for column in columns.values() for i, node in enumerate(column)}
    for sweep in range(SWEEPS):
        keys = sorted(columns, reverse=sweep % 2 == 1)
        for key in keys:
            column = columns[key]
            column.sort(key=lambda n: (_barycentre(n, neighbours, order), n))
            order.update({node: float(i) for i, node in enumerate(column)})
    widths = {node.id: _width(title(node), subtitle(node)) for node in sorted_nodes(graph)}
    tallest = max((len(column) for column in columns.values()), default=0)
    height = tallest * (NODE_HEIGHT + ROW_GAP) - ROW_GAP + 2 * MARGIN
    boxes: dict[str, Box] = {}
    x = MARGIN
    for key in sorted(columns):
        column = columns[key]
        column_width = max(widths[node] for node in column)
        top = (height - (len(column) * (NODE_HEIGHT + ROW_GAP) - ROW_GAP)) / 2
        for index, node in enumerate(column):
            y = top + index * (NODE_HEIGHT + ROW_GAP) + NODE_HEIGHT / 2
            boxes[node] = Box(
                round(x + column_width / 2, 1), round(y, 1), widths[node], NODE_HEIGHT
            )
        x += column_width + COLUMN_GAP
    width = x - COLUMN_GAP + MARGIN if columns else 2 * MARGIN
    return Layout(boxes, round(width, 1), round(max(height, 2 * MARGIN), 1))


def _barycentre(node: str, neighbours: dict[str, set[str]], order: dict[str, float]) -> float:
    around = [order[n] for n in neighbours[node]]
    return sum(around) / len(around) if around else order[node]


def _width(name: str, sub: str) -> float:
    return round(max(len(name) * (CHAR_WIDTH + 0.6), len(sub) * CHAR_WIDTH * 0.8, 60) + 24, 1)
