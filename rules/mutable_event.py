"""BUS004: an event class that is not frozen, or has mutable field types."""

from __future__ import annotations

from collections.abc import Iterator

from analyzer.graph import MessageGraph
from analyzer.model import Finding, Kind, Severity
from rules.base import Example, Rule

HOW_TO_FREEZE = {
    "dataclass": ("a dataclass", "@dataclass(frozen=True)"),
    "attrs": ("an attrs class", "@attrs.frozen or @define(frozen=True)"),
    "pydantic": ("a pydantic model", "model_config = ConfigDict(frozen=True)"),
}


class MutableEvent(Rule):
    """
    ## What it does
    Reports an event class that can be changed after it is built: a dataclass without
    `frozen=True`, a pydantic model without a frozen config, an attrs class that is not frozen —
    also when the class inherits that from its base — and, for any event class, a field typed or
    defaulted as a `list`, `dict` or `set`. Plain classes and NamedTuples are not reported as
    unfrozen (a NamedTuple is immutable; a plain class declares no data model to freeze). A
    pydantic model is known by its `BaseModel` base, or by a `model_config = ConfigDict(...)` or
    a pydantic `class Config:` in it or in a base of the project, whose own base may be a
    library's model (`class DomainEvent(lato.Event)`). A base class of other events is not
    reported itself: each event deriving from it is.
    A class that only its module's name or its own name calls an event (no event base class,
    no event registration, no broadcast) is not judged.

    ## Why is this bad?
    An event records a fact. If its object can be changed, any subscriber can rewrite what
    happened for all the others, and replaying or storing events stops being trustworthy.

    ## Example
    ```python
    @dataclass
    class OrderPlaced(Event):
        order_id: str
        lines: list[str]
    ```

    ## Use instead
    ```python
    @dataclass(frozen=True)
    class OrderPlaced(Event):
        order_id: str
        lines: tuple[str, ...]
    ```
    """

    code = "BUS004"
    name = "mutable-event"
    severity = Severity.WARNING
    summary = "an event class that is not frozen, or has mutable field types"
    invalid = (
        Example(
            "a dataclass event without frozen=True and with a list field",
            {
                "shop/events.py": (
                    "from dataclasses import dataclass\n"
                    "class Event: ...\n"
                    "@dataclass\n"
                    "class OrderPlaced(Event):  # expect: BUS004\n"
                    "    order_id: str\n"
                    "    lines: list[str]  # expect: BUS004\n"
                ),
            },
        ),
        Example(
            "a pydantic event without frozen config, inherited from its base",
            {
                "shop/events.py": (
                    "from pydantic import BaseModel\n"
                    "class Event(BaseModel):\n"
                    "    pass\n"
                    "class OrderPlaced(Event):  # expect: BUS004\n"
                    "    order_id: str\n"
                ),
            },
        ),
    )
    valid = (
        Example(
            "a frozen dataclass, a NamedTuple and a frozen pydantic model",
            {
                "shop/events.py": (
                    "from dataclasses import dataclass\n"
                    "from typing import NamedTuple\n"
                    "from pydantic import BaseModel, ConfigDict\n"
                    "class Event: ...\n"
                    "@dataclass(frozen=True)\n"
                    "class OrderPlaced(Event):\n"
                    "    order_id: str\n"
                    "    lines: tuple[str, ...] = ()\n"
                    "class OrderShipped(NamedTuple):\n"
                    "    order_id: str\n"
                    "class FrozenEvent(BaseModel):\n"
                    "    model_config = ConfigDict(frozen=True)\n"
                    "class OrderPaid(FrozenEvent):\n"
                    "    order_id: str\n"
                ),
            },
        ),
        Example(
            "a mutable command is not an event",
            {
                "shop/commands.py": (
                    "from dataclasses import dataclass\n"
                    "class Command: ...\n"
                    "@dataclass\n"
                    "class PlaceOrder(Command):\n"
                    "    lines: list[str]\n"
                ),
            },
        ),
    )

    def check(self, graph: MessageGraph) -> Iterator[Finding]:
        for message in graph.messages(Kind.EVENT, settled=True):
            if message.external or message.location is None or graph.subclasses(message.id):
                continue  # a base of other events: they are reported, each where it is defined
            if message.data_model in HOW_TO_FREEZE and message.frozen is not True:
                what, fix = HOW_TO_FREEZE[message.data_model]
                yield self.finding(
                    f"event {message.name} is {what} that is not frozen; use {fix}",
                    message.location,
                    (message.id,),
                )
            for field in message.mutable_fields:
                yield self.finding(
                    f"event {message.name} has a mutable field {field.name!r} "
                    f"({field.mutable_reason}); use an immutable type such as tuple or frozenset",
                    field.location,
                    (message.id, f"field:{field.name}"),
                    ((message.location, f"{message.name} is defined here"),),
                )
