"""An EventCatalog (v2) folder: services, events, commands, queries and channels as `index.mdx` pages.

Each page has YAML front matter (`id`, `name`, `version`, `summary`; services list what they
`sends` and `receives` as `{id, version}`) and a short MDX body; each message also gets a
`schema.json` (its payload) named by `schemaPath`. Messages of unknown kind are left out.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from analyzer.export import escape
from analyzer.export.payload_schema import payload
from analyzer.export.services import Grouping, Service, keys, routed, services, slug
from analyzer.graph import Addressable, MessageGraph
from analyzer.model import Channel, Edge, Kind, Message, Relation

VERSION = "1.0.0"
"""buslint cannot know message versions from the code; every page says 1.0.0."""

FOLDERS = {Kind.EVENT: "events", Kind.COMMAND: "commands", Kind.QUERY: "queries"}

FrontValue = str | Sequence[str] | Sequence[dict[str, str]]


def render(graph: MessageGraph, grouping: Grouping) -> dict[str, str]:
    """Relative path → text for the whole catalog."""
    names = keys(graph.addressables(), slug)
    files: dict[str, str] = {}
    for service in services(graph, grouping):
        files[f"services/{slug(service.name)}/index.mdx"] = _service(graph, service, names)
    for item in graph.addressables():
        if isinstance(item, Channel):
            files[f"channels/{names[item.id]}/index.mdx"] = _channel(graph, item, names)
        if item.kind not in FOLDERS or (isinstance(item, Channel) and routed(graph, item.id)):
            continue
        folder = f"{FOLDERS[item.kind]}/{names[item.id]}"
        files[f"{folder}/index.mdx"] = _message(graph, item, names)
        schema = payload(item) if isinstance(item, Message) else {"type": "object"}
        files[f"{folder}/schema.json"] = json.dumps(schema, indent=2, ensure_ascii=False) + "\n"
    return dict(sorted(files.items()))


def front_matter(fields: dict[str, FrontValue]) -> str:
    """YAML front matter; every string is a double-quoted scalar, so nothing needs more escaping."""
    lines = ["---"]
    for key, value in fields.items():
        if isinstance(value, str):
            lines.append(f"{key}: {escape.yaml_scalar(value)}")
            continue
        lines.append(f"{key}:")
        for item in value:
            if isinstance(item, str):
                lines.append(f"  - {escape.yaml_scalar(item)}")
                continue
            for index, (sub, text) in enumerate(item.items()):
                lines.append(f"  {'- ' if index == 0 else '  '}{sub}: {escape.yaml_scalar(text)}")
    lines.append("---")
    return "\n".join(lines) + "\n"


def _pointers(ids: Sequence[str]) -> list[dict[str, str]]:
    return [{"id": i, "version": VERSION} for i in sorted(set(ids))]


def _service(graph: MessageGraph, service: Service, names: dict[str, str]) -> str:
    sends = [m for e in service.sends for m in _message_keys(graph, e.target, names)]
    receives = [m for e in service.receives for m in _message_keys(graph, e.source, names)]
    fields: dict[str, FrontValue] = {
        "id": slug(service.name),
        "name": service.name,
        "version": VERSION,
        "summary": (
            f"{service.name}: sends {len(set(sends))} and receives {len(set(receives))} "
            "message types (found in the code by buslint)."
        ),
    }
    if sends:
        fields["sends"] = _pointers(sends)
    if receives:
        fields["receives"] = _pointers(receives)
    rows = ["| endpoint | does | message | where |", "|---|---|---|---|"]
    for edge in (*service.receives, *service.sends):
        inbound = edge.relation in (Relation.HANDLES, Relation.SUBSCRIBES)
        endpoint, other = (edge.target, edge.source) if inbound else (edge.source, edge.target)
        rows.append(_row(graph.label(endpoint), edge.relation.value, graph.label(other), edge))
    body = [
        "## Overview",
        "",
        f"What {escape.code(service.name)} sends, emits, handles and subscribes to, read from "
        "its source code by buslint.",
        "",
        *rows,
        "",
        "<NodeGraph />",
    ]
    return front_matter(fields) + "\n" + "\n".join(body) + "\n"


def _message(graph: MessageGraph, item: Addressable, names: dict[str, str]) -> str:
    fields: dict[str, FrontValue] = {
        "id": names[item.id],
        "name": item.name,
        "version": VERSION,
        "summary": f"{item.kind.value.capitalize()} {item.qualname}.",
        "schemaPath": "schema.json",
    }
    channels = [c.id for c in routed(graph, item.id) if isinstance(c, Channel)]
    if channels:
        fields["channels"] = _pointers([names[c] for c in channels])
    body = ["## Overview", ""]
    where = f" defined at {escape.code(_where(item))}" if item.location else ""
    body.append(f"{escape.code(item.qualname)} is {_a(item.kind.value)}{where}.")
    if item.evidence:
        body += ["", "Why buslint classifies it so, strongest first:", ""]
        body += [f"- {escape.text(e.text)}" for e in item.evidence]
    if isinstance(item, Message) and item.fields:
        body += ["", "| field | type |", "|---|---|"]
        body += [
            f"| {escape.cell(escape.code(f.name))} | {escape.cell(escape.code(f.annotation))} |"
            for f in item.fields
        ]
    edges = [*graph.producers(item.id), *graph.handlers(item.id)]
    if edges:
        body += ["", "| endpoint | does | where |", "|---|---|---|"]
        for edge in edges:
            inbound = edge.source == item.id
            endpoint = graph.label(edge.target if inbound else edge.source)
            body.append(
                f"| {escape.cell(escape.code(endpoint))} | {edge.relation.value} "
                f"| {escape.cell(escape.code(_place(edge)))} |"
            )
    body += ["", "<NodeGraph />"]
    return front_matter(fields) + "\n" + "\n".join(body) + "\n"


def _channel(graph: MessageGraph, channel: Channel, names: dict[str, str]) -> str:
    fields: dict[str, FrontValue] = {
        "id": names[channel.id],
        "name": channel.name,
        "version": VERSION,
        "summary": f"{channel.transport} channel {channel.name} ({channel.kind.value}s).",
        "address": channel.name,
        "protocols": [channel.transport],
    }
    body = f"## Overview\n\n{escape.code(channel.qualname)}, found by buslint.\n"
    return front_matter(fields) + "\n" + body


def _message_keys(graph: MessageGraph, node_id: str, names: dict[str, str]) -> list[str]:
    node = graph.node(node_id)
    if isinstance(node, Channel):
        carried = routed(graph, node_id)
        if carried:
            return [names[m.id] for m in carried if m.kind in FOLDERS]
    if isinstance(node, Message | Channel) and node.kind in FOLDERS:
        return [names[node_id]]
    return []


def _row(endpoint: str, does: str, other: str, edge: Edge) -> str:
    cells = [escape.code(endpoint), does, escape.code(other), escape.code(_place(edge))]
    return "| " + " | ".join(escape.cell(c) for c in cells) + " |"


def _place(edge: Edge) -> str:
    return f"{edge.location.path}:{edge.location.line}"


def _where(item: Addressable) -> str:
    return f"{item.location.path}:{item.location.line}" if item.location else ""


def _a(word: str) -> str:
    return f"{'an' if word[0] in 'aeiou' else 'a'} {word}"
