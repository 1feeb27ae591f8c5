"""The baseline: line-free keys with counts, matching, shrinking, and a diff-friendly file."""

from __future__ import annotations

import json

import pytest

from analyzer.baseline import dumps, from_findings, key, loads, match, shrink
from analyzer.errors import ConfigError
from analyzer.model import Finding, Location, Severity


def finding(code: str, path: str, line: int, subject: str = "message:a.X") -> Finding:
    return Finding(
        code, "x", Severity.ERROR, f"{code} at {line}", Location(path, line, 1), (subject,)
    )


def test_key_ignores_lines_and_counts_repeats() -> None:
    assert key(finding("BUS005", "a.py", 3)) == key(finding("BUS005", "a.py", 300))
    assert key(finding("BUS005", "a.py", 3)) != key(finding("BUS005", "b.py", 3))
    baseline = from_findings([finding("BUS005", "a.py", 3), finding("BUS005", "a.py", 9)])
    assert [(e.rule, e.path, e.count, e.message) for e in baseline.entries] == [
        ("BUS005", "a.py", 2, "BUS005 at 3")
    ]


def test_match_reports_only_what_exceeds_the_baseline_and_lists_stale_entries() -> None:
    old = [finding("BUS005", "a.py", 3), finding("BUS001", "b.py", 1, "message:b.Y")]
    baseline = from_findings(old)
    moved = [finding("BUS005", "a.py", 40)]
    result = match(baseline, moved, ["BUS001", "BUS005"])
    assert result.new == () and result.baselined == 1
    assert [(e.rule, e.count) for e in result.stale] == [("BUS001", 1)]
    assert match(baseline, moved, ["BUS005"]).stale == (), "a rule that did not run is not stale"
    more = [finding("BUS005", "a.py", 40), finding("BUS005", "a.py", 41)]
    assert [f.location.line for f in match(baseline, more, ["BUS005"]).new] == [41]


def test_shrink_only_ever_removes() -> None:
    baseline = from_findings([finding("BUS005", "a.py", 3), finding("BUS005", "a.py", 4)])
    now = [finding("BUS005", "a.py", 3), finding("BUS002", "c.py", 1)]
    shrunk = shrink(baseline, now, ["BUS005", "BUS002"])
    assert [(e.rule, e.count) for e in shrunk.entries] == [("BUS005", 1)]
    assert shrink(baseline, [], ["BUS002"]) == baseline, "entries of rules that did not run stay"


def test_file_is_sorted_and_reads_back() -> None:
    baseline = from_findings([finding("BUS005", "b.py", 3), finding("BUS001", "a.py", 1)])
    text = dumps(baseline)
    data = json.loads(text)
    assert text == json.dumps(data, indent=2, sort_keys=True) + "\n"
    assert data["schema"] == "buslint.baseline/1"
    assert set(next(iter(data["entries"].values()))) == {
        "rule",
        "path",
        "subject",
        "message",
        "count",
    }
    assert loads(text, "f.json") == baseline


@pytest.mark.parametrize(
    "text",
    ["{", "[]", '{"schema": "other"}', '{"schema": "buslint.baseline/1", "entries": {"x": {}}}'],
)
def test_a_bad_baseline_file_is_a_config_error(text: str) -> None:
    with pytest.raises(ConfigError, match=r"f\.json: is not a buslint baseline"):
        loads(text, "f.json")
