"""The filter stage: inline `# buslint: ignore[...]` comments, per-file-ignores, and BUS016."""

from __future__ import annotations

import enum
import fnmatch
import io
import re
import tokenize
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from analyzer.errors import ConfigError
from analyzer.model import Finding, Location
from rules.unused_suppression import UnusedSuppression

DIRECTIVE = re.compile(r"#\s*buslint:\s*(?P<scope>ignore-next-line|ignore-file|ignore)(?P<rest>.*)")
CODES = re.compile(r"\[(?P<codes>[^\]]*)\](?:\s+--\s+(?P<reason>.*?))?\s*(?:#.*)?")
CODE = re.compile(r"BUS\d{3}")
_LAYOUT = {
    tokenize.COMMENT,
    tokenize.NL,
    tokenize.NEWLINE,
    tokenize.INDENT,
    tokenize.DEDENT,
    tokenize.ENCODING,
    tokenize.ENDMARKER,
}


class Scope(str, enum.Enum):
    LINE = "ignore"
    NEXT_LINE = "ignore-next-line"
    FILE = "ignore-file"


@dataclass(frozen=True)
class Suppression:
    """One `# buslint:` comment: what it covers, the codes, the reason after ` -- `."""

    scope: Scope
    codes: tuple[str, ...]
    line: int
    """The line it applies to (its own, or the next line of code); 0 for the whole file."""
    location: Location
    """Where the comment is."""
    reason: str = ""
    problem: str = ""
    """Why the comment cannot be read, when it cannot (no `[CODES]`)."""

    def covers(self, code: str, site: Location) -> bool:
        if self.problem or code not in self.codes or site.path != self.location.path:
            return False
        return self.scope is Scope.FILE or site.line == self.line


@dataclass(frozen=True)
class Suppressed:
    """A finding that was not reported, and what silenced it."""

    finding: Finding
    by: str
    reason: str = ""


@dataclass(frozen=True)
class Filtered:
    kept: tuple[Finding, ...]
    suppressed: tuple[Suppressed, ...]
    unused: tuple[Finding, ...]
    """BUS016 findings, already filtered by the same suppressions; without fingerprints."""


def scan(data: bytes, path: str) -> tuple[Suppression, ...]:
    """The `# buslint:` comments of one file, found by the tokenizer so strings never count.

    A file the tokenizer gives up on keeps the comments found before the problem.
    """
    if b"buslint" not in data:
        return ()
    found: list[Suppression] = []
    waiting: list[tuple[tokenize.TokenInfo, re.Match[str]]] = []
    try:
        for token in tokenize.tokenize(io.BytesIO(data).readline):
            if token.type == tokenize.COMMENT:
                directive = DIRECTIVE.search(token.string)
                if directive is None:
                    continue
                if directive["scope"] == Scope.NEXT_LINE.value:
                    waiting.append((token, directive))
                else:
                    found.append(_parse(token, directive, path, token.start[0]))
            elif token.type not in _LAYOUT and waiting:
                found += [_parse(t, d, path, token.start[0]) for t, d in waiting]
                waiting = []
    except (tokenize.TokenError, SyntaxError, UnicodeDecodeError, ValueError):
        pass
    found += [_parse(t, d, path, t.start[0] + 1) for t, d in waiting]
    return tuple(sorted(found, key=lambda s: (s.location, s.scope.value)))


def _parse(
    token: tokenize.TokenInfo, directive: re.Match[str], path: str, line: int
) -> Suppression:
    scope = Scope(directive["scope"])
    row, col = token.start
    location = Location(path, row, col + directive.start() + 1)
    target = 0 if scope is Scope.FILE else line
    codes = CODES.fullmatch(directive["rest"])
    if codes is None:
        problem = (
            f"`# buslint: {scope.value}` needs the codes in brackets, e.g. {scope.value}[BUS001]"
        )
        return Suppression(scope, (), target, location, problem=problem)
    names = tuple(c for c in re.split(r"[\s,]+", codes["codes"]) if c)
    if not names:
        problem = f"`# buslint: {scope.value}[]` names no rule code"
        return Suppression(scope, (), target, location, problem=problem)
    return Suppression(scope, names, target, location, reason=codes["reason"] or "")


