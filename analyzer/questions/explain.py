"""`buslint explain NAME`: everything the graph knows about one message, channel or handler."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from analyzer.graph import INBOUND, MessageGraph
from analyzer.model import Channel, Edge, Endpoint, Evidence, Finding, Message, Relation
from analyzer.questions.outcomes import Outcome, outcomes


@dataclass(frozen=True)
class Explanation:
    """The answers for one node; sections that do not apply to its type are empty."""

    node: Message | Channel | Endpoint
    group: str
    """Its context, or its top package when no context matches."""
    producers: tuple[Edge, ...] = ()
    """Who sends or emits the message (send and emit sites)."""
    handlers: tuple[Edge, ...] = ()
    """Who handles or subscribes to the message (registration sites)."""
    channels: tuple[Edge, ...] = ()
    """`routes` edges: the channels the message travels through, or the messages a channel carries."""
    follows: tuple[Outcome, ...] = ()
    """What follows: for a message, what its handlers send or emit; for a handler, what it does."""
    handles: tuple[Edge, ...] = ()
    """For a handler: the messages it is registered for."""
    calls: tuple[Edge, ...] = ()
    called_by: tuple[Edge, ...] = ()
    findings: tuple[Finding, ...] = ()

    @property
    def evidence(self) -> tuple[Evidence, ...]:
        return () if isinstance(self.node, Endpoint) else self.node.evidence


def explain(
    graph: MessageGraph, node: Message | Channel | Endpoint, group: str, findings: Sequence[Finding]
) -> Explanation:
    touching = tuple(f for f in findings if node.id in f.subject)
    if isinstance(node, Endpoint):
        return Explanation(
            node,
            group,
            handles=tuple(sorted(graph.in_edges(node.id, *INBOUND), key=_place)),
            follows=tuple(outcomes(graph, node.id)),
            calls=tuple(sorted(graph.out_edges(node.id, Relation.CALLS), key=_place)),
            called_by=tuple(sorted(graph.in_edges(node.id, Relation.CALLS), key=_place)),
            findings=touching,
        )
    handlers = graph.handlers(node.id)
    follows: list[Outcome] = []
    for handler in dict.fromkeys(edge.target for edge in handlers):
        follows += outcomes(graph, handler)
    routes = [*graph.out_edges(node.id, Relation.ROUTES), *graph.in_edges(node.id, Relation.ROUTES)]
    return Explanation(
        node,
        group,
        producers=tuple(graph.producers(node.id)),
        handlers=tuple(handlers),
        channels=tuple(sorted(routes, key=_place)),
        follows=tuple(follows),
        findings=touching,
    )


def _place(edge: Edge) -> tuple[object, ...]:
    return (edge.location, edge.source, edge.target)
