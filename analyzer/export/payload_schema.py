"""A message's payload as JSON Schema, from its typed class fields (annotation text, never evaluated)."""

from __future__ import annotations

import ast
from typing import Any

from analyzer.model import FieldFact, Message

Schema = dict[str, Any]

_SCALARS: dict[str, Schema] = {
    "str": {"type": "string"},
    "int": {"type": "integer"},
    "float": {"type": "number"},
    "bool": {"type": "boolean"},
    "bytes": {"type": "string", "contentEncoding": "base64"},
    "Decimal": {"type": "string", "format": "decimal"},
    "datetime": {"type": "string", "format": "date-time"},
    "date": {"type": "string", "format": "date"},
    "time": {"type": "string", "format": "time"},
    "timedelta": {"type": "string", "format": "duration"},
    "UUID": {"type": "string", "format": "uuid"},
    "EmailStr": {"type": "string", "format": "email"},
    "AnyUrl": {"type": "string", "format": "uri"},
    "HttpUrl": {"type": "string", "format": "uri"},
    "None": {"type": "null"},
    "NoneType": {"type": "null"},
}
_ARRAYS = {"list", "List", "Sequence", "MutableSequence", "Iterable", "Collection", "deque"}
_SETS = {"set", "Set", "frozenset", "FrozenSet", "AbstractSet", "MutableSet"}
_MAPS = {"dict", "Dict", "Mapping", "MutableMapping", "OrderedDict", "defaultdict"}
_WRAPPERS = {"Final", "ClassVar", "Annotated", "Required", "NotRequired", "ReadOnly"}


def payload(message: Message) -> Schema:
    """An object schema with one property per field; no `required` list (defaults are not known)."""
    schema: Schema = {"type": "object"}
    if message.fields:
        schema["properties"] = {f.name: field_schema(f) for f in message.fields}
    return schema


def field_schema(field: FieldFact) -> Schema:
    return annotation_schema(field.annotation)


def annotation_schema(annotation: str) -> Schema:
    """JSON Schema for an annotation such as ``tuple[str, ...]`` or ``Decimal | None``.

    What cannot be mapped (a class of the project, a type variable) has no type constraint.
    """
    text = annotation.strip()
    try:
        tree = ast.parse(text, mode="eval").body
    except (SyntaxError, ValueError):
        return {}
    return _schema(tree)


def _name(node: ast.expr) -> str | None:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    if isinstance(node, ast.Constant) and node.value is None:
        return "None"
    return None


def _args(node: ast.Subscript) -> list[ast.expr]:
    inner = node.slice
    return list(inner.elts) if isinstance(inner, ast.Tuple) else [inner]


def _union(members: list[Schema]) -> Schema:
    unique: list[Schema] = []
    for member in members:
        if member not in unique:
            unique.append(member)
    if any(not m for m in unique):
        return {}
    return unique[0] if len(unique) == 1 else {"anyOf": unique}


def _schema(node: ast.expr) -> Schema:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return annotation_schema(node.value)  # a forward reference in quotes
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitOr):
        return _union([_schema(node.left), _schema(node.right)])
    if isinstance(node, ast.Subscript):
        return _generic(node)
    name = _name(node)
    if name in _SCALARS:
        return dict(_SCALARS[name])
    if name in _ARRAYS or name == "tuple" or name == "Tuple":
        return {"type": "array"}
    if name in _SETS:
        return {"type": "array", "uniqueItems": True}
    if name in _MAPS:
        return {"type": "object"}
    return {}


def _generic(node: ast.Subscript) -> Schema:
    name = _name(node.value)
    args = _args(node)
    if name == "Optional":
        return _union([_schema(args[0]), {"type": "null"}])
    if name == "Union":
        return _union([_schema(a) for a in args])
    if name in _WRAPPERS:
        return _schema(args[0])
    if name == "Literal":
        values = [a.value for a in args if isinstance(a, ast.Constant)]
        return {"enum": values} if len(values) == len(args) else {}
    if name in _ARRAYS:
        return _array(_schema(args[0]))
    if name in _SETS:
        return {**_array(_schema(args[0])), "uniqueItems": True}
    if name in ("tuple", "Tuple"):
        if len(args) == 2 and isinstance(args[1], ast.Constant) and args[1].value is Ellipsis:
            return _array(_schema(args[0]))
        items = [_schema(a) for a in args]
        return {"type": "array", "items": items, "minItems": len(items), "maxItems": len(items)}
    if name in _MAPS:
        value_schema = _schema(args[-1]) if len(args) == 2 else {}
        extra = {"additionalProperties": value_schema} if value_schema else {}
        return {"type": "object", **extra}
    return {}


def _array(items: Schema) -> Schema:
    return {"type": "array", **({"items": items} if items else {})}
