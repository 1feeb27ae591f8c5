"""What a renderer may know besides the findings: counts, rule metadata, sources, colour."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from analyzer.baseline import BaselineEntry
from analyzer.model import Severity
from analyzer.suppress import Suppressed


@dataclass(frozen=True)
class RuleInfo:
    """A rule as reports describe it (SARIF's `tool.driver.rules`, JUnit, statistics)."""

    code: str
    name: str
    severity: Severity
    summary: str
    docs: str


@dataclass(frozen=True)
class ReportContext:
    """Everything a renderer needs; renderers are pure functions of (findings, context)."""

    files: int
    rules: tuple[RuleInfo, ...] = ()
    colour: bool = False
    sources: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    """Project-relative path → its lines, for the files the findings point at (format `full`)."""
    uri_prefix: str = ""
    """The project root relative to the repository root (``services/shop/``): SARIF, GitHub, GitLab."""
    baselined: int = 0
    stale: tuple[BaselineEntry, ...] = ()
    suppressed: tuple[Suppressed, ...] = ()
    quiet: bool = False
    verbose: bool = False
