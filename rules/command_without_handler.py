"""BUS002: a command that is sent but that nothing handles."""

from __future__ import annotations

from collections.abc import Iterator

from analyzer.graph import MessageGraph
from analyzer.model import Finding, Kind, Severity
from rules.base import Example, Rule, defined


class CommandWithoutHandler(Rule):
    """
    ## What it does
    Reports a command that some code sends (or emits) but that no function, method or handler
    class in the analysed code handles. The finding is at the first send site and lists the
    others.

    ## Why is this bad?
    A command is a request that must reach its one recipient. With no handler it fails at run
    time (`KeyError` in a registry, a message stuck in a queue until it expires), or, worse, is
    dropped silently.

    ## Example
    ```python
    bus.handle(CancelOrder(order_id))   # nothing registers a handler for CancelOrder
    ```

    ## Use instead
    Register exactly one handler for the command, or delete the send if the feature is gone.
    ```python
    @bus.command_handler(CancelOrder)
    def cancel_order(cmd: CancelOrder) -> None: ...
    ```
    """

    code = "BUS002"
    name = "command-without-handler"
    severity = Severity.ERROR
    summary = "a command that is sent but that nothing handles"
    invalid = (
        Example(
            "a command sent through the bus with no handler",
            {
                "shop/commands.py": "class Command: ...\nclass CancelOrder(Command): ...\n",
                "shop/api.py": (
                    "from shop.commands import CancelOrder\n"
                    "def cancel(bus, order_id):\n"
                    "    bus.handle(CancelOrder(order_id))  # expect: BUS002\n"
                ),
            },
        ),
    )
    valid = (
        Example(
            "a command with its handler in a registry",
            {
                "shop/commands.py": "class Command: ...\nclass CancelOrder(Command): ...\n",
                "shop/api.py": (
                    "from shop import commands\n"
                    "def cancel(bus, order_id):\n"
                    "    cmd = commands.CancelOrder(order_id)\n"
                    "    bus.handle(cmd)\n"
                    "def cancel_order(cmd): ...\n"
                    "COMMAND_HANDLERS = {commands.CancelOrder: cancel_order}\n"
                ),
            },
        ),
        Example(
            "a command defined but never sent is not this rule's business",
            {"shop/commands.py": "class Command: ...\nclass CancelOrder(Command): ...\n"},
        ),
    )

    def check(self, graph: MessageGraph) -> Iterator[Finding]:
        for message in graph.addressables(Kind.COMMAND):
            producers = graph.producers(message.id)
            if not producers or graph.handlers(message.id):
                continue
            first, *others = producers
            related = tuple((edge.location, f"also sent with {edge.via}") for edge in others)
            if message.location:
                related += ((message.location, f"{message.name} is defined here"),)
            also = f" (sent at {len(producers)} sites)" if others else ""
            yield self.finding(
                f"command {message.name} is sent with {first.via} but nothing handles it{also}; "
                f"{defined(message)}",
                first.location,
                (message.id,),
                related,
            )
