"""Sends that happen where a function is called, not in its body (`Send.at_calls`): calling an
eventsourcing ``@event`` method records its event, constructing an aggregate its created event.

Each call the linker resolves to the function (or to the class, for a send on construction)
becomes a send from the caller at the call, so the sends follow call resolution wherever it
improves. When no call is resolved and nothing else sends the message, the send stays at the
definition: a flow whose callers are not seen is not a dead one.
"""

from __future__ import annotations

import dataclasses

from analyzer.link.infer.evaluate import Frame
from analyzer.link.infer.values import Bound, Obj
from analyzer.link.narrowed import Narrowed
from analyzer.link.state import PendingSend
from analyzer.model import MODULE_SCOPE, FileFacts, Location, Ref, Send


class CalledSends(Narrowed):
    def _send(self, facts: FileFacts, send: Send) -> None:
        if send.at_calls:
            self.at_calls.setdefault(f"{facts.module}.{send.sender}", []).append((facts, send))
            return
        super()._send(facts, send)

    def _sends_at_calls(self) -> None:
        """Move each send made at calls to the calls of its sender that resolve."""
        if not self.at_calls:
            return
        names = {key.rsplit(".", 1)[-1] for key in self.at_calls}
        reached: set[str] = set()
        for name in sorted(names):
            for facts, call, called in self.infer.calls_named(name):
                if call.caller == MODULE_SCOPE or called is not call.value:
                    continue
                frame = Frame(facts, call.caller)
                keys = set()
                for value in self.infer.values(called.args[0], frame):
                    if isinstance(value, Bound):
                        keys.add(value.function)
                    elif isinstance(value, Obj) and not value.instance:
                        keys.add(value.qualname)
                for key in sorted(k for k in keys if k in self.at_calls):
                    reached.add(key)
                    sender = self._endpoint(f"{facts.module}.{call.caller}")
                    for owner, send in self.at_calls[key]:
                        here = dataclasses.replace(
                            send,
                            sender=call.caller,
                            location=call.location,
                            via=f"{name}()",
                            at_calls=False,
                        )
                        self._send_from(owner, here, sender)
                    self.called_sends.add((sender, self._run_by(key), call.location))
        sent = {pending.message.qualname for pending in self.sends}
        for key, pending_sends in sorted(self.at_calls.items()):
            if key in reached:
                continue
            for owner, send in pending_sends:
                target = self._message_target(owner, send.message)
                if target is not None and target.qualname not in sent:
                    super()._send(owner, dataclasses.replace(send, at_calls=False))

    def _send_from(self, owner: FileFacts, send: Send, sender: str) -> None:
        """A send whose message is named in `owner` (the module of the called function)."""
        target = self._message_target(owner, send.message)
        if target is None:
            return
        self.sends.append(PendingSend(target, sender, send))
        if target.qualname is not None:
            self.recognised.add(target.qualname)
            self.used.add(target.qualname)

    def _called(self, facts: FileFacts, ref: Ref) -> str | None:
        """The project function or class a call names (``Order(...)`` names the class)."""
        target = self.symbols.resolve_ref(facts.module, ref)
        if target is None:
            return None
        if target in self.symbols.functions or target in self.symbols.classes:
            return target
        owner, _, method = target.rpartition(".")
        if owner in self.symbols.classes:
            return self.symbols.method(owner, method)
        return None

    def _callee(self, facts: FileFacts, ref: Ref) -> str | None:
        """The project function a call runs (``Order(...)`` runs ``Order.__init__``)."""
        return self._run_by(self._called(facts, ref))

    def _run_by(self, called: str | None) -> str | None:
        if called is not None and called in self.symbols.classes:
            return self.symbols.method(called, "__init__")
        return called

    def _sent_by_call(self, caller: str, callee: str, location: Location) -> bool:
        """True when the call is a send made at calls (it is not also a `calls` edge)."""
        return (caller, callee, location) in self.called_sends
