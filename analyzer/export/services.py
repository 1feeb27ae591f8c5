"""Services for the catalog formats: endpoints grouped by context or package, with what they send and receive."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from analyzer.graph import INBOUND, OUTBOUND, Addressable, MessageGraph
from analyzer.model import Channel, Edge, Endpoint, Message, Relation

Grouping = Callable[[str], str]
"""A qualified name → the service (context or package) it belongs to."""

_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


@dataclass(frozen=True)
class Service:
    """A group of endpoints and the messages or channels they send, emit, handle or subscribe to."""

    name: str
    endpoints: tuple[Endpoint, ...]
    sends: tuple[Edge, ...]
    """`sends` and `emits` edges from the service's endpoints, sorted by target and place."""
    receives: tuple[Edge, ...]
    """`handles` and `subscribes` edges to the service's endpoints, sorted by source and place."""


def services(graph: MessageGraph, grouping: Grouping) -> list[Service]:
    """One service per group that has at least one endpoint sending or receiving a message."""
    members: dict[str, list[Endpoint]] = {}
    for endpoint in graph.model.endpoints:
        members.setdefault(grouping(endpoint.qualname), []).append(endpoint)
    result = []
    for name in sorted(members):
        endpoints = tuple(sorted(members[name], key=lambda e: e.id))
        sends = [
            e
            for ep in endpoints
            for e in graph.out_edges(ep.id, *OUTBOUND)
            if _addressable(graph, e.target)
        ]
        receives = [
            e
            for ep in endpoints
            for e in graph.in_edges(ep.id, *INBOUND)
            if _addressable(graph, e.source)
        ]
        if not sends and not receives:
            continue
        result.append(
            Service(
                name,
                endpoints,
                tuple(sorted(sends, key=lambda e: (e.target, e.source, e.location))),
                tuple(sorted(receives, key=lambda e: (e.source, e.target, e.location))),
            )
        )
    return result


def _addressable(graph: MessageGraph, node_id: str) -> bool:
    return isinstance(graph.node(node_id), Message | Channel)


def safe_key(text: str) -> str:
    """A name usable as a file name, a URL slug or an AsyncAPI component key."""
    return _UNSAFE.sub("-", text).strip("-.") or "unnamed"


def slug(text: str) -> str:
    """A safe key without dots, for tools that read a dot as a file extension."""
    return safe_key(text.replace(".", "-"))


def keys(
    addressables: Iterable[Addressable], safe: Callable[[str], str] = safe_key
) -> dict[str, str]:
    """Node id → a short, unique, safe key: the short name when unique, else the qualified name."""
    items = sorted(addressables, key=lambda a: a.id)
    counts: dict[str, int] = {}
    for item in items:
        counts[_short(item)] = counts.get(_short(item), 0) + 1
    result: dict[str, str] = {}
    taken: set[str] = set()
    for item in items:
        key = safe(_short(item) if counts[_short(item)] == 1 else item.qualname)
        while key in taken:
            key += "_"
        taken.add(key)
        result[item.id] = key
    return result


def _short(item: Addressable) -> str:
    return item.name if isinstance(item, Message) else f"{item.transport}-{item.name}"


def routed(graph: MessageGraph, node_id: str) -> list[Addressable]:
    """The other ends of `routes` edges, either direction: a channel's messages, a message's channels."""
    ends = {e.target for e in graph.out_edges(node_id, Relation.ROUTES)}
    ends |= {e.source for e in graph.in_edges(node_id, Relation.ROUTES)}
    found = [graph.node(end) for end in sorted(ends)]
    return [node for node in found if isinstance(node, Message | Channel)]
