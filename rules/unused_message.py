"""BUS012: a message defined but never sent and never handled, or handled but never sent."""

from __future__ import annotations

from collections.abc import Iterator

from analyzer.graph import Addressable, MessageGraph
from analyzer.model import Channel, Endpoint, Finding, Kind, Location, Message, Relation, Severity
from rules.base import Example, Rule, where


class UnusedMessage(Rule):
    """
    ## What it does
    Reports a message class defined in the project that nothing sends, emits or handles. Also
    reports a command (or query, or message of undecided kind) that has a handler but that
    nothing in the analysed code ever sends: dead code on the receiving side. The finding is at
    the definition and names the handlers. An event with subscribers but no emitter is BUS007.

    Not reported: base classes whose subclasses are used, value objects used as fields of other
    messages, classes from libraries, messages matching the `external` patterns of
    `[tool.buslint]` (sent by another service or a framework), and nameko RPC methods (a
    service's public interface, called by clients outside the analysed code).

    ## Why is this bad?
    An unused message is a promise the code does not keep: readers look for who sends it and
    who reacts, and find nobody. A handler of a command nobody sends is untested in production
    and rots while it looks important.

    ## Example
    ```python
    class ArchiveOrder(Command): ...          # never sent, never handled

    COMMAND_HANDLERS = {RecalculatePrices: recalculate}   # nothing sends RecalculatePrices
    ```

    ## Use instead
    Delete the message (and its handler), or wire up the code that sends it. Messages that
    arrive from elsewhere go in `external = ["shop.integration.*"]`.
    """

    code = "BUS012"
    name = "unused-message"
    severity = Severity.INFO
    summary = "a message defined but never sent and never handled, or handled but never sent"
    invalid = (
        Example(
            "a command nobody uses and a command only handled",
            {
                "shop/commands.py": (
                    "class Command: ...\n"
                    "class ArchiveOrder(Command): ...  # expect: BUS012\n"
                    "class RecalculatePrices(Command): ...  # expect: BUS012\n"
                ),
                "shop/handlers.py": (
                    "from shop.commands import RecalculatePrices\n"
                    "def recalculate(cmd: RecalculatePrices) -> None: ...\n"
                    "COMMAND_HANDLERS = {RecalculatePrices: recalculate}\n"
                ),
            },
        ),
    )
    valid = (
        Example(
            "sent and handled messages, a base class, a value object, an external message",
            {
                "pyproject.toml": '[tool.buslint]\nexternal = ["shop.integration.*"]\n',
                "shop/commands.py": (
                    "from dataclasses import dataclass\n"
                    "class Command: ...\n"
                    "class OrderCommand(Command): ...\n"
                    "class PlaceOrder(OrderCommand):\n"
                    "    address: Address\n"
                    "@dataclass(frozen=True)\n"
                    "class Address:\n"
                    "    street: str\n"
                ),
                "shop/integration.py": "class Command: ...\nclass SyncCatalogue(Command): ...\n",
                "shop/handlers.py": (
                    "from shop.commands import OrderCommand, PlaceOrder\n"
                    "from shop.integration import SyncCatalogue\n"
                    "def place(cmd: PlaceOrder) -> None: ...\n"
                    "def sync(cmd: SyncCatalogue) -> None: ...\n"
                    "def audit(cmd: OrderCommand) -> None: ...\n"
                    "COMMAND_HANDLERS = {PlaceOrder: place, SyncCatalogue: sync, OrderCommand: audit}\n"
                    "def api(bus):\n"
                    "    bus.send(PlaceOrder())\n"
                ),
            },
        ),
        Example(
            "an event emitted with no subscriber yet is not unused",
            {
                "shop/events.py": "class Event: ...\nclass OrderPlaced(Event): ...\n",
                "shop/api.py": (
                    "from shop.events import OrderPlaced\n"
                    "def place(bus):\n"
                    "    bus.publish(OrderPlaced())\n"
                ),
            },
        ),
    )

    def check(self, graph: MessageGraph) -> Iterator[Finding]:
        for message in graph.addressables():
            if message.location is None or graph.is_external(message.id):
                continue
            if isinstance(message, Message) and graph.is_field_type(message):
                continue
            if _produced(graph, message):
                continue
            registrations = graph.handlers(message.id)
            if not registrations:
                if not graph.subclasses(message.id):
                    yield self.finding(
                        f"{_kind(message)} {message.name} is defined but nothing sends, emits or "
                        "handles it",
                        message.location,
                        (message.id,),
                    )
                continue
            if message.kind is Kind.EVENT or graph.out_edges(message.id, Relation.SUBSCRIBES):
                continue  # an orphaned subscriber: BUS007
            if isinstance(message, Channel) and message.transport in PUBLIC_TRANSPORTS:
                continue  # a service's public interface, called from outside the analysed code
            yield self._handled_only(graph, message, message.location)

    def _handled_only(
        self, graph: MessageGraph, message: Addressable, location: Location
    ) -> Finding:
        names = []
        related: list[tuple[Location, str]] = []
        for edge in graph.handlers(message.id):
            node = graph.node(edge.target)
            site = node.location if isinstance(node, Endpoint) and node.location else edge.location
            names.append(f"{graph.label(edge.target)} ({where(site)})")
            related.append((edge.location, f"registered with {edge.via}"))
        return self.finding(
            f"{_kind(message)} {message.name} is handled by {', '.join(dict.fromkeys(names))} but "
            "nothing sends it",
            location,
            (message.id, *graph.handler_endpoints(message.id)),
            tuple(related),
        )


PUBLIC_TRANSPORTS = frozenset({"nameko-rpc"})
"""Channels that are a service's public API: clients elsewhere call them, so never-sent is normal."""


def _produced(graph: MessageGraph, message: Addressable) -> bool:
    if graph.producers(message.id):
        return True
    return any(graph.producers(sub.id) for sub in graph.subclasses(message.id))


def _kind(message: Addressable) -> str:
    return message.kind.value if message.kind is not Kind.UNKNOWN else "message"
