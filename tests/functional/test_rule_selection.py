"""Rules off by default, rule options and the configuration keys the whole-graph rules read."""

from __future__ import annotations

from pathlib import Path

import pytest

from rules import all_rules
from tests.helpers import check_json, invoke, run_cli, write_project

SILENT_HANDLER = {
    "shop/commands.py": "class Command: ...\nclass ProcessPayment(Command): ...\n",
    "shop/handlers.py": (
        "from shop.commands import ProcessPayment\n"
        "def process_payment(cmd: ProcessPayment, uow) -> None:\n"
        "    uow.payments.charge(cmd)\n"
        "COMMAND_HANDLERS = {ProcessPayment: process_payment}\n"
        "def api(bus):\n"
        "    bus.send(ProcessPayment())\n"
    ),
}


def codes(findings: list[dict[str, object]]) -> list[tuple[object, object]]:
    return [(f["code"], f["severity"]) for f in findings]


def test_a_rule_off_by_default_runs_only_when_selected_or_given_a_severity(tmp_path: Path) -> None:
    root = write_project(tmp_path, SILENT_HANDLER)
    assert codes(check_json(root)) == []
    assert codes(check_json(root, "--select", "BUS013")) == [("BUS013", "warning")]
    assert codes(check_json(root, "--select", "BUS01")) == [("BUS013", "warning")]
    (root / "pyproject.toml").write_text('[tool.buslint]\nseverity = { BUS013 = "error" }\n')
    assert codes(check_json(root)) == [("BUS013", "error")]
    (root / "pyproject.toml").write_text('[tool.buslint]\nseverity = { BUS001 = "off" }\n')
    assert codes(check_json(root, "--select", "BUS001,BUS013")) == [("BUS013", "warning")]


def test_rule_list_shows_every_code_with_its_default_severity(tmp_path: Path) -> None:
    code, listing, _ = invoke(["rule", "--all"], tmp_path)
    assert code == 0
    for rule in all_rules():
        assert f"{rule.code}  {rule.name:<36} {rule.severity.value:<8} " in listing
    assert "BUS013  command-without-outcome" in listing and " off " in listing
    assert len([line for line in listing.splitlines() if line.startswith("BUS")]) == 20


@pytest.mark.parametrize(
    ("config", "expected"),
    [
        ('[tool.buslint]\nexternal = "shop.*"\n', "[tool.buslint] external: "),
        (
            "[tool.buslint.naming]\nallowed = []\n",
            "naming.allowed: unknown key; did you mean 'allow'?",
        ),
        ("[tool.buslint.naming]\nallow = [1]\n", "[tool.buslint] naming.allow.0: "),
    ],
)
def test_bad_naming_and_external_configuration_exits_two(
    tmp_path: Path, config: str, expected: str
) -> None:
    root = write_project(tmp_path, {"pyproject.toml": config, "a.py": "x = 1\n"})
    result = run_cli(["check"], cwd=root)
    assert result.returncode == 2, result.stdout
    assert expected in result.stderr
