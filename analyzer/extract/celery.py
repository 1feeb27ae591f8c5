"""Celery: tasks are command handlers named by their task name; calls, signatures, canvases send them."""

from __future__ import annotations

from typing import TYPE_CHECKING

import libcst as cst

from analyzer.extract.expressions import code, dotted, keyword_value, last_name
from analyzer.extract.imported import first_argument, from_library, imported
from analyzer.extract.recogniser import Recogniser
from analyzer.model import (
    ChannelDecl,
    ChannelRef,
    Family,
    FunctionFact,
    Kind,
    Ref,
    Registration,
    Send,
)

if TYPE_CHECKING:
    from analyzer.extract.visitor import FileVisitor as FileContext

TRANSPORT = "celery"
RUN_METHODS = ("delay", "apply_async")
SIGNATURE_METHODS = ("s", "si", "signature", "chunks", "map", "starmap")
CANVASES = ("chain", "group", "chord")
NO_MESSAGE = Ref(None, "")


class Celery(Recogniser):
    """``@app.task`` / ``@shared_task`` handlers; ``.delay()``, ``.apply_async()``, canvases, ``send_task``.

    A task's channel is its task name (``name=`` or ``<module>.<function>``), declared with the
    function as its binding, so ``charge.delay()`` in another module reaches the same channel.
    Sends through a function are weak: they count only when the function is a task of the
    project (``.delay()`` on anything else is not Celery).
    """

    name = "celery"
    markers = (b"celery", b"shared_task", b".task", b".delay(", b".apply_async(", b"send_task")

    def on_function(
        self, ctx: FileContext, node: cst.FunctionDef, fact: FunctionFact, handler: Ref
    ) -> None:
        for decorator in node.decorators:
            expr = decorator.decorator
            call = expr if isinstance(expr, cst.Call) else None
            if not _is_task_decorator(ctx, call.func if call else expr):
                continue
            name_node = keyword_value(call, "name") if call else None
            channel = ctx.channel_ref(TRANSPORT, name_node) if name_node is not None else None
            if channel is None:
                channel = ChannelRef.literal(TRANSPORT, f"{ctx.import_name}.{node.name.value}")
            location = ctx.locate(decorator)
            top_level = fact.qualname == node.name.value
            ctx.add_channel(
                ChannelDecl(
                    channel,
                    Kind.COMMAND,
                    location,
                    "Celery task",
                    binding=node.name.value if top_level else None,
                )
            )
            via = f"@{code(call.func if call else expr)}"
            ctx.add_registration(
                Registration(
                    NO_MESSAGE,
                    handler,
                    location,
                    via,
                    Family.POINT_TO_POINT,
                    f"{via} function",
                    channel=channel,
                )
            )
            return

    def on_call(self, ctx: FileContext, node: cst.Call) -> None:
        func = node.func
        if isinstance(func, cst.Attribute) and func.attr.value == "send_task":
            self._send_task(ctx, node, func)
        elif isinstance(func, cst.Attribute) and func.attr.value in RUN_METHODS:
            if not _is_canvas(ctx, func.value):  # the canvas call itself reports its members
                via = f"{_short(func.value)}.{func.attr.value}"
                for member, channel, strong in _members(ctx, func.value):
                    _send(ctx, member, channel, strong, via)
        elif _is_canvas(ctx, node) or _is_canvas(ctx, func):
            members = [m for arg in node.args for m in _members(ctx, arg.value)]
            for member, channel, strong in members:
                _send(ctx, member, channel, strong, _short(func))

    def _send_task(self, ctx: FileContext, node: cst.Call, func: cst.Attribute) -> None:
        name_node = first_argument(node, "name")
        if name_node is None:
            return
        channel = ctx.channel_ref(TRANSPORT, name_node) or ChannelRef(
            TRANSPORT, (Ref(None, code(name_node)),), code(name_node)
        )
        _send(ctx, node, channel, True, code(func))


def _is_task_decorator(ctx: FileContext, func: cst.BaseExpression) -> bool:
    """``@shared_task``, ``@celery.shared_task``, ``@app.task``, ``@celery_app.task``."""
    name = dotted(func)
    if name is None:
        return False
    receiver, _, last = name.rpartition(".")
    if last == "shared_task":
        return True
    if last != "task" or not receiver or not isinstance(func, cst.Attribute):
        return False
    word = receiver.rsplit(".", 1)[-1].lower()
    return "app" in word or "celery" in word or "celery" in (imported(ctx, func.value) or "")


def _is_canvas(ctx: FileContext, node: cst.BaseExpression) -> bool:
    """A call of ``chain``/``group``/``chord`` imported from celery."""
    if not isinstance(node, cst.Call) or last_name(node.func) not in CANVASES:
        return False
    return from_library(ctx, node.func, "celery")


def _members(
    ctx: FileContext, node: cst.BaseExpression
) -> list[tuple[cst.BaseExpression, ChannelRef, bool]]:
    """The tasks an expression runs: a task, its signature, a pipe or canvas of them, a list."""
    if isinstance(node, cst.Name | cst.Attribute) and dotted(node) is not None:
        ref = ctx.global_ref(node)
        return [(node, ChannelRef(TRANSPORT, (ref,), code(node)), False)]
    if isinstance(node, cst.BinaryOperation) and isinstance(node.operator, cst.BitOr):
        return _members(ctx, node.left) + _members(ctx, node.right)
    if isinstance(node, cst.List | cst.Tuple):
        return [m for element in node.elements for m in _members(ctx, element.value)]
    if not isinstance(node, cst.Call):
        return []
    if _is_canvas(ctx, node):
        return [m for arg in node.args for m in _members(ctx, arg.value)]
    func = node.func
    named = first_argument(node, "name") if last_name(func) in ("signature", "Signature") else None
    if named is not None and isinstance(
        named, cst.SimpleString | cst.FormattedString | cst.ConcatenatedString
    ):
        channel = ctx.channel_ref(TRANSPORT, named)
        return [(node, channel, True)] if channel is not None else []
    if isinstance(func, cst.Attribute) and func.attr.value in SIGNATURE_METHODS:
        return [(node, channel, strong) for _, channel, strong in _members(ctx, func.value)]
    return []


def _short(node: cst.BaseExpression) -> str:
    """An expression as written, with call arguments elided: ``(a.s(…) | b.si(…))``."""
    if isinstance(node, cst.Call):
        return f"{_short(node.func)}(…)"
    if isinstance(node, cst.BinaryOperation):
        return f"({_short(node.left)} {code(node.operator).strip()} {_short(node.right)})"
    return code(node)


def _send(
    ctx: FileContext, node: cst.BaseExpression, channel: ChannelRef, strong: bool, via: str
) -> None:
    receiver, _, verb = via.rpartition(".")
    ctx.add_send(
        Send(
            NO_MESSAGE,
            ctx.sender,
            ctx.locate(node),
            via,
            Family.POINT_TO_POINT,
            receiver,
            verb,
            strong,
            channel=channel,
        )
    )
