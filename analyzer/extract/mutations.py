"""In-place changes of local objects inside one function, in source order.

A function's body is reduced to a log of three operations: a name bound (possibly as an alias
of another name), an object changed in place through a name, and a message handed to an API
through a name. From the log we answer two questions: what changed an object after it was
emitted, and what changed a parameter anywhere in the body.
"""

from __future__ import annotations

from dataclasses import dataclass

import libcst as cst

from analyzer.extract.expressions import code, root_name
from analyzer.model import Location, Mutation

MUTATING_METHODS = frozenset(
    {
        "append",
        "extend",
        "update",
        "add",
        "pop",
        "popitem",
        "clear",
        "remove",
        "insert",
        "discard",
        "setdefault",
        "sort",
        "reverse",
        "__setitem__",
        "__delitem__",
        "__setattr__",
    }
)


@dataclass(frozen=True)
class Bind:
    name: str
    source: str | None
    """The name this one now aliases (``a = e`` or ``a = e.items``), or None for a new object."""
    location: Location


@dataclass(frozen=True)
class Change:
    name: str
    mutation: Mutation


@dataclass(frozen=True)
class Handed:
    name: str
    send_index: int
    location: Location


Op = Bind | Change | Handed


def describe_target(target: cst.BaseExpression) -> str | None:
    """``.status =`` for an attribute target; None for a plain name (a rebinding, not a change)."""
    if isinstance(target, cst.Attribute):
        return f"{code(target)} ="
    if isinstance(target, cst.Subscript):
        return f"{code(target)} ="
    return None


def call_mutation(call: cst.Call) -> tuple[str, str] | None:
    """(root name, description) when a call changes an object in place, else None.

    ``e.items.append(x)``, ``setattr(e, "a", 1)``, ``object.__setattr__(e, ...)``.
    """
    func = call.func
    if isinstance(func, cst.Name) and func.value in ("setattr", "delattr") and call.args:
        root = root_name(call.args[0].value)
        return (root, f"{func.value}()") if root else None
    if isinstance(func, cst.Attribute):
        method = func.attr.value
        if (
            method in ("__setattr__", "__delattr__")
            and isinstance(func.value, cst.Name)
            and func.value.value == "object"
            and call.args
        ):
            root = root_name(call.args[0].value)
            return (root, f"object.{method}()") if root else None
        if method in MUTATING_METHODS:
            root = root_name(func.value)
            if root is not None:
                return root, f"{code(func)}()"
    return None


def _aliases_at(ops: list[Op], name: str, upto: int) -> set[str]:
    """The names that hold the object `name` holds at ops[upto]."""
    tracked = {name}
    for op in ops[:upto]:
        if isinstance(op, Bind):
            if op.name == name:
                tracked = {name}  # a new object: older aliases point elsewhere
            else:
                _apply_bind(tracked, op)
    return tracked


def _apply_bind(tracked: set[str], op: Bind) -> None:
    if op.source is not None and op.source in tracked:
        tracked.add(op.name)
    elif op.name in tracked:
        tracked.discard(op.name)


def changes_after(ops: list[Op], index: int, name: str) -> tuple[Mutation, ...]:
    """Changes of the object `name` held at ops[index], made after that point, through any alias."""
    tracked = _aliases_at(ops, name, index)
    found: list[Mutation] = []
    for op in ops[index + 1 :]:
        if isinstance(op, Bind):
            _apply_bind(tracked, op)
            if not tracked:
                break
        elif isinstance(op, Change) and op.name in tracked:
            found.append(op.mutation)
    return tuple(found)


def changes_of_parameter(ops: list[Op], name: str) -> tuple[Mutation, ...]:
    """Changes of a parameter's object anywhere in the body, through any alias."""
    tracked = {name}
    found: list[Mutation] = []
    for op in ops:
        if isinstance(op, Bind):
            _apply_bind(tracked, op)
        elif isinstance(op, Change) and op.name in tracked:
            found.append(op.mutation)
    return tuple(found)
