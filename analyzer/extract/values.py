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
MAX_DEPTH = 8
"""Deeper expressions are unknown: nothing the inference follows nests that deep, and each
level costs cache space."""
UNKNOWN = Val(Op.UNKNOWN)
BUILTINS = frozenset(
    {
        "abs", "all", "any", "bool", "bytes", "callable", "dict", "dir", "divmod", "enumerate",
        "filter", "float", "format", "frozenset", "getattr", "hasattr", "hash", "id", "int",
        "isinstance", "issubclass", "iter", "len", "list", "map", "max", "min", "next", "object",
        "open", "ord", "chr", "print", "range", "repr", "reversed", "round", "set", "setattr",
        "slice", "sorted", "str", "sum", "super", "tuple", "type", "vars", "zip",
    }
)  # fmt: skip
"""Builtins whose calls are never project functions: their call sites are not kept."""
LOGGING = frozenset({"debug", "info", "warning", "warn", "error", "exception", "critical", "log"})
LOGGERS = frozenset({"logger", "logging", "log", "LOGGER", "LOG", "_logger", "_log"})


def unknown(node: cst.CSTNode, labelled: bool = True) -> Val:
    """An expression the inference cannot read; `labelled`: keep its code (for an unknown node).

    Code is generated only when asked: for the many unknown arguments of ordinary calls it is
    never shown, and generating it is the costly part."""
    if not labelled:
        return UNKNOWN
    text = code(node)
    return Val(Op.UNKNOWN, text if len(text) <= MAX_TEXT else text[: MAX_TEXT - 1] + "…")


def worth_keeping(func: cst.BaseExpression) -> bool:
    """Whether a call of `func` may matter to the inference: a name or an attribute, not a
    builtin, not a logging call (decided on the syntax, before the call is read)."""
    if isinstance(func, cst.Name):
        return func.value not in BUILTINS
    if isinstance(func, cst.Attribute):
        owner = func.value
        return not (
            func.attr.value in LOGGING and isinstance(owner, cst.Name) and owner.value in LOGGERS
        )
    return False


def value_of(ctx: FileVisitor, node: cst.BaseExpression, labelled: bool = True) -> Val:
    """The Val of an expression read in the visitor's current scope; `labelled`: keep the code
    of the parts it cannot read (only an operand that may become an unknown node needs it)."""
    return _Reader(ctx, labelled).read(node, None, 0)


