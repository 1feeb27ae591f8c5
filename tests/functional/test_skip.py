"""Skipping files that cannot contribute changes nothing: every fixture, with and without the skip."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from analyzer import app
from analyzer.discover import discover
from analyzer.engine.skip import Scanner, keep
from analyzer.extract.recogniser import load_recognisers
from analyzer.vocabulary import Names
from tests.helpers import FIXTURES, invoke, write_project

PROJECTS = sorted(p.parent for p in FIXTURES.rglob("pyproject.toml"))


def _outputs(root: Path, *extra: str) -> tuple[str, str]:
    code, check, err = invoke(["check", "--format", "json", "--no-cache", *extra], root)
    assert code in (0, 1), err
    code, graph, err = invoke(["graph", "--format", "json", "--no-cache", *extra], root)
    assert code == 0, err
    return check, graph


def _kept(root: Path) -> dict[str, bool]:
    project = app.load_project([root])
    sources = discover(project.paths, project.root, project.config)
    names = Names.from_config(project.config)
    scanner = Scanner.of(names, load_recognisers(), project.config)
    datas = [s.absolute.read_bytes() if s.path.endswith(".py") else None for s in sources]
    kept = keep(scanner, [s.module for s in sources], datas)
    return dict(zip([s.path for s in sources], kept, strict=True))


@pytest.mark.parametrize("project", PROJECTS, ids=lambda p: p.relative_to(FIXTURES).as_posix())
def test_fixture_results_are_identical_with_and_without_the_skip(
    project: Path, tmp_path: Path
) -> None:
    root = tmp_path / project.name
    shutil.copytree(project, root, symlinks=True, ignore=shutil.ignore_patterns(".buslint_cache"))
    assert _outputs(root) == _outputs(root, "--no-skip")


TRICKY = {
    "pyproject.toml": "[tool.buslint]\n",
    "app/__init__.py": "from app.helpers import plain_reader as reexported\n",
    "app/messages/__init__.py": "",
    "app/messages/base.py": "class Event:\n    pass\n",
    # No messaging word: derives from a message base defined elsewhere (a message by ancestry).
    "app/things.py": "from app.messages.base import Event\n\n\nclass Shipped(Event):\n    ref: str\n",
    # No messaging word: a subclass of a subclass, two files away from the base.
    "app/more.py": "from app.things import Shipped\n\n\nclass Returned(Shipped):\n    why: str\n",
    # No messaging word: a function another file registers, and a channel name constant.
    "app/helpers.py": "TOPIC = 'orders'\n\n\ndef plain_reader(e):\n    return e.ref\n",
    "app/wiring.py": (
        "from app.helpers import plain_reader, TOPIC\n"
        "from app.things import Shipped\n"
        "from app.bus import bus\n\n"
        "EVENT_HANDLERS = {Shipped: [plain_reader]}\n\n\n"
        "def go(ref):\n    bus.publish(Shipped(ref))\n"
    ),
    "app/bus.py": "class Bus:\n    def publish(self, e): ...\n\n\nbus = Bus()\n",
    # No messaging word: a relative import of a package that re-exports a message base.
    "app/lib/__init__.py": "from app.messages.base import Event as Root\n",
    "app/lib/relative.py": "from . import Root\n\n\nclass Voided(Root):\n    pass\n",
    # Nothing referring to anything: these are skipped.
    "app/util/__init__.py": "",
    "app/util/maths.py": "import math\n\n\nclass Area:\n    radius: float\n\n\n"
    "def area(r):\n    return math.pi * r * r\n",
    "app/util/broken.py": "def broken(:\n    pass\n",
}


def test_skipped_files_that_others_use_are_extracted(tmp_path: Path) -> None:
    root = write_project(tmp_path / "tricky", TRICKY)
    kept = _kept(root)
    assert kept["app/things.py"] and kept["app/more.py"], "subclasses of messages"
    assert kept["app/helpers.py"] and kept["app/__init__.py"], "definitions used elsewhere"
    assert kept["app/lib/relative.py"], "relative import of a package that defines a base"
    assert not kept["app/util/maths.py"] and not kept["app/util/broken.py"]
    with_skip, without = _outputs(root), _outputs(root, "--no-skip")
    assert with_skip == without
    for message in ("app.more.Returned", "app.lib.relative.Voided"):
        assert message in with_skip[1]
    assert "syntax error" in with_skip[0] and "plain_reader" in with_skip[1]


def test_cached_results_follow_the_skip_when_another_file_changes(tmp_path: Path) -> None:
    root = write_project(tmp_path / "tricky", TRICKY)
    code, first, _ = invoke(["graph", "--format", "json"], root)
    assert code == 0 and "radius" not in first
    # maths.py was skipped (and cached so); now a new message derives from a class in it, so
    # the unchanged maths.py must be read after all.
    (root / "app/messages/measured.py").write_text(
        "from app.messages.base import Event\nfrom app.util.maths import Area\n\n\n"
        "class Measured(Event, Area):\n    pass\n",
        encoding="utf-8",
    )
    cached = invoke(["graph", "--format", "json"], root)
    uncached = invoke(["graph", "--format", "json", "--no-cache", "--no-skip"], root)
    assert cached == uncached and "radius" in cached[1]


def test_a_changed_file_is_scanned_again_and_what_it_now_names_is_parsed(tmp_path: Path) -> None:
    """The byte scans of unchanged files are reused from the cache; the skip decision is still
    the one a fresh run makes: a file skipped before is parsed once another file uses it."""
    root = write_project(
        tmp_path,
        {
            "pyproject.toml": "[tool.buslint]\n",
            "app/__init__.py": "",
            "app/events.py": "class Event:\n    pass\n\n\nclass Shipped(Event):\n    ref: str\n",
            "app/util.py": "def note(e):\n    return e.ref\n",
            "app/wiring.py": "from app.events import Shipped\n\nbus.subscribe(Shipped, print)\n",
        },
    )
    assert not _kept(root)["app/util.py"]
    code, before, err = invoke(["graph", "--format", "json"], root)
    assert code == 0, err
    (root / "app/wiring.py").write_text(
        "from app.events import Shipped\nfrom app.util import note\n\nbus.subscribe(Shipped, note)\n"
    )
    code, cached, err = invoke(["graph", "--format", "json"], root)
    assert code == 0, err
    assert "app.util.note" in cached and "app.util.note" not in before
    assert cached == _outputs(root)[1]


def test_cached_runs_agree_with_uncached_ones_when_files_are_skipped(tmp_path: Path) -> None:
    """Skipped files come from the cache as a plan (their facts are only their names) or, when
    they do not compile, are extracted for their BUS000: cold, warm and uncached runs agree."""
    root = write_project(
        tmp_path,
        {
            "pyproject.toml": "[tool.buslint]\n",
            "app/__init__.py": "",
            "app/events.py": "class Event:\n    pass\n\n\nclass Shipped(Event):\n    ref: str\n",
            "app/wiring.py": "from app.events import Shipped\n\nbus.subscribe(Shipped, print)\n",
            "app/plain.py": "def tidy(x):\n    return x\n",
            "app/broken.py": "def tidy(x:\n    return x\n",
        },
    )
    assert not _kept(root)["app/plain.py"]
    runs = []
    for extra in ((), (), ("--no-cache",)):
        code, out, err = invoke(["check", "--format", "json", *extra], root)
        assert code == 1, err
        runs.append(out)
    assert runs[0] == runs[1] == runs[2]
    assert '"BUS000"' in runs[0] and "app/broken.py" in runs[0]
