"""What a serialised message body holds: a message class instance, or a type named in a literal dict."""

from __future__ import annotations

from typing import TYPE_CHECKING

import libcst as cst

from analyzer.extract.expressions import dotted, last_name, string_value
from analyzer.model import PAYLOAD_REF, Ref

if TYPE_CHECKING:
    from analyzer.extract.visitor import FileVisitor as FileContext

TYPE_KEYS = ("type", "event_type", "eventType", "message_type", "messageType", "command", "event")
"""Keys of a literal payload that name its message type: ``{"type": "ShipOrder", ...}``."""
SERIALISERS = frozenset({"dumps", "asdict", "to_dict", "jsonable_encoder", "encode"})
"""Functions that serialise their first argument: ``json.dumps(x)``, ``asdict(x)``."""
SERIALISING_METHODS = frozenset(
    {"json", "model_dump_json", "model_dump", "dict", "to_json", "to_dict", "SerializeToString"}
)
"""Methods a message object serialises itself with: ``x.model_dump_json()``."""


def dict_type(node: cst.BaseExpression, ctx: FileContext) -> str | None:
    """The message type a literal dict names under one of TYPE_KEYS (a literal or a constant)."""
    if not isinstance(node, cst.Dict):
        return None
    for element in node.elements:
        if not isinstance(element, cst.DictElement):
            continue
        key = string_value(element.key)
        if key in TYPE_KEYS:
            return literal_text(element.value, ctx)
    return None


def literal_text(node: cst.BaseExpression, ctx: FileContext) -> str | None:
    """A string literal, or a constant of this module (``SHIP_ORDER``, ``Types.SHIP_ORDER``) read so far."""
    text = string_value(node)
    if text is not None:
        return text
    name = dotted(node)
    return ctx.constants.get(name) if name is not None else None


def unwrap(node: cst.BaseExpression) -> cst.BaseExpression:
    """The object a serialising expression serialises: ``json.dumps(asdict(cmd))`` → ``cmd``."""
    for _ in range(5):
        if not isinstance(node, cst.Call):
            return node
        func = node.func
        if last_name(func) in SERIALISERS and node.args:
            node = node.args[0].value
        elif isinstance(func, cst.Attribute) and func.attr.value in SERIALISING_METHODS:
            node = func.value
        else:
            return node
    return node


def body_message(
    node: cst.BaseExpression | None, ctx: FileContext, dicts: dict[tuple[str, str], str]
) -> tuple[Ref, cst.BaseExpression | None]:
    """The message a body carries: a class instance, or a payload type; ``Ref(None, "")`` if neither.

    `dicts` holds the payload types of local dicts (``(scope, name)`` → type) seen so far.
    """
    if node is None:
        return Ref(None, ""), None
    inner = unwrap(node)
    typed = dict_type(inner, ctx)
    if typed is None and isinstance(inner, cst.Name):
        typed = dicts.get((ctx.sender, inner.value))
    if typed is not None:
        return Ref(f"{PAYLOAD_REF}{typed}", typed, instance=True), None
    if isinstance(inner, cst.Call) and _class_like(dotted(inner.func)):
        return ctx.message_refs(inner)[0], inner
    if isinstance(inner, cst.Name):
        refs = ctx.message_refs(inner)
        if refs and _class_like(refs[0].dotted) and ctx.stack.is_local(inner.value):
            return refs[0], inner
    return Ref(None, ""), None


def _class_like(name: str | None) -> bool:
    return name is not None and name.rsplit(".", 1)[-1][:1].isupper()
