"""Every rule's own examples are its tests: invalid ones produce exactly their marks, valid ones none."""

from __future__ import annotations

from pathlib import Path

import pytest

from rules import Example, Rule, all_rules
from tests.helpers import check_json, marks, reported, write_project

CASES = [
    pytest.param(rule, example, valid, id=f"{rule.code}-{'valid' if valid else 'invalid'}-{n}")
    for rule in all_rules()
    for valid, examples in ((False, rule.invalid), (True, rule.valid))
    for n, example in enumerate(examples, start=1)
]


@pytest.mark.parametrize(("rule", "example", "valid"), CASES)
def test_rule_example(rule: type[Rule], example: Example, valid: bool, tmp_path: Path) -> None:
    root = write_project(tmp_path, example.files)
    findings = [f for f in check_json(root, "--select", rule.code) if f["code"] == rule.code]
    expected = {m for m in marks(root) if m[2] == rule.code}
    if valid:
        assert not expected, "a valid example must not carry marks"
        assert findings == [], example.description
    else:
        assert expected, "an invalid example needs at least one mark"
        assert reported(findings) == expected, example.description


def test_every_rule_has_valid_and_invalid_examples() -> None:
    for rule in all_rules():
        assert rule.invalid, f"{rule.code} has no invalid example"
        assert rule.valid, f"{rule.code} has no valid example"
