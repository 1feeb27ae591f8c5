"""Adopting buslint on existing code: suppressions, the baseline, changed files only, init."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import FIXTURES, invoke, run_cli, write_project

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

COMMANDS = "class Command: ...\nclass PlaceOrder(Command): ...\n"
HANDLERS = (
    "from shop.bus import bus\n"
    "from shop.commands import PlaceOrder\n"
    "@bus.command_handler(PlaceOrder)\n"
    "def place(cmd): ...\n"
)
API = "from shop.commands import PlaceOrder\ndef place(bus):\n    bus.publish(PlaceOrder())\n"
PROJECT = {
    "pyproject.toml": "[tool.buslint]\n",
    "shop/__init__.py": "",
    "shop/bus.py": "bus = object()\n",
    "shop/commands.py": COMMANDS,
    "shop/handlers.py": HANDLERS,
    "shop/api.py": API,
}


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return write_project(tmp_path, PROJECT)


def codes(root: Path, *args: str) -> list[tuple[str, str, int]]:
    code, out, err = invoke(["check", "--format", "json", *args], root)
    assert code in (0, 1), err
    return [(f["code"], f["path"], f["line"]) for f in json.loads(out)]


def prepend(path: Path, text: str) -> None:
    path.write_text(text + path.read_text())


def test_inline_suppression_survives_lines_added_above(project: Path) -> None:
    assert codes(project) == [("BUS005", "shop/api.py", 3)]
    api = project / "shop" / "api.py"
    api.write_text(
        API.replace("PlaceOrder())\n", "PlaceOrder())  # buslint: ignore[BUS005] -- old\n")
    )
    assert codes(project) == []
    prepend(api, "import os\n\n\n# a comment\n")
    assert codes(project) == []
    api.write_text(
        API.replace("    bus.publish", "    # buslint: ignore-next-line[BUS005]\n    bus.publish")
    )
    assert codes(project) == []
    api.write_text("# buslint: ignore-file[BUS005]\n" + API.replace("bus.publish", "bus.send"))
    assert codes(project) == [("BUS016", "shop/api.py", 1)], "the fix leaves the comment unused"


def test_per_file_ignores_and_bad_codes_in_them(project: Path) -> None:
    (project / "pyproject.toml").write_text(
        '[tool.buslint]\nper-file-ignores = { "shop/a*.py" = ["BUS005"] }\n'
    )
    assert codes(project) == []
    (project / "pyproject.toml").write_text(
        '[tool.buslint]\nper-file-ignores = { "x/*" = ["BUS99"] }\n'
    )
    result = run_cli(["check"], cwd=project)
    assert result.returncode == 2
    assert "[tool.buslint] per-file-ignores.x/*: unknown rule code 'BUS99'" in result.stderr


def test_baseline_adoption_path(project: Path) -> None:
    code, out, _ = invoke(["baseline"], project)
    assert code == 0
    assert (
        out
        == f"wrote {project / '.buslint-baseline.json'}: 1 findings in 1 entries (before: 0 findings)\n"
    )
    data = json.loads((project / ".buslint-baseline.json").read_text())
    (entry,) = data["entries"].values()
    assert entry == {
        "rule": "BUS005",
        "path": "shop/api.py",
        "subject": ["message:shop.commands.PlaceOrder", "endpoint:shop.api.place"],
        "message": "command PlaceOrder is broadcast with bus.publish; a command goes point-to-point to its one handler",
        "count": 1,
    }
    assert invoke(["check"], project)[:2] == (
        0,
        "All clear: no findings in 5 files; 1 more in the baseline.\n",
    )

    api = project / "shop" / "api.py"
    api.write_text(
        "import os\n\n\ndef other(bus):\n    pass\n\n\n" + API
    )  # lines above, code moved down
    assert codes(project) == []

    api.write_text(API + "def ship(bus):\n    bus.publish(PlaceOrder())\n")  # a second, new break
    assert codes(project) == [("BUS005", "shop/api.py", 5)]
    assert codes(project, "--no-baseline") == [
        ("BUS005", "shop/api.py", 3),
        ("BUS005", "shop/api.py", 5),
    ]

    api.write_text(API.replace("publish", "send"))  # fixed: the entry is stale
    code, out, _ = invoke(["check"], project)
    assert code == 0
    assert out.splitlines()[1:] == [
        "1 baselined finding no longer occurs (fixed); `buslint baseline --update` drops it:",
        "  BUS005 shop/api.py: command PlaceOrder is broadcast with bus.publish; a command goes"
        " point-to-point to its one handler (x1)",
    ]
    assert invoke(["check", "--baseline-strict"], project)[0] == 1
    code, _, err = invoke(["check", "--format", "json", "--baseline-strict"], project)
    assert code == 1 and "no longer occurs" in err

    api.write_text(
        API + "def ship(bus):\n    bus.publish(PlaceOrder())\n"
    )  # old break and a new one
    assert invoke(["baseline", "--update"], project)[0] == 0
    assert json.loads((project / ".buslint-baseline.json").read_text()) == data, (
        "--update never adds"
    )
    assert codes(project) == [("BUS005", "shop/api.py", 5)]
    api.write_text(API.replace("publish", "send"))
    invoke(["baseline", "--update"], project)
    assert json.loads((project / ".buslint-baseline.json").read_text())["entries"] == {}


def test_baseline_errors(project: Path) -> None:
    result = run_cli(["baseline", "--update"], cwd=project)
    assert result.returncode == 2 and "no baseline to update" in result.stderr
    (project / ".buslint-baseline.json").write_text("[]")
    result = run_cli(["check"], cwd=project)
    assert result.returncode == 2 and "is not a buslint baseline" in result.stderr
    result = run_cli(["check", "--baseline", "missing.json"], cwd=project)
    assert result.returncode == 2 and "missing.json: no such baseline file" in result.stderr


def git(root: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.com", *args],
        cwd=root,
        check=True,
        capture_output=True,
    )


@pytest.fixture
def repo(project: Path) -> Path:
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    git(project, "init", "-q", "-b", "main")
    git(project, "add", "-A")
    git(project, "commit", "-qm", "start")
    return project


def test_diff_reports_only_findings_touching_changed_files(repo: Path) -> None:
    assert codes(repo, "--diff", "HEAD") == [], "nothing changed: the old BUS005 is not reported"
    (repo / "shop" / "more_handlers.py").write_text(
        HANDLERS.replace("def place", "def place_again")
    )
    found = codes(repo, "--diff", "HEAD")
    assert found == [("BUS001", "shop/commands.py", 2)], (
        "a new handler elsewhere breaks the command"
    )
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "second handler")
    assert codes(repo, "--diff", "HEAD") == []
    assert codes(repo, "--diff", "HEAD~1") == [("BUS001", "shop/commands.py", 2)]
    (repo / "shop" / "api.py").write_text(API + "\n")
    assert codes(repo, "--diff", "HEAD") == [("BUS005", "shop/api.py", 3)]
    result = run_cli(["check", "--diff", "no-such-ref"], cwd=repo)
    assert result.returncode == 2 and "git diff --name-only failed" in result.stderr


def test_files_mode_analyses_the_project_and_reports_on_the_files_named(project: Path) -> None:
    (project / "shop" / "more_handlers.py").write_text(
        HANDLERS.replace("def place", "def place_again")
    )
    assert codes(project, "--files", "shop/more_handlers.py") == [("BUS001", "shop/commands.py", 2)]
    assert codes(project, "--files", "shop/api.py") == [("BUS005", "shop/api.py", 3)]
    assert codes(project, "--files", "README.md") == []
    assert codes(project / "shop", "--files", "api.py") == [("BUS005", "shop/api.py", 3)]


def test_init_writes_a_starter_table_with_what_it_found(tmp_path: Path) -> None:
    root = tmp_path / "billing"
    shutil.copytree(FIXTURES / "idioms" / "src_layout", root)
    (root / "pyproject.toml").write_text('[project]\nname = "billing"  # keep me\n')
    code, out, _ = invoke(["init"], root)
    assert code == 0, out
    assert out.startswith("buslint init: added [tool.buslint] to pyproject.toml\n")
    assert (
        "  source roots: src\n    src: `import billing.domain.events` in src/billing/app/handlers.py\n"
        in out
    )
    text = (root / "pyproject.toml").read_text()
    assert text.startswith('[project]\nname = "billing"  # keep me\n\n[tool.buslint]\n')
    table = tomllib.loads(text)["tool"]["buslint"]
    assert table == {"src": ["src"]}
    assert "#   src: `import billing.domain.events` in src/billing/app/handlers.py\n" in text, (
        "why src is a root"
    )
    assert (
        "#   registries:" in text
        or "#   decorators:" in text
        or "#   handler base classes:" in text
    )
    assert invoke(["check", "--exit-zero"], root)[0] == 0, "the written table loads"
    result = run_cli(["init"], cwd=root)
    assert result.returncode == 2 and "already has a [tool.buslint] table" in result.stderr
    assert (root / "pyproject.toml").read_text() == text, "never changed"


def test_init_creates_pyproject_and_reports_idioms(tmp_path: Path) -> None:
    root = write_project(tmp_path, {k: v for k, v in PROJECT.items() if k != "pyproject.toml"})
    code, out, _ = invoke(["init", str(root)], tmp_path)
    assert code == 0
    assert out.splitlines()[:5] == [
        f"buslint init: created {root / 'pyproject.toml'}",
        "  analysed 5 files: 1 command, 1 handler",
        "  source roots: (the project root)",
        "    .: `from shop.commands import …` in shop/api.py",
        "  decorators: @bus.command_handler",
    ]
    assert "  broadcast verbs: bus.publish" in out
    assert tomllib.loads((root / "pyproject.toml").read_text())["tool"]["buslint"] == {"src": []}
