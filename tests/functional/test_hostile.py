"""Hostile input: the run always finishes, with a clear BUS000 for what it cannot read and correct
findings for everything else; a bug in one file is an internal error that exits 2."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from analyzer import __version__
from analyzer.config import Config
from analyzer.discover import SourceFile
from analyzer.engine.parallel import extract_all
from analyzer.extract.recogniser import load_recognisers
from analyzer.vocabulary import Names
from tests.helpers import (
    FIXTURES,
    ROOT,
    install_recogniser,
    marks,
    reported,
    run_cli,
    write_project,
)

BREAK = "from app.messages import ShipOrder\ndef f(bus):\n    bus.publish(ShipOrder('1'))\n"


@pytest.fixture
def hostile(tmp_path: Path) -> Path:
    root = tmp_path / "hostile"
    shutil.copytree(FIXTURES / "hostile", root)
    return root


def _findings(root: Path, *args: str, env: dict[str, str] | None = None) -> list[dict[str, object]]:
    result = run_cli(["check", "--format", "json", "--no-cache", *args], cwd=root, env=env)
    assert result.returncode in (0, 1), result.stderr
    findings: list[dict[str, object]] = json.loads(result.stdout)
    return findings


def _messages(findings: list[dict[str, object]]) -> dict[str, str]:
    return {str(f["path"]): str(f["message"]) for f in findings if f["code"] == "BUS000"}


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_generated_hostile_files_end_as_findings_and_the_rest_is_analysed(
    hostile: Path, jobs: str
) -> None:
    app = hostile / "app"
    (app / "deep_parens.py").write_text("x = " + "(" * 5000 + "1" + ")" * 5000 + "\n")
    (app / "long_chain.py").write_text("x = " + " + ".join(["1"] * 10_000) + "\n")
    (app / "chain_1000.py").write_text("x = " + " + ".join(["1"] * 1_000) + "\n")
    (app / "one_long_line.py").write_text('DATA = "' + "x" * 1_050_000 + '"\n' + BREAK)
    with (app / "generated_20mb.py").open("w") as big:
        for index in range(400_000):
            big.write(f"VALUE_{index} = {index!r} * 2 + {index % 7}  # generated\n")
    with (app / "generated_handlers.py").open("w") as big:  # messaging words: must be parsed
        for index in range(200_000):
            big.write(f"def on_event_{index}(event): bus.publish(event)  # generated\n")
    (app / "binary.py").write_bytes(bytes(range(256)) * 64)
    os.symlink("loop_b.py", app / "loop_a.py")
    os.symlink("loop_a.py", app / "loop_b.py")
    os.symlink(".", app / "loop_dir")
    findings = _findings(hostile, "--jobs", jobs)
    problems = _messages(findings)
    for name in ("deep_parens.py", "long_chain.py", "chain_1000.py"):
        assert problems[f"app/{name}"].startswith("cannot analyse this file: too deeply nested")
    assert "app/generated_20mb.py" not in problems, "a large file that cannot contribute"
    costly = problems["app/generated_handlers.py"]
    assert "is too costly to parse: 11.9 MB of source would need about 0.7 GB" in costly
    assert "files that may hold messaging are parsed up to 10 MB" in costly
    assert "app/one_long_line.py" not in problems, "a long line is parsed (in a process of its own)"
    assert "NUL byte" in problems["app/binary.py"]
    assert "Too many levels of symbolic links" in problems["app/loop_a.py"]
    expected = marks(hostile) | {
        ("app/one_long_line.py", 4, "BUS005"),
        *((f"app/{n}", 1, "BUS000") for n in ("deep_parens.py", "long_chain.py", "chain_1000.py")),
        ("app/generated_handlers.py", 1, "BUS000"),
        ("app/binary.py", 1, "BUS000"),
        ("app/loop_a.py", 1, "BUS000"),
        ("app/loop_b.py", 1, "BUS000"),
    }
    assert reported(findings) == expected


def test_symlinks_out_of_the_tree_are_followed_only_when_asked(
    hostile: Path, tmp_path: Path
) -> None:
    outside = write_project(tmp_path / "elsewhere", {"outside.py": BREAK})
    os.symlink(outside / "outside.py", hostile / "app" / "linked_from_outside.py")
    assert "app/linked_from_outside.py" not in {f["path"] for f in _findings(hostile)}
    config = hostile / "pyproject.toml"
    config.write_text(config.read_text() + "follow-symlinks = true\n")
    linked = [f for f in _findings(hostile) if f["path"] == "app/linked_from_outside.py"]
    assert [f["code"] for f in linked] == ["BUS005"]


@pytest.fixture
def shared_copy() -> Iterator[Path]:
    """A copy that another user can read (pytest's temporary folders are private to root)."""
    folder = Path(tempfile.mkdtemp(prefix="buslint-hostile-"))
    folder.chmod(0o755)
    try:
        shutil.copytree(FIXTURES / "hostile", folder / "hostile")
        for path in [folder / "hostile", *(folder / "hostile").rglob("*")]:
            path.chmod(0o755 if path.is_dir() else 0o644)
        yield folder / "hostile"
    finally:
        shutil.rmtree(folder)


AS_NOBODY = pytest.mark.skipif(
    os.geteuid() != 0 or not shutil.which("setpriv"), reason="needs root and setpriv"
)


def _check_as_nobody(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """`buslint check --format json` run as user nobody, who cannot bypass file permissions."""
    command = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]
    command += [sys.executable, "-m", "analyzer", "check", "--format", "json", *args]
    env = {**os.environ, "PYTHONPATH": str(ROOT), "HOME": "/tmp"}
    return subprocess.run(command, cwd=root, capture_output=True, text=True, env=env)


@AS_NOBODY
def test_an_unreadable_file_is_a_finding(shared_copy: Path) -> None:
    secret = shared_copy / "app" / "secret.py"
    secret.write_text(BREAK)
    secret.chmod(0o000)
    done = _check_as_nobody(shared_copy, "--no-cache")
    assert done.returncode == 1, done.stderr
    problems = _messages(json.loads(done.stdout))
    assert (
        problems["app/secret.py"] == "cannot analyse this file: cannot be read: Permission denied"
    )


def test_a_file_deleted_during_the_run_is_a_finding(tmp_path: Path) -> None:
    gone = tmp_path / "gone.py"
    source = SourceFile("gone.py", gone, "gone", False)
    (facts,) = extract_all([source], Names.from_config(Config()), load_recognisers())
    assert facts.problem is not None
    assert facts.problem.message == "disappeared during the run"


def test_a_bug_while_extracting_one_file_is_an_internal_error_exiting_2(
    hostile: Path, tmp_path: Path
) -> None:
    site = install_recogniser(
        tmp_path / "site",
        "boom",
        "KABOOM",
        "raise ZeroDivisionError('the plugin divided by zero')",
    )
    (hostile / "app" / "trigger.py").write_text("KABOOM = print('x')\n")
    env = {"PYTHONPATH": os.pathsep.join([str(site), str(ROOT)])}
    done = run_cli(["check", "--no-cache", "--format", "concise", "-v"], cwd=hostile, env=env)
    assert done.returncode == 2
    assert "app/utf8_bom.py:5:5: BUS005" in done.stdout, "everything else is still reported"
    message = (
        f"internal error in buslint {__version__} while analysing this file: "
        "ZeroDivisionError: the plugin divided by zero; please report it"
    )
    assert f"app/trigger.py:1:1: BUS000 cannot analyse this file: {message}" in done.stdout
    assert f"buslint: internal error: app/trigger.py: {message}" in done.stderr
    assert "Traceback (most recent call last)" in done.stderr


COMMANDS_THAT_ANALYSE = {
    "graph": (["graph", "--no-cache", "--format", "json"], '"schema"'),
    "explain": (["explain", "ShipOrder"], "ShipOrder — command app.messages.ShipOrder"),
    "flow": (["flow", "ShipOrder"], "ShipOrder (command)"),
    "diff": (["diff", "HEAD"], "No change to the message graph"),
    "baseline": (["baseline"], "wrote "),
}


@pytest.mark.parametrize("command", sorted(COMMANDS_THAT_ANALYSE))
def test_every_command_that_analyses_exits_2_after_its_output_on_an_internal_error(
    hostile: Path, tmp_path: Path, command: str
) -> None:
    args, output = COMMANDS_THAT_ANALYSE[command]
    site = install_recogniser(
        tmp_path / "site", "boom", "KABOOM", "raise ZeroDivisionError('the plugin divided by zero')"
    )
    (hostile / "app" / "trigger.py").write_text("KABOOM = print('x')\n")
    if command == "diff":
        if shutil.which("git") is None:
            pytest.skip("git is not installed")
        for git in (["init", "-q"], ["add", "-A"], ["commit", "-qm", "hostile"]):
            subprocess.run(
                ["git", "-c", "user.name=t", "-c", "user.email=t@t", *git], cwd=hostile, check=True
            )
    env = {"PYTHONPATH": os.pathsep.join([str(site), str(ROOT)])}
    done = run_cli(args, cwd=hostile, env=env)
    assert done.returncode == 2, done.stderr
    assert output in done.stdout, "the command's output is still printed"
    message = (
        f"internal error in buslint {__version__} while analysing this file: "
        "ZeroDivisionError: the plugin divided by zero; please report it"
    )
    assert f"buslint: internal error: app/trigger.py: {message}" in done.stderr.splitlines()
    assert done.stderr.count("buslint: internal error:") == 1
    assert "Traceback" not in done.stderr, "the traceback is for check -v"


def test_a_worker_that_dies_takes_only_its_file_down(hostile: Path, tmp_path: Path) -> None:
    site = install_recogniser(
        tmp_path / "site", "crash", "SEGFAULT_HERE", "os.kill(os.getpid(), signal.SIGSEGV)"
    )
    (hostile / "app" / "native_crash.py").write_text("SEGFAULT_HERE = print('x')\n")
    (hostile / "app" / "padding.py").write_text("handler_pad = 1\n" * 60_000)  # enough for workers
    env = {"PYTHONPATH": os.pathsep.join([str(site), str(ROOT)])}
    findings = _findings(hostile, "--jobs", "2", env=env)
    assert _messages(findings)["app/native_crash.py"] == (
        "cannot analyse this file: the process analysing this file crashed (a native crash in"
        " the parser or in a recogniser); nothing else was affected"
    )
    assert ("app/utf8_bom.py", 5, "BUS005") in reported(findings)


@AS_NOBODY
def test_a_read_only_tree_is_analysed_normally_and_left_untouched(shared_copy: Path) -> None:
    for path in [shared_copy, *shared_copy.rglob("*")]:
        path.chmod(0o555 if path.is_dir() else 0o444)
    before = {p: p.stat().st_mtime_ns for p in shared_copy.rglob("*")}
    done = _check_as_nobody(shared_copy)
    assert done.returncode == 1, done.stderr
    assert reported(json.loads(done.stdout)) == marks(shared_copy)
    assert {p: p.stat().st_mtime_ns for p in shared_copy.rglob("*")} == before
    assert not (shared_copy / ".buslint_cache").exists()
