"""Security promises: templates are data, outputs escape what they embed, no network is needed."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from tests.helpers import FIXTURES, ROOT, run_cli, write_project

EVIL = 'evil\n::error file=x::injected <script>alert(1)</script> `{}` "q" \u2028'
CELERY = (
    "from celery import shared_task\n"
    f"@shared_task(name={EVIL!r})\n"
    "def first(): ...\n"
    f"@shared_task(name={EVIL!r})\n"
    "def second(): ...\n"
)


def test_yaml_templates_are_parsed_as_data_never_constructed(tmp_path: Path) -> None:
    sentinel = tmp_path / "PWNED"
    payload = f'!!python/object/apply:os.system ["touch {sentinel}"]'
    root = write_project(
        tmp_path / "project",
        {
            "pyproject.toml": "[tool.buslint]\n",
            "template.yaml": (
                "AWSTemplateFormatVersion: '2010-09-09'\n"
                "Resources:\n"
                "  Jobs:\n"
                "    Type: AWS::SQS::Queue\n"
                f"    Properties:\n      QueueName: {payload}\n"
            ),
            "serverless.yml": f"service: {payload}\nprovider:\n  name: aws\n",
        },
    )
    for args in (["check"], ["graph"]):
        result = run_cli(args, cwd=root)
        assert result.returncode in (0, 1), result.stderr
    assert not sentinel.exists()


@pytest.fixture
def evil(tmp_path: Path) -> Path:
    return write_project(tmp_path, {"pyproject.toml": "[tool.buslint]\n", "tasks.py": CELERY})


def _out(root: Path, *args: str) -> str:
    result = run_cli([*args, "--no-cache"], cwd=root)
    assert result.returncode in (0, 1), result.stderr
    return result.stdout


def test_the_hostile_name_reaches_the_findings(evil: Path) -> None:
    findings = json.loads(_out(evil, "check", "--format", "json"))
    (duplicate,) = [f for f in findings if f["code"] == "BUS001"]
    assert "<script>alert(1)</script>" in duplicate["message"]
    assert "\n::error file=x::" in duplicate["message"]


def test_github_workflow_commands_cannot_be_injected(evil: Path) -> None:
    lines = _out(evil, "check", "--format", "github").rstrip("\n").split("\n")
    assert lines and all(line.startswith(("::error ", "::warning ", "::notice ")) for line in lines)
    assert not any(line.startswith("::error file=x::injected") for line in lines)
    assert "%0A::error file=x::injected" in lines[0]


def test_junit_and_sarif_stay_well_formed(evil: Path) -> None:
    suite = ET.fromstring(_out(evil, "check", "--format", "junit"))
    texts = [el.text or "" for el in suite.iter()] + [
        value for el in suite.iter() for value in el.attrib.values()
    ]
    assert any("<script>alert(1)</script>" in text for text in texts)
    sarif = json.loads(_out(evil, "check", "--format", "sarif"))
    assert any("<script>" in r["message"]["text"] for r in sarif["runs"][0]["results"])
    gitlab = json.loads(_out(evil, "check", "--format", "gitlab"))
    assert gitlab[0]["check_name"]


def test_graph_outputs_escape_the_name(evil: Path) -> None:
    page = _out(evil, "graph", "--format", "html")
    assert "<script>alert(1)</script>" not in page
    ET.fromstring(_out(evil, "graph", "--format", "graphml"))
    mermaid = _out(evil, "graph", "--format", "mermaid")
    assert "<script>" not in mermaid and "\n::error" not in mermaid
    if shutil.which("dot"):
        dot = _out(evil, "graph", "--format", "dot")
        done = subprocess.run(["dot", "-Tsvg"], input=dot, capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
        ET.fromstring(done.stdout)


def _network_namespace_works() -> bool:
    if not shutil.which("unshare"):
        return False
    done = subprocess.run(["unshare", "-rn", "true"], capture_output=True, check=False)
    return done.returncode == 0


@pytest.mark.skipif(
    not _network_namespace_works(), reason="unshare -rn (a network namespace) is unavailable"
)
def test_runs_with_no_network_at_all(tmp_path: Path) -> None:
    root = tmp_path / "shop"
    shutil.copytree(FIXTURES / "shop", root, ignore=shutil.ignore_patterns(".buslint_cache"))
    command = [sys.executable, "-m", "analyzer", "check", "--format", "json", "--no-cache"]
    offline = subprocess.run(
        ["unshare", "-rn", *command],
        cwd=root,
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
    )
    online = subprocess.run(command, cwd=root, capture_output=True, text=True)
    assert offline.returncode == 1, offline.stderr
    assert offline.stdout == online.stdout
