"""BUS009: an event whose name is not in the past tense."""

from __future__ import annotations

import fnmatch
from collections.abc import Iterator

from analyzer.config import Config
from analyzer.graph import Addressable, MessageGraph
from analyzer.link.verbs import not_past_tense
from analyzer.model import Channel, Finding, Kind, Severity
from rules.base import Example, Rule


class EventNameNotPastTense(Rule):
    """
    ## What it does
    Reports an event whose class name (or EventBridge detail type) does not read as something
    that already happened: no word of it, once the suffixes `…Event`, `…DomainEvent`,
    `…IntegrationEvent`, `…Notification` and version numbers are dropped, is a past tense or a
    past participle, wherever it stands (`OrderPlaced`, `UserSignedUp`, `UserBecameActive`,
    `HighestBidderWasOutbid`, `ItemAddedToCart`). The verbs and their forms, regular and
    irregular, come from an English lexicon (the SPECIALIST lexicon, through lemminflect); a
    word it does not know counts as past when it ends in -ed (`ListingUpserted`).

    Not checked: value objects used as fields of other messages; a message that only its
    module's name or its own name calls an event; channels named by the conventions of their
    transport rather than as classes (a Celery task `elo_calculation`, a Django signal
    `pre_save`, an RPC method). Names the rule gets wrong go in the allow-list (glob patterns
    over the name or the qualified name):
    ```toml
    [tool.buslint.naming]
    allow = ["Heartbeat", "shop.legacy.*"]
    ```

    ## Why is this bad?
    An event is a fact: `OrderPlaced`. A name like `PlaceOrderEvent` or `OrderPlace` reads as a
    request, so readers (and subscribers) take it for a command, expect one handler and an
    answer, and the command/event distinction the code relies on blurs.

    ## Example
    ```python
    class PlaceOrderEvent(Event): ...
    ```

    ## Use instead
    ```python
    class OrderPlaced(Event): ...
    ```
    """

    code = "BUS009"
    name = "event-name-not-past-tense"
    severity = Severity.INFO
    summary = "an event whose name is not in the past tense"
    invalid = (
        Example(
            "an event named like a command, and one named after a noun",
            {
                "shop/events.py": (
                    "class Event: ...\n"
                    "class PlaceOrderEvent(Event): ...  # expect: BUS009\n"
                    "class PriceChange(Event): ...  # expect: BUS009\n"
                ),
                "shop/api.py": (
                    "from shop.events import PlaceOrderEvent, PriceChange\n"
                    "def f(bus):\n"
                    "    bus.publish(PlaceOrderEvent())\n"
                    "    bus.publish(PriceChange())\n"
                ),
            },
        ),
    )
    valid = (
        Example(
            "past participles, regular and irregular, with suffixes and particles",
            {
                "shop/events.py": (
                    "class Event: ...\n"
                    "class OrderPlaced(Event): ...\n"
                    "class PaymentSentEvent(Event): ...\n"
                    "class InvoicePaidDomainEvent(Event): ...\n"
                    "class UserSignedUp(Event): ...\n"
                    "class ItemAddedToCartV2(Event): ...\n"
                    "class StockBuilt(Event): ...\n"
                ),
            },
        ),
        Example(
            "allowed names, and a value object used as an event field",
            {
                "pyproject.toml": '[tool.buslint.naming]\nallow = ["Heartbeat", "shop.legacy.*"]\n',
                "shop/events.py": (
                    "from dataclasses import dataclass\n"
                    "class Event: ...\n"
                    "class Heartbeat(Event): ...\n"
                    "@dataclass(frozen=True)\n"
                    "class Money:\n"
                    "    amount: int\n"
                    "@dataclass(frozen=True)\n"
                    "class OrderPaid(Event):\n"
                    "    total: Money\n"
                ),
                "shop/legacy/events.py": "class Event: ...\nclass OrderCreate(Event): ...\n",
            },
        ),
        Example(
            "a command is not this rule's business",
            {"shop/commands.py": "class Command: ...\nclass PlaceOrder(Command): ...\n"},
        ),
        Example(
            "signals named by Django's convention",
            {
                "shop/signals.py": (
                    "from django.dispatch import Signal\n"
                    "pre_checkout = Signal()\n"
                    "post_checkout = Signal()\n"
                    "user_search = Signal()\n"
                ),
                "shop/views.py": (
                    "from shop import signals\n"
                    "def checkout(request, query):\n"
                    "    signals.pre_checkout.send(sender=None)\n"
                    "    signals.post_checkout.send_robust(sender=None)\n"
                    "    signals.user_search.send(sender=None, query=query)\n"
                ),
            },
        ),
    )

    def __init__(self) -> None:
        self.allow: tuple[str, ...] = ()

    def configure(self, config: Config) -> None:
        self.allow = config.naming.allow

    def check(self, graph: MessageGraph) -> Iterator[Finding]:
        for message in graph.addressables(Kind.EVENT, settled=True):
            name = checked_name(graph, message, self.allow)
            if name is None or message.location is None:
                continue
            why = not_past_tense(name)
            if why is not None:
                yield self.finding(
                    f"event {name} is not named in the past tense ({why}); an event names a "
                    "fact that happened, like OrderPlaced",
                    message.location,
                    (message.id,),
                )


def checked_name(graph: MessageGraph, message: Addressable, allow: tuple[str, ...]) -> str | None:
    """The name the naming rules judge, or None when the message is not theirs to judge."""
    if graph.is_external(message.id):
        return None
    if isinstance(message, Channel):
        if not message.named_like_message:
            return None  # a signal, a queue, a topic: named by its transport's convention
        name = message.name.replace(":", ".").replace("/", ".").rsplit(".", 1)[-1]
    else:
        if graph.is_field_type(message):
            return None
        name = message.name
    if any(fnmatch.fnmatchcase(n, p) for n in (name, message.qualname) for p in allow):
        return None
    return name
