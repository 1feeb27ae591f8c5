"""The model: messages with their evidence decided, and the edges between messages, channels and
endpoints."""

from __future__ import annotations

from analyzer.link.called import CalledSends
from analyzer.link.classify import conflicts, decide, name_form
from analyzer.link.payloads import payload_evidence
from analyzer.link.state import PendingHandler, PendingSend, Target
from analyzer.model import (
    MODULE_SCOPE,
    PAYLOAD_REF,
    UNDEFINED_MESSAGE,
    Channel,
    Edge,
    Evidence,
    Family,
    FieldFact,
    Kind,
    Location,
    Message,
    Relation,
    Tier,
)
from analyzer.vocabulary import LIBRARY_DATA_MODELS

CALL_DEPTH = 4


class ModelBuilder(CalledSends):
    def _messages(self, channels: dict[str, Channel]) -> dict[str, Message]:
        messages: dict[str, Message] = {}
        # Indexed once, in their order: scanning every handler and send per message is quadratic.
        handlers_of: dict[str, list[PendingHandler]] = {}
        for pending in self.handlers:
            if pending.message.qualname is not None:
                handlers_of.setdefault(pending.message.qualname, []).append(pending)
        sends_of: dict[str, list[PendingSend]] = {}
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
                channel = channels.get(send.channel or "")
                if kind is Kind.UNKNOWN and channel is not None:
                    kind = channel.kind  # a neutral API delivers as its channel does
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
        if data_model is None:  # a library's message base that is itself a data model
            library = (
                LIBRARY_DATA_MODELS.get(resolved or "")
                for owner in chain
                for resolved, _ in self.symbols.base_names(owner)
            )
            data_model = next((model for model in library if model), None)
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
            edges.append(
                Edge(
                    source,
                    pending.handler,
                    relation,
                    reg.location,
                    reg.via,
                    inferred=pending.inferred,
                )
            )
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
                    inferred=pending_send.inferred,
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
                        inferred=use.inferred,
                    )
                )
            else:
                relation = Relation.SUBSCRIBES if kind is Kind.EVENT else Relation.HANDLES
                edges.append(
                    Edge(
                        use.node,
                        use.endpoint,
                        relation,
                        use.location,
                        use.via,
                        inferred=use.inferred,
                    )
                )
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
        self, target: Target, messages: dict[str, Message], location: Location
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
        registered handler called directly), followed back to a bounded depth.

        Only calls whose called name is that of a function already reached are resolved, so
        the cost follows the flows, not the size of the program."""
        active = {
            e.source if e.relation in (Relation.SENDS, Relation.EMITS) else e.target
            for e in edges
            if e.relation in (Relation.SENDS, Relation.EMITS, Relation.HANDLES, Relation.SUBSCRIBES)
        }
        reaching = {a[len("endpoint:") :] for a in active if a.startswith("endpoint:")}
        found: dict[tuple[str, str, Location], Edge] = {}
        frontier = set(reaching)
        for _ in range(CALL_DEPTH + 1):
            names = {qualname.rsplit(".", 1)[-1] for qualname in frontier}
            names |= {q.rsplit(".", 2)[-2] for q in frontier if q.endswith(".__init__")}
            grown: set[str] = set()
            for name in sorted(names):
                for facts, call, called in self.infer.calls_named(name):
                    if call.caller == MODULE_SCOPE or called is not call.value:
                        continue
                    caller = f"{facts.module}.{call.caller}"
                    if caller.rsplit(".", 1)[0] in self.symbols.classes and (
                        caller not in self.symbols.functions
                    ):
                        continue  # a class body, not a function
                    for callee, _receiver in self.infer.callees(facts, call):
                        if callee in reaching and callee != caller:
                            key = (caller, callee, call.location)
                            if self._sent_by_call(f"endpoint:{caller}", callee, call.location):
                                continue
                            found[key] = Edge(
                                f"endpoint:{caller}",
                                f"endpoint:{callee}",
                                Relation.CALLS,
                                call.location,
                                "call",
                            )
                            if caller not in reaching:
                                grown.add(caller)
            reaching |= grown
            frontier = grown
            if not grown:
                break
        for caller, callee, _ in found:
            self._endpoint(caller)
            self._endpoint(callee)
        return list(found.values())


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


def edge_key(edge: Edge) -> tuple[str, str, str, str, int, int, str]:
    loc = edge.location
    return (edge.source, edge.target, edge.relation.value, loc.path, loc.line, loc.column, edge.via)
