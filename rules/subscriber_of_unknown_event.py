"""BUS007: a handler registered for an event that is never emitted, or for a class that is not defined."""

from __future__ import annotations

from collections.abc import Iterator

from analyzer.graph import Addressable, MessageGraph
from analyzer.model import UNDEFINED_MESSAGE, Endpoint, Finding, Kind, Location, Relation, Severity
from rules.base import Example, Rule, where


class SubscriberOfUnknownEvent(Rule):
    """
    ## What it does
    Reports an event that has subscribers but that nothing in the analysed code emits (nor
    any of its subclasses): an orphaned subscriber, a flow that can never run. Also reports a
    handler registered for a class that is not defined anywhere (a name that nothing imports or
    defines, or a missing attribute of a project module such as `events.OrderShiped`). The
    finding is at the first registration and names every subscriber.

    Events from outside the project are not reported: classes from libraries, framework
    signals, and whatever matches the `external` patterns in `[tool.buslint]` (events another
    service publishes). A command or query that is handled but never sent is BUS012's business.

    ## Why is this bad?
    The subscriber is dead code that looks alive: readers believe the flow happens, tests pass
    when they call the handler directly, and in production it never runs. It usually means the
    emitter was removed or renamed, or emits another class than the one subscribed to.

    ## Example
    ```python
    @bus.event_handler(OrderShipped)   # nothing ever emits OrderShipped
    def send_tracking(event: OrderShipped) -> None: ...
    ```

    ## Use instead
    Emit the event where it happens, subscribe to the event that is actually emitted, delete the
    subscriber, or declare the event as coming from elsewhere:
    ```toml
    [tool.buslint]
    external = ["shop.integration.*"]
    ```
    """

    code = "BUS007"
    name = "subscriber-of-unknown-event"
    severity = Severity.WARNING
    summary = "a handler registered for a message that is never emitted or never defined"
    invalid = (
        Example(
            "a subscriber of an event that nothing emits",
            {
                "shop/events.py": "class Event: ...\nclass OrderShipped(Event): ...\n",
                "shop/handlers.py": (
                    "from shop.events import OrderShipped\n"
                    "def send_tracking(event: OrderShipped) -> None: ...\n"
                    "def audit(event: OrderShipped) -> None: ...\n"
                    "EVENT_HANDLERS = {\n"
                    "    OrderShipped: [send_tracking, audit],  # expect: BUS007\n"
                    "}\n"
                ),
            },
        ),
        Example(
            "a handler registered for a class that is not defined",
            {
                "shop/__init__.py": "",
                "shop/events.py": "class Event: ...\nclass OrderShipped(Event): ...\n",
                "shop/handlers.py": (
                    "from shop import events\n"
                    "from shop.bus import bus\n"
                    "@bus.event_handler(events.OrderShiped)  # expect: BUS007\n"
                    "def send_tracking(event) -> None: ...\n"
                ),
                "shop/emit.py": (
                    "from shop.events import OrderShipped\n"
                    "def ship(bus):\n"
                    "    bus.publish(OrderShipped())\n"
                ),
            },
        ),
    )
    valid = (
        Example(
            "an event emitted by an aggregate and subscribed to",
            {
                "shop/events.py": "class Event: ...\nclass OrderShipped(Event): ...\n",
                "shop/model.py": (
                    "from shop.events import OrderShipped\n"
                    "class Order:\n"
                    "    def ship(self):\n"
                    "        self.events.append(OrderShipped())\n"
                ),
                "shop/handlers.py": (
                    "from shop.events import OrderShipped\n"
                    "def send_tracking(event: OrderShipped) -> None: ...\n"
                    "EVENT_HANDLERS = {OrderShipped: [send_tracking]}\n"
                ),
            },
        ),
        Example(
            "a subscriber of a base event whose subclasses are emitted",
            {
                "shop/events.py": (
                    "class Event: ...\n"
                    "class OrderEvent(Event): ...\n"
                    "class OrderPlaced(OrderEvent): ...\n"
                ),
                "shop/handlers.py": (
                    "from shop.events import OrderEvent, OrderPlaced\n"
                    "def record(event: OrderEvent) -> None: ...\n"
                    "EVENT_HANDLERS = {OrderEvent: [record]}\n"
                    "def place(bus):\n"
                    "    bus.publish(OrderPlaced())\n"
                ),
            },
        ),
        Example(
            "framework and configured external events",
            {
                "pyproject.toml": '[tool.buslint]\nexternal = ["shop.integration.*"]\n',
                "shop/integration.py": "class Event: ...\nclass PaymentCaptured(Event): ...\n",
                "shop/handlers.py": (
                    "from shop.integration import PaymentCaptured\n"
                    "from library.auth import UserLoggedIn\n"
                    "from shop.bus import bus\n"
                    "@bus.event_handler(PaymentCaptured)\n"
                    "def mark_paid(event) -> None: ...\n"
                    "@bus.event_handler(UserLoggedIn)\n"
                    "def greet(event) -> None: ...\n"
                ),
            },
        ),
        Example(
            "a handler registered for a class held in a variable is not an undefined class",
            {
                "shop/wiring.py": (
                    "def wire(bus, event_type, handler):\n    bus.subscribe(event_type, handler)\n"
                ),
            },
        ),
    )

    def check(self, graph: MessageGraph) -> Iterator[Finding]:
        for message in graph.addressables():
            if message.kind not in (Kind.EVENT, Kind.UNKNOWN) or graph.is_external(message.id):
                continue
            subscriptions = sorted(
                graph.out_edges(message.id, Relation.SUBSCRIBES), key=lambda e: e.location
            )
            if subscriptions and not _emitted(graph, message):
                yield self._orphaned(graph, message, subscriptions[0].location)
        for unknown in graph.model.unknowns:
            if unknown.reason != UNDEFINED_MESSAGE:
                continue
            for edge in graph.handlers(unknown.id):
                handler = graph.label(edge.target)
                yield self.finding(
                    f"{handler} is registered with {edge.via} for {unknown.text}, which is not "
                    "defined anywhere in the analysed code",
                    edge.location,
                    (unknown.id, edge.target),
                    _handler_site(graph, edge.target),
                )

    def _orphaned(self, graph: MessageGraph, message: Addressable, first: Location) -> Finding:
        related: list[tuple[Location, str]] = []
        names = []
        for endpoint_id in graph.handler_endpoints(message.id):
            names.append(f"{graph.label(endpoint_id)} ({where(_location(graph, endpoint_id))})")
            related.extend(_handler_site(graph, endpoint_id))
        for edge in graph.handlers(message.id):
            if edge.location != first:
                related.append((edge.location, f"also subscribed with {edge.via}"))
        if message.location:
            related.append((message.location, f"{message.name} is defined here"))
        return self.finding(
            f"event {message.name} has subscribers but nothing emits it: {', '.join(names)}; "
            "the flow can never run",
            first,
            (message.id, *graph.handler_endpoints(message.id)),
            tuple(related),
        )


def _emitted(graph: MessageGraph, message: Addressable) -> bool:
    if graph.producers(message.id):
        return True
    return any(graph.producers(sub.id) for sub in graph.subclasses(message.id))


def _location(graph: MessageGraph, endpoint_id: str) -> Location | None:
    node = graph.node(endpoint_id)
    return node.location if isinstance(node, Endpoint) else None


def _handler_site(graph: MessageGraph, endpoint_id: str) -> tuple[tuple[Location, str], ...]:
    location = _location(graph, endpoint_id)
    return ((location, f"handler {graph.label(endpoint_id)}"),) if location else ()
