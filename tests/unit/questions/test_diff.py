"""`buslint diff`: the change to the graph between git revisions, in a real temporary repository."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.helpers import invoke, write_project

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

BEFORE = {
    "pyproject.toml": "[tool.buslint]\n",
    "shop/__init__.py": "",
    "shop/commands.py": "class Command: ...\nclass PlaceOrder(Command): ...\n",
    "shop/events.py": "class Event: ...\nclass OrderPlaced(Event): ...\nclass StockLow(Event): ...\n",
    "shop/handlers.py": (
        "from shop.commands import PlaceOrder\n"
        "from shop.events import OrderPlaced, StockLow\n"
        "def place(cmd, bus):\n"
        "    bus.publish(OrderPlaced())\n"
        "def email(event): ...\n"
        "def restock(event): ...\n"
        "COMMAND_HANDLERS = {PlaceOrder: place}\n"
        "EVENT_HANDLERS = {OrderPlaced: [email], StockLow: [restock]}\n"
    ),
}
AFTER = {
    **BEFORE,
    "shop/commands.py": (
        "class Command: ...\nclass PlaceOrder(Command): ...\nclass StockLow(Command): ...\n"
    ),
    "shop/events.py": "class Event: ...\nclass OrderPlaced(Event): ...\n",
    "shop/handlers.py": (
        "from shop.commands import PlaceOrder, StockLow\n"
        "from shop.events import OrderPlaced\n"
        "def place(cmd, bus):\n"
        "    bus.send(StockLow())\n"
        "def email(event): ...\n"
        "def restock(cmd): ...\n"
        "COMMAND_HANDLERS = {PlaceOrder: place, StockLow: restock}\n"
        "EVENT_HANDLERS = {OrderPlaced: []}\n"
    ),
}


def git(root: Path, *args: str) -> None:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.com",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.com",
        "GIT_CONFIG_GLOBAL": os.devnull,
    }
    subprocess.run(["git", *args], cwd=root, check=True, capture_output=True, env=env)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    write_project(root, BEFORE)
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "before")
    write_project(root, AFTER)
    (root / "shop" / "events.py").write_text(AFTER["shop/events.py"])
    git(root, "commit", "-q", "-am", "after")
    return root


def test_diff_between_two_revisions(repo: Path) -> None:
    code, out, err = invoke(["diff", "HEAD~1", "HEAD"], repo)
    assert code == 0, err
    assert out == (
        "Message graph changes between HEAD~1 and HEAD: 3 added, 4 removed.\n"
        "\n"
        "Messages\n"
        "  + shop.commands.StockLow (command)\n"
        "  - shop.events.StockLow (event)\n"
        "\n"
        "Handlers\n"
        "  - shop.events.OrderPlaced → shop.handlers.email (subscribes)\n"
        "  + shop.commands.StockLow → shop.handlers.restock (handles)\n"
        "  - shop.events.StockLow → shop.handlers.restock (subscribes)\n"
        "\n"
        "Flows\n"
        "  - shop.handlers.place emits shop.events.OrderPlaced\n"
        "  + shop.handlers.place sends shop.commands.StockLow\n"
    )


def test_rekinded_and_working_tree(repo: Path) -> None:
    (repo / "shop" / "commands.py").write_text(
        "class Command: ...\nclass PlaceOrder(Command): ...\n"
    )
    (repo / "shop" / "events.py").write_text(
        "class Event: ...\nclass OrderPlaced(Event): ...\nclass StockLow(Event): ...\n"
    )
    (repo / "shop" / "handlers.py").write_text(
        BEFORE["shop/handlers.py"].replace("bus.publish(OrderPlaced())", "bus.publish(StockLow())")
    )
    code, out, _ = invoke(["diff", "HEAD"], repo)
    assert code == 0
    assert out.startswith("Message graph changes between HEAD and working tree:")
    code, out, _ = invoke(["diff", "HEAD~1"], repo)
    assert out == (
        "Message graph changes between HEAD~1 and working tree: 1 added, 1 removed.\n"
        "\n"
        "Flows\n"
        "  - shop.handlers.place emits shop.events.OrderPlaced\n"
        "  + shop.handlers.place emits shop.events.StockLow\n"
    )
    (repo / "shop" / "events.py").write_text(
        "class Event: ...\nclass OrderPlaced(Event): ...\nclass Command: ...\n"
        "class StockLow(Command): ...\n"
    )
    code, out, _ = invoke(["diff", "HEAD~1", "--format", "markdown"], repo)
    assert "| re-kinded | `shop.events.StockLow` | event → command |" in out
    code, out, _ = invoke(["diff", "HEAD~1", "--format", "mermaid"], repo)
    assert out.startswith("flowchart LR\n")
    assert '(["StockLow (event → command)"]):::rekinded' in out


def test_no_change(repo: Path) -> None:
    code, out, _ = invoke(["diff", "HEAD"], repo)
    assert (code, out) == (0, "No change to the message graph between HEAD and working tree.\n")


def test_unknown_revision_and_no_repository(repo: Path, tmp_path: Path) -> None:
    code, _, err = invoke(["diff", "no-such-branch"], repo)
    assert code == 2
    assert err == "buslint: error: no-such-branch: unknown revision (no commit by that name)\n"
    outside = write_project(tmp_path / "plain", {"app.py": ""})
    code, _, err = invoke(["diff", "HEAD"], outside)
    assert code == 2
    assert "not a git repository" in err.lower()
