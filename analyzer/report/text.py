"""`path:line:col: CODE message` lines and a summary, like ruff's concise output."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from analyzer.model import Finding


def render(findings: Sequence[Finding], files: int) -> str:
    lines = [
        f"{f.location.path}:{f.location.line}:{f.location.column}: {f.code} {f.message}"
        for f in findings
    ]
    lines.append(summary(findings, files))
    return "\n".join(lines) + "\n"


def summary(findings: Sequence[Finding], files: int) -> str:
    noun = "file" if files == 1 else "files"
    if not findings:
        return f"All clear: no findings in {files} {noun}."
    by_severity = Counter(f.severity.value for f in findings)
    parts = ", ".join(
        f"{by_severity[s]} {s}{'s' if by_severity[s] != 1 else ''}"
        for s in ("error", "warning", "info")
        if by_severity[s]
    )
    total = len(findings)
    return f"Found {total} finding{'s' if total != 1 else ''} ({parts}) in {files} {noun}."
