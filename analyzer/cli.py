"""The `buslint` command line: parse options, call one use case, render, return an exit code."""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from functools import wraps
from pathlib import Path
from typing import ParamSpec, TypeVar

import click

from analyzer import __version__, app
from analyzer.engine.parallel import default_jobs
from analyzer.errors import BuslintError
from analyzer.export import GraphFilter, GraphFormat
from analyzer.model import Kind
from analyzer.report import RENDERERS, Format
from analyzer.report.progress import ProgressBar
from analyzer.report.progress import wanted as progress_wanted
from analyzer.rules_doc import rule_list, rule_page

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


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="buslint")
def main() -> None:
    """buslint: check the commands and events of event-driven Python code."""


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
        )
    ):
        command = option(command)
    return command


def _run_options(
    jobs: int | None, no_cache: bool, cache_dir: Path | None, machine: bool
) -> tuple[app.RunOptions, ProgressBar | None]:
    bar = ProgressBar() if progress_wanted(machine) else None
    options = app.RunOptions(
        jobs=jobs or default_jobs(), cache=not no_cache, cache_dir=cache_dir, progress=bar
    )
    return options, bar


config_option = click.option(
    "--config",
    "config_path",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Read [tool.buslint] from this file instead of the nearest pyproject.toml.",
)


@main.command()
@paths_argument
@click.option(
    "--format",
    "output_format",
    type=click.Choice([f.value for f in Format]),
    default=Format.TEXT.value,
    show_default=True,
    help="How to print the findings.",
)
@click.option("--select", multiple=True, help="Only these rule codes (comma-separated, prefixes).")
@click.option("--ignore", multiple=True, help="Skip these rule codes (comma-separated, prefixes).")
@click.option("--exit-zero", is_flag=True, help="Exit 0 even when there are findings.")
@config_option
@run_options
@_reports_errors
def check(
    paths: tuple[Path, ...],
    output_format: str,
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    exit_zero: bool,
    config_path: Path | None,
    jobs: int | None,
    no_cache: bool,
    cache_dir: Path | None,
) -> None:
    """Check PATHS (default: the current folder) and print the findings."""
    project = app.load_project(paths, config_path)
    options, bar = _run_options(jobs, no_cache, cache_dir, output_format != Format.TEXT.value)
    result = app.run_check(project, _codes(select), _codes(ignore), options)
    if bar:
        bar.close()
    click.echo(RENDERERS[Format(output_format)](result.findings, result.files), nl=False)
    sys.exit(EXIT_FINDINGS if result.findings and not exit_zero else EXIT_CLEAN)


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
    help="Write to this file (a folder for --format markdown) instead of standard output.",
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
    for warning in result.warnings:
        click.echo(f"buslint: warning: {warning}", err=True)
    if result.text is not None:
        click.echo(result.text, nl=False)
    for path in result.written:
        click.echo(f"wrote {path}", err=True)


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
