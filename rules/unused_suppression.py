"""BUS016: an inline suppression that suppresses nothing."""

from __future__ import annotations

from collections.abc import Iterator

from analyzer.graph import MessageGraph
from analyzer.model import Finding, Location, Severity
from rules.base import Example, Rule


class UnusedSuppression(Rule):
    """
    ## What it does
    Reports a `# buslint: ignore[...]`, `# buslint: ignore-next-line[...]` or
    `# buslint: ignore-file[...]` comment, or one code in it, that suppresses no finding; also a
    `# buslint:` comment that cannot be read (no `[CODES]`) or names an unknown rule code.

    Only the filter stage sees comments, so this rule's findings come from `analyzer.suppress`
    after the other rules ran, not from the graph. A code of a rule that did not run (not
    selected, or off) is not reported: nobody can tell whether it would suppress something.

    ## Why is this bad?
    A suppression outlives the finding it silenced: once the second handler is gone, the comment
    stays and would hide the next, unrelated break on that line without anyone noticing.

    ## Example
    ```python
    class PlaceOrder(Command):  # buslint: ignore[BUS001] -- the legacy handler goes in May
        ...
    ```
    after the legacy handler was removed, so PlaceOrder has one handler again.

    ## Use instead
    Delete the comment (or the code that no longer needs it):
    ```python
    class PlaceOrder(Command):
        ...
    ```
    """

    code = "BUS016"
    name = "unused-suppression"
    severity = Severity.WARNING
    summary = "an inline suppression that suppresses nothing"
    invalid = (
        Example(
            "a suppression naming a rule code that does not exist",
            {"shop/api.py": "x = 1  # buslint: ignore[BUS999]  # expect: BUS016\n"},
        ),
        Example(
            "a suppression without codes, in a file-level and a next-line form",
            {
                "shop/api.py": (
                    "# buslint: ignore-file  # expect: BUS016\n"
                    "# buslint: ignore-next-line BUS001  # expect: BUS016\n"
                    "x = 1\n"
                ),
            },
        ),
    )
    valid = (
        Example(
            "a suppression of a rule that did not run, and the words in a string",
            {
                "shop/api.py": (
                    "x = 1  # buslint: ignore[BUS001] -- reported only when BUS001 runs\n"
                    "text = '# buslint: ignore[BUS999]'\n"
                ),
            },
        ),
    )

    def check(self, graph: MessageGraph) -> Iterator[Finding]:
        """Nothing from the graph: `analyzer.suppress` calls `unused` in the filter stage."""
        return iter(())

    def unused(self, location: Location, what: str, problem: str) -> Finding:
        """A finding at the suppression comment; `what` is the code concerned or ``malformed``."""
        return self.finding(
            f"unused suppression: {problem}",
            location,
            (f"suppression:{location.path}", what),
        )
