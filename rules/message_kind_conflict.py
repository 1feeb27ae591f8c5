"""BUS008: strong evidence disagrees about whether a message is a command, an event or a query."""

from __future__ import annotations

from collections.abc import Iterator

from analyzer.graph import MessageGraph
from analyzer.model import Finding, Location, Severity
from rules.base import Example, Rule


class MessageKindConflict(Rule):
    """
    ## What it does
    Reports a message whose strong evidence disagrees about its kind: its base class, its
    module (`commands.py`, `events.py`), the registry or decorator it is registered with, or
    configuration. For example a class in `commands.py` registered as an event handler, or a
    class deriving from `Event` in `EVENT_HANDLERS` and `COMMAND_HANDLERS` alike. The kind
    buslint settled on follows the order config > base class > registry > module > verb >
    name; weak evidence (the verb used, the name) never conflicts, it is what BUS005 and BUS006
    check.

    ## Why is this bad?
    The code says two things about what the message means, so readers and the other rules
    cannot trust either. One of the two places is usually a mistake that changes delivery
    (one handler or many).

    ## Example
    ```python
    # shop/commands.py
    class ReserveStock(Command): ...
    # shop/bootstrap.py
    EVENT_HANDLERS = {commands.ReserveStock: [reserve]}
    ```

    ## Use instead
    Make the declaration and the registration agree, or set the kind in
    `[tool.buslint.kinds]` when the declaration is outside your control.
    """

    code = "BUS008"
    name = "message-kind-conflict"
    severity = Severity.WARNING
    summary = "evidence disagrees about a message's kind"
    invalid = (
        Example(
            "a command registered as an event",
            {
                "shop/commands.py": "class Command: ...\nclass ReserveStock(Command): ...  # expect: BUS008\n",
                "shop/bootstrap.py": (
                    "from shop import commands\n"
                    "def reserve(c): ...\n"
                    "EVENT_HANDLERS = {commands.ReserveStock: [reserve]}\n"
                ),
            },
        ),
    )
    valid = (
        Example(
            "configuration settles the kind",
            {
                "pyproject.toml": '[tool.buslint.kinds]\nevents = ["shop.commands.ReserveStock"]\n',
                "shop/commands.py": "class Command: ...\nclass ReserveStock(Command): ...\n",
                "shop/bootstrap.py": (
                    "from shop import commands\n"
                    "def reserve(c): ...\n"
                    "EVENT_HANDLERS = {commands.ReserveStock: [reserve]}\n"
                ),
            },
        ),
        Example(
            "base class and module agree",
            {"shop/events.py": "class Event: ...\nclass OrderPlaced(Event): ...\n"},
        ),
    )

    def check(self, graph: MessageGraph) -> Iterator[Finding]:
        for message in graph.messages():
            clash = message.conflict
            if clash is None:
                continue
            first, second = clash
            location = message.location or second.location or first.location
            if location is None:
                continue
            related: tuple[tuple[Location, str], ...] = tuple(
                (e.location, e.text) for e in (first, second) if e.location
            )
            yield self.finding(
                f"{message.name} is {_a(first.kind.value)} by {first.text} but "
                f"{_a(second.kind.value)} by {second.text}; buslint treats it as "
                f"{_a(message.kind.value)}",
                location,
                (message.id,),
                related,
            )


def _a(word: str) -> str:
    return f"{'an' if word[0] in 'aeiou' else 'a'} {word}"
