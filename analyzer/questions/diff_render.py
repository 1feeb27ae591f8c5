"""`buslint diff` output: text, Markdown for a pull-request comment, a Mermaid diagram of the change."""

from __future__ import annotations

import enum
from collections.abc import Callable

from analyzer.export import escape
from analyzer.model import Relation
from analyzer.questions.diff import GraphDiff, LinkChange, NodeChange, Status

_SIGN = {Status.ADDED: "+", Status.REMOVED: "-", Status.REKINDED: "~"}


def _node_text(change: NodeChange) -> str:
    if change.status is Status.REKINDED and change.old_kind is not None:
        return f"{change.qualname}: {change.old_kind.value} → {change.kind.value}"
    return f"{change.qualname} ({change.kind.value})"


def _link_text(change: LinkChange) -> str:
    if change.relation in (Relation.HANDLES, Relation.SUBSCRIBES):
        return f"{change.message} → {change.endpoint} ({change.relation.value})"
    return f"{change.endpoint} {change.relation.value} {change.message}"


def summary(result: GraphDiff) -> str:
    counts = {s: 0 for s in Status}
    for status in [c.status for c in result.messages] + [
        c.status for c in (*result.handlers, *result.flows)
    ]:
        counts[status] += 1
    if result.empty:
        return f"No change to the message graph between {result.base} and {result.head}."
    parts = ", ".join(f"{n} {s.value}" for s, n in counts.items() if n)
    return f"Message graph changes between {result.base} and {result.head}: {parts}."


def text(result: GraphDiff) -> str:
    lines = [summary(result)]
    for title, items in (
        ("Messages", [(c.status, _node_text(c)) for c in result.messages]),
        ("Handlers", [(c.status, _link_text(c)) for c in result.handlers]),
        ("Flows", [(c.status, _link_text(c)) for c in result.flows]),
    ):
        if items:
            lines += ["", title]
            lines += [f"  {_SIGN[status]} {line}" for status, line in items]
    return "\n".join(lines) + "\n"


def markdown(result: GraphDiff) -> str:
    lines = ["### buslint: message graph changes", "", escape.text(summary(result))]
    for title, header, rows in (
        (
            "Messages",
            ("change", "message", "kind"),
            [(c.status.value, escape.code(c.qualname), _kinds(c)) for c in result.messages],
        ),
        (
            "Handlers",
            ("change", "message", "handler", "as"),
            [
                (c.status.value, escape.code(c.message), escape.code(c.endpoint), c.relation.value)
                for c in result.handlers
            ],
        ),
        (
            "Flows",
            ("change", "endpoint", "does", "message"),
            [
                (c.status.value, escape.code(c.endpoint), c.relation.value, escape.code(c.message))
                for c in result.flows
            ],
        ),
    ):
        if not rows:
            continue
        lines += ["", f"**{title}**", "", "| " + " | ".join(header) + " |"]
        lines.append("|" + "---|" * len(header))
        lines += ["| " + " | ".join(escape.cell(cell) for cell in row) + " |" for row in rows]
    return "\n".join(lines) + "\n"


def _kinds(change: NodeChange) -> str:
    if change.old_kind is not None:
        return f"{change.old_kind.value} → {change.kind.value}"
    return change.kind.value


def mermaid(result: GraphDiff) -> str:
    """A flowchart of what changed: green added, red dashed removed, orange re-kinded."""
    ids: dict[str, str] = {}
    nodes: list[str] = []
    links: list[str] = []
    styles: list[str] = []
    status_of = {c.qualname: c for c in result.messages}

    def node(name: str, message: bool) -> str:
        if name not in ids:
            ids[name] = f"n{len(ids)}"
            change = status_of.get(name)
            label = name.rsplit(".", 1)[-1] if message else name
            if change is not None:
                label += f" ({_kinds(change)})"
            shape = ('(["', '"])') if message else ('["', '"]')
            css = f":::{change.status.name.lower()}" if change else ""
            nodes.append(f"    {ids[name]}{shape[0]}{escape.mermaid(label)}{shape[1]}{css}")
        return ids[name]

    for node_change in result.messages:
        node(node_change.qualname, True)
    for link in (*result.handlers, *result.flows):
        inbound = link.relation in (Relation.HANDLES, Relation.SUBSCRIBES)
        message, endpoint = node(link.message, True), node(link.endpoint, False)
        source, target = (message, endpoint) if inbound else (endpoint, message)
        arrow = "-.->" if link.status is Status.REMOVED else "-->"
        label = f"{link.relation.value} ({link.status.value})"
        colour = "#16a34a" if link.status is Status.ADDED else "#dc2626"
        styles.append(f"    linkStyle {len(links)} stroke:{colour}")
        links.append(f'    {source} {arrow}|"{escape.mermaid(label)}"| {target}')
    lines = ["flowchart LR", *nodes, *links, *styles]
    lines += [
        "    classDef added fill:#dcfce7,stroke:#16a34a",
        "    classDef removed fill:#fee2e2,stroke:#dc2626,stroke-dasharray:4",
        "    classDef rekinded fill:#ffedd5,stroke:#ea580c",
    ]
    if result.empty:
        lines.insert(1, '    empty["no change"]')
    return "\n".join(lines) + "\n"


class DiffFormat(str, enum.Enum):
    TEXT = "text"
    MARKDOWN = "markdown"
    MERMAID = "mermaid"


RENDERERS: dict[DiffFormat, Callable[[GraphDiff], str]] = {
    DiffFormat.TEXT: text,
    DiffFormat.MARKDOWN: markdown,
    DiffFormat.MERMAID: mermaid,
}
