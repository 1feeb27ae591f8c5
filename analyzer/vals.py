"""Expressions as the linker's inference reads them (`Val`), and their compact text form.

Every call site and every scope's flow carries expressions; stored as nested objects, reading
them back from the cache (pydantic validating each node) doubled the time a warm run takes to
load its facts. Stored as one string each, they load as fast as any string, and the linker
decodes only the few it reads (the calls of the functions a flow leads to). A Val is written
``<op><len>:<text><n>;`` followed by its `n` arguments, depth first.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass


class Op(str, enum.Enum):
    """What a `Val` is; one letter each, so that cached facts stay small."""

    STR = "s"
    """A string literal: `text` is its value."""
    NAME = "n"
    """A name read in the module's global scope (a class, a function, a constant, a module's
    attribute): `text` is the dotted name as written."""
    PARAM = "p"
    """A parameter of the enclosing function: `text` is its name."""
    LOCAL = "l"
    """A local variable of the enclosing function: `text` is its name."""
    ATTR = "a"
    """``args[0].text``."""
    ITEM = "i"
    """``args[0][args[1]]`` (a slice reads as the sequence itself); `args[2]`, when present, is
    the value of a missing key."""
    CALL = "c"
    """``args[0](*args[1:])``; `text` names the keyword arguments, comma-separated, which are the
    last ones of `args`."""
    JOIN = "j"
    """The concatenation of `args` (an f-string, ``"{}x".format(a)``, ``a + b``)."""
    SEQ = "q"
    """A list, tuple or set of `args` (a comprehension: its element)."""
    MAP = "m"
    """A dict: `args` alternate keys and values."""
    EITHER = "o"
    """One of `args` (``a if c else b``, ``a or b``)."""
    EACH = "e"
    """An element of the iterable `args[0]` (a ``for`` target, a comprehension's variable)."""
    ELEM = "x"
    """The element a `ChannelRef.each` iterates over (its parts read fields of it)."""
    APPLIED = "f"
    """The function a decorator made by the enclosing function is applied to: the handler of
    ``def task(name): return app.task(name=name)`` is whatever ``@task("x")`` decorates."""
    HANDLE = "h"
    """An object a recogniser knows to stand for a channel (a Celery signature): `text` is the
    transport, `args[0]` the channel's name."""
    UNKNOWN = "?"
    """Anything else: `text` is the code, shortened."""


@dataclass(frozen=True)
class Val:
    """An expression as written, kept for the linker's inference (`analyzer.link.infer`): names,
    parameters, literals, calls, attributes and containers, nothing evaluated."""

    op: Op
    text: str = ""
    args: tuple[Val, ...] = ()

    @property
    def keywords(self) -> tuple[str, ...]:
        """The keyword names of a call's last arguments."""
        return tuple(self.text.split(",")) if self.op is Op.CALL and self.text else ()


_OPS = {op.value: op for op in Op}


def encode(value: Val) -> str:
    parts: list[str] = []
    _encode(value, parts)
    return "".join(parts)


def _encode(value: Val, parts: list[str]) -> None:
    parts.append(f"{value.op.value}{len(value.text)}:{value.text}{len(value.args)};")
    for arg in value.args:
        _encode(arg, parts)


def encode_all(values: Sequence[Val]) -> str:
    parts: list[str] = [f"{len(values)};"]
    for value in values:
        _encode(value, parts)
    return "".join(parts)


class Reader:
    """Reads Vals (and counts and names) back from an encoded string, in order."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.at = 0

    def number(self, end: str) -> int:
        stop = self.text.index(end, self.at)
        found = int(self.text[self.at : stop])
        self.at = stop + 1
        return found

    def name(self) -> str:
        size = self.number(":")
        found = self.text[self.at : self.at + size]
        self.at += size
        return found

    def value(self) -> Val:
        op = _OPS[self.text[self.at]]
        self.at += 1
        text = self.name()
        count = self.number(";")
        return Val(op, text, tuple(self.value() for _ in range(count)))

    def values(self) -> tuple[Val, ...]:
        return tuple(self.value() for _ in range(self.number(";")))


def decode(text: str) -> Val:
    return Reader(text).value()
