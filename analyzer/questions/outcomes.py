"""What an endpoint causes: the messages it sends or emits, also through the calls it makes."""

from __future__ import annotations

from dataclasses import dataclass

from analyzer.graph import OUTBOUND, MessageGraph
from analyzer.model import Edge, Relation

CALL_DEPTH = 3
"""How many `calls` hops a handler's outcome is followed through (handler → aggregate method …)."""


@dataclass(frozen=True)
class Outcome:
    """A send or emit caused by an endpoint, directly or through `through` (the call chain)."""

    origin: str
    """The endpoint whose outcome this is (the handler)."""
    edge: Edge
    through: tuple[str, ...] = ()
    """Endpoint ids called on the way, from the first callee to the one that sends; empty if direct."""


def outcomes(graph: MessageGraph, endpoint_id: str, depth: int = CALL_DEPTH) -> list[Outcome]:
    """Sends and emits of the endpoint and of what it calls (breadth first, each callee once)."""
    found: list[Outcome] = []
    seen = {endpoint_id}
    frontier: list[tuple[str, tuple[str, ...]]] = [(endpoint_id, ())]
    for _ in range(depth + 1):
        following: list[tuple[str, tuple[str, ...]]] = []
        for node, chain in frontier:
            for edge in sorted(graph.out_edges(node, *OUTBOUND), key=_order):
                found.append(Outcome(endpoint_id, edge, chain))
            for call in sorted(graph.out_edges(node, Relation.CALLS), key=_order):
                if call.target not in seen:
                    seen.add(call.target)
                    following.append((call.target, (*chain, call.target)))
        frontier = following
    return found


def _order(edge: Edge) -> tuple[object, ...]:
    return (edge.location, edge.target)