def check_per_file_ignores(
    table: Mapping[str, Sequence[str]], known: Sequence[str], source: str
) -> None:
    """Every code in per-file-ignores names a rule (or a prefix of one); else a ConfigError."""
    for pattern, codes in table.items():
        for code in codes:
            if code != "ALL" and not any(k.startswith(code) for k in known):
                raise ConfigError(
                    source,
                    f"per-file-ignores.{pattern}",
                    f"unknown rule code {code!r}; valid codes: {', '.join(known)}",
                )


def check_globs_match(
    table: Mapping[str, Sequence[str]], paths: Sequence[str], source: str
) -> None:
    """Every per-file-ignores pattern matches an analysed file; a dead pattern is a ConfigError."""
    for pattern in table:
        if not any(
            fnmatch.fnmatchcase(path, pattern)
            or fnmatch.fnmatchcase(path.rsplit("/", 1)[-1], pattern)
            for path in paths
        ):
            raise ConfigError(
                source,
                f"per-file-ignores.{pattern}",
                "the glob matches no analysed file; fix it or remove it "
                "(patterns are matched against paths relative to the project root, or file names)",
            )


def per_file_ignored(code: str, path: str, table: Mapping[str, Sequence[str]]) -> str | None:
    """The per-file-ignores pattern that ignores `code` in `path`, if any."""
    name = path.rsplit("/", 1)[-1]
    for pattern, codes in table.items():
        matches = fnmatch.fnmatchcase(path, pattern) or fnmatch.fnmatchcase(name, pattern)
        if matches and any(c == "ALL" or code.startswith(c) for c in codes):
            return pattern
    return None


def apply(
    findings: Sequence[Finding],
    suppressions: Iterable[Suppression],
    per_file_ignores: Mapping[str, Sequence[str]],
    enabled: Iterable[str],
    known: Iterable[str],
    unused_rule: UnusedSuppression | None,
) -> Filtered:
    """Drop findings suppressed at any of their sites; report the suppressions that were not used.

    `enabled` are the codes of the rules that ran (only those can be unused); `known` every code.
    """
    comments = tuple(suppressions)
    by_path: dict[str, list[Suppression]] = {}
    for s in comments:
        by_path.setdefault(s.location.path, []).append(s)
    used: set[tuple[int, str]] = set()
    kept, suppressed = _filter(findings, by_path, per_file_ignores, used)
    unused: list[Finding] = []
    if unused_rule is not None:
        enabled_codes, known_codes = set(enabled), set(known)
        unused = [
            finding
            for s in comments
            for finding in _unused(s, enabled_codes, known_codes, used, unused_rule)
        ]
        unused_kept, unused_suppressed = _filter(unused, by_path, per_file_ignores, set())
        unused, suppressed = list(unused_kept), suppressed + unused_suppressed
    return Filtered(tuple(kept), tuple(suppressed), tuple(unused))


def _filter(
    findings: Sequence[Finding],
    by_path: Mapping[str, Sequence[Suppression]],
    per_file_ignores: Mapping[str, Sequence[str]],
    used: set[tuple[int, str]],
) -> tuple[tuple[Finding, ...], tuple[Suppressed, ...]]:
    kept: list[Finding] = []
    suppressed: list[Suppressed] = []
    for finding in findings:
        reasons: list[Suppressed] = []
        for site in finding.sites:
            for s in by_path.get(site.path, ()):
                if s.covers(finding.code, site):
                    used.add((id(s), finding.code))
                    where = f"{s.location.path}:{s.location.line}"
                    reasons.append(
                        Suppressed(finding, f"# buslint: {s.scope.value} at {where}", s.reason)
                    )
            pattern = per_file_ignored(finding.code, site.path, per_file_ignores)
            if pattern is not None:
                reasons.append(Suppressed(finding, f"per-file-ignores {pattern!r}"))
        if reasons:
            suppressed.append(reasons[0])
        else:
            kept.append(finding)
    return tuple(kept), tuple(suppressed)


def _unused(
    s: Suppression,
    enabled: set[str],
    known: set[str],
    used: set[tuple[int, str]],
    rule: UnusedSuppression,
) -> Iterable[Finding]:
    if s.problem:
        yield rule.unused(s.location, "malformed", s.problem)
        return
    for code in s.codes:
        if code == rule.code:
            continue  # a BUS016 suppression is never itself reported
        if not CODE.fullmatch(code) or code not in known:
            yield rule.unused(s.location, code, f"{code} is not a buslint rule code")
        elif code in enabled and (id(s), code) not in used:
            place = "in this file" if s.scope is Scope.FILE else f"on line {s.line}"
            yield rule.unused(s.location, code, f"no {code} finding {place} to suppress")
