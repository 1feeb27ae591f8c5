"""One JSON object per line, the same objects as the json format: for streaming and grep."""

from __future__ import annotations

import json
from collections.abc import Sequence

from analyzer.model import Finding
from analyzer.report.context import ReportContext
from analyzer.report.json_report import finding_dict


def render(findings: Sequence[Finding], ctx: ReportContext) -> str:
    return "".join(json.dumps(finding_dict(f), separators=(",", ":")) + "\n" for f in findings)
