"""The cache and the worker processes change nothing but speed; crashes of the parser are contained."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from analyzer import app
from analyzer.config import Config
from analyzer.discover import discover
from analyzer.engine.cache import FactsCache
from analyzer.engine.parallel import extract_all
from analyzer.extract.recogniser import load_recognisers
from analyzer.report.progress import ProgressBar, wanted
from analyzer.vocabulary import Names
from tests.helpers import FIXTURES, ROOT, run_cli

NAMES = Names.from_config(Config())


@pytest.fixture
def shop(tmp_path: Path) -> Path:
    target = tmp_path / "shop"
    shutil.copytree(FIXTURES / "shop", target, ignore=shutil.ignore_patterns(".buslint_cache"))
    return target


def _check(root: Path, *extra: str) -> str:
    result = run_cli(["check", "--format", "json", *extra], cwd=root)
    assert result.returncode in (0, 1), result.stderr
    return result.stdout


def test_cold_warm_and_uncached_runs_agree(shop: Path) -> None:
    uncached = _check(shop, "--no-cache")
    assert not (shop / ".buslint_cache").exists(), "--no-cache wrote a cache"
    cold = _check(shop)
    warm = _check(shop)
    assert uncached == cold == warm
    cache = shop / ".buslint_cache"
    assert (
        (cache / "CACHEDIR.TAG")
        .read_text()
        .startswith("Signature: 8a477f597d28d172789f06886806bc55")
    )
    assert (cache / ".gitignore").read_text().splitlines()[-1] == "*"
    project = app.load_project([shop])
    analysed = discover(project.paths, project.root, project.config)
    assert len(list((cache / "v1").rglob("*.json"))) == len(analysed)


def test_corrupt_truncated_and_foreign_entries_are_ignored(shop: Path) -> None:
    expected = _check(shop)
    entries = sorted((shop / ".buslint_cache" / "v1").rglob("*.json"))
    entries[0].write_bytes(b"\x00garbage")
    entries[1].write_bytes(entries[1].read_bytes()[:20])
    entries[2].write_text('{"path": "elsewhere.py", "module": "x", "is_package": false}')
    assert _check(shop) == expected
    assert _check(shop) == expected


def test_an_unwritable_cache_is_only_slower(shop: Path, tmp_path: Path) -> None:
    blocked = tmp_path / "blocked"
    blocked.write_text("a file where the cache's parent folder should be")
    expected = _check(shop, "--no-cache")
    assert _check(shop, "--cache-dir", str(blocked / "cache")) == expected


def test_cache_dir_and_clean(shop: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "cache"
    _check(shop, "--cache-dir", str(elsewhere))
    assert (elsewhere / "CACHEDIR.TAG").is_file() and not (shop / ".buslint_cache").exists()
    result = run_cli(["clean", "--cache-dir", str(elsewhere)], cwd=shop)
    assert result.returncode == 0 and not elsewhere.exists()
    (tmp_path / "precious").mkdir()
    result = run_cli(["clean", "--cache-dir", str(tmp_path / "precious")], cwd=shop)
    assert (tmp_path / "precious").is_dir(), "clean removed a folder buslint did not create"


def test_worker_processes_give_the_same_facts_in_the_same_order(shop: Path) -> None:
    project = app.load_project([shop])
    sources = discover(project.paths, project.root, project.config)
    recognisers = load_recognisers()
    one = extract_all(sources, NAMES, recognisers, jobs=1)
    two = extract_all(sources, NAMES, recognisers, jobs=2, min_parallel_bytes=0)
    assert one == two
    cache = FactsCache(shop / ".cache", "salt")
    assert extract_all(sources, NAMES, recognisers, cache, jobs=2, min_parallel_bytes=0) == one
    assert extract_all(sources, NAMES, recognisers, cache, jobs=2, min_parallel_bytes=0) == one
    assert FactsCache(shop / ".cache", "other salt").get(cache.key(b"", "a", "a", False)) is None


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_inputs_that_crash_the_native_parser_become_findings(shop: Path, jobs: str) -> None:
    (shop / "deep.py").write_text("x = " + "(" * 5000 + "1" + ")" * 5000 + "\n")
    (shop / "chain.py").write_text("x = " + " + ".join(["1"] * 10_000) + "\n")
    (shop / "chain_1k.py").write_text("x = " + " + ".join(["1"] * 1_000) + "\n")
    out = run_cli(["check", "--no-cache", "-j", jobs], cwd=shop).stdout
    for name in ("deep.py", "chain.py", "chain_1k.py"):
        assert f"{name}:1:1: BUS000 cannot analyse this file: too deeply nested" in out
    assert "BUS001 command ProcessPayment has 2 handlers" in out, "the rest was not analysed"


def test_two_runs_at_once_share_the_cache(shop: Path) -> None:
    expected = _check(shop, "--no-cache")
    command = [sys.executable, "-m", "analyzer", "check", "--format", "json"]
    runs = [
        subprocess.Popen(command, cwd=shop, stdout=subprocess.PIPE, text=True) for _ in range(3)
    ]
    outputs = [run.communicate(timeout=120)[0] for run in runs]
    assert outputs == [expected] * 3
    assert _check(shop) == expected


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_bar_only_for_people_at_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    assert not wanted(machine_format=False, stream=io.StringIO()), "not a terminal"
    stream = _Terminal()
    bar = ProgressBar(stream)
    bar(1, 10)
    assert stream.getvalue() == "", "drawn before a second had passed"
    bar.started -= 2
    bar(5, 10)
    assert "analysing  [###############---------------]  5/10" in stream.getvalue()
    bar.close()
    assert stream.getvalue().endswith("\n")


def test_checkout_has_no_cache_committed() -> None:
    assert not (ROOT / "fixtures" / "shop" / ".buslint_cache").exists() or (
        ROOT / ".gitignore"
    ).read_text().count(".buslint_cache")


def test_a_run_served_by_the_cache_never_loads_the_parser(shop: Path) -> None:
    """Nothing to parse, nothing to scan: neither libcst nor the recognisers are imported."""
    probe = (
        "import sys\n"
        "from analyzer.cli import main\n"
        "try:\n"
        "    main(['check', '--format', 'json', '-o', 'out.json'])\n"
        "except SystemExit:\n"
        "    pass\n"
        "print(sorted(m for m in sys.modules if m == 'libcst' or m.startswith('analyzer.extract.')))\n"
    )
    run = [sys.executable, "-c", probe]
    cold = subprocess.run(run, cwd=shop, capture_output=True, text=True, timeout=120)
    assert "'libcst'" in cold.stdout, cold.stderr
    warm = subprocess.run(run, cwd=shop, capture_output=True, text=True, timeout=120)
    assert "libcst" not in warm.stdout and "celery" not in warm.stdout, warm.stdout + warm.stderr


def test_entries_unused_for_an_hour_are_pruned_by_the_next_run_that_adds_some(shop: Path) -> None:
    """At most once an hour: the cold run just pruned, so the last prune is made two hours old."""
    _check(shop)
    entries = shop / ".buslint_cache" / "v1"
    stale, recent = entries / "ab" / ("ab" + "0" * 62 + ".json"), entries / "cd" / "cd-x.json"
    for entry in (stale, recent):
        entry.parent.mkdir(exist_ok=True)
        entry.write_text("{}")
    two_hours_ago = time.time() - 7200
    os.utime(stale, (two_hours_ago, two_hours_ago))
    os.utime(entries / ".pruned", (two_hours_ago, two_hours_ago))
    _check(shop)  # nothing changed: nothing written, nothing listed
    assert stale.exists() and recent.exists()
    edited = shop / "shop" / "payments" / "handlers.py"
    edited.write_text(edited.read_text() + "\n# edited\n")
    _check(shop)
    assert not stale.exists() and recent.exists()
    stale.write_text("{}")
    os.utime(stale, (two_hours_ago, two_hours_ago))
    edited.write_text(edited.read_text() + "\n# edited again\n")
    _check(shop)
    assert stale.exists(), "pruned twice within the hour"
