"""The message graph: a networkx MultiDiGraph of messages, endpoints and unknown sites, with queries."""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cached_property

import networkx as nx

from analyzer.contexts import context_of
from analyzer.link import CALL_DEPTH
from analyzer.model import (
    Channel,
    Edge,
    Endpoint,
    Kind,
    Message,
    Model,
    ParseProblem,
    Relation,
    Unknown,
)

Node = Message | Channel | Endpoint | Unknown
Addressable = Message | Channel
"""What is sent, emitted and handled: a message class or a named channel."""

INBOUND = (Relation.HANDLES, Relation.SUBSCRIBES)
OUTBOUND = (Relation.SENDS, Relation.EMITS)


@dataclass(frozen=True)
class Outcome:
    """A send or emit an endpoint causes: its own, or one made by code it calls (`through`)."""

    edge: Edge
    through: tuple[Edge, ...] = ()
    """The ``calls`` edges from the endpoint to the function that sends or emits, in order."""


class MessageGraph:
    """Typed access to the graph for rules and exports. Each node keeps its model object in `obj`.

    `contexts` are the configured bounded contexts (name → module patterns); `external` are
    glob patterns over qualified names of messages and channels that come from outside the
    analysed code; `public` those the project offers to callers outside it.
    """

    def __init__(
        self,
        model: Model,
        contexts: Mapping[str, tuple[str, ...]] | None = None,
        external: tuple[str, ...] = (),
        public: tuple[str, ...] = (),
    ) -> None:
        self.model = model
        self.contexts: Mapping[str, tuple[str, ...]] = dict(contexts or {})
        self.external = external
        self.public = public
        self.nx: nx.MultiDiGraph = nx.MultiDiGraph()
        for message in model.messages:
            self.nx.add_node(message.id, type="message", obj=message)
        for endpoint in model.endpoints:
            self.nx.add_node(endpoint.id, type="endpoint", obj=endpoint)
        for channel in model.channels:
            self.nx.add_node(channel.id, type="channel", obj=channel)
        for unknown in model.unknowns:
            self.nx.add_node(unknown.id, type="unknown", obj=unknown)
        for edge in model.edges:
            self.nx.add_edge(edge.source, edge.target, key=_edge_id(edge), obj=edge)
        self._out: dict[str, tuple[Edge, ...]] = {}
        self._in: dict[str, tuple[Edge, ...]] = {}
        self._external: dict[str, bool] = {}

    @property
    def problems(self) -> tuple[ParseProblem, ...]:
        return self.model.problems

    @property
    def internal_errors(self) -> tuple[ParseProblem, ...]:
        """The files whose extraction hit a bug in buslint (or a recogniser)."""
        return tuple(p for p in self.model.problems if p.internal)

    def messages(self, kind: Kind | None = None, settled: bool = False) -> Iterator[Message]:
        """The messages (of `kind`). With `settled`, only those whose kind rests on more than
        weak evidence (the module's name, the name's form): rules that judge a class by its
        kind alone (is an event frozen, named in the past tense) ask for these, so weak
        evidence labels the graph but never alone makes a finding."""
        for message in self.model.messages:
            if kind is not None and message.kind is not kind:
                continue
            if not settled or message.kind_settled:
                yield message

    def channels(self, kind: Kind | None = None) -> Iterator[Channel]:
        for channel in self.model.channels:
            if kind is None or channel.kind is kind:
                yield channel

    def addressables(
        self, kind: Kind | None = None, settled: bool = False
    ) -> Iterator[Addressable]:
        """Messages and channels alike, for the rules that apply to both (a channel's kind is
        its transport's, always settled)."""
        yield from self.messages(kind, settled)
        yield from self.channels(kind)

    def node(self, node_id: str) -> Node:
        obj: Node = self.nx.nodes[node_id]["obj"]
        return obj

    def out_edges(self, node_id: str, *relations: Relation) -> list[Edge]:
        edges = self._out.get(node_id)
        if edges is None:  # in networkx's order, looked up once: rules ask for them repeatedly
            found = self.nx.out_edges(node_id, data=True)
            edges = self._out[node_id] = tuple(data["obj"] for _, _, data in found)
        return [e for e in edges if not relations or e.relation in relations]

    def in_edges(self, node_id: str, *relations: Relation) -> list[Edge]:
        edges = self._in.get(node_id)
        if edges is None:
            found = self.nx.in_edges(node_id, data=True)
            edges = self._in[node_id] = tuple(data["obj"] for _, _, data in found)
        return [e for e in edges if not relations or e.relation in relations]

    def edges(self, *relations: Relation) -> Iterator[Edge]:
        for edge in self.model.edges:
            if not relations or edge.relation in relations:
                yield edge

    def handlers(self, message_id: str) -> list[Edge]:
        """Registrations of the message, one edge per registration site, sorted by location.

        A message routed through a channel (``routes``) is handled by the channel's handlers too.
        """
        found = self.out_edges(message_id, *INBOUND)
        for route in self.out_edges(message_id, Relation.ROUTES):
            found += self.out_edges(route.target, *INBOUND)
        return sorted(found, key=lambda e: e.location)

    def producers(self, message_id: str) -> list[Edge]:
        """Send and emit sites of the message, sorted by location."""
        return sorted(self.in_edges(message_id, *OUTBOUND), key=lambda e: e.location)

    def handler_endpoints(self, message_id: str) -> list[str]:
        """The distinct endpoints registered for a message, in order of their first registration."""
        return list(dict.fromkeys(edge.target for edge in self.handlers(message_id)))

    def outcomes(self, endpoint_id: str, depth: int = CALL_DEPTH) -> list[Outcome]:
        """What an endpoint sends and emits, itself or through the functions it calls (``calls``
        edges followed breadth-first to `depth`); each send or emit site once, nearest first."""
        found: list[Outcome] = []
        seen_sites: set[Edge] = set()
        visited = {endpoint_id}
        frontier: list[tuple[str, tuple[Edge, ...]]] = [(endpoint_id, ())]
        for level in range(depth + 1):
            following: list[tuple[str, tuple[Edge, ...]]] = []
            for node, chain in frontier:
                for edge in sorted(self.out_edges(node, *OUTBOUND), key=lambda e: e.location):
                    if edge not in seen_sites:
                        seen_sites.add(edge)
                        found.append(Outcome(edge, chain))
                if level == depth:
                    continue
                for call in sorted(self.out_edges(node, Relation.CALLS), key=lambda e: e.location):
                    if call.target not in visited:
                        visited.add(call.target)
                        following.append((call.target, (*chain, call)))
            frontier = following
        return found

    def context(self, node_id: str) -> str | None:
        """The configured bounded context a node's code lives in, or None."""
        if not self.contexts:
            return None
        node = self.node(node_id)
        if isinstance(node, Unknown | Channel):
            return None
        parts = node.qualname.split(".")
        for cut in range(len(parts), 0, -1):
            found = context_of(".".join(parts[:cut]), self.contexts)
            if found is not None:
                return found
        return None

    def is_external(self, node_id: str) -> bool:
        """A message or channel from outside the analysed code: a library's class, a framework's
        signal, or one matching the configured `external` patterns."""
        known = self._external.get(node_id)
        if known is None:
            known = self._external[node_id] = self._is_external(node_id)
        return known

    def _is_external(self, node_id: str) -> bool:
        node = self.node(node_id)
        if isinstance(node, Unknown):
            return False
        return node.external or self._matches(node_id, self.external)

    def is_public(self, node_id: str) -> bool:
        """A message or channel the project offers to callers outside the analysed code (the
        configured `public` patterns): its handlers are its interface, called from elsewhere."""
        return self._matches(node_id, self.public)

    def _matches(self, node_id: str, patterns: tuple[str, ...]) -> bool:
        node = self.node(node_id)
        names = (node.qualname, node.name) if isinstance(node, Message | Channel) else ()
        return any(fnmatch.fnmatchcase(n, p) for n in names for p in patterns)

    def subclasses(self, message_id: str) -> list[Message]:
        """The messages that inherit from this one (subscribing to a base receives them too)."""
        node = self.node(message_id)
        if not isinstance(node, Message):
            return []
        return self._subclasses.get(node.qualname, [])

    def is_field_type(self, message: Message) -> bool:
        """True when another message has a field of this type: a value object, not a message."""
        return bool(self._field_types.get(message.name, set()) - {message.id})

    @cached_property
    def _subclasses(self) -> dict[str, list[Message]]:
        found: dict[str, list[Message]] = {}
        for message in self.model.messages:
            for ancestor in message.ancestors:
                found.setdefault(ancestor, []).append(message)
        return found

    @cached_property
    def _field_types(self) -> dict[str, set[str]]:
        """Each name used in a field annotation → the messages whose fields use it."""
        found: dict[str, set[str]] = {}
        for message in self.model.messages:
            for field in message.fields:
                for word in _WORDS.findall(field.annotation):
                    found.setdefault(word, set()).add(message.id)
        return found

    def label(self, node_id: str) -> str:
        node = self.node(node_id)
        if isinstance(node, Unknown):
            return f"<{node.text}>"
        return node.qualname


def _edge_id(edge: Edge) -> str:
    loc = edge.location
    return f"{edge.relation.value}@{loc.path}:{loc.line}:{loc.column}"


_WORDS = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
