"""pylint's parseable template, `{path}:{line}: [{code}({name}), {obj}] {message}`, for tools that read it."""

from __future__ import annotations

from collections.abc import Sequence

from analyzer.model import Finding
from analyzer.report.context import ReportContext


def render(findings: Sequence[Finding], ctx: ReportContext) -> str:
    return "".join(
        f"{f.location.path}:{f.location.line}: [{f.code}({f.name}), {_obj(f)}] {f.message}\n"
        for f in findings
    )


def _obj(finding: Finding) -> str:
    """The first subject without its node type: a qualified name, like pylint's object."""
    return finding.subject[0].split(":", 1)[-1] if finding.subject else ""
