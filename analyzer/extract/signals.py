"""Django signals and blinker: signal objects are event channels; receivers subscribe, send() emits."""

from __future__ import annotations

from typing import TYPE_CHECKING

import libcst as cst

from analyzer.extract.expressions import code, dotted, string_value
from analyzer.extract.imported import first_argument, imported, imports_library
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

TRANSPORT = "signal"
SIGNAL_CLASSES = frozenset(
    {
        "django.dispatch.Signal",
        "django.dispatch.dispatcher.Signal",
        "django.db.models.signals.ModelSignal",
        "blinker.Signal",
        "blinker.NamedSignal",
        "blinker.base.Signal",
        "blinker.base.NamedSignal",
    }
)
FLASK_SIGNALS = frozenset(
    {
        "template_rendered",
        "before_render_template",
        "request_started",
        "request_finished",
        "request_tearing_down",
        "got_request_exception",
        "appcontext_tearing_down",
        "appcontext_pushed",
        "appcontext_popped",
        "message_flashed",
    }
)
"""Flask's own signals, importable from ``flask`` itself."""
NAMED_SIGNAL_FUNCTIONS = frozenset({"blinker.signal", "blinker.base.signal"})
NAMESPACES = frozenset({"blinker.Namespace", "blinker.base.Namespace", "flask.signals.Namespace"})
RECEIVER_DECORATORS = frozenset({"django.dispatch.receiver", "django.dispatch.dispatcher.receiver"})
EMIT_METHODS = ("send", "send_robust", "asend", "asend_robust", "send_async")
CONNECT_METHODS = ("connect", "connect_via")
NO_MESSAGE = Ref(None, "")


class Signals(Recogniser):
    """``Signal()`` and ``blinker.signal("x")`` declare event channels; receivers subscribe; sends emit.

    A Django ``Signal()`` is named by the qualified name it is bound to (a module global, a class
    attribute, ``self.x`` set in ``__init__``); a blinker named signal by its name. A ``.send()``
    or ``.connect()`` on a name that may be a signal but is not known as one in this file counts
    only if the linker finds a signal declared in the project under it.
    """

    name = "signals"
    markers = (b"signal", b"Signal", b"receiver", b".send(", b".connect(")

    def on_assign(
        self, ctx: FileContext, target: cst.BaseAssignTargetExpression, value: cst.BaseExpression
    ) -> None:
        if not isinstance(value, cst.Call):
            return
        binding = _binding(ctx, target)
        if binding is None:
            return
        named = _named_signal(ctx, value)
        if named is not None:
            ctx.add_channel(
                ChannelDecl(
                    named, Kind.EVENT, ctx.locate(target), "blinker signal()", binding=binding
                )
            )
        elif _is_signal_class(ctx, value.func):
            name = f"{ctx.module}.{binding}"
            ctx.add_channel(
                ChannelDecl(
                    ChannelRef(TRANSPORT, (name,), code(target)),
                    Kind.EVENT,
                    ctx.locate(target),
                    f"{code(value.func)}()",
                    binding=binding,
                )
            )

    def on_function(
        self, ctx: FileContext, node: cst.FunctionDef, fact: FunctionFact, handler: Ref
    ) -> None:
        for decorator in node.decorators:
            expr = decorator.decorator
            call = expr if isinstance(expr, cst.Call) else None
            func = call.func if call else expr
            via = f"@{code(func)}"
            if call is not None and imported(ctx, func) in RECEIVER_DECORATORS and call.args:
                signals = call.args[0].value
                elements = (
                    [el.value for el in signals.elements]
                    if isinstance(signals, cst.List | cst.Tuple)
                    else [signals]
                )
                for signal in elements:
                    self._subscribe(ctx, signal, handler, decorator, via, strong=True)
            elif isinstance(func, cst.Attribute) and func.attr.value in CONNECT_METHODS:
                self._connect(ctx, func.value, handler, decorator, via)

    def on_call(self, ctx: FileContext, node: cst.Call) -> None:
        func = node.func
        if not isinstance(func, cst.Attribute):
            return
        if func.attr.value == "connect" and node.args:
            handler = first_argument(node, "receiver")
            if handler is not None and dotted(handler) is not None:
                self._connect(ctx, func.value, ctx.handler_ref(handler), node, code(func))
        elif func.attr.value in EMIT_METHODS:
            self._emit(ctx, node, func)

    def _connect(
        self,
        ctx: FileContext,
        signal: cst.BaseExpression,
        handler: Ref,
        node: cst.CSTNode,
        via: str,
    ) -> None:
        strong = _known_signal(ctx, signal)
        if strong or _plain_name(ctx, signal):
            self._subscribe(ctx, signal, handler, node, via, strong)

    def _subscribe(
        self,
        ctx: FileContext,
        signal: cst.BaseExpression,
        handler: Ref,
        node: cst.CSTNode,
        via: str,
        strong: bool,
    ) -> None:
        channel = _channel(ctx, signal)
        if channel is None:
            return
        ctx.add_registration(
            Registration(
                NO_MESSAGE,
                handler,
                ctx.locate(node),
                via,
                Family.BROADCAST,
                "receiver of a signal",
                channel=channel,
                strong=strong,
            )
        )

    def _emit(self, ctx: FileContext, node: cst.Call, func: cst.Attribute) -> None:
        signal = func.value
        strong = _known_signal(ctx, signal)
        if not strong and not (_plain_name(ctx, signal) and _has_keyword(node, "sender")):
            return
        channel = _channel(ctx, signal)
        if channel is None:
            return
        via = code(func)
        location = ctx.locate(node)
        used = id(node) not in ctx.unused_calls
        ctx.add_send(
            Send(
                NO_MESSAGE,
                ctx.sender,
                location,
                via,
                Family.BROADCAST,
                code(signal),
                func.attr.value,
                strong,
                result_used=used,
                channel=channel,
            )
        )
        # Message objects passed along (``command=ShipOrder(...)``) are broadcast with the signal
        # and routed through it; they count when they are message classes of the project.
        positional = [arg for arg in node.args if arg.keyword is None and not arg.star][1:]
        keywords = [arg for arg in node.args if arg.keyword is not None]
        for arg in [*positional, *keywords]:
            if arg.keyword is not None and arg.keyword.value == "sender":
                continue
            for ref in ctx.message_refs(arg.value):
                if ref.dotted is None:
                    continue
                ctx.add_send(
                    Send(
                        ref,
                        ctx.sender,
                        location,
                        via,
                        Family.BROADCAST,
                        code(signal),
                        func.attr.value,
                        False,
                        result_used=used,
                        channel=channel,
                    ),
                    arg.value,
                )


