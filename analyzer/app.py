"""The use cases the CLI calls: analyse a project into a graph, check it, describe the rules."""

from __future__ import annotations

import dataclasses
import hashlib
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from analyzer import revisions
from analyzer.config import Config, find_pyproject, load_config, parse_config
from analyzer.contexts import group_of
from analyzer.discover import SourceFile, discover, project_root
from analyzer.errors import ConfigError, UsageError
from analyzer.export import FOLDER_EXPORTERS, GraphFormat, json_load
from analyzer.export.merge import merge
from analyzer.export.services import Grouping
from analyzer.extract import extract, unreadable
from analyzer.graph import MessageGraph
from analyzer.link import link
from analyzer.model import FileFacts, Finding, Model, Severity
from analyzer.questions import lookup
from analyzer.questions.diff import GraphDiff, diff
from analyzer.questions.explain import Explanation, explain
from analyzer.questions.flow import Step, flow
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


# Documentation and questions (issue 5): folder exports, explain, flow, diff, merge.


def grouping(config: Config, graph: MessageGraph) -> Grouping:
    """Qualified name → service: the configured context, else the top package.

    When the whole project is one top package (``shop``), its subpackages are the services
    (``shop.payments``). In a merged graph endpoints are named ``service:qualname`` and belong
    to that service.
    """
    contexts = config.contexts
    tops = {e.qualname.split(".", 1)[0] for e in graph.model.endpoints if ":" not in e.qualname}
    depth = 2 if len(tops) == 1 else 1

    def group(qualname: str) -> str:
        service, colon, _ = qualname.partition(":")
        return service if colon else group_of(qualname, contexts, depth)

    return group


def write_folder(files: Mapping[str, str], folder: Path) -> int:
    """Write relative path → text under `folder` (created); other files there are left alone."""
    if folder.exists() and not folder.is_dir():
        raise UsageError(f"{folder}: not a folder; this format writes several files")
    base = folder.resolve()
    for rel, text in files.items():
        target = (base / rel).resolve()
        if base not in target.parents:
            raise UsageError(f"{rel}: refusing to write outside {folder}")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    return len(files)


def export_folder(graph: MessageGraph, fmt: GraphFormat, folder: Path, config: Config) -> int:
    """Write a folder format (AsyncAPI, EventCatalog) of the graph; how many files were written."""
    return write_folder(FOLDER_EXPORTERS[fmt](graph, grouping(config, graph)), folder)


def explain_name(
    project: Project, name: str, select: Sequence[str] = (), ignore: Sequence[str] = ()
) -> tuple[MessageGraph, Explanation]:
    """The graph and everything it says about the message, channel or handler `name`."""
    rules = selected_rules(project.config, select, ignore, str(project.config_path or ""))
    graph = analyse(project).graph
    node = lookup.find(graph, name)
    group = grouping(project.config, graph)(node.qualname)
    return graph, explain(graph, node, group, check(graph, rules))


def flow_of(project: Project, name: str, depth: int) -> tuple[MessageGraph, Step]:
    """The graph and the cascade that follows when the message or channel `name` is sent."""
    if depth < 1:
        raise UsageError(f"--depth must be at least 1, not {depth}")
    graph = analyse(project).graph
    return graph, flow(graph, lookup.find(graph, name, endpoints=False).id, depth)


WORKING_TREE = "working tree"


def diff_revisions(project: Project, base: str, head: str | None) -> GraphDiff:
    """The change to the project's graph from `base` to `head` (default: the working tree)."""
    top = revisions.toplevel(project.root)
    old = _graph_at(project, base, top)
    new = analyse(project).graph if head is None else _graph_at(project, head, top)
    return diff(old, new, base, head or WORKING_TREE)


def _graph_at(project: Project, revision: str, top: Path) -> MessageGraph:
    """The project as it was at `revision`: same folders, same config file, that revision's files."""
    with revisions.checkout(revision, top) as tree:
        root = tree / project.root.resolve().relative_to(top)
        paths = tuple(
            p
            for p in (tree / path.resolve().relative_to(top) for path in project.paths)
            if p.exists()
        )
        config_path = None
        if project.config_path is not None:
            candidate = tree / project.config_path.resolve().relative_to(top)
            config_path = candidate if candidate.is_file() else None
        if not paths or not root.is_dir():
            return MessageGraph(Model((), (), (), (), ()))
        config = load_config(config_path) if config_path else parse_config({}, "")
        return analyse(Project(paths, root, config, config_path)).graph


def merge_exports(files: Sequence[Path]) -> MessageGraph:
    """One graph from several `buslint graph --format json` exports, each named by its file stem."""
    if not files:
        raise UsageError("name at least one JSON export to merge")
    named = []
    for path in files:
        if not path.is_file():
            raise UsageError(f"{path}: no such file")
        named.append((path.stem, json_load.load(path.read_text(encoding="utf-8"), str(path))))
    stems = [name for name, _ in named]
    twice = sorted({s for s in stems if stems.count(s) > 1})
    if twice:
        raise UsageError(
            f"two exports are named {twice[0]!r}; rename one (its stem names the service)"
        )
    return MessageGraph(merge(named))


DEFAULT_CONFIG = parse_config({}, "")


def check_merged(
    graph: MessageGraph, select: Sequence[str] = (), ignore: Sequence[str] = ()
) -> CheckResult:
    """The rules over a merged graph, with the default configuration."""
    rules = selected_rules(DEFAULT_CONFIG, select, ignore)
    return CheckResult(tuple(check(graph, rules)), 0)
