"""The `buslint` command line: parse options, call one use case, render, return an exit code."""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from functools import wraps
from pathlib import Path
from typing import ParamSpec, TypeVar

import click

from analyzer import __version__, app
from analyzer.config import Config
from analyzer.errors import BuslintError, UsageError
from analyzer.export import EXPORTERS, FOLDER_EXPORTERS, GraphFormat
from analyzer.graph import MessageGraph
from analyzer.questions import diff_render, explain_render, flow_render
from analyzer.questions.flow import DEFAULT_DEPTH
from analyzer.report import RENDERERS, Format
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
@_reports_errors
def check(
    paths: tuple[Path, ...],
    output_format: str,
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    exit_zero: bool,
    config_path: Path | None,
) -> None:
    """Check PATHS (default: the current folder) and print the findings."""
    project = app.load_project(paths, config_path)
    result = app.run_check(project, _codes(select), _codes(ignore))
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
    help="Write to this file (a folder for asyncapi and eventcatalog) instead of standard output.",
)
@config_option
@_reports_errors
def graph(
    paths: tuple[Path, ...], graph_format: str, output: Path | None, config_path: Path | None
) -> None:
    """Export the message graph of PATHS."""
    project = app.load_project(paths, config_path)
    _write_graph(app.analyse(project).graph, GraphFormat(graph_format), output, project.config)


def _write_graph(
    graph_: MessageGraph, fmt: GraphFormat, output: Path | None, config: Config
) -> None:
    if fmt in FOLDER_EXPORTERS:
        if output is None:
            raise UsageError(f"--format {fmt.value} writes a folder: name it with -o DIR")
        count = app.export_folder(graph_, fmt, output, config)
        click.echo(f"wrote {count} files under {output}", err=True)
        return
    text = EXPORTERS[fmt](graph_)
    if output is not None and output.is_dir():
        raise UsageError(f"{output}: is a folder; --format {fmt.value} writes one file")
    if output is None:
        click.echo(text, nl=False)
    else:
        output.write_text(text, encoding="utf-8")
        click.echo(f"wrote {output}", err=True)


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
    render = explain_render.RENDERERS[explain_render.ExplainFormat(output_format)]
    click.echo(render(graph_, answer), nl=False)


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
        _write_graph(merged, GraphFormat(graph_format), output, app.DEFAULT_CONFIG)
    if run_rules:
        result = app.check_merged(merged, _codes(select), _codes(ignore))
        click.echo(RENDERERS[Format.TEXT](result.findings, len(exports)), nl=False)
        sys.exit(EXIT_FINDINGS if result.findings else EXIT_CLEAN)
