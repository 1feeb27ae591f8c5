"""The visual language every diagram shares: a style per node role, a label per node, merged edges."""

from __future__ import annotations

from dataclasses import dataclass

from analyzer.graph import MessageGraph, Node
from analyzer.model import Channel, Endpoint, Kind, Location, Message, Relation


@dataclass(frozen=True)
class Look:
    """How one role is drawn: fill and stroke colours, and a shape per format."""

    role: str
    fill: str
    stroke: str
    mermaid: tuple[str, str]
    """Opening and closing brackets of the Mermaid node shape."""
    dot_shape: str
    dot_style: str
    dashed: bool = False


LOOKS: dict[str, Look] = {
    look.role: look
    for look in (
        Look("command", "#dbeafe", "#1d4ed8", ("[", "]"), "box", "filled"),
        Look("event", "#ffedd5", "#c2410c", ("([", "])"), "box", "rounded,filled"),
        Look("query", "#dcfce7", "#15803d", ("{{", "}}"), "hexagon", "filled"),
        Look("message", "#f3f4f6", "#4b5563", ("[", "]"), "box", "filled"),
        Look("endpoint", "#ffffff", "#374151", ("[[", "]]"), "component", "filled"),
        Look("channel", "#f3e8ff", "#7e22ce", ("[(", ")]"), "cylinder", "filled"),
        Look("unknown", "#fee2e2", "#b91c1c", (">", "]"), "octagon", "dashed,filled", True),
    )
}
"""Commands are boxes, events rounded, queries hexagons, endpoints subroutines, channels
cylinders and unresolved sites red and dashed; the same in Mermaid, DOT and HTML."""

EDGE_COLOURS: dict[Relation, str] = {
    Relation.SENDS: "#1d4ed8",
    Relation.HANDLES: "#1d4ed8",
    Relation.EMITS: "#c2410c",
    Relation.SUBSCRIBES: "#c2410c",
    Relation.ROUTES: "#7e22ce",
    Relation.CALLS: "#6b7280",
}
DASHED_RELATIONS = (Relation.EMITS, Relation.SUBSCRIBES, Relation.CALLS)
"""Broadcast and call edges are dashed; point-to-point edges solid."""


def role(node: Node) -> str:
    """``command``, ``event``, ``query``, ``message`` (kind unknown), ``endpoint``, ``channel``, ``unknown``."""
    if isinstance(node, Message):
        return "message" if node.kind is Kind.UNKNOWN else node.kind.value
    if isinstance(node, Endpoint):
        return "endpoint"
    if isinstance(node, Channel):
        return "channel"
    return "unknown"


def title(node: Node) -> str:
    """The short name a diagram shows: ``PlaceOrder``, ``ShipOrderHandler.handle``, ``sqs: orders``."""
    if isinstance(node, Message):
        return node.name
    if isinstance(node, Endpoint):
        parts = node.qualname.split(".")
        if len(parts) >= 2 and parts[-2][:1].isupper():
            return f"{parts[-2]}.{parts[-1]}"
        return node.name
    if isinstance(node, Channel):
        return f"{node.transport}: {node.name}"
    return f"? {node.text}"


def subtitle(node: Node) -> str:
    """The second line: the module (or transport, or reason) that places the node."""
    if isinstance(node, Message | Endpoint):
        head, _, _ = node.qualname.rpartition("." + title(node))
        return head or node.qualname
    if isinstance(node, Channel):
        return f"{node.kind.value} channel"
    return node.reason


@dataclass(frozen=True)
class Link:
    """One or more edges with the same source, target and relation, drawn as one line."""

    source: str
    target: str
    relation: Relation
    sites: tuple[tuple[Location, str], ...]
    """Each underlying edge's location and `via`, sorted."""


def links(graph: MessageGraph) -> list[Link]:
    """The graph's edges merged per (source, target, relation), sorted."""
    merged: dict[tuple[str, str, Relation], list[tuple[Location, str]]] = {}
    for edge in graph.model.edges:
        merged.setdefault((edge.source, edge.target, edge.relation), []).append(
            (edge.location, edge.via)
        )
    return [
        Link(source, target, relation, tuple(sorted(sites)))
        for (source, target, relation), sites in sorted(
            merged.items(), key=lambda item: (item[0][0], item[0][1], item[0][2].value)
        )
    ]


def sorted_nodes(graph: MessageGraph) -> list[Node]:
    model = graph.model
    nodes: list[Node] = [*model.messages, *model.channels, *model.endpoints, *model.unknowns]
    return sorted(nodes, key=lambda n: n.id)


def clean(text: str) -> str:
    """One line of printable text: control characters and newlines become spaces."""
    return "".join(" " if (ord(c) < 32 or 0x7F <= ord(c) < 0xA0) else c for c in text)
