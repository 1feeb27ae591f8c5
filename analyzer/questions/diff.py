"""`buslint diff`: what changed in the message graph between two revisions."""

from __future__ import annotations

import enum
from dataclasses import dataclass

from analyzer.graph import INBOUND, OUTBOUND, MessageGraph
from analyzer.model import Channel, Kind, Message, ParseProblem, Relation


class Status(str, enum.Enum):
    ADDED = "added"
    REMOVED = "removed"
    REKINDED = "re-kinded"


@dataclass(frozen=True, order=True)
class NodeChange:
    """A message or channel added, removed, or whose kind changed (`old_kind` → `kind`)."""

    qualname: str
    status: Status
    name: str
    kind: Kind
    old_kind: Kind | None = None


@dataclass(frozen=True, order=True)
class LinkChange:
    """A handler registration or a send/emit, identified by names (not places), added or removed."""

    endpoint: str
    relation: Relation
    message: str
    status: Status


@dataclass(frozen=True)
class GraphDiff:
    base: str
    head: str
    messages: tuple[NodeChange, ...]
    handlers: tuple[LinkChange, ...]
    """`handles` and `subscribes` links."""
    flows: tuple[LinkChange, ...]
    """`sends` and `emits` links."""
    internal_errors: tuple[ParseProblem, ...] = ()
    """Files whose extraction hit a bug in buslint, in either revision."""

    @property
    def empty(self) -> bool:
        return not (self.messages or self.handlers or self.flows)


def diff(old: MessageGraph, new: MessageGraph, base: str, head: str) -> GraphDiff:
    before, after = _nodes(old), _nodes(new)
    messages = [
        NodeChange(q, Status.ADDED, after[q].name, after[q].kind)
        for q in after.keys() - before.keys()
    ]
    messages += [
        NodeChange(q, Status.REMOVED, before[q].name, before[q].kind)
        for q in before.keys() - after.keys()
    ]
    messages += [
        NodeChange(q, Status.REKINDED, after[q].name, after[q].kind, before[q].kind)
        for q in before.keys() & after.keys()
        if before[q].kind is not after[q].kind
    ]
    return GraphDiff(
        base,
        head,
        tuple(sorted(messages)),
        _links(_handlers(old), _handlers(new)),
        _links(_flows(old), _flows(new)),
        (*old.internal_errors, *new.internal_errors),
    )


def _nodes(graph: MessageGraph) -> dict[str, Message | Channel]:
    return {node.qualname: node for node in graph.addressables()}


Link = tuple[str, Relation, str]


def _handlers(graph: MessageGraph) -> set[Link]:
    return {
        (graph.label(e.target), e.relation, graph.label(e.source))
        for e in graph.edges(*INBOUND)
        if _named(graph, e.source)
    }


def _flows(graph: MessageGraph) -> set[Link]:
    return {
        (graph.label(e.source), e.relation, graph.label(e.target))
        for e in graph.edges(*OUTBOUND)
        if _named(graph, e.target)
    }


def _named(graph: MessageGraph, node_id: str) -> bool:
    return isinstance(graph.node(node_id), Message | Channel)


def _links(before: set[Link], after: set[Link]) -> tuple[LinkChange, ...]:
    changes = [LinkChange(*link, Status.ADDED) for link in after - before]
    changes += [LinkChange(*link, Status.REMOVED) for link in before - after]
    return tuple(sorted(changes))
