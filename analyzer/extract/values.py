"""Expressions as the inference layer reads them: a libcst expression in, a `Val` out.

Nothing is evaluated here: a name is classified as a parameter, a local or a global of the
module, and the expression keeps its shape (calls with their arguments, attributes, items,
containers, concatenations). The linker (`analyzer.link.infer`) evaluates Vals across functions
and modules.
"""

from __future__ import annotations

import string
from typing import TYPE_CHECKING

import libcst as cst

from analyzer.extract.expressions import code, string_value
from analyzer.model import Op, Val

if TYPE_CHECKING:
    from analyzer.extract.visitor import FileVisitor

MAX_TEXT = 60
"""Longest code kept in an `Op.UNKNOWN` (it only labels an unknown node)."""
UNKNOWN = Val(Op.UNKNOWN)


def unknown(node: cst.CSTNode) -> Val:
    text = code(node)
    return Val(Op.UNKNOWN, text if len(text) <= MAX_TEXT else text[: MAX_TEXT - 1] + "…")


def value_of(
    ctx: FileVisitor, node: cst.BaseExpression, bound: dict[str, Val] | None = None
) -> Val:
    """The Val of an expression read in the visitor's current scope (`bound`: names a
    comprehension binds, to what they iterate over)."""
    marked = ctx.marked_value(node)
    if marked is not None:
        return marked
    if isinstance(node, cst.Name):
        if bound and node.value in bound:
            return bound[node.value]
        return name_value(ctx, node.value)
    if isinstance(node, cst.Attribute):
        return Val(Op.ATTR, node.attr.value, (value_of(ctx, node.value, bound),))
    if isinstance(node, cst.SimpleString):
        text = string_value(node)
        return Val(Op.STR, text) if text is not None else unknown(node)
    if isinstance(node, cst.ConcatenatedString):
        return _join(value_of(ctx, node.left, bound), value_of(ctx, node.right, bound))
    if isinstance(node, cst.FormattedString):
        return _fstring(ctx, node, bound)
    if isinstance(node, cst.Call):
        return _call(ctx, node, bound)
    if isinstance(node, cst.Await):
        return value_of(ctx, node.expression, bound)
    if isinstance(node, cst.Subscript):
        return _subscript(ctx, node, bound)
    if isinstance(node, cst.List | cst.Tuple | cst.Set):
        return Val(
            Op.SEQ,
            args=tuple(
                value_of(ctx, el.value, bound)
                for el in node.elements
                if isinstance(el, cst.Element)
            ),
        )
    if isinstance(node, cst.ListComp | cst.SetComp | cst.GeneratorExp):
        return Val(Op.SEQ, args=(value_of(ctx, node.elt, _comprehension(ctx, node, bound)),))
    if isinstance(node, cst.Dict):
        pairs: list[Val] = []
        for element in node.elements:
            if isinstance(element, cst.DictElement):
                pairs += [value_of(ctx, element.key, bound), value_of(ctx, element.value, bound)]
        return Val(Op.MAP, args=tuple(pairs))
    if isinstance(node, cst.BinaryOperation) and isinstance(node.operator, cst.Add):
        return _join(value_of(ctx, node.left, bound), value_of(ctx, node.right, bound))
    if isinstance(node, cst.IfExp):
        return Val(
            Op.EITHER, args=(value_of(ctx, node.body, bound), value_of(ctx, node.orelse, bound))
        )
    if isinstance(node, cst.BooleanOperation) and isinstance(node.operator, cst.Or):
        return Val(
            Op.EITHER, args=(value_of(ctx, node.left, bound), value_of(ctx, node.right, bound))
        )
    if isinstance(node, cst.NamedExpr):
        return value_of(ctx, node.value, bound)
    return unknown(node)


def name_value(ctx: FileVisitor, name: str) -> Val:
    """A bare name: a parameter or local of this function or of one enclosing it, else a global."""
    stack = ctx.stack
    for scope in reversed(stack.scopes):
        if scope.kind != "function":
            continue
        if name in scope.arguments:
            if scope is stack.function():
                return Val(Op.PARAM, name)
            return Val(Op.PARAM, name, (Val(Op.NAME, scope.qualname),))
        if name in scope.params:
            if scope is stack.function():
                return Val(Op.LOCAL, name)
            return Val(Op.LOCAL, name, (Val(Op.NAME, scope.qualname),))
    return Val(Op.NAME, name)


