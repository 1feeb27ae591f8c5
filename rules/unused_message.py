"""BUS012: a message defined but never sent, emitted or handled."""

from __future__ import annotations

from collections.abc import Iterator

from analyzer.graph import MessageGraph
from analyzer.model import Finding, Kind, Message, Severity
from rules.base import Example, Rule
from rules.subscriber_of_unknown_event import produced


class UnusedMessage(Rule):
    """
    ## What it does
    Reports a message class (or a channel, such as a signal) defined in the project that nothing
    sends, emits or handles. The
    finding is at the definition. A message that is handled but never produced is BUS007; one
    that is sent but never handled, BUS002: each dead flow is reported once.

    Only messages declared by strong evidence are reported — a message base class, a
    registration, configuration: a class in a module named `commands` or `events` is not a
    message by that alone. Not reported either: base classes whose subclasses are used, value
    objects used as fields of other messages, classes from libraries, and messages matching
    the `external` patterns of `[tool.buslint]` (sent by another service or a framework).

    ## Why is this bad?
    An unused message is a promise the code does not keep: readers look for who sends it and
    who reacts, and find nobody.

    ## Example
    ```python
    class ArchiveOrder(Command): ...          # never sent, never handled
    ```

    ## Use instead
    Delete the message, or wire up the code that sends and handles it. Messages that arrive
    from elsewhere go in `external = ["shop.integration.*"]`.
    """

    code = "BUS012"
    name = "unused-message"
    severity = Severity.INFO
    summary = "a message defined but never sent, emitted or handled"
    invalid = (
        Example(
            "a command nobody uses",
            {
                "shop/commands.py": (
                    "class Command: ...\nclass ArchiveOrder(Command): ...  # expect: BUS012\n"
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
        Example(
            "a class in a module named commands that nothing uses is not a message",
            {
                "shop/commands.py": (
                    "from dataclasses import dataclass\n"
                    "@dataclass\n"
                    "class PlaceOrderResult:\n"
                    "    order_id: str\n"
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
            if graph.handlers(message.id):
                continue
            if produced(graph, message) or graph.subclasses(message.id):
                continue
            kind = message.kind.value if message.kind is not Kind.UNKNOWN else "message"
            yield self.finding(
                f"{kind} {message.name} is defined but nothing sends, emits or handles it",
                message.location,
                (message.id,),
            )
