"""`buslint flow` output: an indented tree, a Mermaid sequence diagram or a Mermaid flowchart."""

from __future__ import annotations

import enum
from collections.abc import Callable

from analyzer.export import escape
from analyzer.graph import MessageGraph
from analyzer.model import Channel, Endpoint, Kind, Message, Relation
from analyzer.questions.flow import Consequence, Step, Stop

_STOPS = {
    Stop.CYCLE: "cycle: already on this path",
    Stop.REPEAT: "followed above",
    Stop.DEPTH: "depth limit reached",
}


def _kind(graph: MessageGraph, node_id: str) -> Kind | None:
    node = graph.node(node_id)
    return node.kind if isinstance(node, Message | Channel) else None


def _name(graph: MessageGraph, node_id: str) -> str:
    node = graph.node(node_id)
    if isinstance(node, Message | Channel):
        kind = node.kind.value
        return f"{node.name} ({kind})"
    return graph.label(node_id)


def _short(graph: MessageGraph, node_id: str) -> str:
    node = graph.node(node_id)
    if isinstance(node, Endpoint):
        return ".".join(node.qualname.split(".")[-2:])
    if isinstance(node, Message | Channel):
        return node.name
    return graph.label(node_id)


def _end(graph: MessageGraph, step: Step) -> str:
    if step.stop is not None:
        return f"  [{_STOPS[step.stop]}]"
    if not step.reactions:
        kind = _kind(graph, step.message)
        return "  [no subscribers]" if kind is Kind.EVENT else "  [no handler]"
    return ""


def text(graph: MessageGraph, root: Step) -> str:
    lines = [_name(graph, root.message) + _end(graph, root)]
    _reactions(graph, root, "", lines)
    return "\n".join(lines) + "\n"


def _reactions(graph: MessageGraph, step: Step, prefix: str, lines: list[str]) -> None:
    for index, reaction in enumerate(step.reactions):
        last = index == len(step.reactions) - 1
        edge = reaction.registration
        role = "handled by" if edge.relation is Relation.HANDLES else "subscriber"
        where = f"{edge.location.path}:{edge.location.line}"
        lines.append(
            f"{prefix}{'└─' if last else '├─'} {role} {graph.label(edge.target)}  ({edge.via}, {where})"
        )
        inner = prefix + ("   " if last else "│  ")
        for n, consequence in enumerate(reaction.outcomes):
            end = n == len(reaction.outcomes) - 1
            lines.append(f"{inner}{'└─' if end else '├─'} {_consequence(graph, consequence)}")
            _reactions(graph, consequence.step, inner + ("   " if end else "│  "), lines)


def _consequence(graph: MessageGraph, consequence: Consequence) -> str:
    outcome = consequence.outcome
    edge = outcome.edge
    through = ""
    if outcome.through:
        through = " through " + " → ".join(graph.label(t) for t in outcome.through)
    where = f"{edge.location.path}:{edge.location.line}"
    return f"{edge.relation.value} {_name(graph, edge.target)}{through}  ({where})" + _end(
        graph, consequence.step
    )


def sequence(graph: MessageGraph, root: Step) -> str:
    """A Mermaid sequence diagram: commands as solid arrows, events as open (async) arrows."""
    participants: dict[str, str] = {"": "p0"}
    body: list[str] = []

    def who(node_id: str) -> str:
        if node_id not in participants:
            participants[node_id] = f"p{len(participants)}"
        return participants[node_id]

    def arrow(kind: Kind | None) -> str:
        return "-)" if kind is Kind.EVENT else "->>"

    def visit(step: Step, sender: str, label: str) -> None:
        kind = _kind(graph, step.message)
        if step.stop is not None or not step.reactions:
            note = f"{label}: {_end(graph, step).strip(' []')}"
            body.append(f"    Note over {who(sender)}: {escape.mermaid(note)}")
            return
        for reaction in step.reactions:
            handler = reaction.registration.target
            body.append(f"    {who(sender)}{arrow(kind)}{who(handler)}: {escape.mermaid(label)}")
            for consequence in reaction.outcomes:
                visit(consequence.step, handler, _arrow_label(graph, consequence))

    visit(root, "", _short(graph, root.message))
    senders = sorted({e.source for e in graph.producers(root.message)})
    first = _short(graph, senders[0]) if len(senders) == 1 else "sender"
    lines = ["sequenceDiagram", "    autonumber"]
    for node_id, alias in participants.items():
        name = first if not node_id else _short(graph, node_id)
        lines.append(f"    participant {alias} as {escape.mermaid(name)}")
    return "\n".join(lines + body) + "\n"


