"""BUS001: a command handled by more than one endpoint."""

from __future__ import annotations

from collections.abc import Iterator

from analyzer.graph import MessageGraph
from analyzer.model import (
    PAYLOAD_REF,
    Channel,
    Edge,
    Endpoint,
    Finding,
    Kind,
    Location,
    Message,
    Relation,
    Severity,
)
from rules.base import Example, Rule, where


class CommandWithMultipleHandlers(Rule):
    """
    ## What it does
    Reports a command that more than one function, method or handler class handles, wherever
    the handlers are registered (a registry dict, a decorator, a registration call, a handler
    base class, a queue it is sent through). The finding lists every handler. A queue of
    commands with several consumers is reported too; when a command sent through it has those
    consumers as its handlers, that is one finding, on the command class (on the queue when the
    command is a payload named only where it is sent). The subscribers
    of a broadcast channel (a fanout exchange, a topic) that a command is published to are not
    counted: that one mistake is BUS005.

    ## Why is this bad?
    A command is a request addressed to exactly one recipient that owns the decision. With two
    handlers the work is done twice or the outcome depends on registration order, and nobody
    owns the result.

    ## Example
    ```python
    COMMAND_HANDLERS = {PlaceOrder: [place_order, reserve_stock]}
    ```

    ## Use instead
    One handler per command; let it emit an event (`OrderPlaced`) that the other parties
    subscribe to.
    ```python
    COMMAND_HANDLERS = {PlaceOrder: place_order}
    EVENT_HANDLERS = {OrderPlaced: [reserve_stock]}
    ```
    """

    code = "BUS001"
    name = "command-with-multiple-handlers"
    severity = Severity.ERROR
    summary = "a command handled by more than one endpoint"
    invalid = (
        Example(
            "two decorated handlers of one command",
            {
                "shop/commands.py": (
                    "from dataclasses import dataclass\n"
                    "class Command: ...\n"
                    "@dataclass(frozen=True)\n"
                    "class PlaceOrder(Command):  # expect: BUS001\n"
                    "    order_id: str\n"
                ),
                "shop/handlers.py": (
                    "from shop.bus import bus\n"
                    "from shop.commands import PlaceOrder\n"
                    "@bus.command_handler(PlaceOrder)\n"
                    "def place(cmd): ...\n"
                    "@bus.command_handler(PlaceOrder)\n"
                    "def also_place(cmd): ...\n"
                ),
            },
        ),
    )
    valid = (
        Example(
            "a handler class registered by instance is one handler",
            {
                "shop/commands.py": "class Command: ...\nclass PlaceOrder(Command): ...\n",
                "shop/handlers.py": (
                    "from shop.commands import PlaceOrder\n"
                    "class CommandHandler: ...\n"
                    "class PlaceOrderHandler(CommandHandler[PlaceOrder]):\n"
                    "    def handle(self, cmd: PlaceOrder) -> None: ...\n"
                ),
                "shop/bootstrap.py": (
                    "from shop.commands import PlaceOrder\n"
                    "from shop.handlers import PlaceOrderHandler\n"
                    "def wire(bus, repo):\n"
                    "    bus.register(PlaceOrder, PlaceOrderHandler(repo))\n"
                ),
            },
        ),
        Example(
            "an event with several subscribers",
            {
                "shop/events.py": "class Event: ...\nclass OrderPlaced(Event): ...\n",
                "shop/handlers.py": (
                    "from shop import events\n"
                    "def email(e): ...\n"
                    "def stock(e): ...\n"
                    "EVENT_HANDLERS = {events.OrderPlaced: [email, stock]}\n"
                ),
            },
        ),
    )

    def check(self, graph: MessageGraph) -> Iterator[Finding]:
        handled: dict[str, dict[str, Location]] = {}  # command or queue → its handlers' sites
        for message in graph.addressables(Kind.COMMAND):
            first_site: dict[str, Location] = {}
            for edge in _own_handlers(graph, message.id):
                first_site.setdefault(edge.target, edge.location)
            if len(first_site) >= 2:
                handled[message.id] = first_site
        said_elsewhere = _said_elsewhere(graph, handled)
        for message in graph.addressables(Kind.COMMAND):
            if message.id not in handled or message.id in said_elsewhere:
                continue
            first_site = handled[message.id]
            related: list[tuple[Location, str]] = []
            names = []
            for target, site in first_site.items():
                node = graph.node(target)
                label = graph.label(target)
                names.append(f"{label} ({where(site)})")
                location = node.location if isinstance(node, Endpoint) and node.location else site
                related.append((location, f"handler {label}"))
                if location != site:
                    related.append((site, f"{label} registered here"))
            yield self.finding(
                f"command {message.name} has {len(first_site)} handlers: {', '.join(names)}; "
                "a command must have exactly one",
                message.location or next(iter(first_site.values())),
                (message.id, *first_site),
                tuple(related),
            )


def _said_elsewhere(graph: MessageGraph, handled: dict[str, dict[str, Location]]) -> set[str]:
    """One cause, one finding: a command sent through a queue whose consumers are the command's
    handlers is reported once, on the command class (or, for a payload named only at the send
    site, on the queue, which is declared somewhere)."""
    dropped: set[str] = set()
    for channel in graph.channels(Kind.COMMAND):
        consumers = handled.get(channel.id)
        if consumers is None:
            continue
        for route in graph.in_edges(channel.id, Relation.ROUTES):
            if set(consumers) <= set(handled.get(route.source, {})):
                node = graph.node(route.source)
                payload = isinstance(node, Message) and node.qualname.startswith(PAYLOAD_REF)
                dropped.add(route.source if payload else channel.id)
    return dropped


def _own_handlers(graph: MessageGraph, message_id: str) -> list[Edge]:
    """The message's registrations, without the subscribers of the broadcast channels it is
    published to (BUS005 reports the broadcast; they are not more handlers of the command)."""
    registrations = graph.handlers(message_id)
    if not graph.in_edges(message_id, Relation.EMITS):
        return registrations
    broadcast = {
        route.target
        for route in graph.out_edges(message_id, Relation.ROUTES)
        if isinstance(channel := graph.node(route.target), Channel) and channel.kind is Kind.EVENT
    }
    return [edge for edge in registrations if edge.source not in broadcast]


def _said_of_a_message(
    graph: MessageGraph,
    channel: Channel,
    handlers: dict[str, Location],
    reported: dict[str, set[str]],
) -> bool:
    """True when a command routed through the channel was reported with all of its handlers:
    a queue with two consumers of one command is one finding, on the command."""
    return any(
        set(handlers) <= reported.get(route.source, set())
        for route in graph.in_edges(channel.id, Relation.ROUTES)
    )
