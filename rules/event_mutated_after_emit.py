"""BUS003: an event object changed after it was emitted, or changed by a subscriber."""

from __future__ import annotations

from collections.abc import Iterator

from analyzer.graph import INBOUND, OUTBOUND, MessageGraph
from analyzer.model import Endpoint, Finding, Kind, Severity
from rules.base import Example, Rule


class EventMutatedAfterEmit(Rule):
    """
    ## What it does
    Reports an event object that is changed in place after it was emitted, in the same
    function: an attribute or augmented assignment, `del`, `setattr`, or a mutating method call
    (`append`, `extend`, `update`, `add`, `pop`, `clear`, `remove`, `insert`…) on the event or
    on one of its attributes, also through a local alias. It also reports a subscriber that
    changes the event it received. A message that only its module's name or its own name
    calls an event is not judged.

    ## Why is this bad?
    An event is a fact that already happened. Subscribers may run later, in another thread or
    process, or already hold the same object: a change after the emit rewrites history for some
    of them and not for others.

    ## Example
    ```python
    event = OrderPlaced(order_id, lines=[])
    bus.publish(event)
    event.lines.append(extra)
    ```

    ## Use instead
    Build the event complete, then emit it; emit a new event for what happened next.
    ```python
    bus.publish(OrderPlaced(order_id, lines=[*lines, extra]))
    ```
    """

    code = "BUS003"
    name = "event-mutated-after-emit"
    severity = Severity.ERROR
    summary = "an event changed after it was emitted, or by a subscriber that received it"
    invalid = (
        Example(
            "an attribute set after publishing, through an alias",
            {
                "shop/events.py": "class Event: ...\nclass OrderPlaced(Event): ...\n",
                "shop/service.py": (
                    "from shop.events import OrderPlaced\n"
                    "def place(bus, order_id):\n"
                    "    event = OrderPlaced(order_id)\n"
                    "    same = event\n"
                    "    bus.publish(event)\n"
                    "    same.status = 'late'  # expect: BUS003\n"
                ),
            },
        ),
        Example(
            "a subscriber that changes the event it received",
            {
                "shop/events.py": "class Event: ...\nclass OrderPlaced(Event): ...\n",
                "shop/handlers.py": (
                    "from shop.events import OrderPlaced\n"
                    "def audit(event: OrderPlaced) -> None:\n"
                    "    event.lines.clear()  # expect: BUS003\n"
                    "EVENT_HANDLERS = {OrderPlaced: [audit]}\n"
                ),
            },
        ),
    )
    valid = (
        Example(
            "a non-event object changed after a publish call",
            {
                "shop/events.py": "class Event: ...\nclass OrderPlaced(Event): ...\n",
                "shop/service.py": (
                    "from shop.events import OrderPlaced\n"
                    "def place(bus, order):\n"
                    "    event = OrderPlaced(order.id)\n"
                    "    bus.publish(event)\n"
                    "    order.status = 'placed'\n"
                    "    event = OrderPlaced(order.id)\n"
                    "    event.note = 'built before its own emit'\n"
                ),
            },
        ),
        Example(
            "a command handler that changes its command object is not this rule's business",
            {
                "shop/commands.py": "class Command: ...\nclass PlaceOrder(Command): ...\n",
                "shop/handlers.py": (
                    "from shop.commands import PlaceOrder\n"
                    "def place(cmd: PlaceOrder) -> None:\n"
                    "    cmd.seen = True\n"
                    "COMMAND_HANDLERS = {PlaceOrder: place}\n"
                ),
            },
        ),
    )

    def check(self, graph: MessageGraph) -> Iterator[Finding]:
        for message in graph.addressables(Kind.EVENT, settled=True):
            for edge in graph.in_edges(message.id, *OUTBOUND):
                for change in edge.mutated_after:
                    yield self.finding(
                        f"event {message.name} is changed ({change.what}) after it was emitted "
                        f"with {edge.via} on line {edge.location.line}; events are immutable facts",
                        change.location,
                        (message.id, edge.source),
                        ((edge.location, f"{message.name} emitted here"),),
                    )
            seen: set[str] = set()
            for edge in graph.out_edges(message.id, *INBOUND):
                endpoint = graph.node(edge.target)
                if not isinstance(endpoint, Endpoint) or endpoint.id in seen:
                    continue
                seen.add(endpoint.id)
                for change in endpoint.param_mutations:
                    yield self.finding(
                        f"subscriber {endpoint.qualname} changes the {message.name} event it "
                        f"received ({change.what}); other subscribers see the change",
                        change.location,
                        (message.id, endpoint.id),
                        ((edge.location, "subscribed here"),),
                    )
