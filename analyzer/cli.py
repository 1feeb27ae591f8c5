"""The `buslint` command line: parse options, call one use case, render, return an exit code."""

from __future__ import annotations

import gc
import os
import sys
from collections.abc import Callable, Sequence
from functools import wraps
from pathlib import Path
from typing import ParamSpec, TypeVar

import click

from analyzer import __version__, app, gate, starter
from analyzer.engine.parallel import default_jobs
from analyzer.errors import BuslintError
from analyzer.export import GraphFilter, GraphFormat
from analyzer.graph import MessageGraph
from analyzer.model import Kind, ParseProblem, Severity
from analyzer.questions import diff_render, explain_render, flow_render
from analyzer.questions.flow import DEFAULT_DEPTH
from analyzer.report import FORMAT_NAMES, Format, render
from analyzer.report.context import ReportContext
from analyzer.report.progress import ProgressBar
from analyzer.report.progress import wanted as progress_wanted
from analyzer.report.terminal import human_terminal, use_colour
from analyzer.rules_doc import rule_list, rule_page

GC_THRESHOLD = 50_000
"""Allocations between two young-generation collections (Python's default is 700)."""
EXIT_CLEAN = 0
EXIT_FINDINGS = 1
EXIT_ERROR = 2

P = ParamSpec("P")
R = TypeVar("R")


def _codes(values: Sequence[str]) -> tuple[str, ...]:
    return tuple(code.strip().upper() for value in values for code in value.split(",") if code)


def _reports_errors(command: Callable[P, R]) -> Callable[P, R]:
    """Turn a BuslintError into a one-line message on stderr and exit code 2."""

    @wraps(command)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return command(*args, **kwargs)
        except BuslintError as exc:
            click.echo(f"buslint: error: {exc}", err=True)
            sys.exit(EXIT_ERROR)

    return wrapper


def _exit_on_internal_errors(problems: Sequence[ParseProblem], verbose: bool = False) -> None:
    """After a command's output: name the files that hit a bug in buslint and exit 2."""
    if not problems:
        return
    details: dict[tuple[str, str], str] = {}
    for problem in problems:  # `diff` analyses two revisions: a file that fails in both, once
        details.setdefault((problem.location.path, problem.message), problem.detail)
    for (path, message), detail in details.items():
        click.echo(f"buslint: internal error: {path}: {message}", err=True)
        if verbose:
            click.echo(detail, err=True, nl=False)
    sys.exit(EXIT_ERROR)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="buslint")
def main() -> None:
    """buslint: check the commands and events of event-driven Python code."""
    # A run allocates hundreds of thousands of small, long-lived, acyclic objects (facts, model,
    # graph); the default threshold re-walks them in full collections again and again, which
    # cost a third of a warm run's linking. Collect less often; nothing here relies on cycles.
    gc.set_threshold(GC_THRESHOLD, *gc.get_threshold()[1:])


paths_argument = click.argument("paths", nargs=-1, type=click.Path(path_type=Path, exists=False))


def run_options(command: Callable[P, R]) -> Callable[P, R]:
    """--jobs, --no-cache and --cache-dir, shared by the commands that analyse."""
    for option in reversed(
        (
            click.option(
                "-j",
                "--jobs",
                type=click.IntRange(min=1),
                default=None,
                help="Worker processes for extraction (default: the number of cores).",
            ),
            click.option(
                "--no-cache",
                is_flag=True,
                help="Neither read nor write the cache of extracted facts.",
            ),
            click.option(
                "--cache-dir",
                type=click.Path(path_type=Path, file_okay=False),
                help="Where the cache lives (default: .buslint_cache in the project root).",
            ),
            click.option(
                "--no-skip",
                is_flag=True,
                expose_value=False,
                callback=_remember_no_skip,
                help="Parse every file, even those a byte scan shows cannot contribute.",
            ),
        )
    ):
        command = option(command)
    return command


