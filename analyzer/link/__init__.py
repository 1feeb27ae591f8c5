"""Linking: all FileFacts in, the Model out — names resolved, messages found and classified."""

from __future__ import annotations

import fnmatch
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from analyzer.config import Config
from analyzer.link.channels import Channels
from analyzer.link.classify import conflicts, decide, name_form
from analyzer.link.groups import group_evidence
from analyzer.link.payloads import payload_evidence
from analyzer.link.symbols import Symbols
from analyzer.model import (
    PATH_REF,
    PAYLOAD_REF,
    UNDEFINED_MESSAGE,
    Channel,
    ChannelRef,
    Edge,
    Endpoint,
    Evidence,
    Family,
    FieldFact,
    FileFacts,
    Kind,
    Location,
    Message,
    Model,
    Mutation,
    Ref,
    Registration,
    Relation,
    Send,
    Tier,
    Unknown,
)
from analyzer.vocabulary import Names

__all__ = ["CALL_DEPTH", "link"]

EXCLUDED_BASES = frozenset(
    {
        "Enum",
        "IntEnum",
        "StrEnum",
        "Flag",
        "IntFlag",
        "Exception",
        "BaseException",
        "Protocol",
        "TypedDict",
        "ABC",
    }
)
CALL_DEPTH = 4


def link(files: Sequence[FileFacts], names: Names, config: Config) -> Model:
    """Resolve every fact against the whole program and build the Model."""
    return _Linker(files, names, config).run()


@dataclass(frozen=True)
class _Target:
    """A message a registration or send resolved to: a class name, or an unknown site."""

    qualname: str | None
    text: str
    undefined: bool = False
    """True when the name is not defined anywhere (not merely unknown until run time)."""


@dataclass(frozen=True)
class _PendingHandler:
    message: _Target
    handler: str
    registration: Registration
    kind: Kind | None


@dataclass(frozen=True)
class _PendingSend:
    message: _Target
    sender: str
    send: Send
    channel: str | None = None
    """The channel id the message travels through, when it does."""


@dataclass(frozen=True)
class _ChannelUse:
    """A handler of a channel, or a send to it; `node` is the channel id or an unknown node."""

    node: str
    endpoint: str
    location: Location
    via: str
    family: Family
    kind: Kind | None
    sends: bool
    send: Send | None = None
    group: str | None = None


@dataclass(frozen=True)
class _Route:
    message: _Target
    channel: str
    location: Location
    via: str


