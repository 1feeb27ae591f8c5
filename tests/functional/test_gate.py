"""`buslint check` as a CI gate: formats end to end, exit codes, colours, output file, statistics."""

from __future__ import annotations

import json
import os
import pty
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import FIXTURES, ROOT, invoke, run_cli, write_project

SCHEMA = ROOT.parent / "shared" / "schemas" / "sarif-schema-2.1.0.json"

SMALL = {
    "pyproject.toml": "[tool.buslint]\n",
    "shop/__init__.py": "",
    "shop/commands.py": "class Command: ...\nclass PlaceOrder(Command): ...\n",
    "shop/events.py": "class Event: ...\nclass OrderPlaced(Event): ...\n",
    "shop/api.py": (
        "from shop.commands import PlaceOrder\n"
        "from shop.events import OrderPlaced\n"
        "def place(bus):\n"
        "    bus.publish(PlaceOrder())\n"
        "    bus.send(OrderPlaced())\n"
    ),
}


@pytest.fixture
def small(tmp_path: Path) -> Path:
    return write_project(tmp_path, SMALL)


@pytest.fixture
def shop(tmp_path: Path) -> Path:
    target = tmp_path / "shop"
    shutil.copytree(FIXTURES / "shop", target)
    return target


@pytest.mark.skipif(not SCHEMA.is_file(), reason=f"the SARIF schema is not at {SCHEMA}")
def test_sarif_of_the_example_project_is_valid(shop: Path) -> None:
    import jsonschema

    code, out, _ = invoke(["check", "--output-format", "sarif"], shop)
    assert code == 1
    document = json.loads(out)
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    assert list(jsonschema.Draft4Validator(schema).iter_errors(document)) == []
    results = document["runs"][0]["results"]
    expected = json.loads(invoke(["check", "--format", "json"], shop)[1])
    assert len(results) == len(expected)
    assert any("relatedLocations" in r for r in results)
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in results}
    assert uris == {f["path"] for f in expected}, "outside git, paths stay project-relative"


def test_every_format_through_the_cli(small: Path) -> None:
    for name in (
        "full",
        "concise",
        "text",
        "json",
        "json-lines",
        "sarif",
        "github",
        "gitlab",
        "junit",
        "pylint",
    ):
        code, out, err = invoke(["check", "--format", name], small)
        assert code == 1, (name, err)
        assert "PlaceOrder" in out, name
    lines = invoke(["check", "--format", "github"], small)[1].splitlines()
    assert lines[0].startswith("::error file=shop/api.py,line=4,col=5,")
    assert lines[2].startswith("::warning file=shop/api.py,line=5,col=5,")


def test_paths_are_repository_relative_for_ci_formats(tmp_path: Path) -> None:
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    project = write_project(tmp_path / "services" / "shop", SMALL)
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    sarif = json.loads(invoke(["check", "--format", "sarif"], project)[1])
    uri = sarif["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"][
        "uri"
    ]
    assert uri == "services/shop/shop/api.py"
    gitlab = json.loads(invoke(["check", "--format", "gitlab"], project)[1])
    assert gitlab[0]["location"]["path"] == "services/shop/shop/api.py"
    assert "file=services/shop/shop/api.py," in invoke(["check", "--format", "github"], project)[1]
    assert json.loads(invoke(["check", "--format", "json"], project)[1])[0]["path"] == "shop/api.py"


def test_fail_on_and_exit_zero(small: Path) -> None:
    assert invoke(["check", "--fail-on", "error"], small)[0] == 1
    warnings_only = ["check", "--select", "BUS006"]
    assert invoke(warnings_only, small)[0] == 1
    assert invoke([*warnings_only, "--fail-on", "warning"], small)[0] == 1
    assert invoke([*warnings_only, "--fail-on", "error"], small)[0] == 0
    assert invoke(["check", "--exit-zero"], small)[0] == 0
    result = run_cli(["check", "--fail-on", "fatal"], cwd=small)
    assert result.returncode == 2 and "--fail-on" in result.stderr


def test_output_file_statistics_quiet_and_verbose(small: Path) -> None:
    code, out, _ = invoke(["check", "--format", "sarif", "-o", "report.sarif"], small)
    assert code == 1 and out == ""
    assert json.loads((small / "report.sarif").read_text())["version"] == "2.1.0"
    code, out, _ = invoke(["check", "--statistics"], small)
    assert out == (
        "1  BUS002  command-without-handler (error)\n"
        "1  BUS005  command-broadcast (error)\n"
        "1  BUS006  event-sent-point-to-point (warning)\n"
        "Found 3 findings (2 errors, 1 warning) in 4 files.\n"
    )
    quiet = invoke(["check", "-q"], small)[1]
    assert quiet.count("\n") == 3 and "Found" not in quiet
    code, _, err = invoke(["check", "-v"], small)
    assert f"buslint: root: {small.resolve()}" in err
    assert "buslint: files analysed: 4" in err


def _on_a_terminal(args: list[str], cwd: Path, env: dict[str, str]) -> str:
    """Run the CLI with standard output on a pseudo-terminal, as a person at a shell would."""
    leader, follower = pty.openpty()
    clean = {
        k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR", "PRE_COMMIT")
    }
    proc = subprocess.Popen(
        [sys.executable, "-m", "analyzer", *args],
        cwd=cwd,
        stdout=follower,
        stderr=subprocess.DEVNULL,
        env={**clean, **env, "COLUMNS": "200"},
    )
    os.close(follower)
    chunks = []
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:
            break
        if not chunk:
            break
        chunks.append(chunk)
    proc.wait(timeout=120)
    os.close(leader)
    return b"".join(chunks).decode().replace("\r\n", "\n")


def test_terminal_gets_full_output_in_colour_and_pre_commit_gets_concise(small: Path) -> None:
    out = _on_a_terminal(["check"], small, {})
    assert "\x1b[31m\x1b[1merror[BUS002]\x1b[0m" in out and "^^^" in out
    plain = _on_a_terminal(["check"], small, {"NO_COLOR": "1"})
    assert "\x1b[" not in plain
    assert "    bus.publish(PlaceOrder())" in plain and "error[BUS005]" in plain
    hooked = _on_a_terminal(["check"], small, {"PRE_COMMIT": "1"})
    assert "\x1b[" not in hooked
    assert hooked.splitlines()[0].startswith("shop/api.py:4:5: BUS002 ")
    piped = run_cli(["check", "--format", "full"], cwd=small, env={"FORCE_COLOR": "1"})
    assert "\x1b[" in piped.stdout
    assert "\x1b[" not in run_cli(["check", "--format", "full"], cwd=small).stdout


def test_verbose_names_each_import_root_and_why(tmp_path: Path) -> None:
    root = shutil.copytree(FIXTURES / "layouts" / "services_with_src", tmp_path / "services")
    err = invoke(["check", "-v"], root)[2]
    assert (
        "buslint: import root services/orders/src: "
        "`from app.messages import …` in services/orders/src/app/api.py\n"
    ) in err
    assert "buslint: import root services/billing/src: " in err
    bare = write_project(tmp_path / "bare", {"pyproject.toml": "[tool.buslint]\n", "a.py": ""})
    assert "buslint: import roots: none found" in invoke(["check", "-v"], bare)[2]
