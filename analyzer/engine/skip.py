"""Which files can be skipped before parsing: a byte scan for the names that matter, then a closure.

A file *hits* when its bytes hold a name extraction or linking reads: an identifier of the
vocabulary (verbs, decorators, registrations, base names, event lists), a word the vocabulary
looks for inside identifiers (``bus``, ``handler``, ``command``, ``event``…), a recogniser's
marker, or a module name word in its own dotted name. A file that does not hit cannot send, emit,
register or declare a message by itself, but it may define what other files use, or derive from
what they define. So the files kept for full extraction are:

1. every hit, and every file that refers (transitively) to a hit — a class deriving from a
   message base defined elsewhere is a message too;
2. everything those refer to (transitively), and the packages above them — a handler function,
   a base class or a channel constant defined in a file without messaging words.

"Refers to" is deliberately generous: file F refers to module ``a.b.c`` when the identifier
``c`` occurs anywhere in F (an import, a dotted name, a string), and a relative import refers
to every package above F. The rest is skipped: parsed by CPython's own parser (``ast``) to
find syntax errors, but never by libcst. The analysis is identical either way; a test compares
every fixture project with and without the skip.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from analyzer.config import Config
from analyzer.extract.recogniser import Recogniser
from analyzer.vocabulary import EVENT_LISTS, Names

_IDENTIFIER = re.compile(rb"[A-Za-z_][A-Za-z0-9_]*")
_RELATIVE_IMPORT = re.compile(rb"\bfrom\s*\.")
# Words the vocabulary looks for *inside* identifiers (kind words of registries, bus-like names).
_INNER_WORDS = (b"command", b"cmd", b"event", b"quer", b"handler")


@dataclass(frozen=True)
class Scanner:
    """What a file must contain to hit; `enabled` is false when skipping cannot be proved safe."""

    exact: frozenset[bytes]
    """Lower-case identifiers of the vocabulary."""
    inner: tuple[bytes, ...]
    """Lower-case words that matter anywhere inside an identifier."""
    markers: tuple[bytes, ...]
    module_words: frozenset[str]
    enabled: bool

    @classmethod
    def of(cls, names: Names, recognisers: Sequence[Recogniser], config: Config) -> Scanner:
        module_words = (
            names.command_modules | names.event_modules | names.query_modules
        ) | names.message_modules
        words: set[str] = set(EVENT_LISTS)
        for field, value in vars(names).items():
            if not field.endswith("_modules"):  # module words matter in module names only
                words.update(value)
        inner = {*_INNER_WORDS, *(w.lower().encode() for w in names.bus_names)}
        inner.update(w.lower().encode() for w in names.registry_names)
        markers = tuple(m for r in recognisers for m in r.markers)
        # A recogniser that names no markers (other than the generic bus, which reads only the
        # vocabulary) might care about anything; kinds configured by glob can make any class a
        # message. Either way nothing is skipped.
        unknown = any(not r.markers and r.name != "generic" for r in recognisers)
        kinds = config.kinds
        configured = bool(kinds.commands or kinds.events or kinds.queries)
        return cls(
            exact=frozenset(w.lower().encode() for w in words),
            inner=tuple(sorted(inner)),
            markers=markers,
            module_words=frozenset(module_words),
            enabled=not unknown and not configured,
        )

    def hits(self, data: bytes, module: str) -> bool:
        """True when the file holds a name that extraction or linking reads."""
        if any(part in self.module_words for part in module.split(".")):
            return True
        if any(marker in data for marker in self.markers):
            return True
        low = data.lower()
        if any(word in low for word in self.inner):
            return True
        return not self.exact.isdisjoint(_IDENTIFIER.findall(low))


def identifiers(data: bytes) -> frozenset[bytes]:
    """Every ASCII identifier in the file, strings and comments included."""
    return frozenset(_IDENTIFIER.findall(data))


@dataclass(frozen=True)
class FileScan:
    """What the byte scan found in one file, which depends only on its bytes and on the last
    names of the tree's modules (so it can be cached while the tree keeps its modules)."""

    hit: bool
    names: tuple[str, ...]
    """The identifiers of the file that are the last name of some module of the tree, sorted."""
    relative: bool
    """The file has a relative import (it refers to every package above it)."""


class Modules:
    """The modules of one tree by import name, each in its import root; looked up by their last
    name and by their full name."""

    def __init__(self, modules: Sequence[str], roots: Sequence[str] | None = None) -> None:
        self.names = tuple(modules)
        self.roots = tuple(roots) if roots is not None else ("",) * len(self.names)
        self.by_last: dict[bytes, list[int]] = {}
        self.index_of: dict[tuple[str, str], list[int]] = {}
        for i, (module, root) in enumerate(zip(self.names, self.roots, strict=True)):
            self.by_last.setdefault(module.rpartition(".")[2].encode(), []).append(i)
            self.index_of.setdefault((root, module), []).append(i)

    def above(self, index: int) -> list[int]:
        """The files of the packages above a module in its root (``a`` and ``a.b`` for ``a.b.c``)."""
        root, parts = self.roots[index], self.names[index].split(".")
        above = (".".join(parts[:n]) for n in range(1, len(parts)))
        return [i for package in above for i in self.index_of.get((root, package), ())]


