"""Findings formats for `buslint check`, one module each, keyed by `Format`."""

from __future__ import annotations

import enum
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from analyzer.model import Finding
from analyzer.report import (
    concise,
    full,
    github,
    gitlab,
    json_lines,
    json_report,
    junit,
    pylint,
    sarif,
    statistics,
    summary,
)
from analyzer.report.context import ReportContext, RuleInfo

__all__ = [
    "FORMAT_NAMES",
    "HUMAN",
    "RENDERERS",
    "Format",
    "Rendered",
    "ReportContext",
    "RuleInfo",
    "render",
]


class Format(str, enum.Enum):
    FULL = "full"
    CONCISE = "concise"
    TEXT = "concise"  # an alias: issue 2's contract says `--format text`
    JSON = "json"
    JSON_LINES = "json-lines"
    SARIF = "sarif"
    GITHUB = "github"
    GITLAB = "gitlab"
    JUNIT = "junit"
    PYLINT = "pylint"

    @classmethod
    def _missing_(cls, value: object) -> Format | None:
        return cls.CONCISE if value == "text" else None


FORMAT_NAMES = (*(f.value for f in Format), "text")
"""What `--output-format` accepts: every format, and `text` for `concise`."""

HUMAN = frozenset({Format.FULL, Format.CONCISE})
"""Formats a person reads: they end with the summary; the others keep it off their output."""

Renderer = Callable[[Sequence[Finding], ReportContext], str]

RENDERERS: dict[Format, Renderer] = {
    Format.FULL: full.render,
    Format.CONCISE: concise.render,
    Format.JSON: json_report.render,
    Format.JSON_LINES: json_lines.render,
    Format.SARIF: sarif.render,
    Format.GITHUB: github.render,
    Format.GITLAB: gitlab.render,
    Format.JUNIT: junit.render,
    Format.PYLINT: pylint.render,
}


@dataclass(frozen=True)
class Rendered:
    """The output proper, and notes for standard error (the summary of machine formats)."""

    text: str
    notes: str


def render(
    fmt: Format, findings: Sequence[Finding], ctx: ReportContext, show_statistics: bool = False
) -> Rendered:
    """The findings in `fmt`; with statistics, the count per rule instead (JSON for json formats)."""
    if show_statistics:
        if fmt in (Format.JSON, Format.JSON_LINES):
            return Rendered(statistics.as_json(findings), summary.machine_notes(ctx))
        return Rendered(
            statistics.table(findings)
            + "".join(f"{line}\n" for line in summary.closing(findings, ctx)),
            "",
        )
    text = RENDERERS[fmt](findings, ctx)
    return Rendered(text, "" if fmt in HUMAN else summary.machine_notes(ctx))
