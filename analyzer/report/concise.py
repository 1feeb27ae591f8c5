"""`path:line:col: CODE message` lines and a summary, like ruff's concise output."""

from __future__ import annotations

from collections.abc import Sequence

from analyzer.model import Finding
from analyzer.report.context import ReportContext
from analyzer.report.summary import closing


def render(findings: Sequence[Finding], ctx: ReportContext) -> str:
    lines = [
        f"{f.location.path}:{f.location.line}:{f.location.column}: {f.code} {f.message}"
        for f in findings
    ]
    lines += closing(findings, ctx)
    return "".join(line + "\n" for line in lines)
