"""The closing lines of the human formats: counts, the baseline, stale entries, suppressions."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from analyzer.model import Finding
from analyzer.report.context import ReportContext


def summary(findings: Sequence[Finding], files: int, baselined: int = 0) -> str:
    noun = "file" if files == 1 else "files"
    more = f"; {baselined} more in the baseline" if baselined else ""
    if not findings:
        return f"All clear: no findings in {files} {noun}{more}."
    by_severity = Counter(f.severity.value for f in findings)
    parts = ", ".join(
        f"{by_severity[s]} {s}{'s' if by_severity[s] != 1 else ''}"
        for s in ("error", "warning", "info")
        if by_severity[s]
    )
    total = len(findings)
    return f"Found {total} finding{'s' if total != 1 else ''} ({parts}) in {files} {noun}{more}."


def notes(ctx: ReportContext) -> list[str]:
    """Stale baseline entries (so the file can shrink) and, when verbose, what was suppressed."""
    lines = []
    if ctx.stale:
        count = sum(e.count for e in ctx.stale)
        lines.append(
            f"{count} baselined finding{'s' if count != 1 else ''} no longer occur"
            f"{'s' if count == 1 else ''} (fixed); `buslint baseline --update` drops "
            f"{'them' if count != 1 else 'it'}:"
        )
        lines += [f"  {e.rule} {e.path}: {e.message} (x{e.count})" for e in ctx.stale]
    if ctx.verbose:
        for s in ctx.suppressed:
            f = s.finding
            reason = f" -- {s.reason}" if s.reason else ""
            lines.append(
                f"suppressed: {f.location.path}:{f.location.line}:{f.location.column}: "
                f"{f.code} by {s.by}{reason}"
            )
    return lines


def machine_notes(ctx: ReportContext) -> str:
    """For formats whose output is read by a program: the notes go to standard error."""
    if ctx.quiet:
        return ""
    lines = notes(ctx)
    if ctx.baselined:
        lines.insert(0, f"{ctx.baselined} findings in the baseline were not reported.")
    return "".join(line + "\n" for line in lines)


def closing(findings: Sequence[Finding], ctx: ReportContext) -> list[str]:
    """The summary line and the notes, or nothing when quiet."""
    if ctx.quiet:
        return []
    return [summary(findings, ctx.files, ctx.baselined), *notes(ctx)]
