"""Linking: all FileFacts in, the Model out — names resolved, messages found and classified.

The linker runs in stages, one module each, chained as classes over one state (`state.py`):
messages by declaration (`declared.py`), endpoints (`endpoints.py`), the registrations and sends
that refer to messages (`references.py`), handlers that tell their message apart
(`narrowed.py`), sends made at calls (`called.py`), then the model and its edges (`build.py`).
"""

from __future__ import annotations

from collections.abc import Sequence

from analyzer.config import Config
from analyzer.link.build import CALL_DEPTH, ModelBuilder, edge_key
from analyzer.link.groups import group_evidence
from analyzer.model import Edge, FileFacts, Location, Model
from analyzer.vocabulary import Names

__all__ = ["CALL_DEPTH", "link"]


def link(files: Sequence[FileFacts], names: Names, config: Config) -> Model:
    """Resolve every fact against the whole program and build the Model."""
    return _Linker(files, names, config).run()


class _Linker(ModelBuilder):
    def run(self) -> Model:
        self._classes_by_declaration()
        for facts in self.files:
            for registration in facts.registrations:
                self._registration(facts, registration)
            for send in facts.sends:
                self._send(facts, send)
        self._sends_at_calls()
        self._class_based_handlers()
        self._narrowed_handlers()
        self._drop_non_messages()
        readers = ((u.node, u.group, u.location) for u in self.channel_uses if not u.sends)
        for channel_id, evidence in group_evidence(readers):
            self.channels.note(channel_id, evidence)
        channels = self.channels.build()
        messages = self._messages(channels)
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
            edges=_direct_first(edges),
            problems=problems,
            channels=tuple(channels.values()),
        )


def _direct_first(edges: list[Edge]) -> tuple[Edge, ...]:
    """The edges sorted, one per (source, target, relation, place): where the code says it at the
    site and a wrapper's operation was also followed there, the direct reading is kept."""
    kept: dict[tuple[str, str, str, Location], Edge] = {}
    for edge in sorted(set(edges), key=lambda e: (bool(e.inferred), edge_key(e))):
        kept.setdefault((edge.source, edge.target, edge.relation.value, edge.location), edge)
    return tuple(sorted(kept.values(), key=edge_key))
