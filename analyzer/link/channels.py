"""Named channels across modules: names built from constants and enum members, declarations, kinds."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from analyzer.link.attributes import Binding, ClassAttributes
from analyzer.link.aws import Environment, channel_name
from analyzer.link.classify import decide
from analyzer.link.symbols import Symbols
from analyzer.model import (
    SELF_REF,
    TRANSPORT_IN_NAME,
    Channel,
    ChannelDecl,
    ChannelRef,
    Evidence,
    FileFacts,
    Location,
    Ref,
    Tier,
    Val,
)

MAX_NAMES = 16
"""At most this many channels for one reference (each part may hold several names)."""
MAX_DEPTH = 8
"""How many class attributes naming one another (``a = B.x``) are followed."""


@dataclass(frozen=True)
class ResolvedChannel:
    """A channel reference resolved to its node id, or to the text of what could not be resolved."""

    id: str | None
    text: str


class Channels:
    """Resolves channel names and collects every channel's declarations and evidence."""

    def __init__(self, symbols: Symbols, files: Sequence[FileFacts]) -> None:
        self.symbols = symbols
        self.attributes = ClassAttributes(symbols)
        self.constants = {f"{f.module}.{name}": value for f in files for name, value in f.constants}
        self.environment = Environment(v for f in files for v in f.environment)
        self.bound: dict[str, str] = {}
        """Qualified name of a module-level binding → the channel name it holds."""
        self.evidence: dict[str, list[Evidence]] = defaultdict(list)
        self.locations: dict[str, Location] = {}
        self.external: dict[str, bool] = {}
        self.names: dict[str, tuple[str, str]] = {}
        for facts in files:
            for decl in facts.channels:
                self._declare(facts, decl)

    def _declare(self, facts: FileFacts, decl: ChannelDecl) -> None:
        resolved = self.resolve(facts, decl.channel)
        if resolved.id is None:
            return
        if decl.binding:
            self.bound[f"{facts.module}.{decl.binding}"] = self.names[resolved.id][1]
        self.evidence[resolved.id].append(
            Evidence(Tier.BASE, decl.kind, decl.evidence, decl.location)
        )
        if resolved.id not in self.locations or decl.location < self.locations[resolved.id]:
            self.locations[resolved.id] = decl.location
        if decl.external:
            self.external[resolved.id] = True

    def resolve(self, facts: FileFacts, ref: ChannelRef) -> ResolvedChannel:
        """The channel a reference names: the first when it may name several."""
        return self.resolve_all(facts, ref)[0]

    def resolve_all(self, facts: FileFacts, ref: ChannelRef) -> tuple[ResolvedChannel, ...]:
        """Every channel a reference may name (``self.signal`` in a base class's method names
        each subclass's); one unresolved channel when a part cannot be resolved."""
        names: list[tuple[str, bool]] = [("", False)]
        for part in ref.parts:
            if isinstance(part, Val):
                return (ResolvedChannel(None, ref.text),)  # for the inference (link/infer)
            values = [(part, False)] if isinstance(part, str) else self._part(facts, part)
            if not values:
                return (ResolvedChannel(None, ref.text),)
            names = [
                (name + text, external or from_library)
                for name, external in names
                for text, from_library in values
            ][:MAX_NAMES]
        return tuple(self._key(facts, ref, joined, external) for joined, external in names)

    def _key(
        self, facts: FileFacts, ref: ChannelRef, joined: str, external: bool
    ) -> ResolvedChannel:
        """The channel id of a resolved name, noted with its transport and name."""
        transport = ref.transport
        if transport == TRANSPORT_IN_NAME:
            transport, _, joined = joined.partition(":")
        name = channel_name(transport, self.environment.substitute(joined, facts.path))
        key = f"channel:{transport}:{name}"
        self.names.setdefault(key, (transport, name))
        if external:
            self.external[key] = True
        return ResolvedChannel(key, ref.text)

    def _part(self, facts: FileFacts, ref: Ref) -> list[tuple[str, bool]]:
        """The texts a name may stand for, each with whether it is a library's object."""
        if ref.dotted is None:
            return []
        if ref.dotted.startswith(SELF_REF):
            cls, _, attr = ref.dotted[len(SELF_REF) :].rpartition(".")
            owner = self.symbols.resolve(facts.module, cls)
            if owner not in self.symbols.classes:
                return []
            return self._bound(self.attributes.through_self(owner, attr), 0)
        target = self.symbols.resolve(facts.module, ref.dotted)
        return [] if target is None else self._values(target, 0)

    def _values(self, target: str, depth: int) -> list[tuple[str, bool]]:
        if target in self.constants:
            return [(self.constants[target], False)]
        if target in self.bound:
            return [(self.bound[target], False)]
        owner, _, attr = target.rpartition(".")
        if owner in self.symbols.classes:
            binding = self.attributes.nearest(owner, attr)
            return self._bound((binding,) if binding else (), depth)
        if self.symbols.in_project(target):
            return []  # a variable of the project whose value is not a constant
        return [(target, True)]  # a library's object, such as django.db.models.signals.post_save

    def _bound(self, bindings: tuple[Binding, ...], depth: int) -> list[tuple[str, bool]]:
        """The texts class attributes hold: a constant or a channel object bound there, or what
        the name they are assigned denotes (``add_signal = basket_addition``)."""
        found: list[tuple[str, bool]] = []
        for binding in bindings:
            values: list[tuple[str, bool]] = []
            if binding.slot in self.constants or binding.slot in self.bound:
                values = self._values(binding.slot, depth)
            elif binding.value.dotted is not None and depth < MAX_DEPTH:
                target = self.symbols.resolve(binding.module, binding.value.dotted)
                values = self._values(target, depth + 1) if target is not None else []
            found.extend(value for value in values if value not in found)
        return found

    def declared(self, facts: FileFacts, ref: ChannelRef) -> bool:
        """True when the reference names a channel the project itself declares (a task, a Signal())."""
        return any(
            resolved.id is not None
            and resolved.id in self.locations
            and not self.external.get(resolved.id, False)
            for resolved in self.resolve_all(facts, ref)
        )

    def note(self, channel_id: str, evidence: Evidence) -> None:
        """Evidence of kind from a registration or a send through the channel."""
        self.evidence[channel_id].append(evidence)

    def build(self) -> dict[str, Channel]:
        channels: dict[str, Channel] = {}
        for key, (transport, name) in sorted(self.names.items()):
            evidence = self.evidence.get(key, [])
            if not evidence:
                continue
            kind, ordered = decide(evidence)
            channels[key] = Channel(
                id=key,
                transport=transport,
                name=name,
                kind=kind,
                evidence=ordered,
                location=self.locations.get(key),
                external=self.external.get(key, False),
            )
        return channels
