"""Where the configuration comes from: buslint.toml, .buslint.toml, pyproject.toml, --config."""

from __future__ import annotations

import json
from pathlib import Path

from tests.helpers import invoke, run_cli, write_project

CODE = {
    "shop/__init__.py": "",
    "shop/commands.py": "class Command: ...\nclass PlaceOrder(Command): ...\n",
    "shop/api.py": (
        "from shop.commands import PlaceOrder\ndef place(bus):\n    bus.publish(PlaceOrder())\n"
    ),
}


def _codes(root: Path, *args: str) -> set[str]:
    code, out, err = invoke(["check", "--format", "json", *args], root)
    assert code in (0, 1), err
    return {finding["code"] for finding in json.loads(out)}


def test_buslint_toml_takes_top_level_keys_and_wins_over_pyproject(tmp_path: Path) -> None:
    root = write_project(
        tmp_path,
        {
            **CODE,
            "pyproject.toml": "[tool.buslint]\nignore = ['BUS002']\n",
            "buslint.toml": "ignore = ['BUS005']\n",
        },
    )
    assert _codes(root) == {"BUS002"}
    (root / ".buslint.toml").write_text("ignore = ['BUS002', 'BUS005']\n")
    assert _codes(root) == set(), ".buslint.toml comes first, as ruff's .ruff.toml"


def test_buslint_toml_is_found_from_a_subfolder_and_is_the_root(tmp_path: Path) -> None:
    root = write_project(tmp_path, {**CODE, "buslint.toml": "ignore = ['BUS005']\n"})
    code, out, _ = invoke(["check", "--format", "concise", "."], root / "shop")
    assert code == 1
    assert out.startswith("shop/api.py:3:5: BUS002"), "paths relative to the config's folder"


def test_config_option_reads_any_toml_with_or_without_the_prefix(tmp_path: Path) -> None:
    root = write_project(
        tmp_path,
        {
            **CODE,
            "pyproject.toml": "[tool.buslint]\n",
            "ci/strict.toml": "select = ['BUS005']\n",
            "ci/tooled.toml": "[tool.buslint]\nselect = ['BUS002']\n",
        },
    )
    assert _codes(root, "--config", "ci/strict.toml") == {"BUS005"}
    assert _codes(root, "--config", "ci/tooled.toml") == {"BUS002"}


def test_config_option_does_not_move_the_project_root(tmp_path: Path) -> None:
    root = write_project(
        tmp_path,
        {**CODE, "pyproject.toml": "[tool.buslint]\n", "ci/x.toml": "select = ['BUS002']\n"},
    )
    code, out, _ = invoke(["check", "--format", "concise", "--config", "ci/x.toml"], root)
    assert code == 1
    assert out.startswith("shop/api.py:3:5: BUS002"), out


def test_a_bad_key_in_buslint_toml_names_that_file(tmp_path: Path) -> None:
    root = write_project(tmp_path, {**CODE, "buslint.toml": "selekt = ['BUS001']\n"})
    result = run_cli(["check"], cwd=root)
    assert result.returncode == 2
    assert result.stderr.startswith(f"buslint: error: {root / 'buslint.toml'}: ")
    assert "did you mean 'select'?" in result.stderr


def test_a_bad_option_names_the_option_not_a_file(tmp_path: Path) -> None:
    root = write_project(tmp_path, {**CODE, "pyproject.toml": "[tool.buslint]\n"})
    result = run_cli(["check", "--select", "BUS999"], cwd=root)
    assert result.returncode == 2
    assert result.stderr.startswith("buslint: error: --select: unknown rule code 'BUS999'")
    assert "pyproject.toml" not in result.stderr
