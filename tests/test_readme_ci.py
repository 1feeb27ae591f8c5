"""The README's CI examples are copy-paste correct: valid YAML, and every buslint command parses."""

from __future__ import annotations

import re
import shlex
from typing import Any

import click
import pytest

from analyzer.cli import main
from tests.helpers import ROOT

yaml = pytest.importorskip("yaml", reason="PyYAML comes with pre-commit (dev extra)")

README = (ROOT / "README.md").read_text(encoding="utf-8")
CI_SECTION = README.split("## Use in CI", 1)[1].split("\n## ", 1)[0]
BLOCKS = re.findall(r"```yaml\n(.*?)```", CI_SECTION, re.S)


def _strings(node: Any) -> list[str]:
    if isinstance(node, str):
        return [node]
    if isinstance(node, dict):
        return [s for value in node.values() for s in _strings(value)]
    if isinstance(node, list):
        return [s for value in node for s in _strings(value)]
    return []


def _parse(command: str) -> None:
    args = shlex.split(command)[1:]
    name, rest = args[0], args[1:]
    sub = main.commands[name]  # type: ignore[attr-defined]
    with sub.make_context(name, rest, resilient_parsing=False) as ctx:
        assert ctx.params is not None


def test_ci_examples_are_valid_yaml_with_commands_buslint_accepts() -> None:
    assert len(BLOCKS) == 5, "the Action, GitHub, GitLab, pre-commit remote and local"
    commands = []
    for block in BLOCKS:
        for text in _strings(yaml.safe_load(block)):
            commands += [line for line in text.splitlines() if line.startswith("buslint ")]
    action = yaml.safe_load(BLOCKS[0])["steps"][1]
    commands.append(f"buslint check {action['with']['args']}")
    assert len(commands) >= 3
    for command in commands:
        try:
            _parse(command)
        except click.UsageError as exc:  # pragma: no cover - a failing README example
            pytest.fail(f"{command!r}: {exc}")


def test_github_workflow_uploads_sarif_and_gitlab_job_reports_code_quality() -> None:
    github, gitlab = (yaml.safe_load(block) for block in BLOCKS[1:3])
    steps = github["jobs"]["buslint"]["steps"]
    upload = next(
        s for s in steps if str(s.get("uses", "")).startswith("github/codeql-action/upload-sarif@")
    )
    check = next(s for s in steps if "buslint check" in s.get("run", ""))
    assert (
        f"-o {upload['with']['sarif_file']}" in check["run"]
        and "--output-format sarif" in check["run"]
    )
    assert github["permissions"]["security-events"] == "write"
    job = gitlab["buslint"]
    report = job["artifacts"]["reports"]["codequality"]
    assert any(f"--output-format gitlab -o {report}" in line for line in job["script"])


def test_published_hooks_match_the_readme() -> None:
    hooks = {h["id"]: h for h in yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())}
    assert hooks["buslint"] == {
        **hooks["buslint"],
        "entry": "buslint check",
        "language": "python",
        "pass_filenames": False,
        "require_serial": True,
        "types_or": ["python", "pyi", "toml", "yaml"],
    }
    assert hooks["buslint-changed"]["entry"] == "buslint check --files"
    assert hooks["buslint-changed"]["pass_filenames"] is True
    local = yaml.safe_load(BLOCKS[4])["repos"][0]["hooks"][0]
    for key in ("entry", "pass_filenames", "require_serial", "types_or"):
        assert local[key] == hooks["buslint"][key], key
