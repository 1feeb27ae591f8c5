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
    Op,
    Ref,
    Registration,
    Send,
    Val,
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
        handle = _handle(ctx, node)
        if handle is not None:
            ctx.mark_value(node, handle)
        if _is_task_decorator(ctx, func):
            self._task_decorator_call(ctx, node)
        elif isinstance(func, cst.Attribute) and func.attr.value == "update":
            for arg in node.args:  # app.conf.update(beat_schedule={...})
                if (
                    arg.keyword
                    and _is_schedule(arg.keyword.value)
                    and isinstance(arg.value, cst.Dict)
                ):
                    self._schedule(ctx, arg.value)
        elif isinstance(func, cst.Attribute) and func.attr.value == "add_periodic_task":
            signature = first_argument(node, "sig") if len(node.args) < 2 else node.args[1].value
            if signature is not None:  # beat sends the task of the signature it is given
                for member, channel, strong in _members(ctx, signature):
                    _send(ctx, member, channel, strong, "add_periodic_task")
        elif isinstance(func, cst.Attribute) and func.attr.value == "send_task":
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

    def on_assign(
        self, ctx: FileContext, target: cst.BaseAssignTargetExpression, value: cst.BaseExpression
    ) -> None:
        """``beat_schedule = {"nightly": {"task": "reports.nightly", ...}}`` (also
        ``app.conf.beat_schedule``, Django's ``CELERY_BEAT_SCHEDULE``, ``CELERYBEAT_SCHEDULE``):
        Celery beat sends each task it schedules."""
        name = last_name(target) if isinstance(target, cst.Name | cst.Attribute) else None
        if name is not None and _is_schedule(name) and isinstance(value, cst.Dict):
            self._schedule(ctx, value)

    def _schedule(self, ctx: FileContext, schedule: cst.Dict) -> None:
        for element in schedule.elements:
            entry = element.value if isinstance(element, cst.DictElement) else None
            if not isinstance(entry, cst.Dict):
                continue
            for item in entry.elements:
                if (
                    isinstance(item, cst.DictElement)
                    and isinstance(item.key, cst.SimpleString)
                    and item.key.evaluated_value == "task"
                ):
                    channel = ctx.channel_value(TRANSPORT, item.value)
                    _send(ctx, item.value, channel, True, "beat schedule")

    def _task_decorator_call(self, ctx: FileContext, node: cst.Call) -> None:
        """``app.task(name=...)`` not written as a decorator, as a decorator factory returns it
        (``def task(name): return app.task(name=name)``): a task of whatever the factory's
        result decorates, which the linker finds at each ``@task("x")``."""
        name_node = keyword_value(node, "name")
        if name_node is None or ctx.sender == "<module>":
            return
        via = f"@{code(node.func)}"
        ctx.add_registration(
            Registration(
                NO_MESSAGE,
                Ref(None, "the decorated function"),
                ctx.locate(node),
                via,
                Family.POINT_TO_POINT,
                f"{via} function",
                channel=ctx.channel_value(TRANSPORT, name_node),
                handler_value=Val(Op.APPLIED),
            )
        )

    def _send_task(self, ctx: FileContext, node: cst.Call, func: cst.Attribute) -> None:
        name_node = first_argument(node, "name")
        if name_node is None:
            return
        channel = ctx.channel_value(TRANSPORT, name_node)
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


def _handle(ctx: FileContext, node: cst.Call) -> Val | None:
    """What a signature call stands for, for the inference: ``app.signature("charge", ...)``
    and ``charge.s(...)`` / ``.si(...)`` / ``.signature(...)`` are handles of the task."""
    func = node.func
    if last_name(func) in ("signature", "Signature"):
        named = first_argument(node, "name")
        literal = isinstance(named, cst.SimpleString | cst.FormattedString | cst.ConcatenatedString)
        if named is not None and (literal or _app_like(func)):
            return Val(Op.HANDLE, TRANSPORT, (ctx.value(named),))
    if (
        isinstance(func, cst.Attribute)
        and func.attr.value in SIGNATURE_METHODS
        and isinstance(func.value, cst.Name | cst.Attribute)
    ):
        return Val(Op.HANDLE, TRANSPORT, (ctx.value(func.value),))
    return None


def _is_schedule(name: str) -> bool:
    """``beat_schedule``, ``CELERY_BEAT_SCHEDULE``, ``CELERYBEAT_SCHEDULE``."""
    low = name.lower()
    return low.endswith("beat_schedule") or low == "celerybeat_schedule"


def _app_like(func: cst.BaseExpression) -> bool:
    """``signature(...)`` itself, or called on something named like a Celery app (``app``,
    ``celery_app``): its first argument is a task name, not the task's arguments."""
    if not isinstance(func, cst.Attribute):
        return True
    word = (last_name(func.value) or "").lower()
    return "app" in word or "celery" in word


def _members(
    ctx: FileContext, node: cst.BaseExpression
) -> list[tuple[cst.BaseExpression, ChannelRef, bool]]:
    """The tasks an expression runs: a task, its signature, a pipe or canvas of them, a list;
    a local or attribute holding one (``sig = stage.signature(app); sig.apply_async()``) is left
    to the inference."""
    if isinstance(node, cst.Name | cst.Attribute) and dotted(node) is not None:
        ref = ctx.global_ref(node)
        part: Ref | Val = ref if ref.dotted is not None else ctx.value(node)
        return [(node, ChannelRef(TRANSPORT, (part,), code(node)), False)]
    if isinstance(node, cst.BinaryOperation) and isinstance(node.operator, cst.BitOr):
        return _members(ctx, node.left) + _members(ctx, node.right)
    if isinstance(node, cst.List | cst.Tuple):
        return [m for element in node.elements for m in _members(ctx, element.value)]
    if isinstance(node, cst.Subscript):  # ``TASKS[kind].delay()``: left to the inference
        return [(node, ChannelRef(TRANSPORT, (ctx.value(node),), code(node)), False)]
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
