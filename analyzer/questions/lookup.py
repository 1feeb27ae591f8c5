"""Find the node a reader names: a message, a channel or a handler, by id, qualified name or short name."""

from __future__ import annotations

from analyzer.errors import UsageError
from analyzer.graph import MessageGraph
from analyzer.model import Channel, Endpoint, Message


class AmbiguousName(UsageError):
    """More than one node matches; `candidates` lists their ids, sorted."""

    def __init__(self, name: str, candidates: list[str]) -> None:
        self.candidates = candidates
        listed = "\n".join(f"  {c}" for c in candidates)
        super().__init__(f"{name!r} is ambiguous; did you mean one of:\n{listed}")


def find(graph: MessageGraph, name: str, *, endpoints: bool = True) -> Message | Channel | Endpoint:
    """The one node whose id, qualified name, dotted suffix or short name is `name`."""
    nodes: list[Message | Channel | Endpoint] = [*graph.messages(), *graph.channels()]
    if endpoints:
        nodes += graph.model.endpoints
    for matches in (
        [n for n in nodes if name in (n.id, n.qualname)],
        [n for n in nodes if n.qualname.endswith("." + name)],
        [n for n in nodes if n.name == name or _tail(n) == name],
    ):
        if len(matches) == 1:
            return matches[0]
        if matches:
            raise AmbiguousName(name, sorted(n.id for n in matches))
    what = "message, channel or handler" if endpoints else "message or channel"
    raise UsageError(f"no {what} named {name!r} in the graph")


def _tail(node: Message | Channel | Endpoint) -> str:
    """``Class.method`` for methods, the channel's name for channels."""
    if isinstance(node, Channel):
        return node.name
    return ".".join(node.qualname.split(".")[-2:])