def _binding(ctx: FileContext, target: cst.BaseAssignTargetExpression) -> str | None:
    """The name a signal object is bound to: ``x`` at module level, ``C.x`` in a class or via self."""
    scope = ctx.stack.current
    if isinstance(target, cst.Name):
        if scope.kind == "module":
            return target.value
        if scope.kind == "class":
            return f"{scope.qualname}.{target.value}"
        return None
    cls = ctx.stack.enclosing_class()
    function = ctx.stack.function()
    if (
        isinstance(target, cst.Attribute)
        and isinstance(target.value, cst.Name)
        and cls is not None
        and target.value.value == function.self_name
    ):
        return f"{cls}.{target.attr.value}"
    return None


def _is_signal_class(ctx: FileContext, func: cst.BaseExpression) -> bool:
    return imported(ctx, func) in SIGNAL_CLASSES


def _named_signal(ctx: FileContext, call: cst.Call) -> ChannelRef | None:
    """``signal("x")`` from blinker, ``Namespace().signal("x")``, ``ns.signal("x")``: the name."""
    func = call.func
    name = first_argument(call, "name")
    if name is None:
        return None
    if imported(ctx, func) in NAMED_SIGNAL_FUNCTIONS:
        return ctx.channel_ref(TRANSPORT, name)
    if not (isinstance(func, cst.Attribute) and func.attr.value == "signal"):
        return None
    owner = func.value
    if isinstance(owner, cst.Call) and imported(ctx, owner.func) in NAMESPACES:
        return ctx.channel_ref(TRANSPORT, name)
    blinker_file = imports_library(ctx, "blinker") or imports_library(ctx, "flask")
    if blinker_file and string_value(name) is not None:
        return ctx.channel_ref(
            TRANSPORT, name
        )  # `my_signals = Namespace()` … `my_signals.signal("x")`
    return None


def _channel(ctx: FileContext, signal: cst.BaseExpression) -> ChannelRef | None:
    """The channel of a signal expression: a named signal, or a name to resolve (``self.x`` per
    class, through the class attribute or ``Signal()`` it names)."""
    if isinstance(signal, cst.Call):
        return _named_signal(ctx, signal)
    if dotted(signal) is None:
        return None
    return ctx.channel_ref(TRANSPORT, signal)


def _known_signal(ctx: FileContext, signal: cst.BaseExpression) -> bool:
    """True when the expression is a signal for sure: a named signal, a signal of this file or of a
    signals module, a library's signal."""
    if isinstance(signal, cst.Call):
        return _named_signal(ctx, signal) is not None
    name = dotted(signal)
    if name is None:
        return False
    bindings = {decl.binding for decl in ctx.channels if decl.channel.transport == TRANSPORT}
    cls = ctx.stack.enclosing_class()
    if name in bindings or (cls and f"{cls}.{name.rpartition('.')[2]}" in bindings):
        return True
    target = imported(ctx, signal) or ""
    if target.startswith("flask.") and target.rsplit(".", 1)[-1] in FLASK_SIGNALS:
        return True
    return "signal" in name.lower() or "signal" in target.lower()


def _plain_name(ctx: FileContext, signal: cst.BaseExpression) -> bool:
    """A module-level name or attribute chain, or ``self.x`` in a method (not another local)."""
    name = dotted(signal)
    if name is None:
        return False
    head, _, rest = name.partition(".")
    if head == ctx.stack.function().self_name and rest and "." not in rest:
        return ctx.stack.enclosing_class() is not None
    return ctx.global_ref(signal).dotted is not None


def _has_keyword(call: cst.Call, keyword: str) -> bool:
    return any(arg.keyword is not None and arg.keyword.value == keyword for arg in call.args)
