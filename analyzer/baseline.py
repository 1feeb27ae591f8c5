"""The baseline: findings a team accepted when adopting buslint, keyed by line-free fingerprints."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from analyzer.errors import ConfigError
from analyzer.model import Finding

SCHEMA = "buslint.baseline/1"
FILENAME = ".buslint-baseline.json"


@dataclass(frozen=True, order=True)
class BaselineEntry:
    """Accepted findings of one rule about one subject in one file, with how many there were."""

    fingerprint: str
    rule: str
    path: str
    subject: tuple[str, ...]
    message: str
    count: int


@dataclass(frozen=True)
class Baseline:
    entries: tuple[BaselineEntry, ...]

    def count(self) -> int:
        return sum(entry.count for entry in self.entries)


@dataclass(frozen=True)
class Matched:
    """Findings split against a baseline, and the entries that no longer occur."""

    new: tuple[Finding, ...]
    baselined: int
    stale: tuple[BaselineEntry, ...]
    """Entries (with the count that is missing) whose findings are gone: fixed, so the file can shrink."""


def key(finding: Finding) -> str:
    """Rule + path + subject, never a line: the same for every occurrence, stable when lines move."""
    text = "\x1f".join([finding.code, finding.location.path, *finding.subject])
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def from_findings(findings: Iterable[Finding]) -> Baseline:
    """One entry per key, counting the findings that share it; the first one's message for humans."""
    groups = _group(findings)
    entries = [
        BaselineEntry(fp, f[0].code, f[0].location.path, f[0].subject, f[0].message, len(f))
        for fp, f in groups.items()
    ]
    return Baseline(tuple(sorted(entries)))


def match(baseline: Baseline, findings: Sequence[Finding], enabled: Iterable[str]) -> Matched:
    """Findings beyond their entry's count are new; entries of enabled rules not seen are stale."""
    groups = _group(findings)
    allowed = {entry.fingerprint: entry.count for entry in baseline.entries}
    accepted: set[int] = set()
    for fp, group in groups.items():
        accepted.update(id(f) for f in group[: allowed.get(fp, 0)])
    new = tuple(f for f in findings if id(f) not in accepted)
    codes = set(enabled)
    stale = []
    for entry in baseline.entries:
        seen = len(groups.get(entry.fingerprint, ()))
        if entry.rule in codes and seen < entry.count:
            stale.append(_with_count(entry, entry.count - seen))
    return Matched(new, len(accepted), tuple(stale))


def shrink(baseline: Baseline, findings: Sequence[Finding], enabled: Iterable[str]) -> Baseline:
    """The baseline without what no longer occurs; it never gains an entry or a count.

    Entries of rules that did not run (`enabled` lacks them) are kept as they are.
    """
    groups = _group(findings)
    codes = set(enabled)
    kept = []
    for entry in baseline.entries:
        seen = len(groups.get(entry.fingerprint, ()))
        count = min(entry.count, seen) if entry.rule in codes else entry.count
        if count:
            kept.append(_with_count(entry, count))
    return Baseline(tuple(kept))


def dumps(baseline: Baseline) -> str:
    """Sorted keys, indent 2, one entry per fingerprint: reviewable in a diff."""
    entries = {
        e.fingerprint: {
            "rule": e.rule,
            "path": e.path,
            "subject": list(e.subject),
            "message": e.message,
            "count": e.count,
        }
        for e in baseline.entries
    }
    return json.dumps({"schema": SCHEMA, "entries": entries}, indent=2, sort_keys=True) + "\n"


def loads(text: str, source: str) -> Baseline:
    """Read a baseline file; anything else is a ConfigError naming the file."""
    try:
        data: Any = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ConfigError(source, "", f"is not a buslint baseline: invalid JSON ({exc})") from None
    if not isinstance(data, dict) or data.get("schema") != SCHEMA:
        raise ConfigError(source, "", f"is not a buslint baseline: expected schema {SCHEMA!r}")
    entries = []
    raw = data.get("entries")
    if not isinstance(raw, dict):
        raise ConfigError(source, "", "is not a buslint baseline: 'entries' must be an object")
    for fp, item in raw.items():
        try:
            entries.append(
                BaselineEntry(
                    str(fp),
                    str(item["rule"]),
                    str(item["path"]),
                    tuple(str(s) for s in item["subject"]),
                    str(item.get("message", "")),
                    int(item["count"]),
                )
            )
        except (KeyError, TypeError, ValueError):
            raise ConfigError(
                source,
                "",
                f"is not a buslint baseline: entry {fp!r} needs rule, path, subject, count",
            ) from None
    return Baseline(tuple(sorted(entries)))


def _group(findings: Iterable[Finding]) -> dict[str, list[Finding]]:
    groups: dict[str, list[Finding]] = {}
    for finding in findings:
        groups.setdefault(key(finding), []).append(finding)
    return groups


def _with_count(entry: BaselineEntry, count: int) -> BaselineEntry:
    return BaselineEntry(
        entry.fingerprint, entry.rule, entry.path, entry.subject, entry.message, count
    )
