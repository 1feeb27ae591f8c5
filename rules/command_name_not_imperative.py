"""BUS010: a command whose name is not an imperative."""

from __future__ import annotations

from collections.abc import Iterator

from analyzer.config import Config
from analyzer.graph import MessageGraph
from analyzer.link.verbs import not_imperative
from analyzer.model import Finding, Kind, Severity
from rules.base import Example, Rule
from rules.event_name_not_past_tense import checked_name


class CommandNameNotImperative(Rule):
    """
    ## What it does
    Reports a command whose class name does not read as an order to do something: once the
    suffixes `…Command`, `…Cmd`, `…Request` are dropped, it ends with a past participle
    (`OrderPlacedCommand`), ends with `…Event`, starts with a noun made from a verb
    (`Placement`, `PaymentRefund`), or is a noun phrase whose first word is no verb
    (`UserRegistration`). Which words are verbs, and their past forms, comes from an English
    lexicon (the SPECIALIST lexicon, through lemminflect): verbs that look like nouns
    (`IncrementCounter`, `CommentOnPost`, `OrderPizza`), participles spelled like the verb
    (`SetPrice`, `ResetPassword`) and a participle as a complement (`MarkAsPaid`) pass. A first
    word that may be a verb is taken for one, so `OrderCreation` passes too: the rule reports
    only what it is sure of.

    Not checked: a message that only its module's name calls a command, and channels named by
    the conventions of their transport (a Celery task `elo_calculation`, an RPC method). The
    allow-list of `[tool.buslint.naming]` (see BUS009) applies.

    ## Why is this bad?
    A command is a request to one recipient: `PlaceOrder`. A name in the past tense reads as a
    fact that already happened, so readers take it for an event, subscribe to it, or expect it
    to be broadcast; a noun says neither who acts nor what is asked.

    ## Example
    ```python
    class OrderPlacedCommand(Command): ...
    class Placement(Command): ...
    ```

    ## Use instead
    ```python
    class PlaceOrder(Command): ...
    ```
    """

    code = "BUS010"
    name = "command-name-not-imperative"
    severity = Severity.INFO
    summary = "a command whose name is not an imperative"
    invalid = (
        Example(
            "a command named in the past tense, and one named after a noun",
            {
                "shop/commands.py": (
                    "class Command: ...\n"
                    "class OrderPlacedCommand(Command): ...  # expect: BUS010\n"
                    "class Placement(Command): ...  # expect: BUS010\n"
                    "class UserRegistration(Command): ...  # expect: BUS010\n"
                ),
            },
        ),
    )
    valid = (
        Example(
            "imperatives, with suffixes, verbs that look like nouns, participles spelled like verbs",
            {
                "shop/commands.py": (
                    "class Command: ...\n"
                    "class PlaceOrder(Command): ...\n"
                    "class CancelOrderCommand(Command): ...\n"
                    "class AllocateCmd(Command): ...\n"
                    "class CreateUserRequest(Command): ...\n"
                    "class IncrementCounter(Command): ...\n"
                    "class SetPrice(Command): ...\n"
                    "class ResetPassword(Command): ...\n"
                    "class SendNotification(Command): ...\n"
                    "class CheckOut(Command): ...\n"
                ),
            },
        ),
        Example(
            "an allowed name, and an event is not this rule's business",
            {
                "pyproject.toml": '[tool.buslint.naming]\nallow = ["*.Placement"]\n',
                "shop/commands.py": "class Command: ...\nclass Placement(Command): ...\n",
                "shop/events.py": "class Event: ...\nclass OrderPlaced(Event): ...\n",
            },
        ),
    )

    def __init__(self) -> None:
        self.allow: tuple[str, ...] = ()

    def configure(self, config: Config) -> None:
        self.allow = config.naming.allow

    def check(self, graph: MessageGraph) -> Iterator[Finding]:
        for message in graph.addressables(Kind.COMMAND, settled=True):
            name = checked_name(graph, message, self.allow)
            if name is None or message.location is None:
                continue
            why = not_imperative(name)
            if why is not None:
                yield self.finding(
                    f"command {name} is not named as an imperative ({why}); a command asks "
                    "for something to be done, like PlaceOrder",
                    message.location,
                    (message.id,),
                )
