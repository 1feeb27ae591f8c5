"""The message graph: a networkx MultiDiGraph of messages, endpoints and unknown sites, with queries."""

from __future__ import annotations

from collections.abc import Iterator

import networkx as nx

from analyzer.model import (
    Channel,
    Edge,
    Endpoint,
    Kind,
    Message,
    Model,
    ParseProblem,
    Relation,
    Unknown,
)

Node = Message | Channel | Endpoint | Unknown
Addressable = Message | Channel
"""What is sent, emitted and handled: a message class or a named channel."""

INBOUND = (Relation.HANDLES, Relation.SUBSCRIBES)
OUTBOUND = (Relation.SENDS, Relation.EMITS)


class MessageGraph:
    """Typed access to the graph for rules and exports. Each node keeps its model object in `obj`."""

    def __init__(self, model: Model) -> None:
        self.model = model
        self.nx: nx.MultiDiGraph = nx.MultiDiGraph()
        for message in model.messages:
            self.nx.add_node(message.id, type="message", obj=message)
        for endpoint in model.endpoints:
            self.nx.add_node(endpoint.id, type="endpoint", obj=endpoint)
        for channel in model.channels:
            self.nx.add_node(channel.id, type="channel", obj=channel)
        for unknown in model.unknowns:
            self.nx.add_node(unknown.id, type="unknown", obj=unknown)
        for edge in model.edges:
            self.nx.add_edge(edge.source, edge.target, key=_edge_id(edge), obj=edge)

    @property
    def problems(self) -> tuple[ParseProblem, ...]:
        return self.model.problems

    def messages(self, kind: Kind | None = None) -> Iterator[Message]:
        for message in self.model.messages:
            if kind is None or message.kind is kind:
                yield message

    def channels(self, kind: Kind | None = None) -> Iterator[Channel]:
        for channel in self.model.channels:
            if kind is None or channel.kind is kind:
                yield channel

    def addressables(self, kind: Kind | None = None) -> Iterator[Addressable]:
        """Messages and channels alike, for the rules that apply to both."""
        yield from self.messages(kind)
        yield from self.channels(kind)

    def node(self, node_id: str) -> Node:
        obj: Node = self.nx.nodes[node_id]["obj"]
        return obj

    def out_edges(self, node_id: str, *relations: Relation) -> list[Edge]:
        return [
            data["obj"]
            for _, _, data in self.nx.out_edges(node_id, data=True)
            if not relations or data["obj"].relation in relations
        ]

    def in_edges(self, node_id: str, *relations: Relation) -> list[Edge]:
        return [
            data["obj"]
            for _, _, data in self.nx.in_edges(node_id, data=True)
            if not relations or data["obj"].relation in relations
        ]

    def edges(self, *relations: Relation) -> Iterator[Edge]:
        for edge in self.model.edges:
            if not relations or edge.relation in relations:
                yield edge

    def handlers(self, message_id: str) -> list[Edge]:
        """Registrations of the message, one edge per registration site, sorted by location.

        A message routed through a channel (``routes``) is handled by the channel's handlers too.
        """
        found = self.out_edges(message_id, *INBOUND)
        for route in self.out_edges(message_id, Relation.ROUTES):
            found += self.out_edges(route.target, *INBOUND)
        return sorted(found, key=lambda e: e.location)

    def producers(self, message_id: str) -> list[Edge]:
        """Send and emit sites of the message, sorted by location."""
        return sorted(self.in_edges(message_id, *OUTBOUND), key=lambda e: e.location)

    def label(self, node_id: str) -> str:
        node = self.node(node_id)
        if isinstance(node, Unknown):
            return f"<{node.text}>"
        return node.qualname


def _edge_id(edge: Edge) -> str:
    loc = edge.location
    return f"{edge.relation.value}@{loc.path}:{loc.line}:{loc.column}"
