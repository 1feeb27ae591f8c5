"""The use cases the CLI calls: analyse a project into a graph, check it, describe the rules."""

from __future__ import annotations

import dataclasses
import hashlib
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from analyzer.config import Config, find_pyproject, load_config, parse_config
from analyzer.discover import SourceFile, discover, project_root
from analyzer.errors import ConfigError, UsageError
from analyzer.extract import extract, unreadable
from analyzer.graph import MessageGraph
from analyzer.link import link
from analyzer.model import FileFacts, Finding, Severity
from analyzer.vocabulary import Names
from rules import Rule, all_rules


@dataclass(frozen=True)
class Project:
    """What to analyse: the paths, the project root and the configuration in force."""

    paths: tuple[Path, ...]
    root: Path
    config: Config
    config_path: Path | None


@dataclass(frozen=True)
class CheckResult:
    """The findings of a check run, sorted, with how many files were analysed."""

    findings: tuple[Finding, ...]
    files: int


def load_project(paths: Sequence[Path], config_path: Path | None = None) -> Project:
    """Find and validate the configuration for `paths` (or use the one named)."""
    given = tuple(paths) or (Path("."),)
    for path in given:
        if not path.exists() and not path.is_symlink():
            raise UsageError(f"{path}: no such file or directory")
    if config_path is None:
        start = given[0] if len(given) == 1 else Path(".")
        config_path = find_pyproject(start if start.exists() else Path("."))
    config = load_config(config_path) if config_path is not None else parse_config({}, "")
    root = project_root(given, config_path)
    return Project(given, root, config, config_path)


@dataclass(frozen=True)
class Analysis:
    """The message graph of a project and how many files it was built from."""

    graph: MessageGraph
    files: int


def analyse(project: Project) -> Analysis:
    """Discover, extract and link every file; the message graph of the project."""
    names = Names.from_config(project.config)
    sources = discover(project.paths, project.root, project.config)
    facts = [read_and_extract(source, names) for source in sources]
    return Analysis(MessageGraph(link(facts, names, project.config)), len(sources))


def read_and_extract(source: SourceFile, names: Names) -> FileFacts:
    """Read one file and extract its facts; a file that cannot be read becomes a problem."""
    try:
        data = source.absolute.read_bytes()
    except IsADirectoryError:
        return unreadable(
            source.path, source.module, source.is_package, "is a directory, not a Python file"
        )
    except FileNotFoundError:
        reason = "is a broken symbolic link" if source.absolute.is_symlink() else "disappeared"
        return unreadable(source.path, source.module, source.is_package, reason)
    except OSError as exc:
        return unreadable(
            source.path, source.module, source.is_package, f"cannot be read: {exc.strerror or exc}"
        )
    return extract(data, source.path, source.module, source.is_package, names)


def selected_rules(
    config: Config, select: Sequence[str] = (), ignore: Sequence[str] = (), source: str = ""
) -> list[Rule]:
    """The rules to run: `select` (or every rule that is not off by default) minus `ignore`."""
    rules = all_rules()
    codes = [r.code for r in rules]
    chosen_select = tuple(select) or config.select
    chosen_ignore = (*config.ignore, *ignore)
    for key, values in (
        ("select", chosen_select),
        ("ignore", chosen_ignore),
        ("severity", tuple(config.severity)),
    ):
        for value in values:
            if value != "ALL" and not any(code.startswith(value) for code in codes):
                raise ConfigError(
                    source, key, f"unknown rule code {value!r}; valid codes: {', '.join(codes)}"
                )
    result = []
    for rule in rules:
        severity = config.severity.get(rule.code, rule.severity)
        if chosen_select:
            on = any(rule.code.startswith(s) or s == "ALL" for s in chosen_select)
        else:
            on = severity is not Severity.OFF
        if any(rule.code.startswith(i) or i == "ALL" for i in chosen_ignore):
            on = False
        if on:
            instance = rule()
            if severity is not rule.severity and severity is not Severity.OFF:
                instance.severity = severity  # type: ignore[misc]
            result.append(instance)
    return result


def check(graph: MessageGraph, rules: Sequence[Rule]) -> list[Finding]:
    """Run the rules over the graph; findings sorted by place, with fingerprints."""
    findings = [finding for rule in rules for finding in rule.check(graph)]
    findings.sort(key=lambda f: (f.location, f.code, f.message))
    return with_fingerprints(findings)


def with_fingerprints(findings: list[Finding]) -> list[Finding]:
    """A stable id per finding: rule, path and subject, numbered when they repeat; no line numbers."""
    seen: Counter[tuple[str, str, tuple[str, ...]]] = Counter()
    result = []
    for finding in findings:
        key = (finding.code, finding.location.path, finding.subject)
        seen[key] += 1
        text = "\x1f".join([finding.code, finding.location.path, *finding.subject, str(seen[key])])
        digest = hashlib.sha256(text.encode()).hexdigest()[:16]
        result.append(dataclasses.replace(finding, fingerprint=digest))
    return result


def run_check(
    project: Project, select: Sequence[str] = (), ignore: Sequence[str] = ()
) -> CheckResult:
    rules = selected_rules(project.config, select, ignore, str(project.config_path or ""))
    analysis = analyse(project)
    return CheckResult(tuple(check(analysis.graph, rules)), analysis.files)


def rule_by_code(code: str) -> type[Rule]:
    for rule in all_rules():
        if rule.code == code.upper() or rule.name == code:
            return rule
    raise UsageError(
        f"unknown rule {code!r}; valid codes: {', '.join(r.code for r in all_rules())}"
    )
