"""Every findings format, rendered from findings built in memory and checked against its consumer."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from typing import Any

import pytest

from analyzer.model import Finding, Location, Severity
from analyzer.report import Format, ReportContext, RuleInfo, render
from analyzer.report.github import escape_data, escape_property
from rules import all_rules
from tests.helpers import ROOT

SCHEMA = ROOT.parent / "shared" / "schemas" / "sarif-schema-2.1.0.json"

DOUBLE = Finding(
    "BUS001",
    "command-with-multiple-handlers",
    Severity.ERROR,
    "command PlaceOrder has 2 handlers",
    Location("shop/commands.py", 2, 7, 2, 17),
    ("message:shop.commands.PlaceOrder", "endpoint:shop.a.place", "endpoint:shop.b.place"),
    (
        (Location("shop/a.py", 1, 5), "handler shop.a.place"),
        (Location("shop/b.py", 3, 5), "handler shop.b.place"),
    ),
    "aaaa000011112222",
)
ODD = Finding(
    "BUS006",
    "event-sent-point-to-point",
    Severity.WARNING,
    "event 100% Done, sent: a\nb",
    Location("shop/api,v1:x.py", 4, 1),
    ("message:shop.events.Done",),
    (),
    "bbbb000011112222",
)
NAMING = Finding(
    "BUS009",
    "event-name-not-past-tense",
    Severity.INFO,
    "event PlaceOrderEvent is not in the past tense",
    Location("shop/events.py", 9, 7, 9, 22),
    ("message:shop.events.PlaceOrderEvent",),
    (),
    "cccc000011112222",
)
FINDINGS = (DOUBLE, ODD, NAMING)
SOURCES = {
    "shop/commands.py": ("class Command: ...", "class PlaceOrder(Command):"),
    "shop/a.py": ("def place(cmd): ...",),
    "shop/b.py": ("", "", "\tdef place(cmd): ..."),
}
RULES = tuple(RuleInfo(r.code, r.name, r.severity, r.summary, r.docs()) for r in all_rules())


def context(**changes: Any) -> ReportContext:
    return ReportContext(files=3, rules=RULES, sources=SOURCES, **changes)


def text(fmt: Format, findings: tuple[Finding, ...] = FINDINGS, **changes: Any) -> str:
    return render(fmt, findings, context(**changes)).text


def test_concise_is_one_line_per_finding_and_a_summary() -> None:
    assert text(Format.CONCISE) == (
        "shop/commands.py:2:7: BUS001 command PlaceOrder has 2 handlers\n"
        "shop/api,v1:x.py:4:1: BUS006 event 100% Done, sent: a\nb\n"
        "shop/events.py:9:7: BUS009 event PlaceOrderEvent is not in the past tense\n"
        "Found 3 findings (1 error, 1 warning, 1 info) in 3 files.\n"
    )
    assert Format("text") is Format.CONCISE


def test_concise_quiet_and_with_a_baseline() -> None:
    assert text(Format.CONCISE, (DOUBLE,), quiet=True) == (
        "shop/commands.py:2:7: BUS001 command PlaceOrder has 2 handlers\n"
    )
    assert text(Format.CONCISE, (), baselined=4) == (
        "All clear: no findings in 3 files; 4 more in the baseline.\n"
    )


def test_full_shows_source_line_caret_and_related_sites() -> None:
    assert text(Format.FULL, (DOUBLE,)) == (
        "shop/commands.py:2:7: error[BUS001] command PlaceOrder has 2 handlers\n"
        "  |\n"
        "2 | class PlaceOrder(Command):\n"
        "  |       ^^^^^^^^^^ BUS001 command-with-multiple-handlers\n"
        "  --> shop/a.py:1:5: handler shop.a.place\n"
        "    |\n"
        "  1 | def place(cmd): ...\n"
        "    |     ^\n"
        "  --> shop/b.py:3:5: handler shop.b.place\n"
        "    |\n"
        "  3 | \tdef place(cmd): ...\n"
        "    | \t   ^\n"
        "\n"
        "Found 1 finding (1 error) in 3 files.\n"
    )


def test_full_colours_only_when_asked() -> None:
    assert "\x1b[" not in text(Format.FULL)
    coloured = text(Format.FULL, colour=True)
    assert "\x1b[31m\x1b[1merror[BUS001]\x1b[0m" in coloured
    assert "\x1b[33m\x1b[1mwarning[BUS006]\x1b[0m" in coloured


def test_json_lines_is_one_contract_object_per_line() -> None:
    lines = text(Format.JSON_LINES).splitlines()
    assert [json.loads(line) for line in lines] == json.loads(text(Format.JSON))
    assert json.loads(lines[0])["related"][1] == {
        "path": "shop/b.py",
        "line": 3,
        "column": 5,
        "message": "handler shop.b.place",
    }


def sarif(**changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(text(Format.SARIF, **changes))
    return data


@pytest.mark.skipif(not SCHEMA.is_file(), reason=f"the SARIF schema is not at {SCHEMA}")
def test_sarif_validates_against_the_official_schema() -> None:
    import jsonschema

    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft4Validator.check_schema(schema)
    errors = list(jsonschema.Draft4Validator(schema).iter_errors(sarif(uri_prefix="svc/")))
    assert errors == []
    empty = json.loads(render(Format.SARIF, (), context()).text)
    assert list(jsonschema.Draft4Validator(schema).iter_errors(empty)) == []


def test_sarif_describes_every_rule_and_result_as_github_reads_them() -> None:
    run = sarif(uri_prefix="svc/")["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == [r.code for r in all_rules()]
    bus001 = rules[[r["id"] for r in rules].index("BUS001")]
    assert bus001["name"] == "CommandWithMultipleHandlers"
    assert bus001["shortDescription"]["text"] == "a command handled by more than one endpoint"
    assert bus001["fullDescription"]["text"].startswith("Reports a command")
    assert "## Why is this bad?" in bus001["help"]["markdown"]
    first = run["results"][0]
    assert first["ruleId"] == "BUS001" and rules[first["ruleIndex"]]["id"] == "BUS001"
    assert first["level"] == "error"
    assert first["message"]["text"] == "command PlaceOrder has 2 handlers"
    location = first["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"] == "svc/shop/commands.py"
    assert location["region"] == {"startLine": 2, "startColumn": 7, "endLine": 2, "endColumn": 17}
    assert [
        r["physicalLocation"]["artifactLocation"]["uri"] for r in first["relatedLocations"]
    ] == [
        "svc/shop/a.py",
        "svc/shop/b.py",
    ]
    assert first["relatedLocations"][0]["message"]["text"] == "handler shop.a.place"
    assert first["partialFingerprints"] == {"buslint/v1": "aaaa000011112222"}
    assert [r["level"] for r in run["results"]] == ["error", "warning", "note"]


def test_github_workflow_commands_with_escaping() -> None:
    assert text(Format.GITHUB) == (
        "::error file=shop/commands.py,line=2,col=7,endLine=2,endColumn=17,"
        "title=BUS001 command-with-multiple-handlers::BUS001 command PlaceOrder has 2 handlers\n"
        "::warning file=shop/api%2Cv1%3Ax.py,line=4,col=1,"
        "title=BUS006 event-sent-point-to-point::BUS006 event 100%25 Done, sent: a%0Ab\n"
        "::notice file=shop/events.py,line=9,col=7,endLine=9,endColumn=22,"
        "title=BUS009 event-name-not-past-tense::BUS009 event PlaceOrderEvent is not in the past tense\n"
    )
    assert escape_data("50%\r\n:,") == "50%25%0D%0A:,"
    assert escape_property("a:b,c%\n") == "a%3Ab%2Cc%25%0A"


def test_gitlab_code_quality_fields() -> None:
    issues = json.loads(text(Format.GITLAB, uri_prefix="svc/"))
    assert [i["severity"] for i in issues] == ["critical", "major", "info"]
    for issue in issues:
        assert set(issue) >= {"description", "check_name", "fingerprint", "severity", "location"}
        assert isinstance(issue["location"]["lines"]["begin"], int)
        assert issue["location"]["path"].startswith("svc/shop/")
    assert issues[0]["check_name"] == "BUS001 command-with-multiple-handlers"
    assert len({i["fingerprint"] for i in issues}) == 3
    moved = Finding(**{**DOUBLE.__dict__, "location": Location("shop/commands.py", 40, 7)})
    assert (
        json.loads(text(Format.GITLAB, (moved,), uri_prefix="svc/"))[0]["fingerprint"]
        == (issues[0]["fingerprint"])
    ), "a line shift keeps the fingerprint"


def test_junit_has_a_failing_case_per_finding_with_unique_names() -> None:
    twin = Finding(**{**DOUBLE.__dict__, "fingerprint": "dddd000011112222"})
    root = ET.fromstring(text(Format.JUNIT, (*FINDINGS, twin)))
    assert root.tag == "testsuites" and root.get("tests") == "4" and root.get("failures") == "4"
    cases = root.findall("testsuite/testcase")
    names = [c.get("name") for c in cases]
    assert len(set(names)) == 4
    assert "BUS001 command-with-multiple-handlers [aaaa000011112222]" in names
    case = cases[names.index("BUS001 command-with-multiple-handlers [aaaa000011112222]")]
    assert (case.get("classname"), case.get("file"), case.get("line")) == (
        "shop/commands.py",
        "shop/commands.py",
        "2",
    )
    failure = case.find("failure")
    assert failure is not None and failure.get("type") == "BUS001 command-with-multiple-handlers"
    assert "shop/a.py:1:5: handler shop.a.place" in (failure.text or "")
    for suite in root.findall("testsuite"):
        assert suite.get("tests") == str(len(suite.findall("testcase")))


def test_junit_without_findings_has_one_passing_case() -> None:
    root = ET.fromstring(text(Format.JUNIT, ()))
    assert [c.get("name") for c in root.iter("testcase")] == ["no findings"]
    assert root.find(".//failure") is None


def test_pylint_parseable_template() -> None:
    assert text(Format.PYLINT, (DOUBLE, NAMING)) == (
        "shop/commands.py:2: [BUS001(command-with-multiple-handlers), shop.commands.PlaceOrder]"
        " command PlaceOrder has 2 handlers\n"
        "shop/events.py:9: [BUS009(event-name-not-past-tense), shop.events.PlaceOrderEvent]"
        " event PlaceOrderEvent is not in the past tense\n"
    )


def test_statistics_table_and_json() -> None:
    rendered = render(Format.CONCISE, (DOUBLE, DOUBLE, NAMING), context(), show_statistics=True)
    assert rendered.text == (
        "2  BUS001  command-with-multiple-handlers (error)\n"
        "1  BUS009  event-name-not-past-tense (info)\n"
        "Found 3 findings (2 errors, 1 info) in 3 files.\n"
    )
    data = json.loads(render(Format.JSON, (DOUBLE,), context(), show_statistics=True).text)
    assert data == [
        {
            "code": "BUS001",
            "name": "command-with-multiple-handlers",
            "severity": "error",
            "count": 1,
        }
    ]


def test_machine_formats_keep_notes_off_their_output() -> None:
    rendered = render(Format.SARIF, FINDINGS, context(baselined=2))
    json.loads(rendered.text)
    assert rendered.notes == "2 findings in the baseline were not reported.\n"
    assert render(Format.SARIF, FINDINGS, context(baselined=2, quiet=True)).notes == ""
    assert render(Format.CONCISE, FINDINGS, context(baselined=2)).notes == ""


def test_every_format_is_rendered() -> None:
    for fmt in Format:
        assert render(fmt, FINDINGS, context()).text, fmt
