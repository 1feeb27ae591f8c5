"""The rule catalogue: every module in this package defines one rule; `all_rules` finds them."""

from __future__ import annotations

import importlib
import pkgutil

from rules.base import DOC_SECTIONS, Example, Rule, where

__all__ = ["DOC_SECTIONS", "Example", "Rule", "all_rules", "where"]


def all_rules() -> list[type[Rule]]:
    """Every rule class in this package, sorted by code."""
    found: dict[str, type[Rule]] = {}
    for info in pkgutil.iter_modules(__path__):
        if info.name.startswith("_") or info.name == "base":
            continue
        module = importlib.import_module(f"{__name__}.{info.name}")
        for value in vars(module).values():
            if (
                isinstance(value, type)
                and issubclass(value, Rule)
                and value is not Rule
                and value.__module__ == module.__name__
            ):
                found[value.code] = value
    return [found[code] for code in sorted(found)]
