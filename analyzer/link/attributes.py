"""Class attributes read through ``self`` or ``cls``: the class-level bindings they may denote."""

from __future__ import annotations

from dataclasses import dataclass

from analyzer.link.symbols import Symbols
from analyzer.model import Ref


@dataclass(frozen=True)
class Binding:
    """A class that binds an attribute itself: in its body (``add_signal = basket_addition``),
    or, for a channel object, through ``self`` in a method (``self.changed = Signal()``)."""

    owner: str
    """The qualified name of the class that binds it."""
    slot: str
    """``owner.attribute``: the binding's own qualified name."""
    module: str
    """The owner's module, where `value` is read."""
    value: Ref
    """The name assigned, when it is one; a ref without ``dotted`` otherwise."""


class ClassAttributes:
    """Where ``self.<attr>`` in a method of a class looks: the class, then its bases, nearest
    first; and, since the method also runs on each subclass, each subclass's own binding."""

    def __init__(self, symbols: Symbols) -> None:
        self.symbols = symbols
        self._own: dict[str, dict[str, Ref]] = {}
        for qualname, (_, cls) in symbols.classes.items():
            own = self._own.setdefault(qualname, {})
            for name in cls.methods:
                own[name] = Ref(None, "")
            for name, value in cls.attributes:
                own[name] = value
        for module, facts in symbols.modules.items():
            for decl in facts.channels:
                owner, _, name = (decl.binding or "").rpartition(".")
                if owner and f"{module}.{owner}" in self._own:
                    self._own[f"{module}.{owner}"].setdefault(name, Ref(None, ""))
        self._subclasses: dict[str, list[str]] | None = None

    def own(self, cls: str, attr: str) -> Binding | None:
        """The class's own binding of the attribute, if it has one."""
        value = self._own.get(cls, {}).get(attr)
        if value is None:
            return None
        facts, _ = self.symbols.classes[cls]
        return Binding(cls, f"{cls}.{attr}", facts.module, value)

    def nearest(self, cls: str, attr: str) -> Binding | None:
        """What ``C.attr`` denotes: the binding in the class or its nearest project base."""
        for owner in (cls, *self.symbols.ancestors(cls)):
            found = self.own(owner, attr)
            if found is not None:
                return found
        return None

    def through_self(self, cls: str, attr: str) -> tuple[Binding, ...]:
        """What ``self.attr`` may denote in a method of `cls`: the nearest binding for the class
        itself, then the nearest for each of its project subclasses (a subclass that overrides
        the method is counted too: its override may call ``super()``)."""
        found: list[Binding] = []
        for current in (cls, *self.subclasses(cls)):
            binding = self.nearest(current, attr)
            if binding is not None and binding not in found:
                found.append(binding)
        return tuple(found)

    def subclasses(self, cls: str) -> tuple[str, ...]:
        """The project classes that inherit from `cls`, directly or not, in name order."""
        if self._subclasses is None:
            self._subclasses = {}
            for qualname in sorted(self.symbols.classes):
                for ancestor in self.symbols.ancestors(qualname):
                    self._subclasses.setdefault(ancestor, []).append(qualname)
        return tuple(self._subclasses.get(cls, ()))
