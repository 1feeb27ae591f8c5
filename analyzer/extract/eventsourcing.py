"""eventsourcing: aggregates' events and mutators, the calls that record events, policies."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import libcst as cst

from analyzer.extract.eventsourcing_aggregate import (
    created_event,
    event_class,
    parameter_fields,
)
from analyzer.extract.expressions import code, dotted, last_name, string_value
from analyzer.extract.imported import first_argument, from_library, imported, imports_library
from analyzer.extract.recogniser import Recogniser
from analyzer.model import NARROWED, Family, FunctionFact, Location, Ref, Registration, Send

if TYPE_CHECKING:
    from analyzer.extract.visitor import FileVisitor as FileContext

EVENT_DECORATORS = frozenset({"eventsourcing.domain.event", "eventsourcing.domain.triggers"})
TRIGGERS = ("trigger_event", "_create")
LOG_CLASS = "EventSourcedLog"
DISPATCHER = "singledispatchmethod"
POLICY = "policy"


@dataclass
class _Names:
    """What one file binds: its aggregates' singledispatch methods and its event logs."""

    dispatchers: set[tuple[str, str]] = field(default_factory=set)
    """(class, method) of each ``@singledispatchmethod``."""
    logs: dict[str, Ref] = field(default_factory=dict)
    """``Class.attribute`` or ``scope:name`` of an ``EventSourcedLog`` → the event it logs."""


class EventSourcing(Recogniser):
    """Aggregates (``Aggregate`` subclasses, ``@aggregate`` classes), read as the library runs them.

    Events are the aggregate's nested classes, and the classes the library makes: ``@event("X")``
    (bare ``@event``: named after the method in CamelCase) defines ``Aggregate.X``, and an
    aggregate without a created event class gets ``Created``. Calling an ``@event`` method
    records its event (the call is the emit; the method's body applies it, so the method
    subscribes to it); constructing the aggregate records its created event, applied by its
    ``__init__``. ``trigger_event(self.X)``, ``_create(cls.X)`` and an ``EventSourcedLog``'s
    ``trigger_event()`` emit; ``@when.register`` mutators of a ``@singledispatchmethod`` and
    process applications' ``@policy.register`` methods subscribe, as do a ``policy()``
    method's ``isinstance`` branches.
    """

    name = "eventsourcing"
    markers = (b"eventsourcing",)

    def on_class(self, ctx: FileContext, node: cst.ClassDef, qualname: str) -> None:
        if not imports_library(ctx, "eventsourcing") or not _is_aggregate(ctx, qualname):
            return
        created = created_event(node, lambda expr: _is_event(ctx, expr))
        if created is None:
            return
        ref = Ref(f"{qualname}.{created.name}", created.name)
        if created.implicit:
            nested = {s.name.value for s in node.body.body if isinstance(s, cst.ClassDef)}
            if created.init is not None:
                fields = parameter_fields(ctx, created.init)
            else:
                fact = ctx.class_fact(qualname)
                fields = fact.fields if fact is not None else ()
            bases = _event_base(ctx, qualname, "Event" in nested)
            ctx.add_class(
                event_class(ctx, f"{qualname}.{created.name}", created.site, bases, fields)
            )
        construct = f"{node.name.value}()"
        ctx.add_send(_emit(ref, qualname, ctx.locate(node.name), construct, at_calls=True))
        if created.init is not None and created.applied_at is not None:
            at = created.applied_at
            via = f"@{code(at.decorator)}" if isinstance(at, cst.Decorator) else "__init__"
            handler = Ref(f"{qualname}.__init__", "__init__")
            _apply(ctx, ref, handler, at, via, "eventsourcing created event")

    def on_function(
        self, ctx: FileContext, node: cst.FunctionDef, fact: FunctionFact, handler: Ref
    ) -> None:
        cls = fact.class_qualname
        if cls is None or not imports_library(ctx, "eventsourcing"):
            return
        names = ctx.state(self, _Names)
        for decorator in node.decorators:
            expr = decorator.decorator
            call = expr if isinstance(expr, cst.Call) else None
            func = call.func if call else expr
            if _is_event(ctx, func):
                ctx.claim(decorator)
                if node.name.value != "__init__":  # the created event: read with the class
                    _event_method(ctx, node, fact, decorator, call, cls, handler)
            elif last_name(func) == DISPATCHER:
                names.dispatchers.add((cls, node.name.value))
            elif (
                isinstance(func, cst.Attribute)
                and func.attr.value == "register"
                and isinstance(func.value, cst.Name)
            ):
                owner = func.value.value
                if owner == POLICY:
                    evidence = "eventsourcing policy"
                elif (cls, owner) in names.dispatchers and _is_aggregate(ctx, cls):
                    evidence = "eventsourcing aggregate mutator"
                else:
                    continue
                ctx.claim(decorator)
                events = [a.value for a in call.args if a.keyword is None] if call else []
                refs = [_event_ref(ctx, e, cls) for e in events] or list(fact.message_params)
                for ref in refs:
                    _apply(ctx, ref, handler, decorator, f"@{code(func)}", evidence)
        if node.name.value == POLICY:
            # Its isinstance branches (or match cases) on the event name what it subscribes to.
            ctx.add_registration(
                Registration(
                    Ref(None, NARROWED),
                    handler,
                    ctx.locate(node.name),
                    "policy()",
                    Family.BROADCAST,
                    "eventsourcing policy",
                )
            )

    def on_call(self, ctx: FileContext, node: cst.Call) -> None:
        func = node.func
        if not isinstance(func, cst.Attribute) or func.attr.value not in TRIGGERS:
            return
        if not imports_library(ctx, "eventsourcing"):
            return
        names = ctx.state(self, _Names)
        key = _log_key(ctx, func.value) if func.attr.value == "trigger_event" else None
        ref = names.logs.get(key or "") or names.logs.get(f"<module>:{code(func.value)}")
        if ref is None:
            cls = ctx.stack.enclosing_class()
            argument = first_argument(node, "event_class")
            if cls is None or argument is None or not _names_class(argument):
                return
            ref = _event_ref(ctx, argument, cls)
        ctx.claim(node)
        ctx.add_send(_emit(ref, ctx.sender, ctx.locate(node), code(func)))

    def on_assign(
        self, ctx: FileContext, target: cst.BaseAssignTargetExpression, value: cst.BaseExpression
    ) -> None:
        """``self.log = EventSourcedLog(events, id, Logged)``: the log's trigger_event emits Logged."""
        if not isinstance(value, cst.Call) or last_name(value.func) != LOG_CLASS:
            return
        if not from_library(ctx, value.func, "eventsourcing"):
            return
        logged = _argument(value, 2, "logged_cls")
        key = _log_key(ctx, target)
        if logged is not None and dotted(logged) is not None and key is not None:
            ctx.state(self, _Names).logs[key] = ctx.global_ref(logged)