def _arrow_label(graph: MessageGraph, consequence: Consequence) -> str:
    outcome = consequence.outcome
    label = _short(graph, outcome.edge.target)
    if outcome.through:
        label += " (via " + " → ".join(_short(graph, t) for t in outcome.through) + ")"
    return label


def flowchart(graph: MessageGraph, root: Step) -> str:
    """A Mermaid flowchart: messages as stadiums coloured by kind, handlers as boxes."""
    ids: dict[str, str] = {}
    nodes: list[str] = []
    links: list[str] = []
    dashed: list[int] = []

    def node(node_id: str, stop: Stop | None = None) -> str:
        if node_id not in ids:
            ids[node_id] = f"n{len(ids)}"
            kind = _kind(graph, node_id)
            if kind is None:
                nodes.append(f'    {ids[node_id]}["{escape.mermaid(_short(graph, node_id))}"]')
            else:
                label = f"{_short(graph, node_id)} ({kind.value})"
                nodes.append(f'    {ids[node_id]}(["{escape.mermaid(label)}"]):::{kind.value}')
        if stop is Stop.DEPTH:
            limit = f"{ids[node_id]}_more"
            if not any(n.startswith(f"    {limit}[") for n in nodes):
                nodes.append(f'    {limit}["…"]:::limit')
                links.append(f"    {ids[node_id]} -.- {limit}")
        return ids[node_id]

    def visit(step: Step) -> None:
        source = node(step.message, step.stop)
        for reaction in step.reactions:
            edge = reaction.registration
            target = node(edge.target)
            links.append(f'    {source} -->|"{edge.relation.value}"| {target}')
            for consequence in reaction.outcomes:
                outcome = consequence.outcome
                verb = outcome.edge.relation.value
                if outcome.through:
                    verb += " via " + " → ".join(_short(graph, t) for t in outcome.through)
                message = node(consequence.step.message, consequence.step.stop)
                if consequence.step.stop is Stop.CYCLE:
                    dashed.append(len(links))
                    verb += " (cycle)"
                links.append(f'    {target} -->|"{escape.mermaid(verb)}"| {message}')
                if consequence.step.stop is None:
                    visit(consequence.step)

    visit(root)
    lines = ["flowchart LR", *nodes, *links]
    lines += [
        "    classDef command fill:#dbeafe,stroke:#1d4ed8",
        "    classDef event fill:#fef3c7,stroke:#b45309",
        "    classDef query fill:#dcfce7,stroke:#15803d",
        "    classDef unknown fill:#f3f4f6,stroke:#6b7280",
        "    classDef limit fill:#ffffff,stroke:#9ca3af,stroke-dasharray:3",
    ]
    lines += [f"    linkStyle {i} stroke:#dc2626,stroke-dasharray:4" for i in dashed]
    return "\n".join(lines) + "\n"


class FlowFormat(str, enum.Enum):
    TEXT = "text"
    SEQUENCE = "sequence"
    FLOWCHART = "flowchart"


RENDERERS: dict[FlowFormat, Callable[[MessageGraph, Step], str]] = {
    FlowFormat.TEXT: text,
    FlowFormat.SEQUENCE: sequence,
    FlowFormat.FLOWCHART: flowchart,
}
