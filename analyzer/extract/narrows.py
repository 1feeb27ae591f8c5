"""Dispatch on a message's class inside a function: ``isinstance(event, X)`` and ``case X():``."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import libcst as cst

from analyzer.extract.expressions import code, dotted
from analyzer.model import Narrow

if TYPE_CHECKING:
    from analyzer.extract.visitor import FileVisitor


def tested(v: FileVisitor, call: cst.Call, param: str) -> list[Narrow]:
    """``isinstance(param, X)`` or ``isinstance(param, (X, Y))``: one narrow per class."""
    args = [arg.value for arg in call.args if arg.keyword is None and not arg.star]
    if len(args) != 2 or not (isinstance(args[0], cst.Name) and args[0].value == param):
        return []
    classes = args[1]
    elements = (
        [el.value for el in classes.elements]
        if isinstance(classes, cst.Tuple | cst.List)
        else [classes]
    )
    names = [el for el in elements if dotted(el) is not None]
    if not names:
        return []
    location, via = v.locate(call), code(call)
    return [Narrow(v.global_ref(name), location, via) for name in names]


def matched(v: FileVisitor, node: cst.Match, param: str) -> list[Narrow]:
    """``match param:`` with ``case X():``, ``case X() | Y():``, ``case X() as e:`` cases."""
    if not (isinstance(node.subject, cst.Name) and node.subject.value == param):
        return []
    found: list[Narrow] = []
    for case in node.cases:
        classes = list(_classes(case.pattern))
        if classes:
            location, via = v.locate(case.pattern), f"case {code(case.pattern)}"
            found.extend(Narrow(v.global_ref(cls), location, via) for cls in classes)
    return found


def _classes(pattern: cst.MatchPattern) -> Iterator[cst.BaseExpression]:
    if isinstance(pattern, cst.MatchClass) and dotted(pattern.cls) is not None:
        yield pattern.cls
    elif isinstance(pattern, cst.MatchAs) and pattern.pattern is not None:
        yield from _classes(pattern.pattern)
    elif isinstance(pattern, cst.MatchOr):
        for element in pattern.patterns:
            yield from _classes(element.pattern)
