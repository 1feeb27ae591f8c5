"""The real CLI over every fixture project: findings match the `# expect:` marks, both ways."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from tests.helpers import FIXTURES, edge_found, graph_marks, marks, reported, run_cli

PROJECTS = sorted(p.parent for p in FIXTURES.rglob("pyproject.toml"))


def _copy(project: Path, tmp_path: Path) -> Path:
    target = tmp_path / project.name
    shutil.copytree(project, target, symlinks=True, ignore=shutil.ignore_patterns(".buslint_cache"))
    return target


@pytest.mark.parametrize("project", PROJECTS, ids=lambda p: p.relative_to(FIXTURES).as_posix())
def test_findings_match_marks(project: Path, tmp_path: Path) -> None:
    root = _copy(project, tmp_path)
    if project.name == "bad_input":
        _add_unstorable_inputs(root)
    result = run_cli(["check", "--format", "json"], cwd=root)
    assert result.returncode in (0, 1), result.stderr
    findings = json.loads(result.stdout)
    expected = marks(root)
    got = reported(findings)
    assert got - expected == set(), "reported but not marked"
    assert expected - got == set(), "marked but not reported"
    assert result.returncode == (1 if expected else 0)


GRAPH_PROJECTS = [p for p in PROJECTS if graph_marks(p)]


@pytest.mark.parametrize(
    "project", GRAPH_PROJECTS, ids=lambda p: p.relative_to(FIXTURES).as_posix()
)
def test_graph_matches_marks(project: Path, tmp_path: Path) -> None:
    """``# graph: sends X`` marks: the edges a fixture promises (or, with ``!``, rules out)."""
    edge_marks = graph_marks(project)
    root = _copy(project, tmp_path)
    result = run_cli(["graph", "--format", "json"], cwd=root)
    assert result.returncode == 0, result.stderr
    graph = json.loads(result.stdout)
    wrong = [m for m in edge_marks if edge_found(graph, m) is not m.present]
    assert wrong == [], "graph marks not met: " + ", ".join(
        f"{m.path}:{m.line} {'' if m.present else '!'}{m.relation} {m.name}" for m in wrong
    )


def _add_unstorable_inputs(root: Path) -> None:
    """A folder named like a module and a broken symbolic link, each reported as BUS000."""
    (root / "app" / "notes.py").mkdir()
    (root / "app" / "notes.py" / "README.txt").write_text("not Python\n")
    os.symlink("does_not_exist.py", root / "app" / "gone.py")
    with (root / "EXPECT").open("a") as sidecar:
        sidecar.write("app/notes.py:1 BUS000\napp/gone.py:1 BUS000\n")


def test_bad_input_findings_name_the_problem(tmp_path: Path) -> None:
    root = _copy(FIXTURES / "bad_input", tmp_path)
    _add_unstorable_inputs(root)
    out = run_cli(["check"], cwd=root).stdout
    assert "app/notes.py:1:1: BUS000 cannot analyse this file: is a directory" in out
    assert "app/gone.py:1:1: BUS000 cannot analyse this file: is a broken symbolic link" in out
    assert "app/nul_byte.py:2:1: BUS000 cannot analyse this file: contains a NUL byte" in out
    assert "byte 0xe9 is invalid" in out
    assert "app/syntax_error.py:1:12: BUS000 cannot analyse this file: syntax error" in out


def test_analysed_code_is_never_imported_or_executed(tmp_path: Path) -> None:
    root = _copy(FIXTURES / "never_imported", tmp_path)
    before = sorted(p.relative_to(root).as_posix() for p in root.rglob("*"))
    for args in (["check"], ["graph"], ["check", "--format", "json"]):
        result = run_cli(args, cwd=root)
        assert result.returncode in (0, 1), result.stderr
    after = sorted(
        p.relative_to(root).as_posix() for p in root.rglob("*") if ".buslint_cache" not in p.parts
    )
    assert not list(root.rglob("IMPORTED")) and not list(root.rglob("EXECUTED"))
    assert after == before, "buslint wrote into the analysed tree outside its cache"
    assert (root / ".buslint_cache" / "CACHEDIR.TAG").is_file()


def test_example_project_graph_is_deterministic(tmp_path: Path) -> None:
    root = _copy(FIXTURES / "shop", tmp_path)
    first = run_cli(["graph", "--format", "json"], cwd=root).stdout
    second = run_cli(["graph", "--format", "json"], cwd=root).stdout
    assert first == second
    data = json.loads(first)
    assert data["schema"] == "buslint.graph/1"
    assert data["nodes"] == sorted(data["nodes"], key=lambda n: n["id"])
