"""The filter stage: reading `# buslint:` comments with the tokenizer, and applying them."""

from __future__ import annotations

from analyzer.model import Finding, Location, Severity
from analyzer.suppress import Scope, apply, per_file_ignored, scan
from rules.unused_suppression import UnusedSuppression

KNOWN = ("BUS001", "BUS002", "BUS005", "BUS016")


def finding(code: str, path: str, line: int, *related: tuple[str, int]) -> Finding:
    return Finding(
        code,
        "x",
        Severity.ERROR,
        f"{code} here",
        Location(path, line, 1),
        (f"message:{code}",),
        tuple((Location(p, n, 1), "site") for p, n in related),
    )


def test_scan_reads_codes_reasons_and_scopes() -> None:
    source = (
        b"# buslint: ignore-file[BUS005]\n"
        b"x = 1  # buslint: ignore[BUS001, BUS002] -- legacy, until May  # expect: BUS016\n"
        b"# buslint: ignore-next-line[BUS002]\n"
        b"# an ordinary comment\n"
        b"\n"
        b"y = 2\n"
    )
    found = scan(source, "a.py")
    assert [(s.scope, s.codes, s.line, s.reason) for s in found] == [
        (Scope.FILE, ("BUS005",), 0, ""),
        (Scope.LINE, ("BUS001", "BUS002"), 2, "legacy, until May"),
        (Scope.NEXT_LINE, ("BUS002",), 6, ""),
    ]
    assert found[1].location == Location("a.py", 2, 8)


def test_scan_ignores_strings_and_keeps_comments_before_a_tokenizer_error() -> None:
    source = (
        b's = "# buslint: ignore[BUS001]"\n'
        b'doc = """\n# buslint: ignore[BUS002]\n"""\n'
        b"x = 1  # buslint: ignore[BUS005]\n"
        b"y = (\n"
    )
    assert [s.codes for s in scan(source, "a.py")] == [("BUS005",)]
    assert scan(b"x = 1\n", "a.py") == ()


def test_malformed_directives_have_a_problem() -> None:
    found = scan(b"x = 1  # buslint: ignore BUS001\ny = 2  # buslint: ignore[]\n", "a.py")
    assert [bool(s.problem) for s in found] == [True, True]
    assert "needs the codes in brackets" in found[0].problem


def test_a_finding_is_suppressed_at_any_of_its_sites() -> None:
    spanning = finding("BUS001", "cmd.py", 3, ("h1.py", 5), ("h2.py", 9))
    suppressions = scan(b"\n" * 8 + b"x = 1  # buslint: ignore[BUS001] -- migrating\n", "h2.py")
    result = apply([spanning], suppressions, {}, KNOWN, KNOWN, UnusedSuppression())
    assert result.kept == () and result.unused == ()
    assert result.suppressed[0].by == "# buslint: ignore at h2.py:9"
    assert result.suppressed[0].reason == "migrating"


def test_unused_unknown_and_malformed_suppressions_become_bus016() -> None:
    suppressions = scan(
        b"a = 1  # buslint: ignore[BUS001, BUS002]\n"
        b"b = 2  # buslint: ignore[BUS999]\n"
        b"c = 3  # buslint: ignore\n"
        b"d = 4  # buslint: ignore[BUS005] -- BUS005 did not run\n",
        "m.py",
    )
    result = apply(
        [finding("BUS001", "m.py", 1)],
        suppressions,
        {},
        ("BUS001", "BUS002", "BUS016"),
        KNOWN,
        UnusedSuppression(),
    )
    assert result.kept == ()
    assert [(f.code, f.location.line, f.message) for f in result.unused] == [
        ("BUS016", 1, "unused suppression: no BUS002 finding on line 1 to suppress"),
        ("BUS016", 2, "unused suppression: BUS999 is not a buslint rule code"),
        (
            "BUS016",
            3,
            "unused suppression: `# buslint: ignore` needs the codes in brackets, e.g. ignore[BUS001]",
        ),
    ]
    assert apply([], suppressions, {}, KNOWN, KNOWN, None).unused == (), "BUS016 not selected"


def test_bus016_can_itself_be_suppressed() -> None:
    suppressions = scan(
        b"# buslint: ignore-file[BUS016]\na = 1  # buslint: ignore[BUS002]\n", "m.py"
    )
    result = apply([], suppressions, {}, KNOWN, KNOWN, UnusedSuppression())
    assert result.unused == ()
    assert [s.finding.code for s in result.suppressed] == ["BUS016"]


def test_per_file_ignores_globs_and_prefixes() -> None:
    table = {"tests/*": ["BUS001"], "*_pb2.py": ["BUS00"], "legacy/**": ["ALL"]}
    assert per_file_ignored("BUS001", "tests/unit/test_x.py", table) == "tests/*"
    assert per_file_ignored("BUS002", "tests/unit/test_x.py", table) is None
    assert per_file_ignored("BUS005", "app/api_pb2.py", table) == "*_pb2.py"
    assert per_file_ignored("BUS016", "legacy/a/b.py", table) == "legacy/**"
    spanning = finding("BUS001", "app/cmd.py", 3, ("tests/double.py", 5))
    result = apply([spanning], (), table, KNOWN, KNOWN, None)
    assert result.kept == () and result.suppressed[0].by == "per-file-ignores 'tests/*'"
