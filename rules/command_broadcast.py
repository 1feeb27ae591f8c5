"""BUS005: a command passed to a broadcast API."""

from __future__ import annotations

from collections.abc import Iterator

from analyzer.graph import MessageGraph
from analyzer.model import Finding, Kind, Relation, Severity
from rules.base import Example, Rule


class CommandBroadcast(Rule):
    """
    ## What it does
    Reports a command handed to a broadcast API: `publish`, `emit`, `broadcast`, appending it
    to an aggregate's `events`, and the other publish verbs in the vocabulary.

    ## Why is this bad?
    A command asks one recipient to do something. Broadcast delivers it to every subscriber,
    or to none: the work is done several times or never, and nobody owns the outcome.

    ## Example
    ```python
    bus.publish(ProcessPayment(order_id))
    ```

    ## Use instead
    Send the command point-to-point, or publish an event that states what happened.
    ```python
    bus.send(ProcessPayment(order_id))
    bus.publish(OrderPlaced(order_id))
    ```
    """

    code = "BUS005"
    name = "command-broadcast"
    severity = Severity.ERROR
    summary = "a command passed to a broadcast API"
    invalid = (
        Example(
            "a command published",
            {
                "shop/commands.py": "class Command: ...\nclass ProcessPayment(Command): ...\n",
                "shop/service.py": (
                    "from shop.commands import ProcessPayment\n"
                    "def pay(bus, order_id):\n"
                    "    cmd = ProcessPayment(order_id)\n"
                    "    bus.publish(cmd)  # expect: BUS005\n"
                ),
            },
        ),
    )
    valid = (
        Example(
            "a command sent and an event published",
            {
                "shop/commands.py": "class Command: ...\nclass ProcessPayment(Command): ...\n",
                "shop/events.py": "class Event: ...\nclass OrderPaid(Event): ...\n",
                "shop/service.py": (
                    "from shop.commands import ProcessPayment\n"
                    "from shop.events import OrderPaid\n"
                    "def pay(bus, order_id):\n"
                    "    bus.send(ProcessPayment(order_id))\n"
                    "    bus.publish(OrderPaid(order_id))\n"
                ),
            },
        ),
    )

    def check(self, graph: MessageGraph) -> Iterator[Finding]:
        for message in graph.addressables(Kind.COMMAND):
            for edge in graph.in_edges(message.id, Relation.EMITS):
                yield self.finding(
                    f"command {message.name} is broadcast with {edge.via}; "
                    "a command goes point-to-point to its one handler",
                    edge.location,
                    (message.id, edge.source),
                    (
                        (
                            message.location,
                            f"{message.name} is a command: {message.evidence[0].text}",
                        ),
                    )
                    if message.location
                    else (),
                )
