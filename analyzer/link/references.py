"""Messages referred to: registrations, sends and class-based handlers, resolved to messages,
channels and endpoints."""

from __future__ import annotations

from analyzer.link.endpoints import Endpoints
from analyzer.link.state import ChannelUse, PendingHandler, PendingSend, Route, Target
from analyzer.model import (
    PAYLOAD_REF,
    ChannelRef,
    Evidence,
    Family,
    FileFacts,
    Kind,
    Location,
    Ref,
    Registration,
    Send,
    Tier,
)


class References(Endpoints):
    def _message_target(self, facts: FileFacts, ref: Ref) -> Target | None:
        """A class (project or library) the ref names; an unresolvable target; or None (not a class)."""
        if ref.dotted is None:
            return Target(None, ref.text)
        if ref.dotted.startswith(PAYLOAD_REF):
            return Target(ref.dotted, ref.text)
        target = self.symbols.resolve(facts.module, ref.dotted)
        undefined = self.symbols.undefined(facts.module, ref.dotted)
        if target is None:
            return Target(None, ref.text, undefined)
        if target in self.symbols.classes:
            return Target(target, ref.text)
        if self.symbols.in_project(target):
            if target in self.symbols.functions:
                return None
            return Target(None, ref.text, undefined)
        if target.rsplit(".", 1)[-1][:1].isupper():
            return Target(target, ref.text)
        return None

    def _registration(self, facts: FileFacts, registration: Registration) -> None:
        kind = _registration_kind(registration)
        if registration.channel is not None:
            self._channel_registration(facts, registration, kind)
            return
        if registration.message.dotted is None and not registration.message.text:
            cls = self._handler_class(facts, registration.handler)
            targets = [Target(m, m) for m in self._messages_of_handler(cls)] if cls else []
        else:
            target = self._message_target(facts, registration.message)
            targets = [target] if target is not None else []
        # A neutral API (`@render.register`) with no message class is not a bus registration.
        targets = [t for t in targets if t.qualname is not None or kind is not None]
        if not targets:
            return
        handler = self._handler_endpoint(facts, registration.handler, registration.location)
        if handler is None:
            return
        for target in targets:
            self._add_handler(target, handler, registration, kind)

    def _add_handler(
        self,
        target: Target,
        handler: str,
        registration: Registration,
        kind: Kind | None,
        inferred: tuple[str, ...] = (),
    ) -> None:
        self.handlers.append(PendingHandler(target, handler, registration, kind, inferred))
        if target.qualname is None:
            return
        self.used.add(target.qualname)
        if kind is not None:
            self.recognised.add(target.qualname)
            self.evidence[target.qualname].append(
                Evidence(Tier.REGISTRY, kind, registration.evidence, registration.location)
            )
        if registration.registry and registration.name_hint is None:
            shape = Kind.EVENT if registration.collection else Kind.COMMAND
            words = "a list of handlers" if registration.collection else "a single handler"
            self.evidence[target.qualname].append(
                Evidence(Tier.USAGE, shape, f"{words} in {registration.via}", registration.location)
            )

    def _channel_registration(
        self,
        facts: FileFacts,
        registration: Registration,
        kind: Kind | None,
        handler: str | None = None,
        inferred: tuple[str, ...] = (),
    ) -> None:
        """A handler of a named channel (a queue, a task name, a signal), maybe typed by a class;
        `handler` when the inference found the endpoint."""
        assert registration.channel is not None
        if not registration.strong and not self.channels.declared(facts, registration.channel):
            return  # `x.connect(f)` where x turns out not to be a channel of the project
        nodes = self._channel_nodes(facts, registration.channel, registration.location)
        if handler is None:
            handler = self._handler_endpoint(facts, registration.handler, registration.location)
        if handler is None:
            return
        for node in nodes:
            self._channel_handler(facts, registration, kind, node, handler, inferred)

    def _channel_handler(
        self,
        facts: FileFacts,
        registration: Registration,
        kind: Kind | None,
        node: str,
        handler: str,
        inferred: tuple[str, ...] = (),
    ) -> None:
        if kind is not None and node.startswith("channel:"):
            self.channels.note(
                node, Evidence(Tier.REGISTRY, kind, registration.evidence, registration.location)
            )
        elif node.startswith("channel:"):
            self.channels.note(node, Evidence(Tier.USAGE, Kind.UNKNOWN, registration.evidence))
        self.channel_uses.append(
            ChannelUse(
                node,
                handler,
                registration.location,
                registration.via,
                registration.family,
                kind,
                sends=False,
                group=registration.group,
                inferred=inferred,
            )
        )
        if registration.message.dotted is not None and node.startswith("channel:"):
            target = self._message_target(facts, registration.message)
            if target is not None and target.qualname is not None:
                self.routes.append(Route(target, node, registration.location, registration.via))
                self.used.add(target.qualname)

    def _channel_nodes(
        self, facts: FileFacts, channel: ChannelRef, location: Location
    ) -> tuple[str, ...]:
        """The channels a reference names, or an unknown node when it cannot be resolved."""
        resolved = self.channels.resolve_all(facts, channel)
        nodes = tuple(r.id for r in resolved if r.id is not None)
        if nodes:
            return nodes
        text = resolved[0].text
        return (self._unknown(text, location, "channel name cannot be resolved statically"),)

    def _channel_send(
        self, facts: FileFacts, send: Send, sender: str, inferred: tuple[str, ...] = ()
    ) -> str | None:
        """Each channel a send reaches; the first is the one its message is said to travel by."""
        assert send.channel is not None
        if not send.strong and not self.channels.declared(facts, send.channel):
            return None  # `x.delay()` where x turns out not to be a Celery task of the project
        nodes = self._channel_nodes(facts, send.channel, send.location)
        kind = {Family.POINT_TO_POINT: Kind.COMMAND, Family.BROADCAST: Kind.EVENT}.get(send.family)
        for node in nodes:
            if kind is not None and node.startswith("channel:"):
                self.channels.note(
                    node, Evidence(Tier.USAGE, kind, f"passed to {send.via}", send.location)
                )
            elif node.startswith("channel:"):
                self.channels.note(
                    node, Evidence(Tier.USAGE, Kind.UNKNOWN, f"passed to {send.via}")
                )
            self.channel_uses.append(
                ChannelUse(
                    node,
                    sender,
                    send.location,
                    send.via,
                    send.family,
                    kind,
                    sends=True,
                    send=send,
                    inferred=inferred,
                )
            )
            if send.message.dotted is not None and node.startswith("channel:"):
                target = self._message_target(facts, send.message)
                if target is not None and target.qualname is not None:
                    self.routes.append(Route(target, node, send.location, send.via))
                    self.used.add(target.qualname)
        return nodes[0]

    def _send(self, facts: FileFacts, send: Send) -> None:
        sender = self._endpoint(f"{facts.module}.{send.sender}")
        channel: str | None = None
        if send.channel is not None:
            channel = self._channel_send(facts, send, sender)
            if send.message.dotted is None:
                return
        target = self._message_target(facts, send.message)
        if target is None:
            if send.strong:
                self.sends.append(PendingSend(Target(None, send.message.text), sender, send))
            return
        if target.qualname is None and not send.strong:
            return
        self._add_send(PendingSend(target, sender, send, channel))

    def _add_send(self, pending: PendingSend) -> None:
        """A send whose message is resolved (to a class, a payload type or an unknown site)."""
        self.sends.append(pending)
        target, send = pending.message, pending.send
        if target.qualname is not None and target.qualname.startswith(PAYLOAD_REF):
            site = self.payload_sites.get(target.qualname)
            self.payload_sites[target.qualname] = (
                min(site, send.location) if site else send.location
            )
        if target.qualname is not None and send.strong:
            self.recognised.add(target.qualname)
            self.used.add(target.qualname)

    def _messages_of_handler(self, cls: str) -> list[str]:
        """The messages a handler class handles: its generic base argument or its handle() annotation."""
        for owner in [cls, *self.symbols.ancestors(cls)]:
            facts, fact = self.symbols.classes[owner]
            for _head, args in fact.generic_args:
                if args:
                    target = self._message_target(facts, args[0])
                    name = target.qualname if target is not None else None
                    if name is not None and (
                        name in self.symbols.classes
                        or (not self.symbols.in_project(name) and len(name.rsplit(".", 1)[-1]) > 1)
                    ):
                        return [name]
        method = self.symbols.handle_method(cls)
        if method is None:
            return []
        facts, fn = self.symbols.functions[method]
        found = []
        for ref in fn.message_params:
            target = self._message_target(facts, ref)
            if target is not None and target.qualname is not None:
                found.append(target.qualname)
        return found

    def _class_based_handlers(self) -> None:
        for qualname, (_, cls) in sorted(self.symbols.classes.items()):
            if self.names.handler_base_kind(cls.name) is not None:
                continue  # the abstract base itself
            base_kind: Kind | None = None
            base_word = ""
            for word, _owner in self.symbols.all_base_words(qualname):
                base_kind = self.names.handler_base_kind(word)
                if base_kind is not None:
                    base_word = word
                    break
            if base_kind is None:
                continue
            messages = self._messages_of_handler(qualname)
            if not messages:
                continue
            handler = self._endpoint(self.symbols.handle_method(qualname) or qualname)
            family = {
                Kind.COMMAND: Family.POINT_TO_POINT,
                Kind.QUERY: Family.POINT_TO_POINT,
                Kind.EVENT: Family.BROADCAST,
            }.get(base_kind, Family.NEUTRAL)
            for message in messages:
                registration = Registration(
                    message=Ref(message, message),
                    handler=Ref(qualname, cls.name),
                    location=cls.location,
                    via=f"{base_word} subclass",
                    family=family,
                    evidence=f"handler base {base_word}",
                    name_hint=base_kind.value if base_kind is not Kind.UNKNOWN else None,
                )
                kind = base_kind if base_kind is not Kind.UNKNOWN else None
                self._add_handler(Target(message, message), handler, registration, kind)


def _registration_kind(registration: Registration) -> Kind | None:
    if registration.name_hint:
        return Kind(registration.name_hint)
    if registration.family is Family.POINT_TO_POINT:
        return Kind.COMMAND
    if registration.family is Family.BROADCAST:
        return Kind.EVENT
    return None
