"""Where the visitor is: the stack of module, class and function scopes, and what each binds."""

from __future__ import annotations

from dataclasses import dataclass, field

import libcst as cst

from analyzer.extract.expressions import code
from analyzer.extract.mutations import Op
from analyzer.model import MODULE_SCOPE, SELF_REF, Mutation, Narrow, Ref, Val

__all__ = ["MODULE_SCOPE", "Scope", "ScopeStack"]


@dataclass
class Scope:
    """One scope being visited. Mutable while the visitor is inside it, discarded after."""

    kind: str  # "module", "class" or "function"
    qualname: str
    """Relative to the module: ``Order.confirm``; ``<module>`` for the module itself."""
    class_qualname: str | None = None
    """For a method: the class it is defined in."""
    self_name: str | None = None
    """For a method: the name of its first parameter (``self``)."""
    bindings: dict[str, tuple[Ref, ...]] = field(default_factory=dict)
    """Local name → the message instances (or handler instances) it holds."""
    binding_paths: dict[str, tuple[int, ...]] = field(default_factory=dict)
    """Local name → the blocks its last assignment is in (see `FileVisitor._rebind`)."""
    params: set[str] = field(default_factory=set)
    """Every local name: parameters and assigned names."""
    ops: list[Op] = field(default_factory=list)
    message_param: str | None = None
    returns_value: bool = False
    """A ``return x`` or a ``yield`` was seen in this function's own body."""
    writes: list[tuple[cst.BaseExpression, Mutation]] = field(default_factory=list)
    """Candidate writes: the object written through, and what was done; filtered on leaving."""
    arguments: set[str] = field(default_factory=set)
    """The function's parameters, every kind."""
    positional: tuple[str, ...] = ()
    """Parameters that can be passed by position, in order (``self`` first)."""
    keyword_only: tuple[str, ...] = ()
    receiver: str = ""
    """``instance`` or ``class`` for a method's first parameter (see `Flow.receiver`)."""
    defaults: list[tuple[str, Val]] = field(default_factory=list)
    types: list[tuple[str, Val]] = field(default_factory=list)
    assigns: list[tuple[str, Val]] = field(default_factory=list)
    stores: list[tuple[Val, Val]] = field(default_factory=list)
    results: list[Val] = field(default_factory=list)
    """The values of its ``return`` statements."""
    returns_type: Val | None = None
    narrows: list[Narrow] = field(default_factory=list)
    """``isinstance`` tests and ``match`` cases on the message parameter."""

    def lookup(self, name: str) -> tuple[Ref, ...] | None:
        return self.bindings.get(name)


class ScopeStack:
    """The scopes from the module down to the node being visited."""

    def __init__(self) -> None:
        self.scopes: list[Scope] = [Scope("module", MODULE_SCOPE)]

    @property
    def current(self) -> Scope:
        return self.scopes[-1]

    @property
    def module(self) -> Scope:
        return self.scopes[0]

    def function(self) -> Scope:
        """The innermost function scope, or the module scope at top level and in class bodies."""
        for scope in reversed(self.scopes):
            if scope.kind == "function":
                return scope
        return self.scopes[0]

    def enclosing_class(self) -> str | None:
        for scope in reversed(self.scopes):
            if scope.kind == "class":
                return scope.qualname
            if scope.kind == "function" and scope.class_qualname:
                return scope.class_qualname
        return None

    def child_qualname(self, name: str) -> str:
        parent = self.current.qualname
        return name if parent == MODULE_SCOPE else f"{parent}.{name}"

    def push(self, scope: Scope) -> None:
        self.scopes.append(scope)

    def pop(self) -> Scope:
        return self.scopes.pop()

    def self_attribute(self, node: cst.BaseExpression) -> Ref | None:
        """``self.x`` or ``cls.x`` read in a method: a ref to the attribute, which the linker
        resolves per class (``self:Class.x``, see SELF_REF); None for anything else."""
        if not (isinstance(node, cst.Attribute) and isinstance(node.value, cst.Name)):
            return None
        scope = self.function()
        cls = self.enclosing_class()
        if cls is None or scope.self_name is None or node.value.value != scope.self_name:
            return None
        return Ref(f"{SELF_REF}{cls}.{node.attr.value}", code(node))

    def resolve_local(self, name: str) -> tuple[Ref, ...] | None:
        """What a bare name holds in the current function (not in enclosing classes)."""
        scope = self.function()
        found = scope.lookup(name)
        if found is not None:
            return found
        if name in scope.params:
            return ()
        return None

    def is_enclosing_local(self, name: str) -> bool:
        """A parameter or local of the current function or of a function enclosing it (closures)."""
        return any(
            scope.kind == "function" and (name in scope.params or name in scope.bindings)
            for scope in self.scopes
        )

    def is_local(self, name: str) -> bool:
        scope = self.function()
        return scope.kind == "function" and (name in scope.bindings or name in scope.params)