def scan(
    scanner: Scanner, modules: Modules, index: int, data: bytes | None, fixed: bool
) -> FileScan:
    """Scan file `index` of the tree (its bytes, None when unreadable; `fixed` when it is kept
    anyway: infrastructure templates, inputs that might crash the parser)."""
    if data is None:
        return FileScan(True, (), False)
    names = sorted(n.decode() for n in identifiers(data) if n in modules.by_last)
    hit = fixed or scanner.hits(data, modules.names[index])
    return FileScan(hit, tuple(names), bool(_RELATIVE_IMPORT.search(data)))


def plannable(scanner: Scanner, modules: Sequence[str]) -> bool:
    """Whether files can be skipped at all in this tree."""
    return scanner.enabled and all(m.isascii() for m in modules)


def keep(
    scanner: Scanner,
    modules: Sequence[str],
    datas: Sequence[bytes | None],
    fixed: Sequence[bool] | None = None,
    roots: Sequence[str] | None = None,
) -> list[bool]:
    """For each file (its module's import name, its bytes or None when unreadable, whether it is
    kept anyway — infrastructure templates, inputs that might crash the parser —, its import
    root): whether it needs full extraction. Files kept anyway count as hits, and what they name
    is kept too (a template names its Lambda handlers' modules)."""
    if not plannable(scanner, modules):
        return [True] * len(modules)
    tree = Modules(modules, roots)
    scans = [scan(scanner, tree, i, data, bool(fixed and fixed[i])) for i, data in enumerate(datas)]
    return closure(tree, scans)


def closure(tree: Modules, scans: Sequence[FileScan]) -> list[bool]:
    """Which files need full extraction, from every file's scan.

    Files refer to each other through names: file F mentions name ``c``, and every module whose
    last name is ``c`` is referred to. Walking through the names (each expanded once) rather than
    through every file-to-file pair keeps this linear when a common name (``handlers``) is the
    last name of hundreds of modules.
    """
    count = len(tree.names)
    last = [module.rpartition(".")[2].encode() for module in tree.names]
    users: dict[bytes, list[int]] = {}  # name → the files that mention it
    relative_users: dict[int, list[int]] = {}  # package file → files below it importing relatively
    for i, file in enumerate(scans):
        for name in file.names:
            users.setdefault(name.encode(), []).append(i)
        if file.relative:
            for package in tree.above(i):
                relative_users.setdefault(package, []).append(i)
    # 1. Hits and everything that refers to them, transitively (reverse edges).
    kept = [file.hit for file in scans]
    stack = [i for i in range(count) if kept[i]]
    expanded: set[bytes] = set()
    while stack:
        j = stack.pop()
        referrers = list(relative_users.get(j, ()))
        if last[j] not in expanded:
            expanded.add(last[j])
            referrers += users.get(last[j], ())
        for k in referrers:
            if not kept[k]:
                kept[k] = True
                stack.append(k)
    # 2. Everything those refer to, and the packages above, transitively (forward edges).
    needed = list(kept)
    stack = [i for i in range(count) if kept[i]]
    expanded = set()
    while stack:
        i = stack.pop()
        targets = tree.above(i)
        for name in scans[i].names:
            key = name.encode()
            if key not in expanded:
                expanded.add(key)
                targets += tree.by_last.get(key, ())
        for j in targets:
            if not needed[j]:
                needed[j] = True
                stack.append(j)
    return needed


MAX_STATEMENT = 200
"""Longest statement (bytes, indentation aside) of a file that may be skipped. libcst gives up
(RecursionError) on chains nested a few hundred deep — ``- - - … a``, ``1 + 1 + …``, ``"a" "b" …``
— which CPython's parser, used for skipped files, accepts; a statement this short cannot nest
that deep, even inside the 99 blocks Python allows."""


def shallow(data: bytes) -> bool:
    """True when no statement is long enough to nest deeper than libcst can follow."""
    if len(data) <= MAX_STATEMENT:
        return True
    depth = span = 0
    for line in data.splitlines():
        text = line.strip()
        span += len(text)
        if span > MAX_STATEMENT:
            return False
        depth += sum(text.count(b) for b in b"([{") - sum(text.count(b) for b in b")]}")
        if depth <= 0 and not text.endswith(b"\\"):
            depth = span = 0
    return True
