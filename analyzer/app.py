"""The use cases the CLI calls: analyse a project into a graph, check it, describe the rules."""

from __future__ import annotations

import dataclasses
import functools
import gc
import hashlib
import os
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from analyzer import revisions
from analyzer.config import Config, find_config, load_config, parse_config
from analyzer.discover import SourceFile, discover, project_root
from analyzer.engine.cache import DEFAULT_DIR as DEFAULT_CACHE_DIR
from analyzer.engine.cache import FactsCache, clean
from analyzer.engine.parallel import Progress, extract_all, read_all
from analyzer.engine.skip import Scanner
from analyzer.errors import ConfigError, UsageError
from analyzer.export import (
    EXPORTERS,
    FOLDER_EXPORTERS,
    WARNINGS,
    ExportOptions,
    GraphFilter,
    GraphFormat,
    filters,
    json_load,
    package_depth,
    services_of,
)
from analyzer.export.merge import merge
from analyzer.export.services import Grouping
from analyzer.extract.recogniser import fingerprint as recognisers_fingerprint
from analyzer.extract.recogniser import load_recognisers
from analyzer.graph import MessageGraph
from analyzer.link import link
from analyzer.model import Finding, Model, ParseProblem, Severity
from analyzer.naming import name_modules
from analyzer.questions import lookup
from analyzer.questions.diff import GraphDiff, diff
from analyzer.questions.explain import Explanation, explain
from analyzer.questions.flow import Step, flow
from analyzer.roots import ImportRoot
from analyzer.vocabulary import Names, check_vocabulary
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
    start = given[0] if len(given) == 1 else Path(".")
    found = find_config(start if start.exists() else Path("."))
    # `--config FILE` says what to read, not where the project is: the root stays the folder
    # of the configuration buslint would have found (else the current folder).
    root = project_root(given, found)
    if config_path is None:
        config_path = found
    config = load_config(config_path) if config_path is not None else parse_config({}, "")
    check_vocabulary(config, str(config_path or ""))
    for folder in config.src:
        if not (root / folder).is_dir():
            raise ConfigError(
                str(config_path or ""),
                "src",
                f"{folder!r} is not a folder under the project root {root}",
            )
    return Project(given, root, config, config_path)


@dataclass(frozen=True)
class Analysis:
    """The message graph of a project and how many files it was built from."""

    graph: MessageGraph
    files: int
    roots: tuple[ImportRoot, ...] = ()
    """The import roots the modules were named from, each with why it is one."""


@dataclass(frozen=True)
class RunOptions:
    """How to run extraction: worker processes, the cache, progress reporting."""

    jobs: int = 1
    cache: bool = True
    cache_dir: Path | None = None
    progress: Progress | None = None
    skip: bool = True
    """Skip files that cannot contribute before parsing them (see analyzer.engine.skip)."""


def analyse(
    project: Project,
    options: RunOptions | None = None,
    sources: Sequence[SourceFile] | None = None,
) -> Analysis:
    """Discover, extract and link every file; the message graph of the project.

    `sources`, when the caller has discovered them already, saves walking the tree twice.
    """
    options = options or RunOptions()
    names = Names.from_config(project.config)
    # Loaded only when a file has to be scanned or parsed: a fully cached run never imports
    # the recognisers, nor libcst through them.
    recognisers = functools.cache(load_recognisers)
    if sources is None:
        sources = discover(project.paths, project.root, project.config)
    read = read_all(sources)
    naming = name_modules(sources, [data for data, _ in read], project.root, project.config)
    sources = naming.sources
    cache = None
    if options.cache:
        folder = options.cache_dir or project.root / DEFAULT_CACHE_DIR
        cache = FactsCache(folder, _extraction_salt(names, project.config))

    def scanner() -> Scanner:
        return Scanner.of(names, recognisers(), project.config)

    facts = extract_all(
        sources,
        names,
        recognisers,
        cache,
        options.jobs,
        options.progress,
        scanner=scanner if options.skip else None,
        read=read,
    )
    if cache is not None and len(sources) == len(facts):
        cache.prune()
    # The facts live until the run ends and hold no cycles: frozen, the garbage collector no
    # longer walks them again in every full collection while linking and the rules run.
    gc.freeze()
    model = link(facts, names, project.config)
    config = project.config
    graph = MessageGraph(model, config.contexts, config.external, config.public)
    return Analysis(graph, len(sources), naming.roots)


def _extraction_salt(names: Names, config: Config) -> str:
    """Everything besides a file's bytes that extraction depends on: the vocabulary, the
    registered recognisers (their markers decide the skip too) and `kinds`."""
    vocabulary = sorted((key, sorted(value)) for key, value in vars(names).items())
    return repr((vocabulary, recognisers_fingerprint(), config.kinds.model_dump_json()))


def clean_cache(project: Project, cache_dir: Path | None = None) -> Path | None:
    """Remove the project's cache folder; the folder removed, or None when there was none."""
    folder = cache_dir or project.root / DEFAULT_CACHE_DIR
    return folder if clean(folder) else None


