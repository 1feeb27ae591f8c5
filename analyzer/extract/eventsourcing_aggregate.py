"""An eventsourcing aggregate's created event, read from its class statement as the library
decides it, and the event classes the library defines at run time."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import libcst as cst

from analyzer.extract.expressions import (
    code,
    dotted,
    keyword_value,
    last_name,
    mutable_annotation,
    mutable_default,
    string_value,
)
from analyzer.model import ClassFact, FieldFact, Ref

if TYPE_CHECKING:
    from analyzer.extract.visitor import FileVisitor as FileContext

CREATED_BASES = frozenset({"Created", "AggregateCreated"})
"""Bases that make a nested class a created event (``class Started(Aggregate.Created)``)."""
DEFAULT_CREATED = "Created"


@dataclass(frozen=True)
class CreatedEvent:
    """The event that creates an aggregate: constructing the aggregate records it and its own
    ``__init__`` (when it defines one) applies it."""

    name: str
    implicit: bool
    """True when no nested class defines it: the library makes the class."""
    site: cst.CSTNode
    """Where it is named: the ``@event`` on ``__init__``, the class keyword, the class name."""
    init: cst.FunctionDef | None
    applied_at: cst.CSTNode | None
    """Where ``__init__`` takes it: its ``@event`` decorator, else its name."""


def created_event(
    node: cst.ClassDef, is_event: Callable[[cst.BaseExpression], bool]
) -> CreatedEvent | None:
    """As ``MetaAggregate`` decides: ``_created_event_class = X``, ``@event("X")`` or
    ``@event(X)`` on ``__init__``, ``created_event_name="X"``; else the one nested class derived
    from ``Created``; else an implicit ``Created``. None when several are nested and none named."""
    body = _statements(node)
    nested = [s for s in body if isinstance(s, cst.ClassDef)]
    created: list[str] = []
    for cls in nested:
        words = {last_name(base.value) for base in cls.bases}
        if words & CREATED_BASES or words & set(created):
            created.append(cls.name.value)
    names = {cls.name.value for cls in nested}
    init: cst.FunctionDef | None = None
    for statement in body:
        if isinstance(statement, cst.FunctionDef) and statement.name.value == "__init__":
            init = statement
    decorator = _event_decorator(init, is_event) if init is not None else None
    applied_at: cst.CSTNode | None = decorator or (init.name if init is not None else None)
    name, site = _named(node, body, decorator)
    if name is None:
        if len(created) != 1:
            if created:
                return None
            name, site = DEFAULT_CREATED, node.name
        else:
            name = created[0]
    return CreatedEvent(name, name not in names, site, init, applied_at)


def _named(
    node: cst.ClassDef,
    body: Sequence[cst.CSTNode],
    decorator: cst.Decorator | None,
) -> tuple[str | None, cst.CSTNode]:
    """The created event's name when the class says it, and where."""
    for statement in body:
        if isinstance(statement, cst.SimpleStatementLine):
            for small in statement.body:
                if isinstance(small, cst.Assign | cst.AnnAssign) and small.value is not None:
                    targets = (
                        [t.target for t in small.targets]
                        if isinstance(small, cst.Assign)
                        else [small.target]
                    )
                    if any(dotted(t) == "_created_event_class" for t in targets):
                        found = last_name(small.value)
                        if found is not None:
                            return found, small
    if decorator is not None and isinstance(decorator.decorator, cst.Call):
        args = decorator.decorator.args
        if args:
            value = args[0].value
            return string_value(value) or last_name(value), decorator
    for keyword in _keywords(node):
        if keyword.keyword is not None and keyword.keyword.value == "created_event_name":
            return string_value(keyword.value), keyword
    return None, node.name


def _keywords(node: cst.ClassDef) -> list[cst.Arg]:
    """The class's keywords and those of an ``@aggregate(created_event_name=...)`` decorator."""
    found = list(node.keywords)
    for decorator in node.decorators:
        if isinstance(decorator.decorator, cst.Call):
            value = keyword_value(decorator.decorator, "created_event_name")
            if value is not None:
                found.extend(a for a in decorator.decorator.args if a.value is value)
    return found


def _event_decorator(
    init: cst.FunctionDef, is_event: Callable[[cst.BaseExpression], bool]
) -> cst.Decorator | None:
    for decorator in init.decorators:
        expr = decorator.decorator
        if is_event(expr.func if isinstance(expr, cst.Call) else expr):
            return decorator
    return None


def _statements(node: cst.ClassDef) -> list[cst.CSTNode]:
    return list(node.body.body)


def event_class(
    ctx: FileContext,
    qualname: str,
    site: cst.CSTNode,
    bases: tuple[Ref, ...],
    fields: tuple[FieldFact, ...],
) -> ClassFact:
    """The class the library defines for an event named but not written (``@event("Renamed")``)."""
    return ClassFact(
        qualname=qualname,
        name=qualname.rsplit(".", 1)[-1],
        location=ctx.locate(site),
        bases=bases,
        generic_args=(),
        decorators=(),
        frozen=None,
        data_model=None,
        fields=fields,
        methods=(),
        handle_method=None,
    )


def parameter_fields(ctx: FileContext, method: cst.FunctionDef) -> tuple[FieldFact, ...]:
    """An event's fields as the library makes them from the method's parameters."""
    params = [*method.params.posonly_params, *method.params.params][1:]
    params += list(method.params.kwonly_params)
    fields = []
    for param in params:
        annotation = param.annotation.annotation if param.annotation is not None else None
        typed = mutable_annotation(annotation) if annotation is not None else None
        reason = f"typed {typed}" if typed else None
        if reason is None and param.default is not None:
            reason = mutable_default(param.default)
        fields.append(
            FieldFact(
                param.name.value,
                code(annotation) if annotation is not None else "",
                reason,
                ctx.locate(param.name),
            )
        )
    return tuple(fields)
