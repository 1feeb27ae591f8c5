"""Helpers shared by the tests: tiny projects on disk, expectation marks, running the CLI."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from analyzer import app
from analyzer.cli import main
from analyzer.graph import MessageGraph

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
MARK = re.compile(r"#\s*expect:\s*((?:BUS\d{3}[\s,]*)+)")
GRAPH_MARK = re.compile(r"#\s*graph:\s*(.+?)\s*$")
RELATIONS = ("sends", "emits", "handles", "subscribes", "routes", "calls")

Mark = tuple[str, int, str]


@dataclass(frozen=True)
class EdgeMark:
    """``# graph: sends celery:run.parse`` on a line: the graph has (or, with ``!``, has not) an
    edge of that relation located on that line whose message, channel or callee is that name."""

    path: str
    line: int
    relation: str
    name: str
    present: bool


def write_project(root: Path, files: Mapping[str, str]) -> Path:
    """Write path → source under `root`; missing `__init__.py` files are not added."""
    for rel, text in files.items():
        target = root / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    return root


def marks(root: Path) -> set[Mark]:
    """Every `# expect: BUSnnn` mark under root, plus the lines of an EXPECT sidecar file."""
    found: set[Mark] = set()
    for path in sorted(root.rglob("*")):
        if not path.is_file() or path.is_symlink() or path.name == "EXPECT":
            continue
        try:
            lines = path.read_bytes().decode("utf-8", errors="replace").splitlines()
        except OSError:
            continue
        rel = path.relative_to(root).as_posix()
        for number, line in enumerate(lines, start=1):
            match = MARK.search(line)
            if match:
                for code in re.findall(r"BUS\d{3}", match.group(1)):
                    found.add((rel, number, code))
    sidecar = root / "EXPECT"
    if sidecar.is_file():
        for line in sidecar.read_text(encoding="utf-8").splitlines():
            line = line.split("#", 1)[0].strip()
            if line:
                place, code = line.split()
                path, number = place.rsplit(":", 1)
                found.add((path, int(number), code))
    return found


def graph_marks(root: Path) -> list[EdgeMark]:
    """Every ``# graph: [!]relation name[; ...]`` mark under root (Python files only)."""
    found: list[EdgeMark] = []
    for path in sorted(root.rglob("*.py")):
        rel = path.relative_to(root).as_posix()
        lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
        for number, line in enumerate(lines, start=1):
            match = GRAPH_MARK.search(line)
            if not match:
                continue
            for item in match.group(1).split(";"):
                relation, _, name = item.strip().partition(" ")
                present = not relation.startswith("!")
                relation = relation.lstrip("!")
                assert relation in RELATIONS and name.strip(), f"{rel}:{number}: bad mark {item!r}"
                found.append(EdgeMark(rel, number, relation, name.strip(), present))
    return found


def node_named(node: dict[str, Any], name: str) -> bool:
    """A graph node named `name`: its name, its qualified name's tail, or its id's tail."""
    qualname = str(node.get("qualname") or "")
    ident = str(node.get("id") or "")
    return (
        node.get("name") == name
        or qualname == name
        or qualname.endswith("." + name)
        or ident.endswith(":" + name)
    )


def edge_found(graph: dict[str, Any], mark: EdgeMark) -> bool:
    """Whether the JSON graph has the edge a mark describes."""
    nodes = {n["id"]: n for n in graph["nodes"]}
    for edge in graph["edges"]:
        if edge["relation"] != mark.relation or edge["path"] != mark.path:
            continue
        if edge["line"] != mark.line:
            continue
        other = edge["source"] if mark.relation in ("handles", "subscribes") else edge["target"]
        if node_named(nodes.get(other, {"id": other}), mark.name):
            return True
    return False


def reported(findings: list[dict[str, Any]]) -> set[Mark]:
    return {(f["path"], f["line"], f["code"]) for f in findings}


def run_cli(
    args: list[str], cwd: Path, env: Mapping[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """The real command line in a subprocess, as a user or CI runs it."""
    full_env = {**os.environ, **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "analyzer", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env=full_env,
        timeout=300,
    )


def invoke(args: list[str], cwd: Path) -> tuple[int, str, str]:
    """The CLI in process (fast), from folder `cwd`."""
    runner = CliRunner()
    old = Path.cwd()
    os.chdir(cwd)
    try:
        result = runner.invoke(main, args, catch_exceptions=False)
    finally:
        os.chdir(old)
    return result.exit_code, result.stdout, result.stderr


def check_json(root: Path, *extra: str) -> list[dict[str, Any]]:
    code, out, err = invoke(["check", "--format", "json", *extra], root)
    assert code in (0, 1), err
    data: list[dict[str, Any]] = json.loads(out)
    return data


def graph_of(root: Path) -> MessageGraph:
    old = Path.cwd()
    os.chdir(root)
    try:
        return app.analyse(app.load_project([Path(".")]), app.RunOptions(cache=False)).graph
    finally:
        os.chdir(old)


def install_recogniser(site: Path, name: str, marker: str, on_call: str) -> Path:
    """A recogniser installed the way pip leaves one on disk: a module and its entry point."""
    info = site / f"{name}-1.0.dist-info"
    info.mkdir(parents=True)
    (site / f"{name}.py").write_text(
        "import os, signal\n"
        "from analyzer.extract.recogniser import Recogniser\n"
        f"class Plugin(Recogniser):\n"
        f"    name = {name!r}\n"
        f"    markers = ({marker.encode()!r},)\n"
        "    def on_call(self, ctx, node):\n"
        f"        {on_call}\n"
    )
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {name}\nVersion: 1.0\n")
    (info / "entry_points.txt").write_text(f"[buslint.recognisers]\n{name} = {name}:Plugin\n")
    return site
