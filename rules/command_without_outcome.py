"""BUS013: a command handler that emits no event and returns nothing (off by default)."""

from __future__ import annotations

from collections.abc import Iterator

from analyzer.graph import MessageGraph, Outcome
from analyzer.model import Endpoint, Finding, Kind, Message, Relation, Severity
from rules.base import Example, Rule, where


class CommandWithoutOutcome(Rule):
    """
    ## What it does
    Reports a command handler that emits no event — itself or through the functions and
    methods it calls (an aggregate method appending to `self.events` counts) — and returns
    nothing. Off by default: turn it on with `--select BUS013` or
    `severity = { BUS013 = "warning" }`.

    ## Why is this bad?
    A command asks for something to be done; whoever cares about the result (the sender, a
    read model, another context) can only learn it from an outcome event (`PaymentSucceeded`,
    `PaymentFailed`) or a returned value. A handler with neither changes the world silently.

    ## Example
    ```python
    def process_payment(cmd: ProcessPayment, uow) -> None:
        uow.payments.charge(cmd.order_id, cmd.amount)
    ```

    ## Use instead
    ```python
    def process_payment(cmd: ProcessPayment, uow) -> None:
        receipt = uow.payments.charge(cmd.order_id, cmd.amount)
        bus.publish(PaymentSucceeded(cmd.order_id, receipt.amount))
    ```
    """

    code = "BUS013"
    name = "command-without-outcome"
    severity = Severity.OFF
    summary = "a command handler that emits no event and returns nothing"
    invalid = (
        Example(
            "a command handler that only writes",
            {
                "shop/commands.py": "class Command: ...\nclass ProcessPayment(Command): ...\n",
                "shop/handlers.py": (
                    "from shop.commands import ProcessPayment\n"
                    "def process_payment(cmd: ProcessPayment, uow) -> None:  # expect: BUS013\n"
                    "    uow.payments.charge(cmd)\n"
                    "    return None\n"
                    "COMMAND_HANDLERS = {ProcessPayment: process_payment}\n"
                ),
            },
        ),
    )
    valid = (
        Example(
            "outcomes: an event emitted, one emitted by an aggregate method, a returned value",
            {
                "shop/commands.py": (
                    "class Command: ...\nclass ProcessPayment(Command): ...\n"
                    "class PlaceOrder(Command): ...\nclass QuoteShipping(Command): ...\n"
                ),
                "shop/events.py": (
                    "class Event: ...\nclass PaymentSucceeded(Event): ...\nclass OrderPlaced(Event): ...\n"
                ),
                "shop/model.py": (
                    "from shop.events import OrderPlaced\n"
                    "class Order:\n"
                    "    def __init__(self):\n"
                    "        self.events = []\n"
                    "    def place(self):\n"
                    "        self.events.append(OrderPlaced())\n"
                ),
                "shop/handlers.py": (
                    "from shop.commands import PlaceOrder, ProcessPayment, QuoteShipping\n"
                    "from shop.events import PaymentSucceeded\n"
                    "from shop.model import Order\n"
                    "def process_payment(cmd: ProcessPayment, bus) -> None:\n"
                    "    bus.publish(PaymentSucceeded())\n"
                    "def place_order(cmd: PlaceOrder) -> None:\n"
                    "    order = Order()\n"
                    "    order.place()\n"
                    "def quote(cmd: QuoteShipping) -> int:\n"
                    "    return 12\n"
                    "COMMAND_HANDLERS = {\n"
                    "    ProcessPayment: process_payment,\n"
                    "    PlaceOrder: place_order,\n"
                    "    QuoteShipping: quote,\n"
                    "}\n"
                ),
            },
        ),
        Example(
            "an event subscriber that emits nothing is not this rule's business",
            {
                "shop/events.py": "class Event: ...\nclass OrderPlaced(Event): ...\n",
                "shop/handlers.py": (
                    "from shop.events import OrderPlaced\n"
                    "def email(event: OrderPlaced) -> None: ...\n"
                    "EVENT_HANDLERS = {OrderPlaced: [email]}\n"
                ),
            },
        ),
    )

    def check(self, graph: MessageGraph) -> Iterator[Finding]:
        for message in graph.addressables(Kind.COMMAND, settled=True):
            seen: set[str] = set()
            for edge in graph.handlers(message.id):
                endpoint = graph.node(edge.target)
                if not isinstance(endpoint, Endpoint) or endpoint.external or endpoint.id in seen:
                    continue
                seen.add(endpoint.id)
                if endpoint.location is None or endpoint.returns_value:
                    continue
                if any(_is_event(graph, o) for o in graph.outcomes(endpoint.id)):
                    continue
                yield self.finding(
                    f"command handler {endpoint.qualname} of {message.name} emits no event and "
                    f"returns nothing, so nobody learns the outcome (registered with {edge.via} "
                    f"at {where(edge.location)})",
                    endpoint.location,
                    (message.id, endpoint.id),
                    ((edge.location, f"handles {message.name}"),),
                )


def _is_event(graph: MessageGraph, outcome: Outcome) -> bool:
    if outcome.edge.relation is Relation.EMITS:
        return True
    node = graph.node(outcome.edge.target)
    return isinstance(node, Message) and node.kind is Kind.EVENT