class _Reader:
    """Reads one expression; `bound` maps the names a comprehension binds to what they
    iterate over, `depth` counts the nesting."""

    def __init__(self, ctx: FileVisitor, labelled: bool) -> None:
        self.ctx = ctx
        self.labelled = labelled

    def unknown(self, node: cst.CSTNode) -> Val:
        return unknown(node, self.labelled)

    def read(self, node: cst.BaseExpression, bound: dict[str, Val] | None, depth: int) -> Val:
        marked = self.ctx.marked_value(node)
        if marked is not None:
            return marked
        if depth > MAX_DEPTH:
            return self.unknown(node)
        down = depth + 1
        if isinstance(node, cst.Name):
            if bound and node.value in bound:
                return bound[node.value]
            return name_value(self.ctx, node.value)
        if isinstance(node, cst.Attribute):
            return Val(Op.ATTR, node.attr.value, (self.read(node.value, bound, down),))
        if isinstance(node, cst.SimpleString):
            text = string_value(node)
            return Val(Op.STR, text) if text is not None else self.unknown(node)
        if isinstance(node, cst.ConcatenatedString) or (
            isinstance(node, cst.BinaryOperation) and isinstance(node.operator, cst.Add)
        ):
            return _join(self.read(node.left, bound, down), self.read(node.right, bound, down))
        if isinstance(node, cst.FormattedString):
            return self._fstring(node, bound, down)
        if isinstance(node, cst.Call):
            return self._call(node, bound, down)
        if isinstance(node, cst.Await):
            return self.read(node.expression, bound, depth)
        if isinstance(node, cst.NamedExpr):
            return self.read(node.value, bound, depth)
        if isinstance(node, cst.Subscript):
            return self._subscript(node, bound, down)
        if isinstance(node, cst.List | cst.Tuple | cst.Set):
            elements = (e.value for e in node.elements if isinstance(e, cst.Element))
            return Val(Op.SEQ, args=tuple(self.read(e, bound, down) for e in elements))
        if isinstance(node, cst.ListComp | cst.SetComp | cst.GeneratorExp):
            names = self._comprehension(node, bound, down)
            return Val(Op.SEQ, args=(self.read(node.elt, names, down),))
        if isinstance(node, cst.Dict):
            pairs: list[Val] = []
            for element in node.elements:
                if isinstance(element, cst.DictElement):
                    pairs.append(self.read(element.key, bound, down))
                    pairs.append(self.read(element.value, bound, down))
            return Val(Op.MAP, args=tuple(pairs))
        if isinstance(node, cst.IfExp):
            either = (self.read(node.body, bound, down), self.read(node.orelse, bound, down))
            return Val(Op.EITHER, args=either)
        if isinstance(node, cst.BooleanOperation) and isinstance(node.operator, cst.Or):
            either = (self.read(node.left, bound, down), self.read(node.right, bound, down))
            return Val(Op.EITHER, args=either)
        return self.unknown(node)

    def _comprehension(
        self,
        node: cst.ListComp | cst.SetComp | cst.GeneratorExp,
        bound: dict[str, Val] | None,
        depth: int,
    ) -> dict[str, Val]:
        """The names a comprehension binds: each target, an element of what it iterates over."""
        names = dict(bound or {})
        clause: cst.CompFor | None = node.for_in
        while clause is not None:
            if isinstance(clause.target, cst.Name):
                iterated = self.read(clause.iter, names, depth)
                names[clause.target.value] = Val(Op.EACH, args=(iterated,))
            clause = clause.inner_for_in
        return names

    def _fstring(self, node: cst.FormattedString, bound: dict[str, Val] | None, depth: int) -> Val:
        parts: list[Val] = []
        for part in node.parts:
            if isinstance(part, cst.FormattedStringText):
                parts.append(Val(Op.STR, part.value))
            elif isinstance(part, cst.FormattedStringExpression):
                if part.format_spec or part.conversion:
                    parts.append(self.unknown(part))
                else:
                    parts.append(self.read(part.expression, bound, depth))
        return Val(Op.JOIN, args=tuple(parts))

    def _call(self, node: cst.Call, bound: dict[str, Val] | None, depth: int) -> Val:
        func = node.func
        if (
            isinstance(func, cst.Attribute)
            and func.attr.value == "format"
            and isinstance(func.value, cst.SimpleString)
        ):
            formatted = self._format(func.value, node, bound, depth)
            if formatted is not None:
                return formatted
        positional: list[Val] = []
        keywords: list[tuple[str, Val]] = []
        for arg in node.args:
            if arg.star:
                continue  # *args / **kwargs: positions after it are unknown, keywords still count
            if arg.keyword is not None:
                keywords.append((arg.keyword.value, self.read(arg.value, bound, depth)))
            else:
                positional.append(self.read(arg.value, bound, depth))
        args = (self.read(func, bound, depth), *positional, *(value for _, value in keywords))
        return Val(Op.CALL, ",".join(name for name, _ in keywords), args)

    def _format(
        self,
        template: cst.SimpleString,
        node: cst.Call,
        bound: dict[str, Val] | None,
        depth: int,
    ) -> Val | None:
        """``"{}Created".format(kind)`` and ``"{0}-{name}".format(a, name=b)``."""
        text = string_value(template)
        if text is None:
            return None
        given = [a for a in node.args if not a.star]
        positional = [self.read(a.value, bound, depth) for a in given if a.keyword is None]
        named = {a.keyword.value: self.read(a.value, bound, depth) for a in given if a.keyword}
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

    def _subscript(self, node: cst.Subscript, bound: dict[str, Val] | None, depth: int) -> Val:
        base = self.read(node.value, bound, depth)
        if len(node.slice) != 1:
            return self.unknown(node)
        index = node.slice[0].slice
        if isinstance(index, cst.Index):
            return Val(Op.ITEM, args=(base, self.read(index.value, bound, depth)))
        return base  # a slice of a sequence holds the same kind of elements


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
