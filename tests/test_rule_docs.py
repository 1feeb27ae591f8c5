"""Rule metadata and documentation stay complete and in sync with the docs and README."""

from __future__ import annotations

import re

from analyzer.rules_doc import reference
from rules import DOC_SECTIONS, all_rules
from tests.helpers import ROOT


def test_codes_are_unique_and_names_are_kebab_case() -> None:
    rules = all_rules()
    assert len({r.code for r in rules}) == len(rules)
    for rule in rules:
        assert re.fullmatch(r"BUS\d{3}", rule.code)
        assert re.fullmatch(r"[a-z]+(-[a-z]+)*", rule.name), rule.name


def test_every_rule_docstring_has_the_template_sections() -> None:
    for rule in all_rules():
        docs = rule.docs()
        for section in DOC_SECTIONS:
            assert f"## {section}" in docs, f"{rule.code} lacks '{section}'"


def test_generated_reference_is_up_to_date() -> None:
    current = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    assert current == reference(), "docs/rules.md is stale: run `make docs`"


def test_readme_rule_table_lists_every_rule() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for rule in all_rules():
        row = re.search(rf"^\| {rule.code} \| {rule.name} \| (\w+) \|", readme, re.M)
        assert row, f"README's rule table lacks {rule.code} {rule.name}"
        assert row.group(1) == rule.severity.value
