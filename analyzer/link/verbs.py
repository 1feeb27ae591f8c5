"""English verb forms in message names: is an event named in the past tense, a command in the
imperative?

The verbs, their past tenses and participles come from the SPECIALIST lexicon through
lemminflect (`morphology.py`); what is left here is the shape of message names: the suffixes
they carry (``…Event``, ``…Command``, ``…Cmd``), particles (``SignedUp``), and nouns made from
verbs (``Placement``, ``Creation``, ``Processing``). It only reports what it is sure of: a word
that may be a verb (``Order``, ``Stock``) is taken for one, and an allow-list in the
configuration settles the rest.
"""

from __future__ import annotations

import re

from analyzer.link.classify import words
from analyzer.link.morphology import is_past, is_plain_past, is_verb

EVENT_SUFFIXES = frozenset({"Event", "Evt", "Notification", "Message", "Msg"})
EVENT_QUALIFIERS = frozenset({"Domain", "Integration", "Public", "Internal", "External"})
COMMAND_SUFFIXES = frozenset({"Command", "Cmd", "Request", "Message", "Msg"})
PARTICLES = frozenset({"Up", "Out", "In", "Off", "Over", "Back", "Down", "Away", "On", "Through"})
COMPLEMENTS = frozenset({"As", "To", "Be", "Is"})
"""Words that make a past participle the complement of a verb: ``MarkAsPaid``."""
NOMINAL_SUFFIXES = ("tion", "sion", "ment", "ance", "ence", "ing", "al", "ure", "ery")
"""Endings of nouns made from verbs: a word with one that is no verb is a noun."""
_VERSION = re.compile(r"V?\d+")
_DIGITS = re.compile(r"(?<=[a-z])(\d+)")


def _words(name: str) -> list[str]:
    """The words of a name, with numbers apart: ``OrderPlaced2`` → Order, Placed, 2."""
    return words(_DIGITS.sub(r"_\1", name))


def _core(name: str, suffixes: frozenset[str]) -> list[str]:
    """The words of a name without its message suffixes and version numbers."""
    parts = _words(name)
    stripped = True
    while parts and stripped:
        stripped = False
        if parts[-1] in suffixes or _VERSION.fullmatch(parts[-1]):
            parts.pop()
            stripped = True
            while parts and parts[-1] in EVENT_QUALIFIERS:
                parts.pop()
    return parts


def _without_particles(parts: list[str]) -> list[str]:
    while len(parts) > 1 and parts[-1] in PARTICLES:
        parts = parts[:-1]
    return parts


def is_nominal(word: str) -> bool:
    """A noun made from a verb, and no verb itself: ``Placement``, ``Creation``,
    ``Processing``, ``Approval``; not ``Comment``, ``Document`` or ``Signal``."""
    singular = word[:-1] if word.endswith("s") and not word.endswith("ss") else word
    return (
        len(singular) > 5
        and singular.lower().endswith(NOMINAL_SUFFIXES)
        and not is_verb(singular)
        and not is_past(singular)
    )


def not_past_tense(name: str) -> str | None:
    """Why an event's name is not in the past tense, or None when it is (``OrderPlaced``,
    ``PaymentSucceededEvent``, ``UserSignedUp``, ``UserBecameActive``,
    ``HighestBidderWasOutbid``, ``PasswordReset``)."""
    core = _core(name, EVENT_SUFFIXES)
    if not core:
        return None
    if any(is_past(word) for word in core):
        return None
    last = _words(name)[-1]
    if last in ("Command", "Cmd"):
        return f"it ends with {last}"
    return f"no word of {''.join(core)} is a past participle"


def not_imperative(name: str) -> str | None:
    """Why a command's name is not an imperative, or None when nothing says so (``PlaceOrder``,
    ``CancelOrderCommand``, ``SetPrice``, ``OrderPizza``, ``MarkAsPaid``). A first word that
    may be a verb is one: ``OrderCreation`` and ``StockReplenishment`` pass (the lexicon cannot
    tell them from ``StartProcessing``)."""
    every = _words(name)
    if every and every[-1] in ("Event", "Evt"):
        return f"it ends with {every[-1]}, like an event"
    core = _without_particles(_core(name, COMMAND_SUFFIXES))
    if not core:
        return None
    first, last = core[0], core[-1]
    if is_nominal(first):
        return f"{first} is a noun, not a verb"
    if is_plain_past(last) and not COMPLEMENTS & set(core[1:-1]):
        return f"{last} is a past participle: it names what happened, not what to do"
    if len(core) > 1 and not is_verb(first) and is_nominal(last):
        return f"{''.join(core)} is a noun phrase, not a verb"
    return None
