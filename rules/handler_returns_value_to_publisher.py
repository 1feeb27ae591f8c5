"""BUS019: code that uses the return value of a broadcast."""

from __future__ import annotations

from collections.abc import Iterator

from analyzer.graph import MessageGraph
from analyzer.model import Endpoint, Finding, Location, Message, Relation, Severity
from rules.base import Example, Rule


class HandlerReturnsValueToPublisher(Rule):
    """
    ## What it does
    Reports code that uses what a broadcast returns: `results = bus.publish(event)`,
    `if bus.emit(e): …`, `len(await bus.publish(e))`. An event is published to zero, one or
    many subscribers; code that reads the result relies on what they return. A call whose
    result is discarded, or returned as is to the caller (a thin wrapper), is fine. Sending a
    command and using its one handler's answer is not this rule's business, and neither is a
    neutral call (`db.query(Run)`) that only the name of what it is given would make a
    broadcast.

    ## Why is this bad?
    The publisher of an event must not depend on who listens: adding, removing or reordering a
    subscriber would change the publisher's behaviour, and a subscriber moved to a queue
    returns nothing at all. The event has quietly become a request.

    ## Example
    ```python
    replies = bus.publish(OrderPlaced(order_id))
    if all(replies): ...
    ```

    ## Use instead
    Send a command to the one handler whose answer you need, or let the subscribers emit
    their own events that you react to.
    """

    code = "BUS019"
    name = "handler-returns-value-to-publisher"
    severity = Severity.WARNING
    summary = "code that uses the return value of a broadcast"
    invalid = (
        Example(
            "publish results assigned and tested",
            {
                "shop/events.py": "class Event: ...\nclass OrderPlaced(Event): ...\n",
                "shop/handlers.py": (
                    "from shop.events import OrderPlaced\n"
                    "def confirm(event: OrderPlaced) -> bool:\n"
                    "    return True\n"
                    "EVENT_HANDLERS = {OrderPlaced: [confirm]}\n"
                ),
                "shop/api.py": (
                    "from shop.events import OrderPlaced\n"
                    "async def place(bus):\n"
                    "    replies = bus.publish(OrderPlaced())  # expect: BUS019\n"
                    "    if await bus.emit(OrderPlaced()):  # expect: BUS019\n"
                    "        return replies\n"
                ),
            },
        ),
    )
    valid = (
        Example(
            "a discarded publish, a wrapper returning it, a command's answer used",
            {
                "shop/events.py": "class Event: ...\nclass OrderPlaced(Event): ...\n",
                "shop/commands.py": "class Command: ...\nclass QuoteOrder(Command): ...\n",
                "shop/api.py": (
                    "from shop.events import OrderPlaced\n"
                    "from shop.commands import QuoteOrder\n"
                    "async def place(bus):\n"
                    "    bus.publish(OrderPlaced())\n"
                    "    await bus.emit(OrderPlaced())\n"
                    "    price = bus.send(QuoteOrder())\n"
                    "    return price\n"
                    "def publish_placed(bus):\n"
                    "    return bus.publish(OrderPlaced())\n"
                ),
            },
        ),
    )

    def check(self, graph: MessageGraph) -> Iterator[Finding]:
        for edge in sorted(graph.edges(Relation.EMITS), key=lambda e: e.location):
            if not edge.result_used:
                continue
            node = graph.node(edge.target)
            if isinstance(node, Message) and not node.kind_settled:
                continue  # a neutral call (`db.query(Run)`) read as a broadcast on a name alone
            name = node.name if isinstance(node, Message) else graph.label(edge.target)
            related: list[tuple[Location, str]] = []
            for registration in graph.handlers(edge.target):
                handler = graph.node(registration.target)
                if isinstance(handler, Endpoint) and handler.location:
                    related.append((handler.location, f"subscriber {handler.qualname}"))
            count = len(graph.handler_endpoints(edge.target))
            listeners = f"{count} subscriber{'s' if count != 1 else ''}"
            yield self.finding(
                f"{graph.label(edge.source)} uses the result of {edge.via}({name}); a broadcast "
                f"goes to any number of subscribers ({listeners} now) and returns nothing the "
                "publisher may rely on",
                edge.location,
                (edge.target, edge.source),
                tuple(related),
            )
