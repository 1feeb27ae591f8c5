"""What a function leaves behind besides messages: a returned value, obvious writes through injected objects."""

from __future__ import annotations

import libcst as cst

from analyzer.extract.expressions import code, root_name

WRITE_METHODS = frozenset(
    {
        "save",
        "add",
        "add_all",
        "commit",
        "delete",
        "flush",
        "persist",
        "merge",
        "bulk_create",
        "bulk_update",
        "insert_one",
        "insert_many",
        "update_one",
        "update_many",
        "delete_one",
        "delete_many",
    }
)
"""Methods that write when called on a repository, a session or a unit of work."""


def returns_value(node: cst.Return) -> bool:
    """True for ``return x``; False for a bare ``return`` and ``return None``."""
    value = node.value
    return value is not None and not (isinstance(value, cst.Name) and value.value == "None")


def injected(node: cst.FunctionDef, is_method: bool) -> tuple[frozenset[str], str | None]:
    """The parameters that hold injected collaborators, and the name of ``self`` for a method.

    The first parameter after ``self`` is the message a handler receives; the others (a
    repository, a session, a unit of work) are what it was given to work with.
    """
    positional = [*node.params.posonly_params, *node.params.params]
    self_name = positional[0].name.value if is_method and positional else None
    if self_name is not None:
        positional = positional[1:]
    rest = [*positional[1:], *node.params.kwonly_params]
    return frozenset(p.name.value for p in rest), self_name


def write_call(call: cst.Call) -> tuple[cst.BaseExpression, str] | None:
    """(receiver, description) for ``x.save()``, ``uow.commit()``, ``self.repo.add(order)``."""
    func = call.func
    if isinstance(func, cst.Attribute) and func.attr.value in WRITE_METHODS:
        return func.value, f"{code(func)}()"
    return None


def write_target(target: cst.BaseExpression) -> tuple[cst.BaseExpression, str] | None:
    """(object written to, description) for ``repo.last_seen = now`` and ``self.repo.count += 1``."""
    if isinstance(target, cst.Attribute):
        return target.value, f"{code(target)} ="
    return None


def through_injected(
    receiver: cst.BaseExpression, params: frozenset[str], self_name: str | None
) -> bool:
    """True when `receiver` is an injected parameter (``uow``, ``uow.orders``) or an attribute of
    self (``self.repo``), not self itself nor a local object."""
    root = root_name(receiver)
    if root is None:
        return False
    if root == self_name:
        return isinstance(receiver, cst.Attribute | cst.Subscript)
    return root in params