def _remember_no_skip(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    ctx.meta["buslint.no_skip"] = value


def _run_options(
    jobs: int | None, no_cache: bool, cache_dir: Path | None, machine: bool
) -> tuple[app.RunOptions, ProgressBar | None]:
    bar = ProgressBar() if progress_wanted(machine) else None
    skip = not click.get_current_context().meta.get("buslint.no_skip", False)
    options = app.RunOptions(
        jobs=jobs or default_jobs(),
        cache=not no_cache,
        cache_dir=cache_dir,
        progress=bar,
        skip=skip,
    )
    return options, bar


config_option = click.option(
    "--config",
    "config_path",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Read the configuration from this TOML file ([tool.buslint] or top-level keys).",
)


@main.command()
@paths_argument
@click.option(
    "--output-format",
    "--format",
    "output_format",
    type=click.Choice(FORMAT_NAMES),
    default=None,
    help="How to print the findings (text = concise). Default: full on a terminal, else concise.",
)
@click.option(
    "-o",
    "--output-file",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Write the report to this file instead of standard output.",
)
@click.option("--select", multiple=True, help="Only these rule codes (comma-separated, prefixes).")
@click.option("--ignore", multiple=True, help="Skip these rule codes (comma-separated, prefixes).")
@click.option("--statistics", is_flag=True, help="Print how many findings each rule has instead.")
@click.option("--exit-zero", is_flag=True, help="Exit 0 even when there are findings.")
@click.option(
    "--fail-on",
    type=click.Choice(["error", "warning", "info"]),
    default="info",
    show_default=True,
    help="Exit 1 only for findings at or above this severity (info: any finding).",
)
@click.option("-q", "--quiet", is_flag=True, help="Print the findings only: no summary, no notes.")
@click.option(
    "-v", "--verbose", is_flag=True, help="Also print the run's setup and what was suppressed."
)
@click.option(
    "--baseline",
    "baseline_path",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Baseline file (default: .buslint-baseline.json in the project root, when present).",
)
@click.option("--no-baseline", is_flag=True, help="Report every finding, ignoring the baseline.")
@click.option(
    "--baseline-strict", is_flag=True, help="Exit 1 when baseline entries no longer occur."
)
@click.option(
    "--diff",
    "diff_ref",
    metavar="REF",
    help="Report only findings with a site in files changed since git REF (and untracked files).",
)
@click.option(
    "--files",
    "files_mode",
    is_flag=True,
    help="PATHS are changed files: analyse the whole project, report only findings touching them.",
)
@config_option
@run_options
@_reports_errors
def check(
    paths: tuple[Path, ...],
    output_format: str | None,
    output_file: Path | None,
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    statistics: bool,
    exit_zero: bool,
    fail_on: str,
    quiet: bool,
    verbose: bool,
    baseline_path: Path | None,
    no_baseline: bool,
    baseline_strict: bool,
    diff_ref: str | None,
    files_mode: bool,
    config_path: Path | None,
    jobs: int | None,
    no_cache: bool,
    cache_dir: Path | None,
) -> None:
    """Check PATHS (default: the current folder) and print the findings."""
    options = gate.CheckOptions(
        () if files_mode else paths,
        config_path,
        _codes(select),
        _codes(ignore),
        baseline_path,
        not no_baseline,
        diff_ref,
        paths if files_mode else None,
    )
    machine = output_format not in (None, Format.FULL.value, Format.CONCISE.value, "text")
    run, bar = _run_options(jobs, no_cache, cache_dir, machine or output_file is not None)
    result = gate.run(options, run)
    if bar:
        bar.close()
    terminal = output_file is None and sys.stdout.isatty()
    if output_format is not None:
        fmt = Format(output_format)
    else:
        fmt = Format.FULL if human_terminal(os.environ, terminal) else Format.CONCISE
    colour = output_file is None and use_colour(os.environ, sys.stdout.isatty())
    context = gate.report_context(result, fmt, colour, quiet, verbose)
    rendered = render(fmt, result.findings, context, statistics)
    if verbose:
        click.echo(gate.describe_run(result), err=True, nl=False)
    if output_file is None:
        click.echo(rendered.text, nl=False, color=colour)
    else:
        output_file.write_text(rendered.text, encoding="utf-8")
    click.echo(rendered.notes, err=True, nl=False)
    _exit_on_internal_errors(result.internal_errors, verbose)
    failed = result.fails(Severity(fail_on), baseline_strict)
    sys.exit(EXIT_FINDINGS if failed and not exit_zero else EXIT_CLEAN)


@main.command()
@paths_argument
@click.option("--update", is_flag=True, help="Only drop entries that no longer occur; never add.")
@click.option(
    "--baseline",
    "baseline_path",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Baseline file (default: .buslint-baseline.json in the project root).",
)
@config_option
@_reports_errors
def baseline(
    paths: tuple[Path, ...], update: bool, baseline_path: Path | None, config_path: Path | None
) -> None:
    """Accept the current findings of PATHS: write them to the baseline file."""
    options = gate.CheckOptions(paths, config_path, baseline=baseline_path)
    written = gate.write_baseline(options, update)
    entries = len(written.baseline.entries)
    click.echo(
        f"wrote {written.path}: {written.baseline.count()} findings in {entries} entries"
        f" (before: {written.before} findings)"
    )
    _exit_on_internal_errors(written.internal_errors)


@main.command()
@click.argument("folder", required=False, type=click.Path(path_type=Path), default=Path("."))
@_reports_errors
def init(folder: Path) -> None:
    """Write a starter [tool.buslint] into FOLDER/pyproject.toml (never replacing one)."""
    done = gate.init_project(folder)
    click.echo(starter.describe(str(done.path), done.created, done.detected), nl=False)


@main.command()
@paths_argument
@click.option(
    "--format",
    "graph_format",
    type=click.Choice([f.value for f in GraphFormat]),
    default=GraphFormat.JSON.value,
    show_default=True,
)
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    help="Write to this file (a folder for markdown, asyncapi and eventcatalog) instead of standard output.",
)
@click.option("--focus", metavar="MESSAGE", help="Only MESSAGE and what is near it.")
@click.option(
    "--depth",
    type=int,
    help="With --focus: how many edges away from MESSAGE to keep (default 1).",
)
@click.option(
    "--context",
    metavar="NAME",
    help="Only the context (or package) NAME and the nodes linked to it.",
)
@click.option(
    "--kind",
    type=click.Choice([Kind.COMMAND.value, Kind.EVENT.value, Kind.QUERY.value]),
    help="Only messages of this kind, with their senders and handlers.",
)
@click.option(
    "--link-base",
    metavar="URL",
    help="Prefix for links to source files (default: relative from the output to the project).",
)
@config_option
@run_options
@_reports_errors
def graph(
    paths: tuple[Path, ...],
    graph_format: str,
    output: Path | None,
    focus: str | None,
    depth: int | None,
    context: str | None,
    kind: str | None,
    link_base: str | None,
    config_path: Path | None,
    jobs: int | None,
    no_cache: bool,
    cache_dir: Path | None,
) -> None:
    """Export the message graph of PATHS."""
    project = app.load_project(paths, config_path)
    graph_filter = GraphFilter(Kind(kind) if kind else None, context, focus, depth)
    options, bar = _run_options(jobs, no_cache, cache_dir, machine=output is None)
    result = app.export_graph(
        project, GraphFormat(graph_format), graph_filter, output, link_base, options
    )
    if bar:
        bar.close()
    _show_export(result)
    _exit_on_internal_errors(result.internal_errors)


