"""BUS014: with contexts configured, a command handled outside the context that defines it."""

from __future__ import annotations

from collections.abc import Iterator

from analyzer.graph import MessageGraph
from analyzer.model import Endpoint, Finding, Kind, Location, Severity
from rules.base import Example, Rule, where

CONTEXTS = '[tool.buslint.contexts]\nordering = ["shop.ordering.*"]\nbilling = ["shop.billing.*"]\n'


class CommandHandledOutsideOwner(Rule):
    """
    ## What it does
    With bounded contexts configured in `[tool.buslint.contexts]` (a context name → module
    patterns, like import-linter's layers), reports a command whose handler lives in another
    context than the one that defines the command. Commands defined, or handled, in modules
    outside every configured context are not judged. Without `contexts` the rule is silent.

    ```toml
    [tool.buslint.contexts]
    ordering = ["shop.ordering.*"]
    billing = ["shop.billing.*"]
    ```

    ## Why is this bad?
    A command is a request to the one context that owns the decision. When another context
    handles it, that context reaches into the owner's model, and the boundary exists only on
    paper: the owner cannot change its rules without breaking someone else's code.

    ## Example
    ```python
    # shop/billing/handlers.py
    @bus.command_handler(ordering.commands.CancelOrder)
    def cancel_order(cmd): ...
    ```

    ## Use instead
    Handle the command in its owning context; let billing react to the outcome event
    (`OrderCancelled`), or give billing its own command (`RefundPayment`).
    """

    code = "BUS014"
    name = "command-handled-outside-owner"
    severity = Severity.WARNING
    summary = "with contexts configured: a command handled outside the context that defines it"
    invalid = (
        Example(
            "billing handles an ordering command",
            {
                "pyproject.toml": CONTEXTS,
                "shop/ordering/commands.py": "class Command: ...\nclass CancelOrder(Command): ...\n",
                "shop/billing/handlers.py": (
                    "from shop.ordering.commands import CancelOrder\n"
                    "def cancel_order(cmd: CancelOrder) -> None:  # expect: BUS014\n"
                    "    ...\n"
                    "COMMAND_HANDLERS = {CancelOrder: cancel_order}\n"
                ),
            },
        ),
    )
    valid = (
        Example(
            "a command handled at home, sent from another context, and subscribed events",
            {
                "pyproject.toml": CONTEXTS,
                "shop/ordering/commands.py": "class Command: ...\nclass CancelOrder(Command): ...\n",
                "shop/ordering/events.py": "class Event: ...\nclass OrderCancelled(Event): ...\n",
                "shop/ordering/handlers.py": (
                    "from shop.ordering.commands import CancelOrder\n"
                    "from shop.ordering.events import OrderCancelled\n"
                    "def cancel_order(cmd: CancelOrder, bus) -> None:\n"
                    "    bus.publish(OrderCancelled())\n"
                    "COMMAND_HANDLERS = {CancelOrder: cancel_order}\n"
                ),
                "shop/billing/handlers.py": (
                    "from shop.ordering.commands import CancelOrder\n"
                    "from shop.ordering.events import OrderCancelled\n"
                    "def refund(event: OrderCancelled, bus) -> None:\n"
                    "    bus.send(CancelOrder())\n"
                    "EVENT_HANDLERS = {OrderCancelled: [refund]}\n"
                ),
            },
        ),
        Example(
            "no contexts configured",
            {
                "shop/ordering/commands.py": "class Command: ...\nclass CancelOrder(Command): ...\n",
                "shop/billing/handlers.py": (
                    "from shop.ordering.commands import CancelOrder\n"
                    "def cancel_order(cmd: CancelOrder) -> None: ...\n"
                    "COMMAND_HANDLERS = {CancelOrder: cancel_order}\n"
                ),
            },
        ),
    )

    def check(self, graph: MessageGraph) -> Iterator[Finding]:
        if not graph.contexts:
            return
        for message in graph.addressables(Kind.COMMAND):
            owner = graph.context(message.id)
            if owner is None or graph.is_external(message.id):
                continue
            seen: set[str] = set()
            for edge in graph.handlers(message.id):
                context = graph.context(edge.target)
                if context is None or context == owner or edge.target in seen:
                    continue
                seen.add(edge.target)
                node = graph.node(edge.target)
                site = node.location if isinstance(node, Endpoint) and node.location else None
                related: list[tuple[Location, str]] = []
                if site is not None and site != edge.location:
                    related.append((edge.location, f"registered with {edge.via}"))
                if message.location:
                    related.append((message.location, f"{message.name} is defined in {owner}"))
                yield self.finding(
                    f"command {message.name} belongs to context {owner} "
                    f"({where(message.location)}) but is handled in context {context} by "
                    f"{graph.label(edge.target)}; a command is handled by the context that owns it",
                    site or edge.location,
                    (message.id, edge.target),
                    tuple(related),
                )
