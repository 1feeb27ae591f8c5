"""Handlers that tell their message apart (`FunctionFact.narrows`): each class a handler tests
its message against with ``isinstance`` (or matches with ``case X():``) is one it handles there.

A registration whose message is `NARROWED` (an eventsourcing ``policy()``) handles exactly
those classes. A handler registered for a message handles, in addition, the subclasses of that
message it tests for; other tests (a base class, an unrelated type) say nothing about what the
bus delivers to it.
"""

from __future__ import annotations

import dataclasses

from analyzer.link.inferred import Inferred
from analyzer.link.references import _registration_kind
from analyzer.model import NARROWED, FileFacts, Kind, Registration


class Narrowed(Inferred):
    def _registration(self, facts: FileFacts, registration: Registration) -> None:
        message = registration.message
        if message.dotted is None and message.text == NARROWED:
            function = self.symbols.resolve_ref(facts.module, registration.handler)
            if function in self.symbols.functions:
                handler = self._endpoint(function)
                self._narrowed(function, handler, registration, _registration_kind(registration))
            return
        super()._registration(facts, registration)

    def _narrowed_handlers(self) -> None:
        """Handlers registered for a message that test it for its subclasses handle those too."""
        registered: dict[str, set[str]] = {}
        for pending in self.handlers:
            if pending.message.qualname is not None:
                registered.setdefault(pending.handler, set()).add(pending.message.qualname)
        for handler, messages in sorted(registered.items()):
            function = handler.removeprefix("endpoint:")
            if function not in self.symbols.functions:
                continue
            if not self.symbols.functions[function][1].narrows:
                continue
            first = next(p.registration for p in self.handlers if p.handler == handler)
            self._narrowed(function, handler, first, None, messages)

    def _narrowed(
        self,
        function: str,
        handler: str,
        registration: Registration,
        kind: Kind | None,
        within: set[str] | None = None,
    ) -> None:
        """One handler per class the function tests; with `within`, only subclasses of those."""
        facts, fact = self.symbols.functions[function]
        seen = set(within or ())
        for narrow in fact.narrows:
            target = self._message_target(facts, narrow.message)
            if target is None or target.qualname is None or target.qualname in seen:
                continue
            if within is not None and not within & set(self.symbols.ancestors(target.qualname)):
                continue
            seen.add(target.qualname)
            here = dataclasses.replace(
                registration,
                message=narrow.message,
                location=narrow.location,
                via=narrow.via,
                registry=False,
                collection=False,
            )
            self._add_handler(target, handler, here, kind)
