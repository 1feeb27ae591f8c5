"""A third-party recogniser, installed as a distribution with an entry point, runs with the built-ins.

The recogniser is the README's example, taken from the README itself, so the documentation
cannot go stale. It is "installed" the way pip leaves a package on disk — the module and a
``.dist-info`` folder with ``entry_points.txt`` — on a folder put on ``PYTHONPATH``, so the real
CLI finds it through ``importlib.metadata.entry_points`` like any installed plugin.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

if sys.version_info >= (3, 11):
    import tomllib
else:
    import tomli as tomllib

from tests.helpers import ROOT, reported, run_cli, write_project

MARKER = "<!-- example: third-party recogniser"

PROJECT = {
    "pyproject.toml": "[tool.buslint]\n",
    "media/__init__.py": "",
    "media/consumers.py": (
        "import jobs\n"
        "\n"
        '@jobs.consumer("resize")\n'
        "def resize(job): ...\n"
        "\n"
        '@jobs.consumer("resize")\n'
        "def resize_again(job): ...\n"
    ),
    "media/api.py": (
        "import jobs\n"
        "from celery import current_app\n"
        "\n"
        "def upload(path):\n"
        '    jobs.enqueue("resize", path)\n'
        '    jobs.enqueue("thumbnail", path)\n'
        '    current_app.send_task("media.scan", args=[path])\n'
    ),
}


def _readme_example() -> tuple[str, dict[str, str]]:
    """The example recogniser's source and its entry points, as the README shows them."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    after = text[text.index(MARKER) :]
    blocks = re.findall(r"```(python|toml)\n(.*?)```", after, flags=re.S)
    source = next(body for lang, body in blocks if lang == "python")
    toml = next(body for lang, body in blocks if lang == "toml")
    entry_points: dict[str, str] = tomllib.loads(toml)["project"]["entry-points"][
        "buslint.recognisers"
    ]
    return source, entry_points


def _install(site: Path) -> None:
    source, entry_points = _readme_example()
    site.mkdir(parents=True)
    (site / "buslint_jobs.py").write_text(source, encoding="utf-8")
    info = site / "buslint_jobs-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: buslint-jobs\nVersion: 1.0\n", encoding="utf-8"
    )
    lines = "".join(f"{name} = {target}\n" for name, target in entry_points.items())
    (info / "entry_points.txt").write_text(f"[buslint.recognisers]\n{lines}", encoding="utf-8")


def _findings(root: Path, site: Path | None) -> set[tuple[str, int, str]]:
    env = {"PYTHONPATH": str(site)} if site else None
    result = run_cli(["check", "--format", "json"], cwd=root, env=env)
    assert result.returncode in (0, 1), result.stderr
    return reported(json.loads(result.stdout))


def test_an_installed_recogniser_runs_alongside_the_built_ins(tmp_path: Path) -> None:
    root = write_project(tmp_path / "project", PROJECT)
    site = tmp_path / "site"
    _install(site)
    celery_only = {("media/api.py", 7, "BUS002")}
    assert _findings(root, None) == celery_only
    assert _findings(root, site) == celery_only | {
        ("media/consumers.py", 3, "BUS001"),
        ("media/api.py", 6, "BUS002"),
    }


def test_a_recogniser_changed_in_place_is_not_served_cached_facts(tmp_path: Path) -> None:
    """An editable plugin edited without a new version: facts the old code extracted are stale."""
    root = write_project(tmp_path / "project", PROJECT)
    site = tmp_path / "site"
    _install(site)
    assert ("media/api.py", 6, "BUS002") in _findings(root, site)
    module = site / "buslint_jobs.py"
    module.write_text(
        module.read_text(encoding="utf-8").replace('"jobs.enqueue"', '"jobs.enqueue_later"'),
        encoding="utf-8",
    )
    assert ("media/api.py", 6, "BUS002") not in _findings(root, site)
