"""BUS011: a cycle in the message flow: handling A leads, message by message, back to A."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import networkx as nx

from analyzer.graph import MessageGraph, Outcome
from analyzer.model import Edge, Endpoint, Finding, Location, Message, Relation, Severity
from rules.base import Example, Rule, where

MAX_LENGTH = 12
"""Longer cycles are not searched: the search grows quickly with the length."""
MAX_CYCLES = 200
"""At most this many cycles are reported; a graph with more has bigger problems."""


@dataclass(frozen=True)
class _Hop:
    """One step of the flow: `registration` binds the handler, which causes `outcome`."""

    registration: Edge
    outcome: Outcome


class MessageCycle(Rule):
    """
    ## What it does
    Reports a cycle in the message flow: the handler of A sends or emits B, the handler of B
    … sends or emits A again. What a handler causes includes what the functions and methods it
    calls send or emit (a handler calls `order.confirm()`, which appends `OrderConfirmed` to
    `self.events`), followed through calls that resolve statically to a bounded depth. Each
    cycle is reported once, at the site that sends or emits its first message (the
    alphabetically first) again, with the whole path: every message, handler, call and send
    site. A handler that sends its own message again (a retry, a relay to another broker) is
    not reported.

    ## Why is this bad?
    A cycle is a loop nobody wrote as a loop: one message can keep the system busy forever,
    duplicate work on every round, or ping-pong between two services. Even a cycle that a
    condition breaks at run time is fragile: the stop condition lives far from the loop, in
    some handler's `if`.

    ## Example
    ```python
    def reserve_stock(cmd: ReserveStock) -> None:
        bus.publish(StockReserved(cmd.order_id))

    @bus.event_handler(StockReserved)
    def rebalance(event: StockReserved) -> None:
        bus.send(ReserveStock(event.order_id))      # back to ReserveStock
    ```

    ## Use instead
    Break the loop: let the later step react to a different event, make the state change
    idempotent and emit nothing when nothing changed, or model the process explicitly as a
    process manager / saga that knows when it is done.
    """

    code = "BUS011"
    name = "message-cycle"
    severity = Severity.WARNING
    summary = "handling a message leads, message by message, back to the same message"
    invalid = (
        Example(
            "a command and an event that trigger each other, through an aggregate method",
            {
                "shop/commands.py": "class Command: ...\nclass ReserveStock(Command): ...\n",
                "shop/events.py": "class Event: ...\nclass StockReserved(Event): ...\n",
                "shop/model.py": (
                    "from shop.events import StockReserved\n"
                    "class Stock:\n"
                    "    def reserve(self, order_id):\n"
                    "        self.events.append(StockReserved(order_id))\n"
                ),
                "shop/handlers.py": (
                    "from shop.commands import ReserveStock\n"
                    "from shop.events import StockReserved\n"
                    "from shop.model import Stock\n"
                    "def reserve_stock(cmd: ReserveStock, bus) -> None:\n"
                    "    stock = Stock()\n"
                    "    stock.reserve(cmd.order_id)\n"
                    "def rebalance(event: StockReserved, bus) -> None:\n"
                    "    bus.send(ReserveStock(event.order_id))  # expect: BUS011\n"
                    "COMMAND_HANDLERS = {ReserveStock: reserve_stock}\n"
                    "EVENT_HANDLERS = {StockReserved: [rebalance]}\n"
                ),
            },
        ),
        Example(
            "a three-message cycle is reported once",
            {
                "shop/events.py": (
                    "class Event: ...\nclass APlaced(Event): ...\n"
                    "class BPlaced(Event): ...\nclass CPlaced(Event): ...\n"
                ),
                "shop/handlers.py": (
                    "from shop.events import APlaced, BPlaced, CPlaced\n"
                    "def on_a(e: APlaced, bus):\n"
                    "    bus.publish(BPlaced())\n"
                    "def on_b(e: BPlaced, bus):\n"
                    "    bus.publish(CPlaced())\n"
                    "def on_c(e: CPlaced, bus):\n"
                    "    bus.publish(APlaced())  # expect: BUS011\n"
                    "EVENT_HANDLERS = {APlaced: [on_a], BPlaced: [on_b], CPlaced: [on_c]}\n"
                ),
            },
        ),
    )
    valid = (
        Example(
            "a chain that ends: command, event, another command, a final event",
            {
                "shop/commands.py": (
                    "class Command: ...\nclass PlaceOrder(Command): ...\nclass TakePayment(Command): ...\n"
                ),
                "shop/events.py": (
                    "class Event: ...\nclass OrderPlaced(Event): ...\nclass PaymentTaken(Event): ...\n"
                ),
                "shop/handlers.py": (
                    "from shop.commands import PlaceOrder, TakePayment\n"
                    "from shop.events import OrderPlaced, PaymentTaken\n"
                    "def place(cmd: PlaceOrder, bus):\n"
                    "    bus.publish(OrderPlaced())\n"
                    "def pay(event: OrderPlaced, bus):\n"
                    "    bus.send(TakePayment())\n"
                    "def take(cmd: TakePayment, bus):\n"
                    "    bus.publish(PaymentTaken())\n"
                    "def resend_order(bus):\n"
                    "    bus.send(PlaceOrder())\n"
                    "COMMAND_HANDLERS = {PlaceOrder: place, TakePayment: take}\n"
                    "EVENT_HANDLERS = {OrderPlaced: [pay]}\n"
                ),
            },
        ),
        Example(
            "a subscriber that relays its event to another broker, and a command that retries itself",
            {
                "shop/events.py": "class Event: ...\nclass OrderPlaced(Event): ...\n",
                "shop/commands.py": "class Command: ...\nclass ChargeCard(Command): ...\n",
                "shop/handlers.py": (
                    "from shop.commands import ChargeCard\n"
                    "from shop.events import OrderPlaced\n"
                    "def relay(event: OrderPlaced, publisher):\n"
                    "    publisher.publish('orders', event)\n"
                    "def charge(cmd: ChargeCard, bus):\n"
                    "    bus.send(ChargeCard())\n"
                    "EVENT_HANDLERS = {OrderPlaced: [relay]}\n"
                    "COMMAND_HANDLERS = {ChargeCard: charge}\n"
                ),
            },
        ),
        Example(
            "a handler that calls a function which is not a handler of the cycle's message",
            {
                "shop/events.py": "class Event: ...\nclass OrderPlaced(Event): ...\n",
                "shop/service.py": (
                    "from shop.events import OrderPlaced\n"
                    "def place(bus):\n"
                    "    bus.publish(OrderPlaced())\n"
                    "def audit(event: OrderPlaced):\n"
                    "    return None\n"
                    "EVENT_HANDLERS = {OrderPlaced: [audit]}\n"
                ),
            },
        ),
    )

    def check(self, graph: MessageGraph) -> Iterator[Finding]:
        flow = _flow(graph)
        cycles = set()
        for cycle in nx.simple_cycles(flow, length_bound=MAX_LENGTH):
            if len(cycle) == 1:
                continue  # a handler resending its own message: a retry or a relay elsewhere
            handlers = {
                flow.edges[a, cycle[(i + 1) % len(cycle)]]["hop"].registration.target
                for i, a in enumerate(cycle)
            }
            if len(handlers) == 1:
                continue  # the same: one handler re-queueing a message on the channel it reads
            start = cycle.index(min(cycle))
            cycles.add(tuple(cycle[start:] + cycle[:start]))
            if len(cycles) >= MAX_CYCLES:
                break
        for cycle in sorted(cycles):
            hops = [flow.edges[a, cycle[(i + 1) % len(cycle)]]["hop"] for i, a in enumerate(cycle)]
            yield self._finding(graph, cycle, hops)

    def _finding(self, graph: MessageGraph, cycle: tuple[str, ...], hops: list[_Hop]) -> Finding:
        steps = []
        related: list[tuple[Location, str]] = []
        for message_id, hop in zip(cycle, hops, strict=True):
            handler = graph.label(hop.registration.target)
            outcome = hop.outcome
            verb = "emits" if outcome.edge.relation is Relation.EMITS else "sends"
            through = "".join(
                f" through {graph.label(call.target)}" for call in outcome.through[-1:]
            )
            target = _name(graph, outcome.edge.target)
            steps.append(
                f"{_name(graph, message_id)} → {handler} ({where(_site(graph, hop))}) {verb} "
                f"{target}{through} ({where(outcome.edge.location)})"
            )
            related.append(
                (hop.registration.location, f"{handler} handles {_name(graph, message_id)}")
            )
            for call in outcome.through:
                related.append((call.location, f"calls {graph.label(call.target)}"))
            related.append((outcome.edge.location, f"{verb} {target}"))
        first = related.pop()  # the site that brings the flow back to the first message
        names = " → ".join(_name(graph, m) for m in (*cycle, cycle[0]))
        return self.finding(
            f"message cycle {names}: "
            + "; ".join(steps)
            + "; the flow comes back to where it started",
            first[0],
            cycle,
            tuple(related),
        )


def _flow(graph: MessageGraph) -> nx.DiGraph:
    """Messages linked A → B when a handler of A causes B, with the first such path on each link."""
    flow = nx.DiGraph()
    for message in graph.addressables():
        for registration in graph.handlers(message.id):
            for outcome in graph.outcomes(registration.target):
                target = outcome.edge.target
                if target.startswith("unknown:") or flow.has_edge(message.id, target):
                    continue
                flow.add_edge(message.id, target, hop=_Hop(registration, outcome))
    return flow


def _name(graph: MessageGraph, node_id: str) -> str:
    node = graph.node(node_id)
    return node.name if isinstance(node, Message) else graph.label(node_id)


def _site(graph: MessageGraph, hop: _Hop) -> Location | None:
    node = graph.node(hop.registration.target)
    if isinstance(node, Endpoint) and node.location:
        return node.location
    return hop.registration.location
