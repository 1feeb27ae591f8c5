"""Sends and registrations whose message, channel or handler the code does not name at the site:
resolved by the inference (`analyzer.link.infer`), each edge keeping how it was inferred.

A wrapper's operation moves to the calls that pass its operand (`infer.forward`); any other
operand is evaluated where it is read. What cannot be inferred stays an unknown node, as before.
"""

from __future__ import annotations

import dataclasses

from analyzer.link.infer.evaluate import Frame
from analyzer.link.infer.forward import Instance, Operand, instances, own_parameter
from analyzer.link.infer.values import Bound, Handle, Items, Obj, Text, Value, Values
from analyzer.link.references import References, _registration_kind
from analyzer.link.state import ChannelUse, PendingSend, Target
from analyzer.model import ChannelRef, FileFacts, Op, Ref, Registration, Send, Val

MAX_NAMES = 64
"""Channel names one site may send to before it counts as unresolvable."""


class Inferred(References):
    def _send(self, facts: FileFacts, send: Send) -> None:
        if send.channel is not None and _inferable(send.channel):
            self._inferred_channel_send(facts, send)
            if send.message.dotted is None:
                return
            send = dataclasses.replace(send, channel=None)
        if send.channel is None and send.value is not None:
            wrapper = own_parameter(send.value) is not None and bool(
                self.infer.sites(f"{facts.module}.{send.sender}")
            )
            if send.message.dotted is None or wrapper:
                self._inferred_message_send(facts, send, send.value)
                return
        super()._send(facts, send)

    def _registration(self, facts: FileFacts, registration: Registration) -> None:
        inferable = registration.value is not None or registration.handler_value is not None
        if registration.channel is not None and (
            _inferable(registration.channel) or _applied(registration)
        ):
            self._inferred_channel_registration(facts, registration)
        elif registration.channel is None and inferable:
            self._inferred_registration(facts, registration)
        else:
            super()._registration(facts, registration)

    # -- sends -------------------------------------------------------------------------------

    def _inferred_message_send(self, facts: FileFacts, send: Send, value: Val) -> None:
        for at in instances(self.infer, facts, send.sender, (value,), send.location):
            here = dataclasses.replace(
                send, sender=at.scope, location=at.location, via=at.via(send.via)
            )
            sender = self._endpoint(at.frame.qualname)
            targets = self._classes(at.values(self.infer))
            if not targets:
                if send.strong:
                    unknown = Target(None, send.message.text)
                    self.sends.append(PendingSend(unknown, sender, here, inferred=at.steps))
                continue
            for qualname, origin in targets:
                name = qualname.rsplit(".", 1)[-1]
                pending = PendingSend(
                    Target(qualname, name), sender, here, inferred=(*at.steps, *origin)
                )
                self._add_send(pending)

    def _inferred_channel_send(self, facts: FileFacts, send: Send) -> None:
        assert send.channel is not None
        channel = send.channel
        carried = 1 if channel.each is not None else 0
        operands = _operands(channel)
        for at in instances(self.infer, facts, send.sender, operands, send.location, carried):
            here = dataclasses.replace(
                send, sender=at.scope, location=at.location, via=at.via(send.via)
            )
            sender = self._endpoint(at.frame.qualname)
            names = self._channel_names(at, channel)
            if names is None:
                if send.strong:
                    node = self._unknown(
                        channel.text, at.location, "channel name cannot be resolved statically"
                    )
                    self.channel_uses.append(
                        ChannelUse(
                            node,
                            sender,
                            at.location,
                            send.via,
                            send.family,
                            None,
                            sends=True,
                            send=here,
                            inferred=at.steps,
                        )
                    )
                continue
            if any(isinstance(v, Handle) for v in _flatten(at.values(self.infer))):
                here = dataclasses.replace(here, strong=True)  # a handle proves the transport
            for name, origin in names:
                literal = ChannelRef(channel.transport, (name,), channel.text)
                named = dataclasses.replace(here, channel=literal)
                self._channel_send(at.facts, named, sender, (*at.steps, *origin))

    # -- registrations -----------------------------------------------------------------------

    def _inferred_registration(self, facts: FileFacts, registration: Registration) -> None:
        kind = _registration_kind(registration)
        operands = (
            _operand(registration.message, registration.value),
            _operand(registration.handler, registration.handler_value),
        )
        scope = registration.scope
        for at in instances(self.infer, facts, scope, operands, registration.location):
            if all(operand.val.op is Op.PARAM for operand in at.operands):
                continue  # the registering API itself (``self._handlers[kind] = handler``)
            here = dataclasses.replace(
                registration, location=at.location, via=at.via(registration.via)
            )
            messages = self._classes(at.values(self.infer, 0))
            if not messages and kind is None:
                continue  # a neutral API with no message class is not a bus registration
            handlers = self._handlers_of(at.values(self.infer, 1))
            if not handlers:
                handlers = [
                    (
                        self._unknown(
                            registration.handler.text or "?",
                            at.location,
                            "handler cannot be resolved statically",
                        ),
                        (),
                    )
                ]
            targets = [(Target(q, q.rsplit(".", 1)[-1]), origin) for q, origin in messages] or [
                (Target(None, registration.message.text), ())
            ]
            for target, origin in targets:
                for handler, handler_origin in handlers:
                    inferred = (*at.steps, *origin, *handler_origin)
                    self._add_handler(target, handler, here, kind, inferred)

    def _inferred_channel_registration(self, facts: FileFacts, registration: Registration) -> None:
        assert registration.channel is not None
        channel = registration.channel
        factory = _factory(registration, channel)
        if factory is not None and self._factory_registrations(facts, registration, factory):
            return
        operands = (*_operands(channel), _operand(registration.handler, registration.handler_value))
        scope = registration.scope
        for at in instances(self.infer, facts, scope, operands, registration.location):
            names = self._channel_names(at, channel)
            handlers = self._handlers_of(at.values(self.infer, len(operands) - 1))
            if names is None or not handlers:
                super()._registration(facts, registration)  # reported as before: unknown
                continue
            for name, origin in names:
                literal = ChannelRef(channel.transport, (name,), channel.text)
                here = dataclasses.replace(
                    registration,
                    location=at.location,
                    via=at.via(registration.via),
                    channel=literal,
                    handler=Ref(None, registration.handler.text),
                )
                for handler, handler_origin in handlers:
                    inferred = (*at.steps, *origin, *handler_origin)
                    kind = _registration_kind(registration)
                    self._channel_registration(at.facts, here, kind, handler, inferred)

    def _factory_registrations(
        self, facts: FileFacts, registration: Registration, factory: str
    ) -> bool:
        """A registration a decorator factory makes with its own parameters
        (``def task(name): ... @app.task(name=name)``): one at each ``@task("x")`` use, for the
        function decorated there. False when the factory is never applied in the project."""
        assert registration.channel is not None
        channel = registration.channel
        function = f"{facts.module}.{factory}"
        kind = _registration_kind(registration)
        inner = Frame(facts, registration.scope)
        done = False
        for site in self.infer.sites(function):
            if site.applied is None:
                continue
            bound = self.infer.bound_frame(function, site)
            operands = [
                Operand(Val(Op.PARAM, val.text), bound)
                if val.op is Op.PARAM and (_owner(val) or registration.scope) == factory
                else Operand(val, inner)
                for val in _operands(channel)
            ]
            operands.append(Operand(site.applied, site.frame))
            place = f"{site.call.location.path}:{site.call.location.line}"
            step = f"{function}(…) applied in {site.frame.qualname} ({place})"
            wrapper = factory.rsplit(".", 1)[-1]
            at = Instance(site.frame, site.call.location, tuple(operands), (step,), wrapper)
            names = self._channel_names(at, channel)
            handlers = self._handlers_of(at.values(self.infer, len(operands) - 1))
            for name, origin in names or ():
                literal = ChannelRef(channel.transport, (name,), channel.text)
                here = dataclasses.replace(
                    registration,
                    location=at.location,
                    via=at.via(registration.via),
                    channel=literal,
                    handler=Ref(None, registration.handler.text),
                )
                for handler, handler_origin in handlers:
                    inferred = (step, *origin, *handler_origin)
                    self._channel_registration(at.facts, here, kind, handler, inferred)
                    done = True
        return done

    # -- values to classes, channels and handlers --------------------------------------------

    def _classes(self, values: Values) -> list[tuple[str, tuple[str, ...]]]:
        """The classes among inferred values (instances or the classes themselves)."""
        found: dict[str, tuple[str, ...]] = {}
        for value in _flatten(values):
            if not isinstance(value, Obj):
                continue
            name = value.qualname
            if name in self.symbols.classes or (
                not self.symbols.in_project(name) and name.rsplit(".", 1)[-1][:1].isupper()
            ):
                found.setdefault(name, value.origin)
        return sorted(found.items())

    def _handlers_of(self, values: Values) -> list[tuple[str, tuple[str, ...]]]:
        """The endpoints among inferred values: functions, methods, handler classes."""
        found: dict[str, tuple[str, ...]] = {}
        symbols = self.symbols
        for value in _flatten(values):
            if isinstance(value, Bound):
                found.setdefault(self._endpoint(value.function), value.origin)
            elif isinstance(value, Obj) and value.qualname in symbols.functions:
                found.setdefault(self._endpoint(value.qualname), value.origin)
            elif isinstance(value, Obj) and value.qualname in symbols.classes:
                method = symbols.handle_method(value.qualname) or value.qualname
                found.setdefault(self._endpoint(method), value.origin)
        return sorted(found.items())

    def _channel_names(
        self, at: Instance, channel: ChannelRef
    ) -> list[tuple[str, tuple[str, ...]]] | None:
        """Every name the channel may have at this instance, or None when a part is not known."""
        index = 0
        elements: list[Value | None] = [None]
        if channel.each is not None:
            elements = sorted(_flatten(at.values(self.infer, 0)), key=repr)
            index = 1
        found: dict[str, tuple[str, ...]] = {}
        for element in elements:
            choices: list[list[tuple[str, tuple[str, ...]]]] = []
            position = index
            for part in channel.parts:
                if isinstance(part, str):
                    choices.append([(part, ())])
                    continue
                texts = self._texts(at.values(self.infer, position, element))
                position += 1
                if texts is None:
                    break
                choices.append(texts)
            else:
                for combination in _product(choices):
                    name = "".join(text for text, _ in combination)
                    origin = next((o for _, o in combination if o), ())
                    found.setdefault(name, origin)
                    if len(found) > MAX_NAMES:
                        return None
                continue
            if channel.each is None:
                return None  # a part of the one name is not known
            # one element of several whose name is not known (``None`` filtered out later,
            # a value the flow-insensitive reading lets through): the others still count
        return sorted(found.items()) or None

    def _texts(self, values: Values) -> list[tuple[str, tuple[str, ...]]] | None:
        """The channel names values stand for: strings, channel handles, objects bound to a
        channel (a ``Signal()``, a task function), a library's objects by their name."""
        found: list[tuple[str, tuple[str, ...]]] = []
        for value in values:
            if isinstance(value, Text):
                found.append((value.value, value.origin))
            elif isinstance(value, Handle):
                found.append((value.name, value.origin))
            elif isinstance(value, Obj) and value.qualname in self.channels.bound:
                found.append((self.channels.bound[value.qualname], value.origin))
            elif isinstance(value, Obj) and not self.symbols.in_project(value.qualname):
                found.append((value.qualname, value.origin))
        # Values that are not names (what a flow-insensitive reading also lets through) are
        # ignored when some are names; with none, the channel is not known.
        return sorted(set(found)) or None


