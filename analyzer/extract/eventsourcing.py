"""eventsourcing: aggregates and their events, ``@event`` methods, ``trigger_event``, policies."""

from __future__ import annotations

from typing import TYPE_CHECKING

import libcst as cst

from analyzer.extract.expressions import code, dotted, last_name, string_value
from analyzer.extract.imported import first_argument, imported, imports_library
from analyzer.extract.recogniser import Recogniser
from analyzer.model import (
    ChannelDecl,
    ChannelRef,
    Family,
    FunctionFact,
    Kind,
    Location,
    Ref,
    Registration,
    Send,
)

if TYPE_CHECKING:
    from analyzer.extract.visitor import FileVisitor as FileContext

TRANSPORT = "eventsourcing"
EVENT_DECORATORS = frozenset({"eventsourcing.domain.event", "eventsourcing.domain.triggers"})
EVENT_BASE_WORDS = ("Event", "Created", "Discarded", "AggregateEvent", "AggregateCreated")
TRIGGERS = ("trigger_event", "_create")
NO_MESSAGE = Ref(None, "")


class EventSourcing(Recogniser):
    """Events of ``Aggregate`` subclasses and the policies of process applications.

    A nested event class (``class Registered(Aggregate.Created)``) is an event message that its
    aggregate emits. ``@event("Registered")`` on a method defines the event class implicitly:
    there is no class to read, so it becomes the channel ``eventsourcing:<module>.<Aggregate>.
    Registered``, emitted by the method. ``trigger_event(self.X)`` and ``_create(cls.X)`` emit X;
    ``@policy.register(X)`` (or the annotation of its event parameter) subscribes to X.
    """

    name = "eventsourcing"
    markers = (b"eventsourcing",)

    def on_class(self, ctx: FileContext, node: cst.ClassDef, qualname: str) -> None:
        owner = ctx.stack.enclosing_class()
        if (
            owner is None
            or not _is_aggregate(ctx, owner)
            or not imports_library(ctx, "eventsourcing")
        ):
            return
        if not any(last_name(base.value) in EVENT_BASE_WORDS for base in node.bases):
            return
        location = ctx.locate(node.name)
        ctx.add_send(
            Send(
                Ref(qualname, node.name.value),
                owner,
                location,
                f"{owner.rsplit('.', 1)[-1]} aggregate",
                Family.BROADCAST,
                "",
                "aggregate event",
                True,
            )
        )

    def on_function(
        self, ctx: FileContext, node: cst.FunctionDef, fact: FunctionFact, handler: Ref
    ) -> None:
        cls = fact.class_qualname
        for decorator in node.decorators:
            expr = decorator.decorator
            call = expr if isinstance(expr, cst.Call) else None
            func = call.func if call else expr
            if imported(ctx, func) in EVENT_DECORATORS and cls is not None:
                self._event_method(ctx, node, fact, decorator, call, cls)
            elif (
                isinstance(func, cst.Attribute)
                and func.attr.value == "register"
                and isinstance(func.value, cst.Name)
                and func.value.value == "policy"
                and cls is not None
            ):
                events = (
                    [arg.value for arg in call.args if arg.keyword is None]
                    if call is not None
                    else []
                )
                refs = [_event_ref(ctx, e, cls) for e in events] or list(fact.message_params)
                for ref in refs:
                    _subscribe(ctx, ref, handler, decorator)

    def _event_method(
        self,
        ctx: FileContext,
        node: cst.FunctionDef,
        fact: FunctionFact,
        decorator: cst.Decorator,
        call: cst.Call | None,
        cls: str,
    ) -> None:
        location = ctx.locate(decorator)
        argument = first_argument(call, "arg") if call is not None else None
        via = code(decorator.decorator)
        if argument is not None and dotted(argument) is not None:
            ref = _event_ref(ctx, argument, cls)  # @event(Registered): an explicit event class
            ctx.add_send(_emit(ref, fact.qualname, location, via, None))
            return
        name = string_value(argument) if argument is not None else None
        if name is None:
            name = "".join(part.capitalize() for part in node.name.value.split("_"))
        channel = ChannelRef.literal(TRANSPORT, f"{ctx.module}.{cls}.{name}")
        ctx.add_channel(
            ChannelDecl(
                channel, Kind.EVENT, location, f"eventsourcing {via}", binding=f"{cls}.{name}"
            )
        )
        ctx.add_send(_emit(NO_MESSAGE, fact.qualname, location, via, channel))

    def on_call(self, ctx: FileContext, node: cst.Call) -> None:
        func = node.func
        cls = ctx.stack.enclosing_class()
        if not (isinstance(func, cst.Attribute) and func.attr.value in TRIGGERS) or cls is None:
            return
        argument = first_argument(node, "event_class")
        if argument is None or dotted(argument) is None:
            return
        ref = _event_ref(ctx, argument, cls)
        location = ctx.locate(node)
        via = code(func)
        ctx.add_send(_emit(ref, ctx.sender, location, via, None, strong=False))
        if ref.dotted is not None:
            channel = ChannelRef(TRANSPORT, (ref,), ref.text)
            ctx.add_send(_emit(NO_MESSAGE, ctx.sender, location, via, channel, strong=False))


def _is_aggregate(ctx: FileContext, qualname: str) -> bool:
    """A class of this file with a base named ``...Aggregate`` (``Aggregate``, ``BaseAggregate``)."""
    fact = ctx.class_fact(qualname)
    return fact is not None and any(
        (base.dotted or base.text).rsplit(".", 1)[-1].endswith("Aggregate") for base in fact.bases
    )


def _event_ref(ctx: FileContext, node: cst.BaseExpression, cls: str) -> Ref:
    """``self.X``/``cls.X``/``X`` in an aggregate's body refer to its nested class X."""
    name = dotted(node)
    if name is None:
        return Ref(None, code(node))
    head, _, rest = name.partition(".")
    if head == ctx.stack.function().self_name or head == "cls":
        return Ref(f"{cls}.{rest}", name)
    if "." not in name and ctx.class_fact(f"{cls}.{name}") is not None:
        return Ref(f"{cls}.{name}", name)
    return ctx.global_ref(node)


def _emit(
    ref: Ref,
    sender: str,
    location: Location,
    via: str,
    channel: ChannelRef | None,
    strong: bool = True,
) -> Send:
    return Send(ref, sender, location, via, Family.BROADCAST, "", "emit", strong, channel=channel)


def _subscribe(ctx: FileContext, ref: Ref, handler: Ref, decorator: cst.Decorator) -> None:
    """A policy handler of X: of the class X when there is one, of the implicit event X otherwise."""
    location = ctx.locate(decorator)
    expr = decorator.decorator
    via = f"@{code(expr.func if isinstance(expr, cst.Call) else expr)}"
    ctx.add_registration(
        Registration(ref, handler, location, via, Family.NEUTRAL, "eventsourcing policy")
    )
    if ref.dotted is not None:
        ctx.add_registration(
            Registration(
                NO_MESSAGE,
                handler,
                location,
                via,
                Family.BROADCAST,
                "eventsourcing policy",
                channel=ChannelRef(TRANSPORT, (ref,), ref.text),
                strong=False,
            )
        )
