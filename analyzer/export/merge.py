"""Combine the graphs of several repositories or services into one, for docs and cross-service rules.

Messages are matched by qualified name, and by short name where a name is unique in each graph
that has it (two services with their own copy of `OrderPlaced`); channels by transport and name.
Endpoints and unknown sites stay per service: their ids and qualified names get the service name
as a prefix (`orders:shop.api.place`), and every path is prefixed with the service's folder.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Sequence

from analyzer.model import (
    Channel,
    Edge,
    Endpoint,
    Evidence,
    Kind,
    Location,
    Message,
    Model,
    Tier,
    Unknown,
)

Named = tuple[str, Model]
"""A service name and its model."""


def merge(models: Sequence[Named]) -> Model:
    message_ids = _message_ids(models)
    merged: dict[str, list[tuple[str, Message]]] = {}
    channels: dict[str, list[tuple[str, Channel]]] = {}
    endpoints: list[Endpoint] = []
    unknowns: list[Unknown] = []
    edges: list[Edge] = []
    for service, model in models:
        rename = {m.id: message_ids[(service, m.id)] for m in model.messages}
        for message in model.messages:
            merged.setdefault(rename[message.id], []).append((service, message))
        for channel in model.channels:
            channels.setdefault(channel.id, []).append((service, channel))
        for endpoint in model.endpoints:
            rename[endpoint.id] = _prefixed(endpoint.id, service)
            endpoints.append(
                dataclasses.replace(
                    endpoint,
                    id=rename[endpoint.id],
                    qualname=f"{service}:{endpoint.qualname}",
                    location=_maybe_moved(endpoint.location, service),
                )
            )
        for unknown in model.unknowns:
            rename[unknown.id] = _prefixed(unknown.id, service)
            unknowns.append(
                dataclasses.replace(
                    unknown, id=rename[unknown.id], location=_moved(unknown.location, service)
                )
            )
        for edge in model.edges:
            edges.append(
                dataclasses.replace(
                    edge,
                    source=rename.get(edge.source, edge.source),
                    target=rename.get(edge.target, edge.target),
                    location=_moved(edge.location, service),
                )
            )
    return Model(
        tuple(_one_message(key, found) for key, found in sorted(merged.items())),
        tuple(sorted(endpoints, key=lambda e: e.id)),
        tuple(sorted(unknowns, key=lambda u: u.id)),
        tuple(sorted(edges, key=lambda e: (e.source, e.target, e.relation.value, e.location))),
        (),
        tuple(_one_channel(found) for _, found in sorted(channels.items())),
    )


def _message_ids(models: Sequence[Named]) -> dict[tuple[str, str], str]:
    """(service, message id) → the merged message id, by union of equal qualnames and unique names."""
    parent: dict[tuple[str, str], tuple[str, str]] = {}

    def root(item: tuple[str, str]) -> tuple[str, str]:
        while parent[item] != item:
            parent[item] = parent[parent[item]]
            item = parent[item]
        return item

    def union(a: tuple[str, str], b: tuple[str, str]) -> None:
        ra, rb = root(a), root(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)

    by_qualname: dict[str, tuple[str, str]] = {}
    by_name: dict[str, tuple[str, str]] = {}
    best: dict[tuple[str, str], Message] = {}
    order = {service: index for index, (service, _) in enumerate(models)}
    for service, model in models:
        counts = Counter(m.name for m in model.messages)
        for message in model.messages:
            item = (service, message.id)
            parent[item] = item
            best[item] = message
            union(item, by_qualname.setdefault(message.qualname, item))
            if counts[message.name] == 1:
                union(item, by_name.setdefault(message.name, item))
    groups: dict[tuple[str, str], list[tuple[str, str]]] = {}
    for item in parent:
        groups.setdefault(root(item), []).append(item)
    result: dict[tuple[str, str], str] = {}
    for members in groups.values():
        chosen = min(
            members,
            key=lambda i: (best[i].external, best[i].location is None, order[i[0]], i[1]),
        )
        for item in members:
            result[item] = best[chosen].id
    return result


def _one_message(key: str, found: list[tuple[str, Message]]) -> Message:
    ranked = sorted(found, key=lambda f: (f[1].id != key, f[1].external, f[1].location is None))
    service, first = ranked[0]
    kinds = [(s, m) for s, m in found if m.kind is not Kind.UNKNOWN]
    kind = first.kind if first.kind is not Kind.UNKNOWN or not kinds else kinds[0][1].kind
    conflict = None
    differing = [(s, m) for s, m in kinds if m.kind is not kinds[0][1].kind]
    if kinds and differing:
        conflict = (_claim(*kinds[0]), _claim(*differing[0]))
    evidence = tuple(
        dict.fromkeys(
            dataclasses.replace(e, text=f"{s}: {e.text}", location=None)
            for s, m in found
            for e in m.evidence
        )
    )
    fields = next((m.fields for _, m in ranked if m.fields), ())
    location = _maybe_moved(first.location, service)
    return dataclasses.replace(
        first,
        id=key,
        kind=kind,
        evidence=evidence,
        location=location,
        external=all(m.external for _, m in found),
        fields=tuple(dataclasses.replace(f, location=location or f.location) for f in fields),
        conflict=conflict,
    )


def _claim(service: str, message: Message) -> Evidence:
    reason = message.evidence[0].text if message.evidence else "its export"
    where = _maybe_moved(message.location, service)
    return Evidence(Tier.CONFIG, message.kind, f"{reason} in {service}", where)


def _one_channel(found: list[tuple[str, Channel]]) -> Channel:
    service, first = sorted(found, key=lambda f: (f[1].external, f[1].location is None))[0]
    evidence = tuple(dict.fromkeys(e for _, c in found for e in c.evidence))
    return dataclasses.replace(
        first,
        evidence=evidence,
        location=_maybe_moved(first.location, service),
        external=all(c.external for _, c in found),
    )


def _prefixed(node_id: str, service: str) -> str:
    kind, _, rest = node_id.partition(":")
    return f"{kind}:{service}:{rest}"


def _moved(location: Location, service: str) -> Location:
    if not location.path:
        return location
    return dataclasses.replace(location, path=f"{service}/{location.path}")


def _maybe_moved(location: Location | None, service: str) -> Location | None:
    return None if location is None else _moved(location, service)
