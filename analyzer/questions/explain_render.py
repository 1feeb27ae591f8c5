"""`buslint explain` output: text, JSON (`buslint.explain/1`) and Markdown."""

from __future__ import annotations

import enum
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from analyzer.export import escape
from analyzer.export.json_graph import edge_dict, node_dict
from analyzer.graph import MessageGraph
from analyzer.model import Channel, Edge, Endpoint, Location
from analyzer.questions.explain import Explanation
from analyzer.questions.outcomes import Outcome
from analyzer.report.json_report import finding_dict
from rules.base import defined

SCHEMA = "buslint.explain/1"


@dataclass(frozen=True)
class Section:
    """A titled list of rows; each row is its cells (first cell: who or what, last: where)."""

    title: str
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


def sections(graph: MessageGraph, answer: Explanation) -> list[Section]:
    node = answer.node
    label = graph.label
    result: list[Section] = []
    if isinstance(node, Endpoint):
        result.append(
            Section(
                "Handles",
                ("message", "as", "registered with", "where"),
                tuple(
                    (label(e.source), e.relation.value, e.via, _at(e.location))
                    for e in answer.handles
                ),
            )
        )
        result.append(_follows("What it sends and emits", graph, answer.follows, mine=True))
        result.append(
            Section(
                "Calls",
                ("endpoint", "where"),
                tuple((label(e.target), _at(e.location)) for e in answer.calls),
            )
        )
        result.append(
            Section(
                "Called by",
                ("endpoint", "where"),
                tuple((label(e.source), _at(e.location)) for e in answer.called_by),
            )
        )
    else:
        result.append(
            Section(
                "Sent or emitted by",
                ("endpoint", "does", "with", "where"),
                tuple(
                    (label(e.source), e.relation.value, e.via, _at(e.location))
                    for e in answer.producers
                ),
            )
        )
        result.append(
            Section(
                "Handled by",
                ("endpoint", "does", "registered with", "where"),
                tuple(
                    (label(e.target), e.relation.value, e.via, _at(e.location))
                    for e in answer.handlers
                ),
            )
        )
        result.append(
            Section(
                "Channels",
                ("channel or message", "where"),
                tuple((label(_other(e, node.id)), _at(e.location)) for e in answer.channels),
            )
        )
        result.append(_follows("What follows", graph, answer.follows, mine=False))
        result.append(
            Section(
                f"Why {_a(node.kind.value)} (evidence, strongest first)",
                ("evidence", "where"),
                tuple((e.text, _at(e.location) if e.location else "") for e in answer.evidence),
            )
        )
    edges = (*answer.handles, *answer.producers, *answer.handlers, *answer.channels)
    inferred = [e for e in edges if e.inferred]
    if inferred:
        result.append(
            Section(
                "Inferred (edges the code does not name at their site, and how they were found)",
                ("edge", "how", "where"),
                tuple(
                    (
                        f"{label(e.source)} {e.relation.value} {label(e.target)}",
                        "; ".join(e.inferred),
                        _at(e.location),
                    )
                    for e in inferred
                ),
            )
        )
    result.append(
        Section(
            "Findings",
            ("code", "message", "where"),
            tuple((f.code, f.message, _at(f.location)) for f in answer.findings),
        )
    )
    return result


def _follows(title: str, graph: MessageGraph, items: tuple[Outcome, ...], mine: bool) -> Section:
    rows = []
    for item in items:
        who = "" if mine else graph.label(item.origin)
        through = ", ".join(graph.label(t) for t in item.through)
        rows.append(
            (
                *(() if mine else (who,)),
                item.edge.relation.value,
                graph.label(item.edge.target),
                f"through {through}" if through else "directly",
                _at(item.edge.location),
            )
        )
    header = ("does", "message", "how", "where")
    return Section(title, header if mine else ("handler", *header), tuple(rows))


def _headline(answer: Explanation) -> tuple[str, str]:
    node = answer.node
    if isinstance(node, Endpoint):
        what = "handler" if answer.handles else "endpoint"
    else:
        what = f"{node.kind.value} channel" if isinstance(node, Channel) else node.kind.value
    return f"{node.name} — {what} {node.qualname}", f"{defined(node)}, in {answer.group}"


def text(graph: MessageGraph, answer: Explanation) -> str:
    title, sub = _headline(answer)
    lines = [title, f"  {sub}"]
    for section in sections(graph, answer):
        lines += ["", section.title]
        if not section.rows:
            lines.append("  none")
        for row in section.rows:
            lines.append("  " + "  ".join(cell for cell in row if cell))
    return "\n".join(lines) + "\n"


def markdown(graph: MessageGraph, answer: Explanation) -> str:
    title, sub = _headline(answer)
    lines = [f"### {escape.text(title)}", "", escape.text(sub)]
    for section in sections(graph, answer):
        lines += ["", f"**{escape.text(section.title)}**", ""]
        if not section.rows:
            lines.append("None.")
            continue
        lines.append("| " + " | ".join(section.header) + " |")
        lines.append("|" + "---|" * len(section.header))
        for row in section.rows:
            cells = [escape.cell(_md(c)) for c in row]
            lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def as_json(graph: MessageGraph, answer: Explanation) -> str:
    data: dict[str, Any] = {
        "schema": SCHEMA,
        "node": node_dict(answer.node),
        "context": answer.group,
    }
    if isinstance(answer.node, Endpoint):
        data["handles"] = [_edge(e) for e in answer.handles]
        data["sends_and_emits"] = [_outcome(o) for o in answer.follows]
        data["calls"] = [_edge(e) for e in answer.calls]
        data["called_by"] = [_edge(e) for e in answer.called_by]
    else:
        data["producers"] = [_edge(e) for e in answer.producers]
        data["handlers"] = [_edge(e) for e in answer.handlers]
        data["channels"] = [_edge(e) for e in answer.channels]
        data["follows"] = [_outcome(o) for o in answer.follows]
    data["findings"] = [finding_dict(f) for f in answer.findings]
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def _edge(edge: Edge) -> dict[str, Any]:
    return edge_dict(edge)


def _outcome(item: Outcome) -> dict[str, Any]:
    return {"handler": item.origin, **_edge(item.edge), "through": list(item.through)}


def _md(cell: str) -> str:
    """Names and places as code spans; words and prose as escaped text."""
    if " " in cell or not any(mark in cell for mark in "./:_"):
        return escape.text(cell)
    return escape.code(cell)


def _other(edge: Edge, node_id: str) -> str:
    return edge.target if edge.source == node_id else edge.source


def _at(location: Location | None) -> str:
    return f"{location.path}:{location.line}" if location else ""


def _a(word: str) -> str:
    return f"{'an' if word[0] in 'aeiou' else 'a'} {word}"


class ExplainFormat(str, enum.Enum):
    TEXT = "text"
    JSON = "json"
    MARKDOWN = "markdown"


RENDERERS: dict[ExplainFormat, Callable[[MessageGraph, Explanation], str]] = {
    ExplainFormat.TEXT: text,
    ExplainFormat.JSON: as_json,
    ExplainFormat.MARKDOWN: markdown,
}
