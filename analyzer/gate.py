"""The CI gate's use cases: check with the filter stage and the changed-files scope, baseline, init."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from analyzer import baseline as baselines
from analyzer import changes, starter, suppress
from analyzer.app import (
    Project,
    RunOptions,
    analyse,
    check,
    load_project,
    selected_rules,
    with_fingerprints,
)
from analyzer.config import parse_config
from analyzer.discover import SourceFile, discover
from analyzer.errors import ConfigError, UsageError
from analyzer.model import Finding, ParseProblem, Severity
from analyzer.report import Format, ReportContext, RuleInfo
from analyzer.roots import ImportRoot
from analyzer.vocabulary import Names
from rules import Rule, all_rules
from rules.unused_suppression import UnusedSuppression

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib


@dataclass(frozen=True)
class CheckOptions:
    """What `buslint check` and `buslint baseline` were asked to do."""

    paths: tuple[Path, ...] = ()
    config_path: Path | None = None
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    baseline: Path | None = None
    """An explicit baseline file; by default `.buslint-baseline.json` in the root, when it exists."""
    use_baseline: bool = True
    diff: str | None = None
    """Report only findings with a site in the files changed since this git revision."""
    files: tuple[Path, ...] | None = None
    """Report only findings with a site in these files (the whole project is analysed)."""


@dataclass(frozen=True)
class GateResult:
    """The findings to report after the filter stage, and what was held back and why."""

    findings: tuple[Finding, ...]
    files: int
    project: Project
    rules: tuple[Rule, ...]
    suppressed: tuple[suppress.Suppressed, ...] = ()
    baselined: int = 0
    stale: tuple[baselines.BaselineEntry, ...] = ()
    baseline_path: Path | None = None
    scope: frozenset[str] | None = None
    """The changed files (project-relative) in `--diff`/`--files` mode."""
    every: tuple[Finding, ...] = ()
    """Every finding that survived the suppressions, before the baseline and the scope."""
    internal_errors: tuple[ParseProblem, ...] = ()
    """Files whose extraction hit a bug in buslint: the run exits 2 after printing the rest."""
    roots: tuple[ImportRoot, ...] = ()
    """The import roots the modules were named from, and why."""

    def fails(self, fail_on: Severity = Severity.INFO, strict: bool = False) -> bool:
        """Findings at or above `fail_on`, or (strict) baseline entries that no longer occur."""
        return any(f.severity.rank >= fail_on.rank for f in self.findings) or (
            strict and bool(self.stale)
        )


def run(options: CheckOptions, run_options: RunOptions | None = None) -> GateResult:
    """Analyse the project, run the rules, then the filter stage and the changed-files scope."""
    project = _gate_project(options)
    source = str(project.config_path or "")
    rules = selected_rules(project.config, options.select, options.ignore, source)
    known = [r.code for r in all_rules()]
    suppress.check_per_file_ignores(project.config.per_file_ignores, known, source)
    sources = discover(project.paths, project.root, project.config)
    suppress.check_globs_match(project.config.per_file_ignores, [s.path for s in sources], source)
    analysis = analyse(project, run_options, sources)
    findings = check(analysis.graph, rules)
    unused_rule = next((r for r in rules if isinstance(r, UnusedSuppression)), None)
    filtered = suppress.apply(
        findings,
        _suppressions(sources),
        project.config.per_file_ignores,
        [r.code for r in rules],
        known,
        unused_rule,
    )
    every = sorted(
        (*filtered.kept, *with_fingerprints(sorted(filtered.unused, key=_order))), key=_order
    )
    baseline_path = _baseline_path(options, project.root)
    new: tuple[Finding, ...] = tuple(every)
    baselined, stale = 0, tuple[baselines.BaselineEntry, ...]()
    if baseline_path is not None:
        accepted = read_baseline(baseline_path)
        matched = baselines.match(accepted, every, [r.code for r in rules])
        new, baselined, stale = matched.new, matched.baselined, matched.stale
    scope = _scope(options, project.root)
    if scope is not None:
        new = tuple(f for f in new if any(site.path in scope for site in f.sites))
    return GateResult(
        new,
        analysis.files,
        project,
        tuple(rules),
        filtered.suppressed,
        baselined,
        stale,
        baseline_path,
        scope,
        tuple(every),
        tuple(p for p in analysis.graph.problems if p.internal),
        analysis.roots,
    )


def _order(finding: Finding) -> tuple[object, ...]:
    return (finding.location, finding.code, finding.message)


def _gate_project(options: CheckOptions) -> Project:
    if options.files is None:
        return load_project(options.paths, options.config_path)
    found = load_project((), options.config_path)
    return Project((found.root,), found.root, found.config, found.config_path)


def _scope(options: CheckOptions, root: Path) -> frozenset[str] | None:
    if options.files is None and options.diff is None:
        return None
    scope: set[str] = set()
    if options.files is not None:
        scope.update(changes.relative_to_root(options.files, root))
    if options.diff is not None:
        scope.update(changes.changed_files(root, options.diff))
    return frozenset(scope)


def _suppressions(sources: Sequence[SourceFile]) -> list[suppress.Suppression]:
    found: list[suppress.Suppression] = []
    for source in sources:
        try:
            data = source.absolute.read_bytes()
        except OSError:
            continue  # unreadable: already a BUS000 finding
        found.extend(suppress.scan(data, source.path))
    return found


def _baseline_path(options: CheckOptions, root: Path) -> Path | None:
    if not options.use_baseline:
        return None
    if options.baseline is not None:
        if not options.baseline.is_file():
            raise UsageError(f"{options.baseline}: no such baseline file")
        return options.baseline
    default = root / baselines.FILENAME
    return default if default.is_file() else None


def read_baseline(path: Path) -> baselines.Baseline:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(str(path), "", f"cannot be read: {exc}") from None
    return baselines.loads(text, str(path))


@dataclass(frozen=True)
class BaselineWritten:
    path: Path
    baseline: baselines.Baseline
    before: int
    """How many findings the previous file held (0 when there was none)."""
    internal_errors: tuple[ParseProblem, ...] = ()


def write_baseline(options: CheckOptions, update: bool = False) -> BaselineWritten:
    """Write the current findings as the baseline; with `update`, only drop what no longer occurs."""
    result = run(
        CheckOptions(
            options.paths, options.config_path, options.select, options.ignore, use_baseline=False
        )
    )
    path = options.baseline or result.project.root / baselines.FILENAME
    before = 0
    if update:
        if not path.is_file():
            raise UsageError(f"{path}: no baseline to update; run `buslint baseline` first")
        previous = read_baseline(path)
        before = previous.count()
        enabled = [r.code for r in result.rules]
        accepted = baselines.shrink(previous, result.every, enabled)
    else:
        if path.is_file():
            before = read_baseline(path).count()
        accepted = baselines.from_findings(result.every)
    path.write_text(baselines.dumps(accepted), encoding="utf-8")
    return BaselineWritten(path, accepted, before, result.internal_errors)


def report_context(
    result: GateResult, fmt: Format, colour: bool, quiet: bool = False, verbose: bool = False
) -> ReportContext:
    """What the renderer needs: rule metadata, the source lines for `full`, the repository prefix."""
    severity = result.project.config.severity
    rules = tuple(
        RuleInfo(r.code, r.name, severity.get(r.code, r.severity), r.summary, r.docs())
        for r in all_rules()
    )
    sources = _source_lines(result) if fmt is Format.FULL else {}
    in_repo = fmt in (Format.SARIF, Format.GITHUB, Format.GITLAB)
    prefix = changes.repo_prefix(result.project.root) if in_repo else ""
    return ReportContext(
        result.files,
        rules,
        colour,
        sources,
        prefix,
        result.baselined,
        result.stale,
        result.suppressed,
        quiet,
        verbose,
    )


def _source_lines(result: GateResult) -> dict[str, tuple[str, ...]]:
    paths = sorted({site.path for f in result.findings for site in f.sites})
    lines: dict[str, tuple[str, ...]] = {}
    for path in paths:
        try:
            data = (result.project.root / path).read_bytes()
        except OSError:
            continue
        lines[path] = tuple(data.decode("utf-8", errors="replace").splitlines())
    return lines


@dataclass(frozen=True)
class InitResult:
    path: Path
    created: bool
    detected: starter.Detected


def init_project(folder: Path) -> InitResult:
    """Append a starter [tool.buslint] to folder/pyproject.toml (created if missing), never replacing one."""
    if not folder.is_dir():
        raise UsageError(f"{folder}: no such folder")
    path = folder / "pyproject.toml"
    existing = None
    if path.exists():
        try:
            existing = path.read_text(encoding="utf-8")
            data = tomllib.loads(existing)
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
            raise ConfigError(str(path), "", f"cannot be read as TOML: {exc}") from None
        if "buslint" in data.get("tool", {}):
            raise UsageError(
                f"{path} already has a [tool.buslint] table; `buslint init` never changes it"
            )
    root = folder.resolve()
    config = parse_config({}, "")
    analysis = analyse(Project((root,), root, config, None))
    detected = starter.detect(analysis.graph, analysis.roots, analysis.files)
    text = starter.add_table(existing, starter.table(detected))
    parse_config(tomllib.loads(text)["tool"]["buslint"], str(path))  # what we write must load
    path.write_text(text, encoding="utf-8")
    return InitResult(path, existing is None, detected)


def describe_run(result: GateResult) -> str:
    """For `-v`: the configuration, root, files, rules, baseline and scope of the run."""
    project = result.project
    lines = [
        f"config: {project.config_path or '(none: defaults)'}",
        f"root: {project.root}",
        f"files analysed: {result.files}",
        f"rules: {' '.join(r.code for r in result.rules)}",
        f"baseline: {result.baseline_path or '(none)'}",
        *(f"vocabulary {line}" for line in Names.from_config(project.config).describe()),
    ]
    lines += [f"import root {r.folder}: {r.reason}" for r in result.roots] or [
        "import roots: none found (modules are named by their packages, else from the root)"
    ]
    if result.scope is not None:
        lines.append(
            f"reporting only on {len(result.scope)} changed files: {' '.join(sorted(result.scope))}"
        )
    return "".join(f"buslint: {line}\n" for line in lines)