@main.command()
@paths_argument
@config_option
@click.option(
    "--cache-dir",
    type=click.Path(path_type=Path, file_okay=False),
    help="The cache folder to remove (default: .buslint_cache in the project root).",
)
@_reports_errors
def clean(paths: tuple[Path, ...], config_path: Path | None, cache_dir: Path | None) -> None:
    """Remove buslint's cache for the project of PATHS."""
    project = app.load_project(paths, config_path)
    removed = app.clean_cache(project, cache_dir)
    click.echo(f"removed {removed}" if removed else "no buslint cache to remove", err=True)


def _write_graph(graph_: MessageGraph, fmt: GraphFormat, output: Path | None) -> None:
    """Export a graph that was not analysed from a project (a merged one): paths from here."""
    _show_export(app.export_analysed(graph_, app.DEFAULT_CONFIG, Path("."), fmt, None, output))


def _show_export(result: app.ExportResult) -> None:
    for warning in result.warnings:
        click.echo(f"buslint: warning: {warning}", err=True)
    if result.text is not None:
        click.echo(result.text, nl=False)
    for path in result.written:
        click.echo(f"wrote {path}", err=True)


@main.command()
@click.argument("code", required=False)
@click.option("--all", "show_all", is_flag=True, help="List every rule.")
@_reports_errors
def rule(code: str | None, show_all: bool) -> None:
    """Print the documentation of rule CODE (BUS001 or its name), or list them with --all."""
    if show_all or code is None:
        click.echo(rule_list(), nl=False)
        return
    click.echo(rule_page(app.rule_by_code(code)), nl=False)


