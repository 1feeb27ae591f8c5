"""Deciding a message's kind from its evidence, strongest first; spotting evidence that disagrees."""

from __future__ import annotations

import re
from collections.abc import Iterable

from analyzer.link.morphology import is_plain_past
from analyzer.model import Evidence, Kind, Tier

_WORDS = re.compile(r"[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z0-9]+|[A-Z]+")


def words(name: str) -> list[str]:
    """``OrderPlacedEvent`` → ``["Order", "Placed", "Event"]``; snake_case works too."""
    return [w[:1].upper() + w[1:] for w in _WORDS.findall(name.replace("_", " "))]


def name_form(name: str) -> Evidence | None:
    """The weakest evidence: what the name looks like."""
    parts = words(name)
    if not parts:
        return None
    last = parts[-1]
    if last in ("Command", "Cmd"):
        return Evidence(Tier.NAME, Kind.COMMAND, f"name ends with {last}")
    if last == "Query":
        return Evidence(Tier.NAME, Kind.QUERY, "name ends with Query")
    if last == "Event":
        return Evidence(Tier.NAME, Kind.EVENT, "name ends with Event")
    if is_plain_past(last):  # `Run`, `Set`, `Reset` name the act as often as the fact
        return Evidence(Tier.NAME, Kind.EVENT, f"name is in the past tense ({last})")
    return None


def decide(evidence: Iterable[Evidence]) -> tuple[Kind, tuple[Evidence, ...]]:
    """The kind and the evidence sorted strongest first.

    The strongest tier that names a kind decides; when it names several, weaker tiers break the
    tie by votes; when that fails the kind is unknown.
    """
    ordered = tuple(sorted(set(evidence), key=lambda e: (-e.tier, e.text, e.kind.value)))
    known = [e for e in ordered if e.kind is not Kind.UNKNOWN]
    if not known:
        return Kind.UNKNOWN, ordered
    top = known[0].tier
    candidates = {e.kind for e in known if e.tier == top}
    if len(candidates) == 1:
        return candidates.pop(), ordered
    for tier in sorted({e.tier for e in known if e.tier < top}, reverse=True):
        votes = {k: sum(1 for e in known if e.tier == tier and e.kind is k) for k in candidates}
        best = max(votes.values())
        winners = [k for k, n in votes.items() if n == best]
        if best and len(winners) == 1:
            return winners[0], ordered
    return Kind.UNKNOWN, ordered


def conflicts(evidence: Iterable[Evidence]) -> tuple[Evidence, Evidence] | None:
    """Two pieces of strong evidence (module name or stronger) that name different kinds.

    Configuration settles a kind, so it never conflicts.
    """
    strong = [e for e in evidence if e.tier >= Tier.MODULE and e.kind is not Kind.UNKNOWN]
    if any(e.tier is Tier.CONFIG for e in strong):
        return None
    strong.sort(key=lambda e: (-e.tier, e.text))
    for first in strong:
        for second in strong:
            if second.kind is not first.kind:
                return first, second
    return None
