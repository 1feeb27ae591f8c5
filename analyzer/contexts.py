"""Bounded contexts: which configured context (or, failing that, which package) a module is in."""

from __future__ import annotations

import fnmatch
from collections.abc import Mapping


def context_of(module: str, contexts: Mapping[str, tuple[str, ...]]) -> str | None:
    """The first configured context whose patterns match the module (or a parent package)."""
    for name, patterns in contexts.items():
        for pattern in patterns:
            if fnmatch.fnmatchcase(module, pattern) or fnmatch.fnmatchcase(module, pattern + ".*"):
                return name
    return None


def group_of(qualname: str, contexts: Mapping[str, tuple[str, ...]], depth: int = 1) -> str:
    """The context of a qualified name, or its top `depth` package components when none matches.

    Exports use it to split or cluster a graph: by configured context, else by package.
    """
    parts = qualname.split(".")
    for cut in range(len(parts), 0, -1):
        found = context_of(".".join(parts[:cut]), contexts)
        if found is not None:
            return found
    return ".".join(parts[:depth]) if len(parts) > depth else parts[0]
