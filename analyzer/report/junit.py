"""JUnit XML: a test suite per file, a failing test case per finding with a unique, line-free name."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Sequence
from itertools import groupby

from analyzer.model import Finding
from analyzer.report.context import ReportContext


def render(findings: Sequence[Finding], ctx: ReportContext) -> str:
    ordered = sorted(findings, key=lambda f: (f.location.path, f.location, f.code))
    total = str(len(ordered))
    root = ET.Element("testsuites", name="buslint", tests=total, failures=total, errors="0")
    if not ordered:
        root.set("tests", "1")
        suite = ET.SubElement(
            root, "testsuite", name="buslint", tests="1", failures="0", errors="0"
        )
        ET.SubElement(suite, "testcase", name="no findings", classname="buslint")
    for path, group in groupby(ordered, key=lambda f: f.location.path):
        cases = list(group)
        count = str(len(cases))
        suite = ET.SubElement(
            root, "testsuite", name=path, tests=count, failures=count, errors="0", skipped="0"
        )
        for finding in cases:
            loc = finding.location
            case = ET.SubElement(
                suite,
                "testcase",
                name=f"{finding.code} {finding.name} [{finding.fingerprint}]",
                classname=path,
                file=path,
                line=str(loc.line),
            )
            failure = ET.SubElement(
                case, "failure", message=finding.message, type=f"{finding.code} {finding.name}"
            )
            related = "".join(
                f"\n  {s.path}:{s.line}:{s.column}: {label}" for s, label in finding.related
            )
            failure.text = (
                f"{loc.path}:{loc.line}:{loc.column}: {finding.code} {finding.message}{related}"
            )
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
