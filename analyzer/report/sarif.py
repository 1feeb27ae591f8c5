"""SARIF 2.1.0, as GitHub code scanning accepts it: every rule in `tool.driver`, one result per finding."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from analyzer import __version__
from analyzer.model import Finding, Location, Severity
from analyzer.report.context import ReportContext, RuleInfo

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
FINGERPRINT_KEY = "buslint/v1"


def render(findings: Sequence[Finding], ctx: ReportContext) -> str:
    index = {rule.code: n for n, rule in enumerate(ctx.rules)}
    run = {
        "tool": {
            "driver": {
                "name": "buslint",
                "version": __version__,
                "rules": [_rule(rule) for rule in ctx.rules],
            }
        },
        "columnKind": "unicodeCodePoints",
        "results": [_result(f, index, ctx.uri_prefix) for f in findings],
    }
    document = {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}
    return json.dumps(document, indent=2) + "\n"


def _rule(rule: RuleInfo) -> dict[str, Any]:
    level = LEVEL.get(rule.severity)
    return {
        "id": rule.code,
        "name": _pascal(rule.name),
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": _first_paragraph(rule.docs) or rule.summary},
        "help": {"text": rule.docs, "markdown": rule.docs},
        "defaultConfiguration": {"level": level or "none", "enabled": level is not None},
        "properties": {"tags": ["architecture", "messaging"]},
    }


def _result(finding: Finding, index: dict[str, int], prefix: str) -> dict[str, Any]:
    result: dict[str, Any] = {
        "ruleId": finding.code,
        "level": LEVEL.get(finding.severity, "note"),
        "message": {"text": finding.message},
        "locations": [{"physicalLocation": _physical(finding.location, prefix)}],
        "partialFingerprints": {FINGERPRINT_KEY: finding.fingerprint},
    }
    if finding.code in index:
        result["ruleIndex"] = index[finding.code]
    if finding.related:
        result["relatedLocations"] = [
            {"id": n, "physicalLocation": _physical(site, prefix), "message": {"text": label}}
            for n, (site, label) in enumerate(finding.related, start=1)
        ]
    return result


def _physical(loc: Location, prefix: str) -> dict[str, Any]:
    region: dict[str, int] = {"startLine": max(loc.line, 1), "startColumn": max(loc.column, 1)}
    ends_after = loc.end_line > loc.line or loc.end_column >= loc.column
    if loc.end_line >= loc.line and loc.end_column >= 1 and ends_after:
        region["endLine"] = loc.end_line
        region["endColumn"] = loc.end_column
    return {
        "artifactLocation": {"uri": prefix + loc.path, "uriBaseId": "%SRCROOT%"},
        "region": region,
    }


def _pascal(name: str) -> str:
    return "".join(part.capitalize() for part in name.split("-"))


def _first_paragraph(docs: str) -> str:
    """The text under '## What it does', as one paragraph."""
    body = docs.split("## What it does", 1)[-1].split("\n## ", 1)[0]
    return " ".join(body.split("\n\n", 1)[0].split())
