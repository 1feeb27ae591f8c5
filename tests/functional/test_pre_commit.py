"""The real pre-commit runs this repository's hooks: fails on a break, passes once fixed or suppressed."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import ROOT, write_project

PRE_COMMIT = shutil.which("pre-commit") or str(Path(sys.executable).parent / "pre-commit")
API = (
    "from shop.commands import PlaceOrder\n"
    "def place(bus):\n"
    "    bus.publish(PlaceOrder()){comment}\n"
)


def _git(cwd: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.com", *args],
        cwd=cwd,
        check=True,
        capture_output=True,
        text=True,
    )
    return done.stdout.strip()


def _head_of_this_repository() -> bool:
    if shutil.which("git") is None:
        return False
    done = subprocess.run(["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True, check=False)
    return done.returncode == 0


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
@pytest.mark.skipif(
    not Path(PRE_COMMIT).is_file(), reason="pre-commit is not installed (dev extra)"
)
@pytest.mark.skipif(not _head_of_this_repository(), reason="this checkout is not a git repository")
def test_pre_commit_runs_the_hooks(tmp_path: Path) -> None:
    clone = tmp_path / "buslint"
    _git(tmp_path, "clone", "-q", str(ROOT), str(clone))
    sha = _git(clone, "rev-parse", "HEAD")
    project = write_project(
        tmp_path / "project",
        {
            ".pre-commit-config.yaml": (
                "repos:\n"
                f"  - repo: {clone}\n"
                f"    rev: {sha}\n"
                "    hooks:\n"
                "      - id: buslint\n"
                "      - id: buslint-changed\n"
            ),
            "pyproject.toml": "[tool.buslint]\n",
            "shop/__init__.py": "",
            "shop/commands.py": "class Command: ...\nclass PlaceOrder(Command): ...\n",
            "shop/handlers.py": (
                "from shop.commands import PlaceOrder\n"
                "def handle(cmd: PlaceOrder) -> None: ...\n"
                "COMMAND_HANDLERS = {PlaceOrder: handle}\n"
            ),
            "shop/api.py": API.format(comment=""),
        },
    )
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "cache")}
    env.pop("VIRTUAL_ENV", None)

    def run() -> subprocess.CompletedProcess[str]:
        _git(project, "add", "-A")
        return subprocess.run(
            [PRE_COMMIT, "run", "--all-files"],
            cwd=project,
            capture_output=True,
            text=True,
            env=env,
            timeout=600,
            check=False,
        )

    _git(project, "init", "-q")
    broken = run()
    assert broken.returncode == 1, broken.stdout + broken.stderr
    assert "shop/api.py:3:5: BUS005 command PlaceOrder is broadcast" in broken.stdout
    assert "\x1b[" not in broken.stdout.split("BUS005", 1)[1].split("\n", 1)[0], (
        "no colour in hooks"
    )
    assert broken.stdout.count("Failed") == 2, broken.stdout

    (project / "shop" / "api.py").write_text(API.format(comment="").replace("publish", "send"))
    fixed = run()
    assert fixed.returncode == 0, fixed.stdout + fixed.stderr
    assert fixed.stdout.count("Passed") == 2, fixed.stdout

    (project / "shop" / "api.py").write_text(
        API.format(comment="  # buslint: ignore[BUS005] -- until the bus is split")
    )
    suppressed = run()
    assert suppressed.returncode == 0, suppressed.stdout + suppressed.stderr
