"""Which files a run analyses and the modules they define: excludes, layouts, where it is run from."""

from __future__ import annotations

from pathlib import Path

import pytest

from analyzer import app
from analyzer.discover import discover
from tests.helpers import write_project

CONFIG = '[tool.buslint]\nextend-exclude = ["migrations", "*_pb2.py", "pkg/generated"]\n'


def _found(root: Path, *paths: Path) -> dict[str, tuple[str, bool]]:
    project = app.load_project(list(paths) or [root])
    return {
        s.path: (s.module, s.is_package)
        for s in discover(project.paths, project.root, project.config)
    }


def _tree(root: Path) -> Path:
    return write_project(
        root,
        {
            "pyproject.toml": CONFIG,
            "pkg/__init__.py": "",
            "pkg/orders/__init__.py": "",
            "pkg/orders/commands.py": "",
            "pkg/orders/migrations/0001_initial.py": "",
            "pkg/orders/schema_pb2.py": "",
            "pkg/generated/models.py": "",
            "pkg/namespace/loose.py": "",
            ".venv/lib/site.py": "",
            "scripts/tool.py": "",
        },
    )


def test_excludes_match_names_and_paths_from_the_project_root(tmp_path: Path) -> None:
    found = _found(_tree(tmp_path))
    assert found == {
        "pkg/__init__.py": ("pkg", True),
        "pkg/orders/__init__.py": ("pkg.orders", True),
        "pkg/orders/commands.py": ("pkg.orders.commands", False),
        "pkg/namespace/loose.py": ("pkg.namespace.loose", False),
        "scripts/tool.py": ("scripts.tool", False),
    }


def test_run_from_a_subfolder_excludes_and_names_as_from_the_root(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`buslint check` inside pkg/ uses the pyproject above it: a path pattern such as
    `pkg/generated` still holds, and paths and modules are the project's."""
    root = _tree(tmp_path)
    monkeypatch.chdir(root / "pkg")
    found = _found(root, Path("."))
    assert "pkg/generated/models.py" not in found
    assert found["pkg/orders/commands.py"] == ("pkg.orders.commands", False)
    assert "scripts/tool.py" not in found


def test_a_file_named_on_the_command_line_is_analysed_even_when_excluded(tmp_path: Path) -> None:
    root = _tree(tmp_path)
    named = root / "pkg/orders/schema_pb2.py"
    assert _found(root, named) == {"pkg/orders/schema_pb2.py": ("pkg.orders.schema_pb2", False)}


def test_src_layout_names_modules_from_the_source_root(tmp_path: Path) -> None:
    root = write_project(
        tmp_path,
        {
            "pyproject.toml": "[tool.buslint]\n",
            "src/shop/__init__.py": "",
            "src/shop/events.py": "",
            "tests/test_events.py": "",
        },
    )
    assert _found(root) == {
        "src/shop/__init__.py": ("shop", True),
        "src/shop/events.py": ("shop.events", False),
        "tests/test_events.py": ("tests.test_events", False),
    }
