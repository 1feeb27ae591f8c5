"""GitLab Code Quality: a JSON array of issues with description, check_name, fingerprint, severity, location."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from typing import Any

from analyzer.model import Finding, Severity
from analyzer.report.context import ReportContext

SEVERITY = {Severity.ERROR: "critical", Severity.WARNING: "major", Severity.INFO: "info"}


def render(findings: Sequence[Finding], ctx: ReportContext) -> str:
    return json.dumps([_issue(f, ctx.uri_prefix) for f in findings], indent=2) + "\n"


def _issue(finding: Finding, prefix: str) -> dict[str, Any]:
    loc = finding.location
    path = prefix + loc.path
    return {
        "type": "issue",
        "check_name": f"{finding.code} {finding.name}",
        "description": f"{finding.code} {finding.message}",
        "categories": ["Bug Risk"],
        "severity": SEVERITY.get(finding.severity, "info"),
        "fingerprint": fingerprint(finding, prefix),
        "location": {
            "path": path,
            "lines": {"begin": loc.line, "end": max(loc.end_line, loc.line)},
        },
    }


def fingerprint(finding: Finding, prefix: str) -> str:
    """Stable across line shifts (it builds on Finding.fingerprint) and unique in the repository."""
    return hashlib.md5(
        f"{prefix}\x1f{finding.fingerprint}".encode(), usedforsecurity=False
    ).hexdigest()
