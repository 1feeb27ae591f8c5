"""Endpoints: the handlers and senders of messages, and the unknown sites linking cannot resolve."""

from __future__ import annotations

from analyzer.link.declared import Declarations
from analyzer.model import (
    PATH_REF,
    Endpoint,
    FileFacts,
    Location,
    Mutation,
    Ref,
    Unknown,
)


class Endpoints(Declarations):
    def _endpoint(self, qualname: str, external: bool = False) -> str:
        key = f"endpoint:{qualname}"
        if key not in self.endpoints:
            location: Location | None = None
            mutations: tuple[Mutation, ...] = ()
            returns_value = False
            writes: tuple[Mutation, ...] = ()
            if qualname in self.symbols.functions:
                _, fn = self.symbols.functions[qualname]
                location, mutations = fn.location, fn.param_mutations
                returns_value, writes = fn.returns_value, fn.writes
            elif qualname in self.symbols.classes:
                location = self.symbols.classes[qualname][1].location
            elif qualname.endswith(".<module>"):
                module = qualname[: -len(".<module>")]
                if module in self.symbols.modules:
                    location = Location(self.symbols.modules[module].path, 1, 1)
            self.endpoints[key] = Endpoint(
                key,
                qualname,
                qualname.rsplit(".", 1)[-1],
                location,
                mutations,
                external,
                returns_value=returns_value,
                writes=writes,
            )
        return key

    def _unknown(self, text: str, location: Location, reason: str) -> str:
        key = f"unknown:{location.path}:{location.line}:{location.column}"
        while key in self.unknowns and self.unknowns[key].text != text:
            key += "'"
        self.unknowns.setdefault(key, Unknown(key, text, location, reason))
        return key

    def _handler_endpoint(self, facts: FileFacts, ref: Ref, location: Location) -> str | None:
        if ref.dotted is not None and ref.dotted.startswith(PATH_REF):
            return self._endpoint(self._path_handler(ref.dotted))
        target = self.symbols.resolve_ref(facts.module, ref)
        if target is None:
            return self._unknown(ref.text or "?", location, "handler cannot be resolved statically")
        if target in self.symbols.classes:
            return self._endpoint(self.symbols.handle_method(target) or target)
        if target in self.symbols.functions:
            return self._endpoint(target)
        owner, _, method = target.rpartition(".")
        if owner in self.symbols.classes:
            found = self.symbols.method(owner, method)
            return self._endpoint(found or target)
        if self.symbols.in_project(target):
            return self._unknown(ref.text, location, "handler cannot be resolved statically")
        return self._endpoint(target, external=True)

    def _path_handler(self, dotted: str) -> str:
        """``path:src/orders/app.py:handler`` → the qualified name of that function."""
        path, _, name = dotted[len(PATH_REF) :].rpartition(":")
        module = self.modules_by_path.get(path)
        if module is None:  # not analysed: name it as a module would be named
            module = path.removesuffix(".py").replace("/", ".")
        return f"{module}.{name}"

    def _handler_class(self, facts: FileFacts, ref: Ref) -> str | None:
        target = self.symbols.resolve_ref(facts.module, ref)
        if target in self.symbols.classes:
            return target
        owner = (target or "").rpartition(".")[0]
        return owner if owner in self.symbols.classes else None
