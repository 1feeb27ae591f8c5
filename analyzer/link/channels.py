"""Named channels across modules: names built from constants and enum members, declarations, kinds."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from analyzer.link.aws import Environment, channel_name
from analyzer.link.classify import decide
from analyzer.link.symbols import Symbols
from analyzer.model import (
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


@dataclass(frozen=True)
class ResolvedChannel:
    """A channel reference resolved to its node id, or to the text of what could not be resolved."""

    id: str | None
    text: str


class Channels:
    """Resolves channel names and collects every channel's declarations and evidence."""

    def __init__(self, symbols: Symbols, files: Sequence[FileFacts]) -> None:
        self.symbols = symbols
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
        parts: list[str] = []
        external = False
        for part in ref.parts:
            if isinstance(part, str):
                parts.append(part)
                continue
            if isinstance(part, Val):
                return ResolvedChannel(None, ref.text)  # for the inference (link/infer)
            text, from_library = self._part(facts, part)
            if text is None:
                return ResolvedChannel(None, ref.text)
            parts.append(text)
            external = external or from_library
        transport, joined = ref.transport, "".join(parts)
        if transport == TRANSPORT_IN_NAME:
            transport, _, joined = joined.partition(":")
        name = channel_name(transport, self.environment.substitute(joined, facts.path))
        key = f"channel:{transport}:{name}"
        self.names.setdefault(key, (transport, name))
        if external:
            self.external[key] = True
        return ResolvedChannel(key, ref.text)

    def _part(self, facts: FileFacts, ref: Ref) -> tuple[str | None, bool]:
        """The text a name stands for, and whether it is a library's object."""
        if ref.dotted is None:
            return None, False
        target = self.symbols.resolve(facts.module, ref.dotted)
        if target is None:
            return None, False
        if target in self.constants:
            return self.constants[target], False
        if target in self.bound:
            return self.bound[target], False
        inherited = self._inherited(target)
        if inherited is not None:
            return inherited, False
        if self.symbols.in_project(target):
            return None, False  # a variable of the project whose value is not a constant
        return target, True  # a library's object, such as django.db.models.signals.post_save

    def _inherited(self, target: str) -> str | None:
        """A channel bound to a class attribute of a base class (``self.signal`` in a subclass)."""
        owner, _, attr = target.rpartition(".")
        if owner not in self.symbols.classes:
            return None
        for ancestor in self.symbols.ancestors(owner):
            if f"{ancestor}.{attr}" in self.bound:
                return self.bound[f"{ancestor}.{attr}"]
        return None

    def declared(self, facts: FileFacts, ref: ChannelRef) -> bool:
        """True when the reference names a channel the project itself declares (a task, a Signal())."""
        resolved = self.resolve(facts, ref)
        return (
            resolved.id is not None
            and resolved.id in self.locations
            and not self.external.get(resolved.id, False)
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