class _Linker:
    def __init__(self, files: Sequence[FileFacts], names: Names, config: Config) -> None:
        self.files = sorted(files, key=lambda f: f.path)
        self.names = names
        self.config = config
        self.symbols = Symbols(self.files)
        self.evidence: dict[str, list[Evidence]] = defaultdict(list)
        self.recognised: set[str] = set()
        self.used: set[str] = set()
        self.endpoints: dict[str, Endpoint] = {}
        self.unknowns: dict[str, Unknown] = {}
        self.handlers: list[_PendingHandler] = []
        self.sends: list[_PendingSend] = []
        self.channels = Channels(self.symbols, self.files)
        self.channel_uses: list[_ChannelUse] = []
        self.routes: list[_Route] = []
        self.modules_by_path = {f.path: f.module for f in self.files}
        self.payload_sites: dict[str, Location] = {}

    def run(self) -> Model:
        self._classes_by_declaration()
        for facts in self.files:
            for registration in facts.registrations:
                self._registration(facts, registration)
            for send in facts.sends:
                self._send(facts, send)
        self._class_based_handlers()
        self._drop_abstract_bases()
        messages = self._messages()
        readers = ((u.node, u.group, u.location) for u in self.channel_uses if not u.sends)
        for channel_id, evidence in group_evidence(readers):
            self.channels.note(channel_id, evidence)
        channels = self.channels.build()
        edges = self._edges(messages, channels)
        edges += self._channel_edges(messages, channels)
        edges += self._call_edges(edges)
        problems = tuple(f.problem for f in self.files if f.problem is not None)
        used_endpoints = {e.source for e in edges} | {e.target for e in edges}
        return Model(
            messages=tuple(sorted(messages.values(), key=lambda m: m.id)),
            endpoints=tuple(
                sorted(
                    (e for e in self.endpoints.values() if e.id in used_endpoints),
                    key=lambda e: e.id,
                )
            ),
            unknowns=tuple(sorted(self.unknowns.values(), key=lambda u: u.id)),
            edges=tuple(sorted(set(edges), key=_edge_key)),
            problems=problems,
            channels=tuple(channels.values()),
        )

    # -- messages by declaration --------------------------------------------------------

    def _classes_by_declaration(self) -> None:
        n = self.names
        for qualname, (facts, cls) in self.symbols.classes.items():
            if cls.name in ("Config", "Meta") and "." in cls.qualname:
                continue
            words = self.symbols.all_base_words(qualname)
            if any(word in EXCLUDED_BASES for word, _ in words):
                continue
            found: list[Evidence] = []
            for word, _owner in words:
                for bases, kind in (
                    (n.command_bases, Kind.COMMAND),
                    (n.event_bases, Kind.EVENT),
                    (n.query_bases, Kind.QUERY),
                    (n.message_bases, Kind.UNKNOWN),
                ):
                    if word in bases:
                        found.append(Evidence(Tier.BASE, kind, f"base class {word}"))
            for part in facts.module.split("."):
                for modules, kind in (
                    (n.command_modules, Kind.COMMAND),
                    (n.event_modules, Kind.EVENT),
                    (n.query_modules, Kind.QUERY),
                    (n.message_modules, Kind.UNKNOWN),
                ):
                    if part in modules:
                        found.append(Evidence(Tier.MODULE, kind, f"module {part}"))
            if self.names.handler_base_kind(cls.name) is not None or any(
                self.names.handler_base_kind(word) is not None for word, _ in words
            ):
                continue  # a handler class living in commands.py is not a message
            config_kind = self._config_kind(qualname)
            if config_kind is not None:
                found.append(config_kind)
            if found:
                self.recognised.add(qualname)
                self.evidence[qualname].extend(found)

    def _config_kind(self, qualname: str) -> Evidence | None:
        for patterns, kind in (
            (self.config.kinds.commands, Kind.COMMAND),
            (self.config.kinds.events, Kind.EVENT),
            (self.config.kinds.queries, Kind.QUERY),
        ):
            for pattern in patterns:
                if fnmatch.fnmatchcase(qualname, pattern):
                    return Evidence(Tier.CONFIG, kind, f"configured in kinds.{kind.value}s")
        return None

    def _is_base_root(self, qualname: str) -> bool:
        name = qualname.rsplit(".", 1)[-1]
        n = self.names
        return name in n.command_bases | n.event_bases | n.query_bases | n.message_bases

    def _drop_abstract_bases(self) -> None:
        """Base classes of messages (``class Event``, ``class ShopEvent(Event)``) are not messages."""
        parents: set[str] = set()
        for qualname in self.recognised:
            parents.update(self.symbols.ancestors(qualname))
        containers = {q.rpartition(".")[0] for q in self.recognised}
        for qualname in list(self.recognised):
            if qualname in self.used:
                continue
            module_only = all(e.tier <= Tier.MODULE for e in self.evidence[qualname])
            if (
                qualname in parents
                or self._is_base_root(qualname)
                or (module_only and qualname in containers)  # `class Invoice:` holding its events
            ):
                self.recognised.discard(qualname)

    # -- endpoints ----------------------------------------------------------------------

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

    # -- messages referred to -------------------------------------------------------------

    def _message_target(self, facts: FileFacts, ref: Ref) -> _Target | None:
        """A class (project or library) the ref names; an unresolvable target; or None (not a class)."""
        if ref.dotted is None:
            return _Target(None, ref.text)
        if ref.dotted.startswith(PAYLOAD_REF):
            return _Target(ref.dotted, ref.text)
        target = self.symbols.resolve(facts.module, ref.dotted)
        undefined = self.symbols.undefined(facts.module, ref.dotted)
        if target is None:
            return _Target(None, ref.text, undefined)
        if target in self.symbols.classes:
            return _Target(target, ref.text)
        if self.symbols.in_project(target):
            if target in self.symbols.functions:
                return None
            return _Target(None, ref.text, undefined)
        if target.rsplit(".", 1)[-1][:1].isupper():
            return _Target(target, ref.text)
        return None

    def _registration(self, facts: FileFacts, registration: Registration) -> None:
        kind = _registration_kind(registration)
        if registration.channel is not None:
            self._channel_registration(facts, registration, kind)
            return
        if registration.message.dotted is None and not registration.message.text:
            cls = self._handler_class(facts, registration.handler)
            targets = [_Target(m, m) for m in self._messages_of_handler(cls)] if cls else []
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
        self, target: _Target, handler: str, registration: Registration, kind: Kind | None
    ) -> None:
        self.handlers.append(_PendingHandler(target, handler, registration, kind))
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
        self, facts: FileFacts, registration: Registration, kind: Kind | None
    ) -> None:
        """A handler of a named channel (a queue, a task name, a signal), maybe typed by a class."""
        assert registration.channel is not None
        if not registration.strong and not self.channels.declared(facts, registration.channel):
            return  # `x.connect(f)` where x turns out not to be a channel of the project
        node = self._channel_node(facts, registration.channel, registration.location)
        handler = self._handler_endpoint(facts, registration.handler, registration.location)
        if handler is None:
            return
        if kind is not None and node.startswith("channel:"):
            self.channels.note(
                node, Evidence(Tier.REGISTRY, kind, registration.evidence, registration.location)
            )
        elif node.startswith("channel:"):
            self.channels.note(node, Evidence(Tier.USAGE, Kind.UNKNOWN, registration.evidence))
        self.channel_uses.append(
            _ChannelUse(
                node,
                handler,
                registration.location,
                registration.via,
                registration.family,
                kind,
                sends=False,
                group=registration.group,
            )
        )
        if registration.message.dotted is not None and node.startswith("channel:"):
            target = self._message_target(facts, registration.message)
            if target is not None and target.qualname is not None:
                self.routes.append(_Route(target, node, registration.location, registration.via))

    def _channel_node(self, facts: FileFacts, channel: ChannelRef, location: Location) -> str:
        resolved = self.channels.resolve(facts, channel)
        if resolved.id is not None:
            return resolved.id
        return self._unknown(resolved.text, location, "channel name cannot be resolved statically")

    def _channel_send(self, facts: FileFacts, send: Send, sender: str) -> str | None:
        assert send.channel is not None
        if not send.strong and not self.channels.declared(facts, send.channel):
            return None  # `x.delay()` where x turns out not to be a Celery task of the project
        node = self._channel_node(facts, send.channel, send.location)
        kind = {Family.POINT_TO_POINT: Kind.COMMAND, Family.BROADCAST: Kind.EVENT}.get(send.family)
        if kind is not None and node.startswith("channel:"):
            self.channels.note(
                node, Evidence(Tier.USAGE, kind, f"passed to {send.via}", send.location)
            )
        elif node.startswith("channel:"):
            self.channels.note(node, Evidence(Tier.USAGE, Kind.UNKNOWN, f"passed to {send.via}"))
        self.channel_uses.append(
            _ChannelUse(
                node, sender, send.location, send.via, send.family, kind, sends=True, send=send
            )
        )
        if send.message.dotted is not None and node.startswith("channel:"):
            target = self._message_target(facts, send.message)
            if target is not None and target.qualname is not None:
                self.routes.append(_Route(target, node, send.location, send.via))
        return node

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
                self.sends.append(_PendingSend(_Target(None, send.message.text), sender, send))
            return
        if target.qualname is None and not send.strong:
            return
        self.sends.append(_PendingSend(target, sender, send, channel))
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
                self._add_handler(_Target(message, message), handler, registration, kind)

    # -- the model ----------------------------------------------------------------------

    def _messages(self) -> dict[str, Message]:
        messages: dict[str, Message] = {}
        # Indexed once, in their order: scanning every handler and send per message is quadratic.
        handlers_of: dict[str, list[_PendingHandler]] = {}
        for pending in self.handlers:
            if pending.message.qualname is not None:
                handlers_of.setdefault(pending.message.qualname, []).append(pending)
        sends_of: dict[str, list[_PendingSend]] = {}
        for send in self.sends:
            if send.message.qualname is not None:
                sends_of.setdefault(send.message.qualname, []).append(send)
        for qualname in sorted(self.recognised):
            evidence = list(self.evidence[qualname])
            for pending in handlers_of.get(qualname, ()):
                if pending.kind is None:
                    evidence.append(
                        Evidence(Tier.USAGE, Kind.UNKNOWN, pending.registration.evidence)
                    )
            for send in sends_of.get(qualname, ()):
                kind = {
                    Family.POINT_TO_POINT: Kind.COMMAND,
                    Family.BROADCAST: Kind.EVENT,
                }.get(send.send.family, Kind.UNKNOWN)
                evidence.append(
                    Evidence(Tier.USAGE, kind, f"passed to {send.send.via}", send.send.location)
                )
            name = qualname.rsplit(".", 1)[-1]
            if qualname.startswith(PAYLOAD_REF):
                name = qualname[len(PAYLOAD_REF) :]
                payload = payload_evidence(name)
                if payload is not None:
                    evidence.append(payload)
            form = name_form(name)
            if form is not None:
                evidence.append(form)
            if qualname not in self.symbols.classes:
                config_kind = self._config_kind(qualname)
                if config_kind is not None:
                    evidence.append(config_kind)
            kind, ordered = decide(_dedupe(evidence))
            messages[qualname] = self._message(qualname, name, kind, ordered)
        return messages

    def _message(
        self, qualname: str, name: str, kind: Kind, evidence: tuple[Evidence, ...]
    ) -> Message:
        if qualname.startswith(PAYLOAD_REF):
            return Message(
                f"message:{qualname}",
                qualname,
                name,
                kind,
                evidence,
                self.payload_sites.get(qualname),
                conflict=conflicts(evidence),
            )
        if qualname not in self.symbols.classes:
            return Message(
                f"message:{qualname}",
                qualname,
                name,
                kind,
                evidence,
                None,
                True,
                conflict=conflicts(evidence),
            )
        chain = [qualname, *self.symbols.ancestors(qualname)]
        facts_chain = [self.symbols.classes[q][1] for q in chain]
        frozen = next((c.frozen for c in facts_chain if c.frozen is not None), None)
        data_model = next((c.data_model for c in facts_chain if c.data_model), None)
        words = {w for w, _ in self.symbols.all_base_words(qualname)}
        if data_model is None and "BaseModel" in words:
            data_model = "pydantic"
        if "NamedTuple" in words:
            data_model, frozen = "namedtuple", True
        fields: dict[str, FieldFact] = {}
        for cls in facts_chain:
            for field in cls.fields:
                fields.setdefault(field.name, field)
        mutable = tuple(f for f in fields.values() if f.mutable_reason)
        return Message(
            id=f"message:{qualname}",
            qualname=qualname,
            name=name,
            kind=kind,
            evidence=evidence,
            location=facts_chain[0].location,
            data_model=data_model,
            frozen=frozen,
            mutable_fields=mutable,
            fields=tuple(fields.values()),
            conflict=conflicts(evidence),
            ancestors=tuple(chain[1:]),
        )

    def _edges(self, messages: dict[str, Message], channels: dict[str, Channel]) -> list[Edge]:
        edges: list[Edge] = []
        for pending in self.handlers:
            source = self._message_node(pending.message, messages, pending.registration.location)
            if source is None:
                continue
            kind = pending.kind or _kind_of(source, messages)
            relation = Relation.SUBSCRIBES if kind is Kind.EVENT else Relation.HANDLES
            reg = pending.registration
            edges.append(Edge(source, pending.handler, relation, reg.location, reg.via))
        for pending_send in self.sends:
            send = pending_send.send
            target = self._message_node(pending_send.message, messages, send.location)
            if target is None:
                continue
            if send.family is Family.BROADCAST:
                relation = Relation.EMITS
            elif send.family is Family.POINT_TO_POINT:
                relation = Relation.SENDS
            else:
                # A neutral API delivers as its channel does (a Kafka topic read by several
                # consumer groups broadcasts), else as the message's kind says.
                channel = channels.get(pending_send.channel or "")
                kind = _kind_of(target, messages)
                if channel is not None and channel.kind in (Kind.COMMAND, Kind.EVENT):
                    kind = channel.kind
                relation = Relation.EMITS if kind is Kind.EVENT else Relation.SENDS
            edges.append(
                Edge(
                    pending_send.sender,
                    target,
                    relation,
                    send.location,
                    send.via,
                    mutated_after=send.mutated_after,
                    result_used=send.result_used,
                )
            )
        return edges

    def _channel_edges(
        self, messages: dict[str, Message], channels: dict[str, Channel]
    ) -> list[Edge]:
        edges: list[Edge] = []
        for use in self.channel_uses:
            channel = channels.get(use.node)
            kind = use.kind or (channel.kind if channel else Kind.UNKNOWN)
            if use.sends:
                if use.family is Family.BROADCAST:
                    relation = Relation.EMITS
                elif use.family is Family.POINT_TO_POINT:
                    relation = Relation.SENDS
                else:
                    relation = Relation.EMITS if kind is Kind.EVENT else Relation.SENDS
                send = use.send
                if send is not None and send.message.dotted is not None:
                    send = None  # changes after the send belong to the message object, not here
                edges.append(
                    Edge(
                        use.endpoint,
                        use.node,
                        relation,
                        use.location,
                        use.via,
                        mutated_after=send.mutated_after if send else (),
                        result_used=send.result_used if send else False,
                    )
                )
            else:
                relation = Relation.SUBSCRIBES if kind is Kind.EVENT else Relation.HANDLES
                edges.append(Edge(use.node, use.endpoint, relation, use.location, use.via))
        for route in self.routes:
            if route.message.qualname in messages and route.channel in channels:
                edges.append(
                    Edge(
                        messages[route.message.qualname].id,
                        route.channel,
                        Relation.ROUTES,
                        route.location,
                        route.via,
                    )
                )
        return edges

    def _message_node(
        self, target: _Target, messages: dict[str, Message], location: Location
    ) -> str | None:
        if target.qualname is None:
            reason = (
                UNDEFINED_MESSAGE if target.undefined else "message cannot be resolved statically"
            )
            return self._unknown(target.text, location, reason)
        if target.qualname in messages:
            return messages[target.qualname].id
        return None

    def _call_edges(self, edges: list[Edge]) -> list[Edge]:
        """``calls`` edges from any function to functions that send, emit or handle messages (a
        registered handler called directly), followed back to a bounded depth."""
        active = {
            e.source if e.relation in (Relation.SENDS, Relation.EMITS) else e.target
            for e in edges
            if e.relation in (Relation.SENDS, Relation.EMITS, Relation.HANDLES, Relation.SUBSCRIBES)
        }
        calls: dict[str, list[tuple[str, Location]]] = defaultdict(list)
        for facts in self.files:
            for call in facts.calls:
                callee = self._callee(facts, call.callee)
                if callee is not None:
                    caller = f"endpoint:{facts.module}.{call.caller}"
                    calls[caller].append((f"endpoint:{callee}", call.location))
        reaching = set(active)
        for _ in range(CALL_DEPTH):
            grown = {
                caller
                for caller, targets in calls.items()
                if any(target in reaching for target, _ in targets)
            }
            if grown <= reaching:
                break
            reaching |= grown
        found: list[Edge] = []
        for caller, targets in sorted(calls.items()):
            for target, location in targets:
                if target in reaching and target != caller:
                    self._endpoint(caller[len("endpoint:") :])
                    self._endpoint(target[len("endpoint:") :])
                    found.append(Edge(caller, target, Relation.CALLS, location, "call"))
        return found

    def _callee(self, facts: FileFacts, ref: Ref) -> str | None:
        target = self.symbols.resolve_ref(facts.module, ref)
        if target is None:
            return None
        if target in self.symbols.functions:
            return target
        if target in self.symbols.classes:  # `Order(...)` runs Order.__init__
            return self.symbols.method(target, "__init__")
        owner, _, method = target.rpartition(".")
        if owner in self.symbols.classes:
            return self.symbols.method(owner, method)
        return None


def _registration_kind(registration: Registration) -> Kind | None:
    if registration.name_hint:
        return Kind(registration.name_hint)
    if registration.family is Family.POINT_TO_POINT:
        return Kind.COMMAND
    if registration.family is Family.BROADCAST:
        return Kind.EVENT
    return None


def _kind_of(node: str, messages: dict[str, Message]) -> Kind:
    qualname = node[len("message:") :] if node.startswith("message:") else ""
    message = messages.get(qualname)
    return message.kind if message else Kind.UNKNOWN


def _dedupe(evidence: list[Evidence]) -> list[Evidence]:
    """One piece of evidence per (tier, kind, text): the first site that gave it."""
    seen: dict[tuple[Tier, Kind, str], Evidence] = {}
    for item in evidence:
        seen.setdefault((item.tier, item.kind, item.text), item)
    return list(seen.values())


def _edge_key(edge: Edge) -> tuple[str, str, str, str, int, int, str]:
    loc = edge.location
    return (edge.source, edge.target, edge.relation.value, loc.path, loc.line, loc.column, edge.via)