def _join(left: Val, right: Val) -> Val:
    parts = (*_parts(left), *_parts(right))
    return Val(Op.JOIN, args=parts)


def _parts(value: Val) -> tuple[Val, ...]:
    return value.args if value.op is Op.JOIN else (value,)


def _comprehension(
    ctx: FileVisitor,
    node: cst.ListComp | cst.SetComp | cst.GeneratorExp,
    bound: dict[str, Val] | None,
) -> dict[str, Val]:
    """The names a comprehension binds: each target, an element of what it iterates over."""
    names = dict(bound or {})
    clause: cst.CompFor | None = node.for_in
    while clause is not None:
        if isinstance(clause.target, cst.Name):
            names[clause.target.value] = Val(Op.EACH, args=(value_of(ctx, clause.iter, names),))
        clause = clause.inner_for_in
    return names


def _fstring(ctx: FileVisitor, node: cst.FormattedString, bound: dict[str, Val] | None) -> Val:
    parts: list[Val] = []
    for part in node.parts:
        if isinstance(part, cst.FormattedStringText):
            parts.append(Val(Op.STR, part.value))
        elif isinstance(part, cst.FormattedStringExpression):
            if part.format_spec or part.conversion:
                parts.append(unknown(part))
            else:
                parts.append(value_of(ctx, part.expression, bound))
    return Val(Op.JOIN, args=tuple(parts))


def _call(ctx: FileVisitor, node: cst.Call, bound: dict[str, Val] | None) -> Val:
    func = node.func
    if (
        isinstance(func, cst.Attribute)
        and func.attr.value == "format"
        and isinstance(func.value, cst.SimpleString)
    ):
        formatted = _format(ctx, func.value, node, bound)
        if formatted is not None:
            return formatted
    positional: list[Val] = []
    keywords: list[tuple[str, Val]] = []
    for arg in node.args:
        if arg.star:
            continue  # *args / **kwargs: positions after it are unknown, keywords still count
        if arg.keyword is not None:
            keywords.append((arg.keyword.value, value_of(ctx, arg.value, bound)))
        else:
            positional.append(value_of(ctx, arg.value, bound))
    args = (value_of(ctx, func, bound), *positional, *(value for _, value in keywords))
    return Val(Op.CALL, ",".join(name for name, _ in keywords), args)


def _format(
    ctx: FileVisitor, template: cst.SimpleString, node: cst.Call, bound: dict[str, Val] | None
) -> Val | None:
    """``"{}Created".format(kind)`` and ``"{0}-{name}".format(a, name=b)``."""
    text = string_value(template)
    if text is None:
        return None
    positional = [
        value_of(ctx, a.value, bound) for a in node.args if a.keyword is None and not a.star
    ]
    named = {
        a.keyword.value: value_of(ctx, a.value, bound) for a in node.args if a.keyword is not None
    }
    parts: list[Val] = []
    auto = 0
    try:
        fields = list(string.Formatter().parse(text))
    except ValueError:
        return None
    for literal, field, spec, conversion in fields:
        if literal:
            parts.append(Val(Op.STR, literal))
        if field is None:
            continue
        if spec or conversion:
            return None
        if field == "":
            index: int | str = auto
            auto += 1
        else:
            index = int(field) if field.isdigit() else field
        if isinstance(index, int):
            if index >= len(positional):
                return None
            parts.append(positional[index])
        elif index in named:
            parts.append(named[index])
        else:
            return None
    return Val(Op.JOIN, args=tuple(parts))


def _subscript(ctx: FileVisitor, node: cst.Subscript, bound: dict[str, Val] | None) -> Val:
    base = value_of(ctx, node.value, bound)
    if len(node.slice) != 1:
        return unknown(node)
    index = node.slice[0].slice
    if isinstance(index, cst.Index):
        return Val(Op.ITEM, args=(base, value_of(ctx, index.value, bound)))
    return base  # a slice of a sequence holds the same kind of elements
