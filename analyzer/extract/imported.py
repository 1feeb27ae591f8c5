"""Reading names through the module's imports, for recognisers of libraries (celery, django, nameko)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import libcst as cst

from analyzer.extract.expressions import dotted

if TYPE_CHECKING:
    from analyzer.extract.visitor import FileVisitor as FileContext


def imported(ctx: FileContext, node: cst.BaseExpression) -> str | None:
    """The absolute dotted name an expression denotes when its head is imported, else None.

    ``receiver`` after ``from django.dispatch import receiver`` is ``django.dispatch.receiver``;
    a local variable or parameter of the same name shadows the import.
    """
    name = dotted(node)
    if name is None:
        return None
    head, _, rest = name.partition(".")
    if ctx.stack.is_local(head):
        return None
    target = ctx.imports.get(head)
    if target is None:
        return None
    return f"{target}.{rest}" if rest else target


def from_library(ctx: FileContext, node: cst.BaseExpression, *libraries: str) -> bool:
    """True when the expression is imported from one of the libraries (top-level package names)."""
    target = imported(ctx, node)
    return target is not None and target.split(".", 1)[0] in libraries


def imports_library(ctx: FileContext, library: str) -> bool:
    """True when the module imports anything from the library."""
    return any(target.split(".", 1)[0] == library for target in ctx.imports.values())


def first_argument(call: cst.Call, keyword: str) -> cst.BaseExpression | None:
    """The first positional argument of a call, or the argument passed as `keyword`."""
    for arg in call.args:
        if arg.keyword is not None and arg.keyword.value == keyword:
            return arg.value
    for arg in call.args:
        if arg.keyword is None and not arg.star:
            return arg.value
    return None
