"""BUS017: with contexts configured, an event emitted by a context other than the one that defines it."""

from __future__ import annotations

from collections.abc import Iterator

from analyzer.graph import MessageGraph
from analyzer.model import Finding, Kind, Location, Severity
from rules.base import Example, Rule, where

CONTEXTS = '[tool.buslint.contexts]\nordering = ["shop.ordering.*"]\nbilling = ["shop.billing.*"]\n'


class EventEmittedOutsideOwner(Rule):
    """
    ## What it does
    With bounded contexts configured in `[tool.buslint.contexts]`, reports a site that emits
    (or sends) an event defined in another context. The finding is at the emit site and names
    both contexts. Subscribing to another context's events is fine and not reported. Emit sites
    and events in modules outside every configured context are not judged.

    ## Why is this bad?
    An event states a fact about the context that owns it: only `ordering` knows that an order
    was placed. When billing emits `OrderPlaced`, subscribers receive a fact its owner never
    established, and the owner can no longer rely on its own events.

    ## Example
    ```python
    # shop/billing/handlers.py
    bus.publish(ordering.events.OrderPaid(order_id))
    ```

    ## Use instead
    Emit an event of your own context (`PaymentCaptured`) and let the owner react to it and
    emit its fact, or send the owner a command.
    """

    code = "BUS017"
    name = "event-emitted-outside-owner"
    severity = Severity.WARNING
    summary = (
        "with contexts configured: an event emitted by a context other than the one that defines it"
    )
    invalid = (
        Example(
            "billing emits an ordering event",
            {
                "pyproject.toml": CONTEXTS,
                "shop/ordering/events.py": "class Event: ...\nclass OrderPaid(Event): ...\n",
                "shop/billing/handlers.py": (
                    "from shop.ordering.events import OrderPaid\n"
                    "def capture(bus) -> None:\n"
                    "    bus.publish(OrderPaid())  # expect: BUS017\n"
                ),
            },
        ),
    )
    valid = (
        Example(
            "an event emitted at home and subscribed to from another context",
            {
                "pyproject.toml": CONTEXTS,
                "shop/ordering/events.py": "class Event: ...\nclass OrderPaid(Event): ...\n",
                "shop/ordering/model.py": (
                    "from shop.ordering.events import OrderPaid\n"
                    "class Order:\n"
                    "    def pay(self):\n"
                    "        self.events.append(OrderPaid())\n"
                ),
                "shop/billing/handlers.py": (
                    "from shop.ordering.events import OrderPaid\n"
                    "def receipt(event: OrderPaid) -> None: ...\n"
                    "EVENT_HANDLERS = {OrderPaid: [receipt]}\n"
                ),
                "shop/scripts.py": (
                    "from shop.ordering.events import OrderPaid\n"
                    "def replay(bus) -> None:\n"
                    "    bus.publish(OrderPaid())\n"
                ),
            },
        ),
    )

    def check(self, graph: MessageGraph) -> Iterator[Finding]:
        if not graph.contexts:
            return
        for message in graph.addressables(Kind.EVENT):
            owner = graph.context(message.id)
            if owner is None or graph.is_external(message.id):
                continue
            for edge in graph.producers(message.id):
                context = graph.context(edge.source)
                if context is None or context == owner:
                    continue
                related: tuple[tuple[Location, str], ...] = ()
                if message.location:
                    related = ((message.location, f"{message.name} is defined in {owner}"),)
                yield self.finding(
                    f"event {message.name} of context {owner} ({where(message.location)}) is "
                    f"emitted with {edge.via} by {graph.label(edge.source)} in context {context}; "
                    "only the owning context states its facts",
                    edge.location,
                    (message.id, edge.source),
                    related,
                )
