"""Import roots inferred from the tree's own absolute imports: the folders Python must have on its path.

For ``from a.b import c`` in some file, the root is the folder above the first segment that
exists in the tree: a folder holding ``a/`` (a package, namespace packages included) or
``a.py``. The following segments and the imported names verify the match (``a/b.py`` exists,
``c`` occurs in it or is its submodule); the candidate that matches most deeply wins, and among
equals the one nearest above the importing file. Weak evidence is refused: a single segment
counts only next to the importer (a Lambda function's ``import settings``); a folder with an
``__init__.py`` is a package, never a root (``import celery`` inside ``proj/`` is the library);
a file never imports itself. The scan reads import lines as bytes: no parse, no import.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Container, Iterator, Sequence
from dataclasses import dataclass

_LINE = re.compile(
    rb"[ \t]*(?:from[ \t]+([A-Za-z_][\w.]*)[ \t]+import[ \t]*(\([^)]*\)?|[^\n#;]*)"
    rb"|import[ \t]+([^\n#;]+))"
)
_WORD = re.compile(r"[A-Za-z_]\w*")
_DOTTED = re.compile(r"[A-Za-z_][\w.]*")
_STDLIB = frozenset(sys.stdlib_module_names)


@dataclass(frozen=True)
class ImportRoot:
    """A folder imports are relative to, and why it is one."""

    folder: str
    """Relative to the project root with `/`; ``.`` for the project root itself."""
    reason: str
    """``from orders_app.handlers import … in services/orders/src/api.py``, ``configured in src``…"""


@dataclass(frozen=True)
class _Import:
    module: str
    names: tuple[str, ...]
    """The names a ``from`` import takes; empty for ``import a.b``."""

    @property
    def text(self) -> str:
        return f"from {self.module} import …" if self.names else f"import {self.module}"


def _imports_of(
    data: bytes, heads: Container[str], parsed: dict[bytes, tuple[_Import, ...]]
) -> Iterator[_Import]:
    """The absolute imports of a file whose first segment is one of `heads`, read from its lines
    (relative ones left out); `parsed` remembers the lines already read, which many files share."""
    at = data.find(b"import")
    while at >= 0:
        start = data.rfind(b"\n", 0, at) + 1
        match = _LINE.match(data, start)
        end = data.find(b"\n", at)
        if match is not None and match.end() > at:
            line = match.group(0)
            found = parsed.get(line)
            if found is None:
                found = parsed[line] = tuple(_parse(match, heads))
            yield from found
            end = max(end, match.end())
        if end < 0:
            return
        at = data.find(b"import", end)


def _parse(match: re.Match[bytes], heads: Container[str]) -> Iterator[_Import]:
    module, names, plain = match.group(1), match.group(2), match.group(3)
    if module is not None:
        text = module.decode("ascii", "replace")
        if text.partition(".")[0] in heads:
            items = (names or b"").decode("ascii", "replace").strip("()").split(",")
            taken = (item.split()[0] for item in items if item.split())
            yield _Import(text, tuple(name for name in taken if _WORD.fullmatch(name)))
        return
    for item in plain.decode("ascii", "replace").split(","):
        words = item.split()
        if words and _DOTTED.fullmatch(words[0]) and words[0].partition(".")[0] in heads:
            yield _Import(words[0], ())


class _Tree:
    """The analysed Python files as a tree of folders: which names exist where."""

    def __init__(self, paths: Sequence[str], datas: Sequence[bytes | None]) -> None:
        self.files: dict[str, bytes | None] = {}
        self.folders: set[str] = set()
        self.packages: set[str] = set()
        holders: dict[str, set[str]] = {}
        for path, data in zip(paths, datas, strict=True):
            if not path.endswith(".py") or path.startswith(("/", "../")):
                continue
            self.files[path] = data
            folder, _, name = path.rpartition("/")
            if name == "__init__.py":
                self.packages.add(folder)
            holders.setdefault(name[: -len(".py")], set()).add(folder)
            while folder and folder not in self.folders:
                self.folders.add(folder)
                above, _, name = folder.rpartition("/")
                holders.setdefault(name, set()).add(above)
                folder = above
        self.parents = {name: sorted(found) for name, found in holders.items()}
        """A name → the folders that hold it, as a subfolder or as a ``.py`` file."""
        self._words: dict[tuple[str, str], bool] = {}
        self._depths: dict[tuple[str, _Import], tuple[int, tuple[str, ...]]] = {}

    def has_word(self, path: str, word: str) -> bool:
        """Whether `word` occurs as an identifier in the file at `path`."""
        key = (path, word)
        found = self._words.get(key)
        if found is None:
            data = self.files.get(path) or b""
            pattern = rb"(?<![\w])" + re.escape(word.encode()) + rb"(?![\w])"
            found = self._words[key] = re.search(pattern, data) is not None
        return found

    def depth(self, holder: str, item: _Import) -> tuple[int, tuple[str, ...]]:
        """How deeply `item` matches the tree below `holder` — segments found, plus one when an
        imported name is found in (or below) the last of them — and the files it went through."""
        key = (holder, item)
        known = self._depths.get(key)
        if known is None:
            known = self._depths[key] = self._depth(holder, item)
        return known

    def _depth(self, holder: str, item: _Import) -> tuple[int, tuple[str, ...]]:
        folder: str | None = holder
        target = ""
        through: list[str] = []
        for segment in item.module.split("."):
            if folder is None:
                break  # a module has no submodules: the rest are its attributes
            below = f"{folder}/{segment}" if folder else segment
            if below + ".py" in self.files and below not in self.packages:
                folder, target = None, below + ".py"
            elif below in self.folders:
                folder, target = below, f"{below}/__init__.py"
            else:
                return len(through), tuple(through)
            through.append(target)
        else:
            if any(self._holds(folder, target, name) for name in item.names):
                return len(through) + 1, tuple(through)
        return len(through), tuple(through)

    def _holds(self, folder: str | None, target: str, name: str) -> bool:
        if folder is not None:
            below = f"{folder}/{name}" if folder else name
            if below in self.folders or below + ".py" in self.files:
                return True
        return target in self.files and self.has_word(target, name)


def infer(paths: Sequence[str], datas: Sequence[bytes | None]) -> tuple[ImportRoot, ...]:
    """The import roots the code's own imports show, sorted, each with its first evidence.

    `paths` are relative to the project root with `/`; `datas` the files' bytes (None when
    unreadable); only ``.py`` files are read."""
    tree = _Tree(paths, datas)
    found: dict[str, str] = {}
    parsed: dict[bytes, tuple[_Import, ...]] = {}
    for path, data in tree.files.items():
        if not data:
            continue
        here = path.rpartition("/")[0]
        seen: set[_Import] = set()
        for item in _imports_of(data, tree.parents, parsed):
            if item in seen:
                continue
            seen.add(item)
            for folder in _roots_for(tree, item, path, here):
                found.setdefault(folder, f"`{item.text}` in {path}")
    return tuple(ImportRoot(folder or ".", reason) for folder, reason in sorted(found.items()))


def _roots_for(tree: _Tree, item: _Import, importer: str, here: str) -> list[str]:
    """The folders that import `item` best explains as roots; [] when the evidence is weak."""
    head = item.module.partition(".")[0]
    best = 0
    candidates: list[str] = []
    for holder in tree.parents.get(head, ()):
        if holder and holder in tree.packages:
            continue  # a package is imported from above it, never a root itself
        depth, through = tree.depth(holder, item)
        if importer in through:
            continue  # a file does not import itself: `from celery import …` in celery.py
        if depth < 2 and not (depth == 1 and holder == here and head not in _STDLIB):
            continue
        if depth > best:
            best, candidates = depth, [holder]
        elif depth == best:
            candidates.append(holder)
    above = [c for c in candidates if _contains(c, here)]
    if above:
        return [max(above, key=len)]
    return candidates


def _contains(folder: str, path: str) -> bool:
    return not folder or path == folder or path.startswith(folder + "/")
