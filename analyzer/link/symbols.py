"""Resolving names across modules: imports, aliases, re-exports in packages, nested classes."""

from __future__ import annotations

import builtins
from collections.abc import Iterable

from analyzer.link.modules import ModuleIndex
from analyzer.model import ClassFact, FileFacts, FunctionFact, Ref

MAX_HOPS = 20
BUILTINS = frozenset(dir(builtins))


class Symbols:
    """Every module, class and function of the project, and how names reach them."""

    def __init__(self, files: Iterable[FileFacts]) -> None:
        self.modules: dict[str, FileFacts] = {}
        for facts in files:
            if facts.problem is None:
                self.modules.setdefault(facts.module, facts)
        self.index = ModuleIndex(self.modules.values())
        self.classes: dict[str, tuple[FileFacts, ClassFact]] = {}
        self.functions: dict[str, tuple[FileFacts, FunctionFact]] = {}
        self._top: dict[str, set[str]] = {}
        self._imports: dict[str, dict[str, str]] = {}
        self._aliases: dict[str, dict[str, Ref]] = {}
        self._bound: dict[str, frozenset[str]] = {}
        # Answers remembered: the symbols never change once built, and linking asks the same
        # questions of every class many times (its bases, its ancestors, its names).
        self._resolved: dict[tuple[str, str], str | None] = {}
        self._bases: dict[str, tuple[tuple[str | None, str], ...]] = {}
        self._ancestors: dict[str, tuple[str, ...]] = {}
        self._words: dict[str, tuple[tuple[str, str], ...]] = {}
        for module, facts in self.modules.items():
            top = self._top.setdefault(module, set())
            for cls in facts.classes:
                self.classes[f"{module}.{cls.qualname}"] = (facts, cls)
                top.add(cls.qualname.split(".", 1)[0])
            for fn in facts.functions:
                self.functions[f"{module}.{fn.qualname}"] = (facts, fn)
                top.add(fn.qualname.split(".", 1)[0])
            top.update(name.split(".", 1)[0] for name, _ in facts.constants)
            top.update(decl.binding for decl in facts.channels if decl.binding)
            self._imports[module] = dict(facts.imports)
            self._aliases[module] = dict(facts.aliases)
            self._bound[module] = frozenset(
                (*facts.bound, *(c.name for c in facts.classes), *(f.name for f in facts.functions))
            )  # names defined anywhere in the module, local classes included

    def resolve(self, module: str, name: str, hops: int = 0) -> str | None:
        """The absolute dotted name `name` denotes in `module`, or None (a builtin, a local)."""
        if hops == 0:
            key = (module, name)
            if key not in self._resolved:
                self._resolved[key] = self._resolve(module, name, 0)
            return self._resolved[key]
        return self._resolve(module, name, hops)

    def _resolve(self, module: str, name: str, hops: int) -> str | None:
        if hops > MAX_HOPS:
            return None
        head, _, rest = name.partition(".")
        suffix = f".{rest}" if rest else ""
        if head in self._top.get(module, ()):
            return f"{module}.{name}"
        imports = self._imports.get(module, {})
        if name in imports:  # `import a.b` then `a.b.X`
            return self.canonical(imports[name], hops + 1, module)
        if head in imports:
            return self.canonical(imports[head] + suffix, hops + 1, module)
        alias = self._aliases.get(module, {}).get(head)
        if alias is not None and alias.dotted and alias.dotted != head:
            return self.resolve(module, alias.dotted + suffix, hops + 1)
        for key, base in imports.items():
            star = self.module_named(base, module) if key.startswith("*") else None
            if star is not None:
                found = self.resolve(star, name, hops + 1)
                if found is not None and found.startswith(star + ".") and self.exists(found):
                    return found
        return None

    def module_named(self, name: str, importer: str | None = None) -> str | None:
        """The project module `name` denotes: an import name read in module `importer` (its own
        root first), or a module's unique name."""
        found = self.index.find(name, importer)
        if found is None and name in self.modules:
            return name
        return found

    def canonical(self, full: str, hops: int = 0, importer: str | None = None) -> str:
        """Follow re-exports: ``shop.Allocate`` → ``shop.commands.Allocate`` when shop imports it.

        `full` is an absolute name as imported in module `importer`, or a unique name."""
        parts = full.split(".")
        single = self.index.single
        for cut in range(len(parts), 0, -1):
            prefix = ".".join(parts[:cut])
            module = single.get(prefix) or self.module_named(prefix, importer)
            if module is not None:
                rest = ".".join(parts[cut:])
                if not rest:
                    return module
                if module + "." + rest in self.classes or module + "." + rest in self.functions:
                    return module + "." + rest
                found = self.resolve(module, rest, hops + 1)
                return found if found is not None else f"{module}.{rest}"
        return full

    def undefined(self, module: str, dotted: str) -> bool:
        """True when `dotted`, read in `module`, names a class that nothing defines: an unbound
        name, or a missing attribute of a project module (``events.OrderShiped``)."""
        head = dotted.split(".", 1)[0]
        if not dotted.rsplit(".", 1)[-1][:1].isupper():
            return False  # message classes are capitalised; a lowercase name may be a closure's
        if head in BUILTINS or any(
            key.startswith("*") and self.module_named(base, module) is None
            for key, base in self._imports.get(module, {}).items()
        ):
            return False
        target = self.resolve(module, dotted)
        if target is None:
            return not self._binds(module, head)
        if self.exists(target) or not self.in_project(target):
            return False
        parts = target.split(".")
        for cut in range(len(parts) - 1, 0, -1):
            owner = ".".join(parts[:cut])
            if owner in self.modules:
                name = parts[cut]
                return name[:1].isupper() and not self._binds(owner, name)
        return False

    def _binds(self, module: str, name: str) -> bool:
        return (
            name in self._top.get(module, ())
            or name in self._imports.get(module, {})
            or name in self._aliases.get(module, {})
            or name in self._bound.get(module, ())
        )

    def exists(self, name: str) -> bool:
        return name in self.classes or name in self.functions or name in self.modules

    def in_project(self, name: str) -> bool:
        """True when the name's module is one of the analysed modules."""
        parts = name.split(".")
        return any(".".join(parts[:cut]) in self.modules for cut in range(len(parts), 0, -1))

    def resolve_ref(self, module: str, ref: Ref) -> str | None:
        return self.resolve(module, ref.dotted) if ref.dotted else None

    def base_names(self, qualname: str) -> tuple[tuple[str | None, str], ...]:
        """Each base of a project class: (absolute name when resolved, name as written)."""
        found = self._bases.get(qualname)
        if found is None:
            facts, cls = self.classes[qualname]
            found = tuple((self.resolve_ref(facts.module, base), base.text) for base in cls.bases)
            self._bases[qualname] = found
        return found

    def ancestors(self, qualname: str) -> tuple[str, ...]:
        """The project classes a class inherits from, nearest first, without repeats."""
        found = self._ancestors.get(qualname)
        if found is None:
            found = self._ancestors[qualname] = tuple(self._ancestors_of(qualname))
        return found

    def _ancestors_of(self, qualname: str) -> list[str]:
        seen: list[str] = []
        queue = [qualname]
        while queue:
            current = queue.pop(0)
            if current not in self.classes:
                continue
            for resolved, _ in self.base_names(current):
                if resolved in self.classes and resolved not in seen and resolved != qualname:
                    seen.append(resolved)
                    queue.append(resolved)
        return seen

    def all_base_words(self, qualname: str) -> tuple[tuple[str, str], ...]:
        """Every base in the hierarchy by its last name: (last name, the class declaring it)."""
        found = self._words.get(qualname)
        if found is None:
            found = self._words[qualname] = tuple(self._base_words(qualname))
        return found

    def _base_words(self, qualname: str) -> list[tuple[str, str]]:
        words: list[tuple[str, str]] = []
        for owner in [qualname, *self.ancestors(qualname)]:
            for resolved, written in self.base_names(owner):
                if resolved and resolved in self.classes:
                    continue
                words.append(((resolved or written).rsplit(".", 1)[-1], owner))
            for resolved, _ in self.base_names(owner):
                if resolved and resolved in self.classes:
                    words.append((resolved.rsplit(".", 1)[-1], owner))
        return words

    def method(self, class_qualname: str, name: str) -> str | None:
        """A method of a class or of its project ancestors."""
        for owner in [class_qualname, *self.ancestors(class_qualname)]:
            candidate = f"{owner}.{name}"
            if candidate in self.functions:
                return candidate
        return None

    def handle_method(self, class_qualname: str) -> str | None:
        for owner in [class_qualname, *self.ancestors(class_qualname)]:
            _, cls = self.classes[owner]
            if cls.handle_method:
                return f"{owner}.{cls.handle_method}"
        return None
