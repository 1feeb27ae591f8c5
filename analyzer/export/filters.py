"""`--kind`, `--context` and `--focus`: a smaller MessageGraph for any format to export."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass

import networkx as nx

from analyzer.errors import UsageError
from analyzer.export.groups import node_groups
from analyzer.export.options import ExportOptions
from analyzer.graph import MessageGraph
from analyzer.model import Channel, Kind, Message, Model

DEFAULT_DEPTH = 1


@dataclass(frozen=True)
class GraphFilter:
    """What to keep; the filters apply in this order: kind, then context, then focus."""

    kind: Kind | None = None
    """Keep messages and channels of this kind, with the code that sends, emits or handles them."""
    context: str | None = None
    """Keep the nodes of this context (or package group) and the nodes directly linked to them."""
    focus: str | None = None
    """Keep the nodes within `depth` edges of this message (an id, qualified name or name)."""
    depth: int | None = None

    @property
    def empty(self) -> bool:
        return self.kind is None and self.context is None and self.focus is None


def apply(graph: MessageGraph, graph_filter: GraphFilter, options: ExportOptions) -> MessageGraph:
    """The graph restricted by `graph_filter`; raises UsageError for a name that matches nothing."""
    if graph_filter.depth is not None and graph_filter.focus is None:
        raise UsageError("--depth needs --focus MESSAGE")
    if graph_filter.depth is not None and graph_filter.depth < 0:
        raise UsageError("--depth must be 0 or more")
    if graph_filter.kind is not None:
        graph = _restrict(graph, _of_kind(graph, graph_filter.kind))
    if graph_filter.context is not None:
        graph = _restrict(graph, _in_context(graph, graph_filter.context, options))
    if graph_filter.focus is not None:
        start = find(graph, graph_filter.focus)
        depth = DEFAULT_DEPTH if graph_filter.depth is None else graph_filter.depth
        undirected = nx.Graph(graph.nx.to_undirected(as_view=True))
        graph = _restrict(graph, set(nx.ego_graph(undirected, start, radius=depth)))
    return graph


def neighbourhood(graph: MessageGraph, node_id: str, depth: int = DEFAULT_DEPTH) -> MessageGraph:
    """The nodes within `depth` edges of one node, in either direction."""
    undirected = nx.Graph(graph.nx.to_undirected(as_view=True))
    return _restrict(graph, set(nx.ego_graph(undirected, node_id, radius=depth)))


def find(graph: MessageGraph, name: str) -> str:
    """The id of the message or channel called `name`: an id, a qualified name or a short name."""
    addressables: list[Message | Channel] = sorted(graph.addressables(), key=lambda a: a.id)
    for match in (
        [a for a in addressables if name in (a.id, a.qualname)],
        [a for a in addressables if a.name == name],
        [a for a in addressables if a.name.lower() == name.lower()],
    ):
        if len(match) == 1:
            return match[0].id
        if len(match) > 1:
            raise UsageError(
                f"--focus {name!r} is ambiguous: "
                + ", ".join(a.qualname for a in match)
                + "; give the qualified name"
            )
    if name in graph.nx:
        return name
    known = sorted({a.name for a in addressables} | {a.qualname for a in addressables})
    close = difflib.get_close_matches(name, known, n=3)
    hint = f"; did you mean {', '.join(close)}?" if close else ""
    raise UsageError(f"--focus {name!r}: no such message in the graph{hint}")


def _of_kind(graph: MessageGraph, kind: Kind) -> set[str]:
    keep = {a.id for a in graph.addressables(kind)}
    return keep | _neighbours(graph, keep, addressable=False)


def _in_context(graph: MessageGraph, context: str, options: ExportOptions) -> set[str]:
    groups = node_groups(graph, options)
    keep = {node for node, group in groups.items() if group == context}
    if not keep:
        known = sorted(set(groups.values()))
        raise UsageError(
            f"--context {context!r} matches no node; the contexts and packages are: "
            + ", ".join(known)
        )
    return keep | _neighbours(graph, keep)


def _neighbours(graph: MessageGraph, nodes: Iterable[str], addressable: bool = True) -> set[str]:
    found: set[str] = set()
    addressables = {a.id for a in graph.addressables()}
    for node in nodes:
        for other in (*graph.nx.predecessors(node), *graph.nx.successors(node)):
            if addressable or other not in addressables:
                found.add(other)
    return found


def _restrict(graph: MessageGraph, keep: set[str]) -> MessageGraph:
    model = graph.model
    return MessageGraph(
        Model(
            messages=tuple(m for m in model.messages if m.id in keep),
            endpoints=tuple(e for e in model.endpoints if e.id in keep),
            unknowns=tuple(u for u in model.unknowns if u.id in keep),
            edges=tuple(e for e in model.edges if e.source in keep and e.target in keep),
            problems=model.problems,
            channels=tuple(c for c in model.channels if c.id in keep),
        )
    )
