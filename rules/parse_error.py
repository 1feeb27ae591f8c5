"""BUS000: a file that cannot be read, decoded or parsed."""

from __future__ import annotations

from collections.abc import Iterator

from analyzer.graph import MessageGraph
from analyzer.model import Finding, Severity
from rules.base import Example, Rule


class ParseError(Rule):
    """
    ## What it does
    Reports a file buslint could not analyse: a syntax error, bytes that do not decode, a NUL
    byte, a folder named like a module, a broken symbolic link, a file too deeply nested to
    parse. The rest of the project is still analysed.

    ## Why is this bad?
    Whatever the file sends, emits or handles is missing from the graph, so other findings may
    be wrong or missing: a command whose only handler is in that file looks unhandled.

    ## Example
    ```python
    def place_order(cmd:
        bus.handle(cmd)
    ```

    ## Use instead
    Fix the syntax, or exclude the file with `extend-exclude` in `[tool.buslint]` when it is
    not Python (a template, generated code).
    """

    code = "BUS000"
    name = "parse-error"
    severity = Severity.ERROR
    summary = "a file that cannot be decoded or parsed"
    invalid = (
        Example(
            "a syntax error",
            {"shop/api.py": "def place(cmd:  # expect: BUS000\n    pass\n"},
        ),
    )
    valid = (Example("valid code", {"shop/api.py": "def place(cmd):\n    pass\n"}),)

    def check(self, graph: MessageGraph) -> Iterator[Finding]:
        for problem in graph.problems:
            yield self.finding(
                f"cannot analyse this file: {problem.message}",
                problem.location,
                (f"file:{problem.location.path}",),
            )
