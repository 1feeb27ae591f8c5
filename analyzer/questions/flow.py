"""`buslint flow NAME`: the cascade when a message is sent, to a depth, with cycles marked."""

from __future__ import annotations

import enum
from dataclasses import dataclass

from analyzer.export.services import routed
from analyzer.graph import MessageGraph
from analyzer.model import Channel, Edge
from analyzer.questions.outcomes import Outcome, outcomes

DEFAULT_DEPTH = 5


class Stop(str, enum.Enum):
    """Why a step is not followed further."""

    CYCLE = "cycle"
    """The message is already on the path from the root: following it would loop."""
    REPEAT = "repeat"
    """The message was already followed elsewhere in this flow."""
    DEPTH = "depth"
    """The depth limit is reached."""


@dataclass(frozen=True)
class Reaction:
    """A handler or subscriber of a step's message, and what it sends or emits in turn."""

    registration: Edge
    """The `handles`/`subscribes` edge (message or channel → endpoint)."""
    outcomes: tuple[Consequence, ...]


@dataclass(frozen=True)
class Consequence:
    """A message sent or emitted by a reaction (directly or through calls), followed as a step."""

    outcome: Outcome
    step: Step


@dataclass(frozen=True)
class Step:
    """A message arriving: who reacts to it, unless the flow stops here."""

    message: str
    depth: int
    reactions: tuple[Reaction, ...] = ()
    stop: Stop | None = None


def flow(graph: MessageGraph, root: str, depth: int = DEFAULT_DEPTH) -> Step:
    """Follow the message `root` to `depth` message hops; each message is expanded once."""
    expanded: set[str] = set()
    return _step(graph, root, 0, depth, (), expanded)


def _step(
    graph: MessageGraph,
    message: str,
    level: int,
    limit: int,
    path: tuple[str, ...],
    expanded: set[str],
) -> Step:
    if message in path:
        return Step(message, level, stop=Stop.CYCLE)
    if message in expanded:
        return Step(message, level, stop=Stop.REPEAT)
    if level >= limit:
        return Step(message, level, stop=Stop.DEPTH)
    expanded.add(message)
    reactions = []
    for registration in _registrations(graph, message):
        consequences = tuple(
            Consequence(
                outcome,
                _step(graph, outcome.edge.target, level + 1, limit, (*path, message), expanded),
            )
            for outcome in outcomes(graph, registration.target)
        )
        reactions.append(Reaction(registration, consequences))
    return Step(message, level, tuple(reactions))


def _registrations(graph: MessageGraph, message: str) -> list[Edge]:
    """Handlers of the message, and of the channels it is routed through; one per endpoint."""
    edges = list(graph.handlers(message))
    for channel in routed(graph, message):
        if isinstance(channel, Channel):
            edges += graph.handlers(channel.id)
    first: dict[str, Edge] = {}
    for edge in edges:
        first.setdefault(edge.target, edge)
    return sorted(first.values(), key=lambda e: (e.target, e.location))


def walk(step: Step) -> list[Step]:
    """Every step of the flow, depth first, in order."""
    found = [step]
    for reaction in step.reactions:
        for consequence in reaction.outcomes:
            found += walk(consequence.step)
    return found
