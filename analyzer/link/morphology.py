"""English verb forms, from the SPECIALIST lexicon as lemminflect gives them: is a word a verb's
base form, its past tense or past participle, or both (``Set``, ``Run``)?

The table (`english_verbs.txt`) is generated from lemminflect by `tools/english_verbs.py` and
checked against it by the tests; reading it takes milliseconds where loading lemminflect takes
over a second. Words the lexicon does not know (``Upserted``, ``Onboard``) fall back to the
regular spelling: a word ending in -ed is a past form, and a verb prefix (``un``, ``re``, ``de``,
…) in front of a known verb is a verb.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from importlib import resources

PREFIXES = ("un", "re", "de", "pre", "dis", "mis", "over", "out", "co", "auto", "up", "down", "sub")
"""Prefixes that make verbs of verbs: ``unpublish``, ``resync``, ``deallocate``."""


@dataclass(frozen=True)
class Lexicon:
    bases: frozenset[str]
    """Base forms of verbs: ``place``, ``run``, ``set``."""
    pasts: frozenset[str]
    """Past tenses and past participles: ``placed``, ``ran``, ``run``, ``set``, ``was``."""
    not_verbs: frozenset[str]
    """Words ending in -ed that are no verb form: ``greed``, ``hundred``."""


@functools.cache
def lexicon() -> Lexicon:
    text = resources.files(__package__).joinpath("english_verbs.txt").read_text(encoding="utf-8")
    bases: set[str] = set()
    pasts: set[str] = set()
    lines = iter(text.splitlines())
    for line in lines:
        if line.startswith("#"):
            continue
        if line == "-":
            break
        base, past, participle = line.split(" ")
        bases.add(base)
        for forms in (past, participle if participle != "-" else past):
            if forms != "-":
                pasts.update(forms.split("/"))
    return Lexicon(frozenset(bases), frozenset(pasts), frozenset(lines))


def is_verb(word: str) -> bool:
    """``Place``, ``Comment``, ``Unpublish``: the base form of a verb."""
    low = word.lower()
    known = lexicon().bases
    return low in known or any(
        low.startswith(p) and low[len(p) :] in known for p in PREFIXES if len(low) > len(p) + 2
    )


def is_past(word: str) -> bool:
    """``Placed``, ``Paid``, ``Became``, ``Was``, ``Run``, ``Set``: a past tense or participle,
    also one spelled like the verb itself; ``Upserted``: an unknown word ending in -ed."""
    low = word.lower()
    table = lexicon()
    if low in table.pasts:
        return True
    if low in table.bases or low in table.not_verbs:
        return False
    return len(low) > 4 and low.endswith("ed")


def is_plain_past(word: str) -> bool:
    """A past form that is not also a verb's base form: ``Placed``, ``Ran``, but not ``Run``,
    ``Set`` or ``Reset``, which name the act as often as the fact."""
    return is_past(word) and word.lower() not in lexicon().bases
