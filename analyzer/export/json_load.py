"""Read a `buslint.graph/1` document back into a Model (the inverse of `json_graph`)."""

from __future__ import annotations

import json
from typing import Any

from analyzer.errors import UsageError
from analyzer.export.json_graph import SCHEMA
from analyzer.model import (
    Channel,
    Edge,
    Endpoint,
    Evidence,
    FieldFact,
    Kind,
    Location,
    Message,
    Model,
    Relation,
    Tier,
    Unknown,
)


def load(text: str, source: str) -> Model:
    """The model in a JSON export; `source` names the file in error messages.

    The export keeps the reasons for a message's kind but not their weights: loaded evidence
    keeps its order (strongest first) with the weakest tier. Facts the export does not carry
    (frozen classes, mutations after an emit, parse problems) are absent.
    """
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise UsageError(f"{source}: not JSON: {exc}") from exc
    if not isinstance(data, dict) or data.get("schema") != SCHEMA:
        raise UsageError(f"{source}: not a {SCHEMA} document (buslint graph --format json)")
    try:
        return _model(data)
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise UsageError(f"{source}: malformed {SCHEMA} document: {exc!r}") from exc


def _model(data: dict[str, Any]) -> Model:
    messages: list[Message] = []
    channels: list[Channel] = []
    endpoints: list[Endpoint] = []
    unknowns: list[Unknown] = []
    for node in data["nodes"]:
        kind = node["type"]
        location = _location(node)
        if kind == "message":
            messages.append(_message(node, location))
        elif kind == "channel":
            channels.append(
                Channel(
                    node["id"],
                    node["transport"],
                    node["name"],
                    Kind(node["kind"]),
                    _evidence(node, Kind(node["kind"])),
                    location,
                    bool(node.get("external", False)),
                )
            )
        elif kind == "endpoint":
            endpoints.append(
                Endpoint(
                    node["id"],
                    node["qualname"],
                    node["name"],
                    location,
                    external=bool(node.get("external", False)),
                )
            )
        elif kind == "unknown":
            unknowns.append(
                Unknown(node["id"], node["name"], location or Location("", 0, 0), node["reason"])
            )
        else:
            raise ValueError(f"unknown node type {kind!r}")
    edges = tuple(
        Edge(
            e["source"],
            e["target"],
            Relation(e["relation"]),
            Location(e["path"], int(e["line"]), int(e["column"])),
            e["via"],
            inferred=tuple(str(step) for step in e.get("inferred", ())),
        )
        for e in data["edges"]
    )
    return Model(tuple(messages), tuple(endpoints), tuple(unknowns), edges, (), tuple(channels))


def _message(node: dict[str, Any], location: Location | None) -> Message:
    kind = Kind(node["kind"])
    site = location or Location("", 0, 0)
    fields = tuple(FieldFact(f["name"], f["type"], None, site) for f in node.get("fields", ()))
    return Message(
        node["id"],
        node["qualname"],
        node["name"],
        kind,
        _evidence(node, kind),
        location,
        external=bool(node.get("external", False)),
        fields=fields,
    )


def _evidence(node: dict[str, Any], kind: Kind) -> tuple[Evidence, ...]:
    # The run that wrote the export settled the kind; the tiers themselves are not exported.
    return tuple(Evidence(Tier.USAGE, kind, str(text)) for text in node.get("evidence", ()))


def _location(node: dict[str, Any]) -> Location | None:
    if "path" not in node:
        return None
    return Location(node["path"], int(node.get("line", 1)), 1)
