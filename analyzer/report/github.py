"""GitHub Actions workflow commands: `::error file=…,line=…,col=…,title=…::message`, escaped."""

from __future__ import annotations

from collections.abc import Sequence

from analyzer.model import Finding, Severity
from analyzer.report.context import ReportContext

COMMAND = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def render(findings: Sequence[Finding], ctx: ReportContext) -> str:
    return "".join(_line(f, ctx.uri_prefix) + "\n" for f in findings)


def _line(finding: Finding, prefix: str) -> str:
    loc = finding.location
    properties = [
        ("file", prefix + loc.path),
        ("line", str(loc.line)),
        ("col", str(loc.column)),
    ]
    if loc.end_line >= loc.line:
        properties.append(("endLine", str(loc.end_line)))
        if loc.end_line == loc.line and loc.end_column > loc.column:
            properties.append(("endColumn", str(loc.end_column)))
    properties.append(("title", f"{finding.code} {finding.name}"))
    props = ",".join(f"{key}={escape_property(value)}" for key, value in properties)
    command = COMMAND.get(finding.severity, "notice")
    return f"::{command} {props}::{escape_data(f'{finding.code} {finding.message}')}"


def escape_data(text: str) -> str:
    """As the Actions runner's toolkit does: `%`, CR and LF."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """Data escaping plus `:` and `,`, which separate properties."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")