def selected_rules(
    config: Config, select: Sequence[str] = (), ignore: Sequence[str] = (), source: str = ""
) -> list[Rule]:
    """The rules to run: `select` (or every rule that is not off by default) minus `ignore`."""
    rules = all_rules()
    codes = [r.code for r in rules]
    chosen_select = tuple(select) or config.select
    chosen_ignore = (*config.ignore, *ignore)
    for key, values in (
        ("select", config.select),
        ("ignore", config.ignore),
        ("severity", tuple(config.severity)),
    ):
        for value in _unknown_codes(values, codes):
            raise ConfigError(
                source, key, f"unknown rule code {value!r}; valid codes: {', '.join(codes)}"
            )
    for option, given in (("--select", select), ("--ignore", ignore)):
        for value in _unknown_codes(given, codes):  # the command line's own mistake
            raise UsageError(
                f"{option}: unknown rule code {value!r}; valid codes: {', '.join(codes)}"
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
            if severity is Severity.OFF:  # selected by name although off: report it at all
                severity = rule.severity if rule.severity is not Severity.OFF else Severity.WARNING
            if severity is not rule.severity:
                instance.severity = severity  # type: ignore[misc]
            instance.configure(config)
            result.append(instance)
    return result


def _unknown_codes(values: Sequence[str], codes: Sequence[str]) -> list[str]:
    return [v for v in values if v != "ALL" and not any(code.startswith(v) for code in codes)]


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


def rule_by_code(code: str) -> type[Rule]:
    for rule in all_rules():
        if rule.code == code.upper() or rule.name == code:
            return rule
    raise UsageError(
        f"unknown rule {code!r}; valid codes: {', '.join(r.code for r in all_rules())}"
    )


@dataclass(frozen=True)
class ExportResult:
    """What `export_graph` produced: the text (one-file formats without `-o`), the files written
    and the warnings the format raised about its own output."""

    text: str | None
    written: tuple[Path, ...]
    warnings: tuple[str, ...]
    internal_errors: tuple[ParseProblem, ...] = ()


def export_graph(
    project: Project,
    graph_format: GraphFormat,
    graph_filter: GraphFilter | None = None,
    output: Path | None = None,
    link_base: str | None = None,
    run: RunOptions | None = None,
) -> ExportResult:
    """Analyse, filter and export the graph; write it to `output` (a file, or a folder for folder formats).

    Links to sources are relative from the output's folder to the project root unless
    `link_base` is given (a URL such as ``https://github.com/o/r/blob/main/``).
    """
    folder = graph_format in FOLDER_EXPORTERS
    if folder and output is None:
        raise UsageError(f"--format {graph_format.value} writes a folder of files: give -o DIR")
    if folder and output is not None and output.exists() and not output.is_dir():
        raise UsageError(
            f"{output}: exists and is not a folder; --format {graph_format.value} writes a folder"
        )
    if not folder and output is not None and output.is_dir():
        raise UsageError(f"{output}: is a folder; --format {graph_format.value} writes one file")
    return export_analysed(
        analyse(project, run).graph,
        project.config,
        project.root,
        graph_format,
        graph_filter,
        output,
        link_base,
    )


def export_analysed(
    graph: MessageGraph,
    config: Config,
    root: Path,
    graph_format: GraphFormat,
    graph_filter: GraphFilter | None = None,
    output: Path | None = None,
    link_base: str | None = None,
) -> ExportResult:
    """Filter and export a graph already built (analysed, or merged from exports)."""
    folder = graph_format in FOLDER_EXPORTERS
    if folder and output is None:
        raise UsageError(f"--format {graph_format.value} writes a folder of files: give -o DIR")
    if link_base is None:
        link_base = _relative_base(root, output if folder else (output.parent if output else None))
    options = ExportOptions(
        contexts=config.contexts,
        package_depth=package_depth(graph),
        source_base=link_base,
    )
    internal = graph.internal_errors
    graph = filters.apply(graph, graph_filter or GraphFilter(), options)
    check = WARNINGS.get(graph_format)
    warnings = tuple(check(graph, options)) if check else ()
    if folder and output is not None:
        files = FOLDER_EXPORTERS[graph_format](graph, options)
        return ExportResult(None, write_folder(files, output), warnings, internal)
    text = EXPORTERS[graph_format](graph, options)
    if output is None:
        return ExportResult(text, (), warnings, internal)
    output.write_text(text, encoding="utf-8")
    return ExportResult(None, (output,), warnings, internal)


def write_folder(files: Mapping[str, str], folder: Path) -> tuple[Path, ...]:
    """Write relative path → text under `folder` (created; other files there are left alone)."""
    if folder.exists() and not folder.is_dir():
        raise UsageError(f"{folder}: exists and is not a folder; this format writes several files")
    base = folder.resolve()
    written = []
    for relative, text in files.items():
        target = folder / relative
        if base not in target.resolve().parents:
            raise UsageError(f"{relative}: refusing to write outside {folder}")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
        written.append(target)
    return tuple(written)


def _relative_base(root: Path, folder: Path | None) -> str:
    """The path from the output folder to the project root, with a trailing `/` ('' when equal)."""
    if folder is None:
        return ""
    relative = os.path.relpath(root.resolve(), folder.resolve()).replace(os.sep, "/")
    return "" if relative == "." else relative + "/"


# Documentation and questions (issue 5): folder exports, explain, flow, diff, merge.


def grouping(config: Config, graph: MessageGraph) -> Grouping:
    """Qualified name → service, as the exports group them: the configured context, else the
    package group; in a merged graph (``service:qualname``), the service the export came from."""
    options = ExportOptions(contexts=config.contexts, package_depth=package_depth(graph))
    return services_of(options)


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
