"""Which group (configured context or package) each node of a graph belongs to."""

from __future__ import annotations

from collections import Counter

from analyzer.contexts import group_of
from analyzer.export.options import ExportOptions
from analyzer.graph import MessageGraph
from analyzer.model import Channel, Endpoint, Message, Unknown

MAX_DEPTH = 4


def package_depth(graph: MessageGraph) -> int:
    """The fewest leading package components that split the project's names into several groups.

    A project whose code all lives under one top package (``shop``) is grouped by its
    subpackages (``shop.orders``, ``shop.payments``) instead of showing one group.
    """
    nodes: list[Message | Endpoint] = [*graph.model.messages, *graph.model.endpoints]
    names = [node.qualname for node in nodes if not node.external]
    for depth in range(1, MAX_DEPTH + 1):
        if len({group_of(name, {}, depth) for name in names}) > 1:
            return depth
    return 1


def node_groups(graph: MessageGraph, options: ExportOptions) -> dict[str, str]:
    """Node id → group. Channels and unknown sites join the group of the code they touch."""
    groups: dict[str, str] = {}
    nodes: list[Message | Endpoint] = [*graph.model.messages, *graph.model.endpoints]
    for node in nodes:
        groups[node.id] = options.group(node.qualname)
    for channel in sorted(graph.model.channels, key=lambda c: c.id):
        groups[channel.id] = _by_neighbours(graph, channel, groups) or channel.transport
    for unknown in sorted(graph.model.unknowns, key=lambda u: u.id):
        groups[unknown.id] = _by_neighbours(graph, unknown, groups) or options.group(
            _module_of(unknown.location.path)
        )
    return groups


def _by_neighbours(graph: MessageGraph, node: Channel | Unknown, groups: dict[str, str]) -> str:
    found: Counter[str] = Counter()
    for neighbour in sorted({*graph.nx.predecessors(node.id), *graph.nx.successors(node.id)}):
        if neighbour in groups:
            found[groups[neighbour]] += 1
    if not found:
        return ""
    return min(found, key=lambda g: (-found[g], g))


def _module_of(path: str) -> str:
    stem = path[:-3] if path.endswith(".py") else path
    parts = [p for p in stem.split("/") if p]
    if parts and parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts) or path
