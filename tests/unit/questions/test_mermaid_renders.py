"""The Mermaid outputs of flow and diff render with mermaid-cli (the renderer GitHub's is built on)."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.helpers import invoke, write_project
from tests.unit.questions import test_diff
from tests.unit.questions.test_flow import CASCADE

MMDC = shutil.which("mmdc")
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(
    MMDC is None or CHROMIUM is None or shutil.which("git") is None,
    reason="mermaid-cli (mmdc), chromium and git are needed to render Mermaid; see .ci/run",
)


def render(source: str, tmp_path: Path, name: str) -> None:
    config = tmp_path / "puppeteer.json"
    config.write_text(json.dumps({"executablePath": CHROMIUM, "args": ["--no-sandbox"]}))
    diagram = tmp_path / f"{name}.mmd"
    diagram.write_text(source)
    result = subprocess.run(
        [str(MMDC), "-p", str(config), "-i", str(diagram), "-o", str(tmp_path / f"{name}.svg")],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    svg = (tmp_path / f"{name}.svg").read_text()
    assert "Syntax error" not in svg


def test_flow_diagrams_render(tmp_path: Path) -> None:
    root = write_project(tmp_path / "project", CASCADE)
    for fmt in ("sequence", "flowchart"):
        code, out, _ = invoke(["flow", "PlaceOrder", "--format", fmt, "--depth", "3"], root)
        assert code == 0
        render(out, tmp_path, fmt)


def test_diff_diagram_renders(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    write_project(root, test_diff.BEFORE)
    test_diff.git(root, "init", "-q", "-b", "main")
    test_diff.git(root, "add", "-A")
    test_diff.git(root, "commit", "-q", "-m", "before")
    write_project(root, test_diff.AFTER)
    code, out, _ = invoke(["diff", "HEAD", "--format", "mermaid"], root)
    assert code == 0
    assert "classDef added" in out
    render(out, tmp_path, "diff")


def test_hostile_labels_are_escaped_and_render(tmp_path: Path) -> None:
    root = write_project(
        tmp_path / "project",
        {
            "app/commands.py": "class Command: ...\nclass Pay(Command): ...\n",
            "app/h.py": (
                "from app.commands import Pay\n"
                "handlers = {}\n"
                'COMMAND_HANDLERS = {Pay: handlers["a;b<c>|{d}#e"]}\n'
                "def x(bus):\n"
                "    bus.send(Pay())\n"
            ),
        },
    )
    for fmt in ("sequence", "flowchart"):
        code, out, _ = invoke(["flow", "Pay", "--format", fmt], root)
        assert code == 0
        assert "a;b" not in out and "<c>" not in out
        render(out, tmp_path, f"hostile-{fmt}")
