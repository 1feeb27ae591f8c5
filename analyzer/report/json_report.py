"""The `buslint check --format json` contract: a list of findings (DESIGN.md)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from analyzer.model import Finding
from analyzer.report.context import ReportContext


def finding_dict(finding: Finding) -> dict[str, Any]:
    loc = finding.location
    return {
        "code": finding.code,
        "name": finding.name,
        "severity": finding.severity.value,
        "message": finding.message,
        "path": loc.path,
        "line": loc.line,
        "column": loc.column,
        "end_line": loc.end_line or loc.line,
        "end_column": loc.end_column or loc.column,
        "subject": list(finding.subject),
        "fingerprint": finding.fingerprint,
        "related": [
            {"path": site.path, "line": site.line, "column": site.column, "message": label}
            for site, label in finding.related
        ],
    }


def render(findings: Sequence[Finding], ctx: ReportContext) -> str:
    return json.dumps([finding_dict(f) for f in findings], indent=2) + "\n"