@main.command()
@click.argument("name")
@paths_argument
@click.option(
    "--format",
    "output_format",
    type=click.Choice([f.value for f in explain_render.ExplainFormat]),
    default="text",
    show_default=True,
)
@config_option
@_reports_errors
def explain(
    name: str, paths: tuple[Path, ...], output_format: str, config_path: Path | None
) -> None:
    """Explain NAME (a message, channel or handler) in PATHS: who sends and handles it, and why."""
    project = app.load_project(paths, config_path)
    graph_, answer = app.explain_name(project, name)
    show = explain_render.RENDERERS[explain_render.ExplainFormat(output_format)]
    click.echo(show(graph_, answer), nl=False)
    _exit_on_internal_errors(graph_.internal_errors)


@main.command()
@click.argument("name")
@paths_argument
@click.option(
    "--format",
    "output_format",
    type=click.Choice([f.value for f in flow_render.FlowFormat]),
    default="text",
    show_default=True,
    help="A tree, a Mermaid sequence diagram or a Mermaid flowchart.",
)
@click.option(
    "--depth", type=int, default=DEFAULT_DEPTH, show_default=True, help="Message hops to follow."
)
@config_option
@_reports_errors
def flow(
    name: str, paths: tuple[Path, ...], output_format: str, depth: int, config_path: Path | None
) -> None:
    """Show what happens when message NAME is sent: handlers, what they emit, and so on."""
    project = app.load_project(paths, config_path)
    graph_, root = app.flow_of(project, name, depth)
    render = flow_render.RENDERERS[flow_render.FlowFormat(output_format)]
    click.echo(render(graph_, root), nl=False)
    _exit_on_internal_errors(graph_.internal_errors)


@main.command()
@click.argument("base")
@click.argument("head", required=False)
@click.option(
    "--format",
    "output_format",
    type=click.Choice([f.value for f in diff_render.DiffFormat]),
    default="text",
    show_default=True,
)
@config_option
@_reports_errors
def diff(base: str, head: str | None, output_format: str, config_path: Path | None) -> None:
    """Show how the message graph changed from git revision BASE to HEAD (default: the working tree)."""
    project = app.load_project((), config_path)
    result = app.diff_revisions(project, base, head)
    click.echo(diff_render.RENDERERS[diff_render.DiffFormat(output_format)](result), nl=False)
    _exit_on_internal_errors(result.internal_errors)


@main.command()
@click.argument("exports", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--format",
    "graph_format",
    type=click.Choice([f.value for f in GraphFormat]),
    default=GraphFormat.JSON.value,
    show_default=True,
)
@click.option(
    "-o", "--output", type=click.Path(path_type=Path), help="Write here instead of standard output."
)
@click.option("--check", "run_rules", is_flag=True, help="Run the rules across the merged graph.")
@click.option("--select", multiple=True, help="With --check: only these rule codes.")
@click.option("--ignore", multiple=True, help="With --check: skip these rule codes.")
@_reports_errors
def merge(
    exports: tuple[Path, ...],
    graph_format: str,
    output: Path | None,
    run_rules: bool,
    select: tuple[str, ...],
    ignore: tuple[str, ...],
) -> None:
    """Merge the JSON graph exports EXPORTS (one per service, named by file stem) into one graph."""
    merged = app.merge_exports(exports)
    if not run_rules or output is not None:
        _write_graph(merged, GraphFormat(graph_format), output)
    if run_rules:
        result = app.check_merged(merged, _codes(select), _codes(ignore))
        shown = render(Format.CONCISE, result.findings, ReportContext(len(exports)))
        click.echo(shown.text, nl=False)
        sys.exit(EXIT_FINDINGS if result.findings else EXIT_CLEAN)
