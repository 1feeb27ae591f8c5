"""A fast walk over a libcst tree: visit_X/leave_X dispatch without libcst's visitor machinery.

libcst's own traversal rebuilds every node through `_visit_and_replace_children` and calls
several hooks per field; for a read-only pass that is most of the cost of extraction. This walk
goes through each node's fields once, skips whitespace and punctuation, and calls the visitor's
`visit_<Type>(node)` before the children and `leave_<Type>(node)` after, in source order.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

import libcst as cst

# Fields that only hold whitespace, comments or punctuation: never walked.
_SKIPPED_FIELDS = frozenset(
    {
        "lpar",
        "rpar",
        "comma",
        "semicolon",
        "leading_lines",
        "lines_after_decorators",
        "header",
        "footer",
        "equal",
        "colon",
        "dot",
        "lbracket",
        "rbracket",
        "lbrace",
        "rbrace",
        "operator",
        "star",
        "newline",
        "trailing_whitespace",
        "asynchronous",
        "whitespace",
        "default_indent",
        "default_newline",
        "encoding",
    }
)
# Where the declaration order of a node's fields differs from the order in the source.
_SOURCE_ORDER: dict[type[cst.CSTNode], tuple[str, ...]] = {
    cst.FunctionDef: ("decorators", "name", "type_parameters", "params", "returns", "body"),
    cst.ClassDef: ("decorators", "name", "type_parameters", "bases", "keywords", "body"),
    cst.IfExp: ("body", "test", "orelse"),
}
_Handlers = tuple[Callable[[Any], Any] | None, Callable[[Any], Any] | None, tuple[str, ...]]


class Walker:
    """Walks trees for one visitor object; caches the dispatch per node type."""

    def __init__(self, visitor: object) -> None:
        self.visitor = visitor
        self._table: dict[type[cst.CSTNode], _Handlers] = {}

    def _handlers(self, kind: type[cst.CSTNode]) -> _Handlers:
        found = self._table.get(kind)
        if found is None:
            name = kind.__name__
            fields = _SOURCE_ORDER.get(kind) or tuple(
                f.name
                for f in dataclasses.fields(kind)
                if f.name not in _SKIPPED_FIELDS and not f.name.startswith("whitespace")
            )
            found = (
                getattr(self.visitor, f"visit_{name}", None),
                getattr(self.visitor, f"leave_{name}", None),
                fields,
            )
            self._table[kind] = found
        return found

    def walk(self, node: cst.CSTNode) -> None:
        visit, leave, fields = self._table.get(type(node)) or self._handlers(type(node))
        if visit is not None:
            visit(node)
        for name in fields:
            value: Any = getattr(node, name, None)
            kind = _KIND.get(type(value))
            if kind is None:
                kind = _kind(type(value))
            if kind is _NODE:
                self.walk(value)
            elif kind is _SEQUENCE:
                for item in value:
                    item_kind = _KIND.get(type(item))
                    if item_kind is None:
                        item_kind = _kind(type(item))
                    if item_kind is _NODE:
                        self.walk(item)
        if leave is not None:
            leave(node)


_NODE, _SEQUENCE, _OTHER = "node", "sequence", "other"
_KIND: dict[type, str] = {}
"""Per value type: a node to walk, a sequence to look into, or anything else (cached isinstance)."""


def _kind(kind: type) -> str:
    if issubclass(kind, cst.CSTNode):
        found = _OTHER if issubclass(kind, _PUNCTUATION) else _NODE
    elif issubclass(kind, tuple | list):
        found = _SEQUENCE
    else:
        found = _OTHER
    _KIND[kind] = found
    return found


_PUNCTUATION = (
    cst.BaseParenthesizableWhitespace,
    cst.EmptyLine,
    cst.TrailingWhitespace,
    cst.Newline,
    cst.Comment,
    cst.Comma,
    cst.Dot,
    cst.LeftParen,
    cst.RightParen,
    cst.LeftSquareBracket,
    cst.RightSquareBracket,
    cst.LeftCurlyBrace,
    cst.RightCurlyBrace,
    cst.BaseBinaryOp,
    cst.BaseBooleanOp,
    cst.BaseCompOp,
    cst.BaseUnaryOp,
    cst.BaseAugOp,
    cst.AssignEqual,
    cst.Colon,
    cst.Semicolon,
)
