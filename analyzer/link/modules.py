"""Which module an import names: import names by root, the importing module's own root first."""

from __future__ import annotations

from collections.abc import Iterable

from analyzer.model import FileFacts

_Candidate = tuple[str, bool, str, str]
"""A module an import name may denote: its root, whether the name is from another root holding
it (a second choice), its path and its unique name."""


class ModuleIndex:
    """The modules of the project by import name.

    A module is importable by its import name in its own root, and also, when roots nest
    (``.`` and ``services/orders/src``), by its path from each other root holding it. An import
    resolves to a module of the importing module's own root first, then to one named from its
    own root, then to the nearest by path.
    """

    def __init__(self, modules: Iterable[FileFacts]) -> None:
        files = list(modules)
        self._root_of = {f.module: (f.root, f.path) for f in files}
        self._roots = {f.root for f in files if f.root}
        self._holding: dict[str, tuple[str, ...]] = {}
        by_name: dict[str, list[_Candidate]] = {}
        for facts in files:
            name = facts.import_name or facts.module
            found = by_name.get(name)
            if found is None:
                by_name[name] = [(facts.root, False, facts.path, facts.module)]
            else:
                found.append((facts.root, False, facts.path, facts.module))
        if len(self._roots) > 1:
            for facts in files:
                for root, name in self._nested_names(facts):
                    by_name.setdefault(name, []).append((root, True, facts.path, facts.module))
        self.single = {name: found[0][3] for name, found in by_name.items() if len(found) == 1}
        """Import names only one module has → that module (the common case, looked up inline)."""
        self._several = {name: found for name, found in by_name.items() if len(found) > 1}
        self._found: dict[tuple[str, str], str] = {}

    def _nested_names(self, facts: FileFacts) -> Iterable[tuple[str, str]]:
        """The names a module has from the other roots that hold it."""
        path = facts.path.removesuffix(".py").removesuffix("/__init__")
        for root in self._holders(path.rpartition("/")[0] or "."):
            if root != facts.root:
                yield root, (path if root == "." else path[len(root) + 1 :]).replace("/", ".")

    def _holders(self, folder: str) -> tuple[str, ...]:
        """The roots holding a folder (itself included)."""
        known = self._holding.get(folder)
        if known is None:
            above = () if folder == "." else self._holders(folder.rpartition("/")[0] or ".")
            known = (*above, folder) if folder in self._roots else above
            self._holding[folder] = known
        return known

    def find(self, name: str, importer: str | None) -> str | None:
        """The module (its unique name) that `name`, imported in module `importer`, denotes."""
        single = self.single.get(name)
        if single is not None:
            return single
        candidates = self._several.get(name)
        if candidates is None:
            return None
        root, path = self._root_of.get(importer or "", ("", ""))
        key = (name, path)
        found = self._found.get(key)
        if found is None:
            found = self._found[key] = min(
                candidates, key=lambda c: (c[0] != root, c[1], -_shared(c[2], path), c[3])
            )[3]
        return found


def _shared(one: str, other: str) -> int:
    """How many leading folders two paths share."""
    count = 0
    for mine, theirs in zip(one.split("/")[:-1], other.split("/")[:-1], strict=False):
        if mine != theirs:
            break
        count += 1
    return count
