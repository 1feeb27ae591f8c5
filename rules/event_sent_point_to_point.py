"""BUS006: an event passed to a point-to-point API."""

from __future__ import annotations

from collections.abc import Iterator

from analyzer.graph import MessageGraph
from analyzer.model import Finding, Kind, Relation, Severity
from rules.base import Example, Rule


class EventSentPointToPoint(Rule):
    """
    ## What it does
    Reports an event handed to a point-to-point API: `send`, `dispatch`, `execute`,
    `send_command` and the other send verbs in the vocabulary.

    ## Why is this bad?
    An event is a fact for whoever cares, with zero, one or many subscribers. Sending it
    point-to-point couples the emitter to one consumer and silently drops it for the rest.

    ## Example
    ```python
    bus.send(OrderPlaced(order_id))
    ```

    ## Use instead
    ```python
    bus.publish(OrderPlaced(order_id))
    ```
    """

    code = "BUS006"
    name = "event-sent-point-to-point"
    severity = Severity.WARNING
    summary = "an event passed to a point-to-point API"
    invalid = (
        Example(
            "an event sent",
            {
                "shop/events.py": "class Event: ...\nclass OrderPlaced(Event): ...\n",
                "shop/service.py": (
                    "from shop import events\n"
                    "def place(bus, order_id):\n"
                    "    bus.send(events.OrderPlaced(order_id))  # expect: BUS006\n"
                ),
            },
        ),
    )
    valid = (
        Example(
            "an event handed to a neutral API (bus.handle)",
            {
                "shop/events.py": "class Event: ...\nclass OrderPlaced(Event): ...\n",
                "shop/service.py": (
                    "from shop import events\n"
                    "def place(bus, order_id):\n"
                    "    bus.handle(events.OrderPlaced(order_id))\n"
                    "    bus.publish(events.OrderPlaced(order_id))\n"
                ),
            },
        ),
    )

    def check(self, graph: MessageGraph) -> Iterator[Finding]:
        for message in graph.addressables(Kind.EVENT):
            for edge in graph.in_edges(message.id, Relation.SENDS):
                yield self.finding(
                    f"event {message.name} is sent point-to-point with {edge.via}; "
                    "publish events to every subscriber instead",
                    edge.location,
                    (message.id, edge.source),
                    ((message.location, f"{message.name} is an event: {message.evidence[0].text}"),)
                    if message.location
                    else (),
                )
