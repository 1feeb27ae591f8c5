"""Each finding with its source line and a caret, then its related sites the same way; colours."""

from __future__ import annotations

from collections.abc import Sequence

from analyzer.model import Finding, Location, Severity
from analyzer.report.context import ReportContext
from analyzer.report.summary import closing
from analyzer.report.terminal import BLUE, BOLD, CYAN, RED, YELLOW, Style, paint

SEVERITY_STYLE = {Severity.ERROR: RED, Severity.WARNING: YELLOW, Severity.INFO: CYAN}


def render(findings: Sequence[Finding], ctx: ReportContext) -> str:
    blocks = [_finding(f, ctx) for f in findings]
    lines = [line for block in blocks for line in block]
    lines += closing(findings, ctx)
    return "".join(line + "\n" for line in lines)


def _finding(finding: Finding, ctx: ReportContext) -> list[str]:
    on = ctx.colour
    loc = finding.location
    style = SEVERITY_STYLE.get(finding.severity, CYAN)
    head = (
        f"{paint(_where(loc), BOLD, on=on)}: "
        f"{paint(f'{finding.severity.value}[{finding.code}]', BOLD, style, on=on)} "
        f"{finding.message}"
    )
    lines = [head, *_snippet(loc, ctx, f"{finding.code} {finding.name}", style)]
    for site, label in finding.related:
        lines.append(f"  {paint('-->', BLUE, on=on)} {_where(site)}: {label}")
        lines += [f"  {line}" for line in _snippet(site, ctx, "", BLUE)]
    lines.append("")
    return lines


def _where(loc: Location) -> str:
    return f"{loc.path}:{loc.line}:{loc.column}"


def _snippet(loc: Location, ctx: ReportContext, label: str, style: Style) -> list[str]:
    source = ctx.sources.get(loc.path, ())
    if not 1 <= loc.line <= len(source):
        return []
    on = ctx.colour
    text = source[loc.line - 1].rstrip("\r\n")
    number = str(loc.line)
    gutter = " " * len(number)
    start = max(loc.column - 1, 0)
    end = loc.end_column - 1 if loc.end_line == loc.line and loc.end_column > loc.column else 0
    width = max(min(end, len(text)) - start, 1)
    indent = "".join("\t" if ch == "\t" else " " for ch in text[:start])
    bar = paint("|", BLUE, on=on)
    return [
        f"{gutter} {bar}",
        f"{paint(number, BLUE, on=on)} {bar} {text}",
        f"{gutter} {bar} {indent}{paint('^' * width, BOLD, style, on=on)} {label}".rstrip(),
    ]