def _event_method(
    ctx: FileContext,
    node: cst.FunctionDef,
    fact: FunctionFact,
    decorator: cst.Decorator,
    call: cst.Call | None,
    cls: str,
    handler: Ref,
) -> None:
    """``@event("Renamed")``, bare ``@event`` or ``@event(Renamed)``: calling the method records
    the event, its body applies it."""
    argument = first_argument(call, "arg") if call is not None else None
    via = f"@{code(decorator.decorator)}"
    if argument is not None and dotted(argument) is not None:
        ref = _event_ref(ctx, argument, cls)  # an event class written in the aggregate
    else:
        name = string_value(argument) if argument is not None else None
        if name is None and argument is not None:
            return
        if name is None:  # named after the method, as the library does
            name = "".join(part.capitalize() for part in node.name.value.split("_"))
        ref = Ref(f"{cls}.{name}", name)
        bases = _event_base(ctx, cls, ctx.class_fact(f"{cls}.Event") is not None)
        fields = parameter_fields(ctx, node)
        ctx.add_class(event_class(ctx, f"{cls}.{name}", decorator, bases, fields))
    ctx.add_send(_emit(ref, fact.qualname, ctx.locate(decorator), via, at_calls=True))
    _apply(ctx, ref, handler, decorator, via, "eventsourcing @event method")


def _is_event(ctx: FileContext, expr: cst.BaseExpression) -> bool:
    return imported(ctx, expr) in EVENT_DECORATORS


def _is_aggregate(ctx: FileContext, qualname: str) -> bool:
    """A class of this file with a base named ``...Aggregate`` or an ``@aggregate`` decorator."""
    fact = ctx.class_fact(qualname)
    return fact is not None and (
        any((b.dotted or b.text).rsplit(".", 1)[-1].endswith("Aggregate") for b in fact.bases)
        or any(d.rsplit(".", 1)[-1] == "aggregate" for d in fact.decorators)
    )


def _event_base(ctx: FileContext, cls: str, nested: bool) -> tuple[Ref, ...]:
    """The base of an event the library makes: the aggregate's ``Event``, nested or inherited."""
    if nested:
        return (Ref(f"{cls}.Event", "Event"),)
    fact = ctx.class_fact(cls)
    for base in fact.bases if fact is not None else ():
        if base.dotted is not None and base.dotted.endswith("Aggregate"):
            return (Ref(f"{base.dotted}.Event", f"{base.text}.Event"),)
    return ()


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


def _names_class(node: cst.BaseExpression) -> bool:
    """``self.Renamed``, ``cls.Created``, ``Order.Placed``: a capitalised name."""
    name = last_name(node)
    return dotted(node) is not None and name is not None and name[:1].isupper()


def _argument(call: cst.Call, index: int, keyword: str) -> cst.BaseExpression | None:
    positional = [a.value for a in call.args if a.keyword is None and not a.star]
    for arg in call.args:
        if arg.keyword is not None and arg.keyword.value == keyword:
            return arg.value
    return positional[index] if len(positional) > index else None


def _log_key(ctx: FileContext, node: cst.BaseExpression) -> str | None:
    """``self.log`` in a method of C: ``C.log``; a name: ``<scope>:name``."""
    if isinstance(node, cst.Attribute) and isinstance(node.value, cst.Name):
        cls = ctx.stack.enclosing_class()
        if cls is not None and node.value.value == ctx.stack.function().self_name:
            return f"{cls}.{node.attr.value}"
        return None
    if isinstance(node, cst.Name):
        return f"{ctx.stack.function().qualname}:{node.value}"
    return None


def _emit(ref: Ref, sender: str, location: Location, via: str, at_calls: bool = False) -> Send:
    return Send(ref, sender, location, via, Family.BROADCAST, "", "emit", True, at_calls=at_calls)


def _apply(
    ctx: FileContext, ref: Ref, handler: Ref, at: cst.CSTNode, via: str, evidence: str
) -> None:
    """`handler` applies the event to the aggregate (a mutator), or a policy reacts to it."""
    ctx.add_registration(
        Registration(ref, handler, ctx.locate(at), via, Family.BROADCAST, evidence)
    )
