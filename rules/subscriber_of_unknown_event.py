"""BUS007: a message or channel that is handled but never produced, or a handler registered for a
class that is not defined."""

from __future__ import annotations

from collections.abc import Iterator

from analyzer.graph import Addressable, MessageGraph
from analyzer.model import UNDEFINED_MESSAGE, Endpoint, Finding, Kind, Location, Relation, Severity
from rules.base import Example, Rule, where


class SubscriberOfUnknownEvent(Rule):
    """
    ## What it does
    Reports a message or a channel that has handlers but that nothing in the analysed code
    produces: an event with subscribers that nothing emits, a command or query with a handler
    that nothing sends, a Celery task nobody calls, an RPC method no client calls, a topic or
    queue nobody publishes to. A message counts as produced when it or one of its subclasses is
    sent or emitted, directly or through a channel it travels on (a channel, when a message
    routed through it is produced). The finding is at the
    message's declaration (at its first registration when it has none) and names every
    handler. Also reports a handler registered for a class that is not defined anywhere (a name
    that nothing imports or defines, or a missing attribute of a project module such as
    `events.OrderShiped`), at the registration.

    Not reported: messages and channels from outside the project (classes from libraries,
    framework signals, and whatever matches the `external` patterns in `[tool.buslint]`:
    produced by another service), and the interface the project offers to callers outside the
    analysed code, declared with the `public` patterns (a service's RPC methods, a topic other
    services publish to). A message that nothing sends nor handles is BUS012; one that is sent
    but not handled, BUS002.

    ## Why is this bad?
    The handler is dead code that looks alive: readers believe the flow happens, tests pass
    when they call the handler directly, and in production it never runs. It usually means the
    producer was removed or renamed, or produces another message than the one handled.

    ## Example
    ```python
    @bus.event_handler(OrderShipped)   # nothing ever emits OrderShipped
    def send_tracking(event: OrderShipped) -> None: ...

    COMMAND_HANDLERS = {RecalculatePrices: recalculate}   # nothing sends RecalculatePrices
    ```

    ## Use instead
    Produce the message where it happens, handle the message that is actually produced, delete
    the handler, or declare what other code produces or calls:
    ```toml
    [tool.buslint]
    external = ["shop.integration.*"]      # produced by another service
    public = ["nameko-rpc:orders.*"]       # our interface, called by other services
    ```
    """

    code = "BUS007"
    name = "subscriber-of-unknown-event"
    severity = Severity.WARNING
    summary = "a message or channel handled but never produced, or a handler of an undefined class"
    invalid = (
        Example(
            "a subscriber of an event that nothing emits",
            {
                "shop/events.py": (
                    "class Event: ...\nclass OrderShipped(Event): ...  # expect: BUS007\n"
                ),
                "shop/handlers.py": (
                    "from shop.events import OrderShipped\n"
                    "def send_tracking(event: OrderShipped) -> None: ...\n"
                    "def audit(event: OrderShipped) -> None: ...\n"
                    "EVENT_HANDLERS = {\n"
                    "    OrderShipped: [send_tracking, audit],\n"
                    "}\n"
                ),
            },
        ),
        Example(
            "a command handled but never sent",
            {
                "shop/commands.py": (
                    "class Command: ...\nclass RecalculatePrices(Command): ...  # expect: BUS007\n"
                ),
                "shop/handlers.py": (
                    "from shop.commands import RecalculatePrices\n"
                    "def recalculate(cmd: RecalculatePrices) -> None: ...\n"
                    "COMMAND_HANDLERS = {RecalculatePrices: recalculate}\n"
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
            "framework and configured external events, and a public interface",
            {
                "pyproject.toml": (
                    '[tool.buslint]\nexternal = ["shop.integration.*"]\npublic = ["shop.api.*"]\n'
                ),
                "shop/integration.py": "class Event: ...\nclass PaymentCaptured(Event): ...\n",
                "shop/api.py": "class Command: ...\nclass ExportCatalogue(Command): ...\n",
                "shop/handlers.py": (
                    "from shop.integration import PaymentCaptured\n"
                    "from shop.api import ExportCatalogue\n"
                    "from library.auth import UserLoggedIn\n"
                    "from shop.bus import bus\n"
                    "@bus.event_handler(PaymentCaptured)\n"
                    "def mark_paid(event) -> None: ...\n"
                    "@bus.event_handler(UserLoggedIn)\n"
                    "def greet(event) -> None: ...\n"
                    "@bus.command_handler(ExportCatalogue)\n"
                    "def export(command) -> None: ...\n"
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
            if graph.is_external(message.id) or graph.is_public(message.id):
                continue
            registrations = graph.handlers(message.id)
            if registrations and not produced(graph, message):
                yield self._dead(graph, message, registrations[0].location)
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

    def _dead(self, graph: MessageGraph, message: Addressable, first: Location) -> Finding:
        related: list[tuple[Location, str]] = []
        names = []
        for endpoint_id in graph.handler_endpoints(message.id):
            names.append(f"{graph.label(endpoint_id)} ({where(_location(graph, endpoint_id))})")
            related.extend(_handler_site(graph, endpoint_id))
        for edge in graph.handlers(message.id):
            if edge.location != message.location:
                related.append((edge.location, f"registered with {edge.via}"))
        handlers = ", ".join(names)
        if message.kind is Kind.EVENT:
            what = f"event {message.name} has subscribers but nothing emits it: {handlers}"
        else:
            kind = message.kind.value if message.kind is not Kind.UNKNOWN else "message"
            what = f"{kind} {message.name} is handled by {handlers} but nothing sends it"
        return self.finding(
            f"{what}; the flow can never run",
            message.location or first,
            (message.id, *graph.handler_endpoints(message.id)),
            tuple(related),
        )


def produced(graph: MessageGraph, message: Addressable) -> bool:
    """True when the message or one of its subclasses is sent or emitted somewhere in the
    analysed code, or something that travels with it: a channel it is routed through, or (for
    a channel) a message class routed through it, which may reach it by ways the code does not
    show (an exchange bound to a queue)."""
    if graph.producers(message.id):
        return True
    if any(graph.producers(sub.id) for sub in graph.subclasses(message.id)):
        return True
    if any(graph.producers(r.target) for r in graph.out_edges(message.id, Relation.ROUTES)):
        return True
    return any(graph.producers(r.source) for r in graph.in_edges(message.id, Relation.ROUTES))


def _location(graph: MessageGraph, endpoint_id: str) -> Location | None:
    node = graph.node(endpoint_id)
    return node.location if isinstance(node, Endpoint) else None


def _handler_site(graph: MessageGraph, endpoint_id: str) -> tuple[tuple[Location, str], ...]:
    location = _location(graph, endpoint_id)
    return ((location, f"handler {graph.label(endpoint_id)}"),) if location else ()