def _inferable(channel: ChannelRef) -> bool:
    return channel.each is not None or any(isinstance(part, Val) for part in channel.parts)


def _operands(channel: ChannelRef) -> tuple[Val, ...]:
    """The parts of a channel name to infer (names as globals), its `each` first."""
    found = [channel.each] if channel.each is not None else []
    for part in channel.parts:
        if isinstance(part, Val):
            found.append(part)
        elif isinstance(part, Ref):
            found.append(Val(Op.NAME, part.dotted) if part.dotted else Val(Op.UNKNOWN, part.text))
    return tuple(found)


def _owner(val: Val) -> str | None:
    """The enclosing function a nested scope's parameter belongs to."""
    if val.op is Op.PARAM and val.args and val.args[0].op is Op.NAME:
        return val.args[0].text
    return None


def _factory(registration: Registration, channel: ChannelRef) -> str | None:
    """The decorator factory whose parameters name the channel of a registration made inside
    it, on a function defined inside it or on whatever the decorator it returns is applied to;
    None when the registration is not such."""
    if _applied(registration):
        return registration.scope
    owners = {_owner(v) for v in _operands(channel)} - {None}
    if len(owners) != 1:
        return None
    owner = owners.pop()
    assert owner is not None
    handler = registration.handler.dotted or ""
    inside = registration.scope == owner or registration.scope.startswith(owner + ".")
    return owner if inside and handler.startswith(owner + ".") else None


def _applied(registration: Registration) -> bool:
    return registration.handler_value is not None and registration.handler_value.op is Op.APPLIED


def _operand(ref: Ref, value: Val | None) -> Val:
    if value is not None:
        return value
    if ref.dotted is not None:
        return Val(Op.NAME, ref.dotted)
    return Val(Op.UNKNOWN, ref.text)


def _flatten(values: Values) -> list[Value]:
    found: list[Value] = []
    for value in values:
        if isinstance(value, Items):
            found.extend(_flatten(value.items))
        else:
            found.append(value)
    return found


def _product(
    choices: list[list[tuple[str, tuple[str, ...]]]],
) -> list[tuple[tuple[str, tuple[str, ...]], ...]]:
    combinations: list[tuple[tuple[str, tuple[str, ...]], ...]] = [()]
    for options in choices:
        combinations = [(*c, option) for c in combinations for option in options]
        if len(combinations) > MAX_NAMES:
            break
    return combinations
