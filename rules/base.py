"""What a rule is: a class with a code, a name, a default severity, docs and examples."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import ClassVar

from analyzer.config import Config
from analyzer.graph import Addressable, MessageGraph
from analyzer.model import Endpoint, Finding, Location, Severity

DOC_SECTIONS = ("What it does", "Why is this bad?", "Example", "Use instead")


@dataclass(frozen=True)
class Example:
    """A tiny project (path → source) whose findings are marked inline with ``# expect: BUSnnn``."""

    description: str
    files: Mapping[str, str]


class Rule:
    """Base of every rule. Subclasses set the class attributes and implement `check`."""

    code: ClassVar[str]
    name: ClassVar[str]
    severity: ClassVar[Severity]
    summary: ClassVar[str]
    valid: ClassVar[tuple[Example, ...]] = ()
    invalid: ClassVar[tuple[Example, ...]] = ()

    def check(self, graph: MessageGraph) -> Iterator[Finding]:
        raise NotImplementedError

    def configure(self, config: Config) -> None:
        """Read the rule's own options from the configuration; most rules have none."""

    def finding(
        self,
        message: str,
        location: Location,
        subject: tuple[str, ...],
        related: tuple[tuple[Location, str], ...] = (),
    ) -> Finding:
        return Finding(self.code, self.name, self.severity, message, location, subject, related)

    @classmethod
    def docs(cls) -> str:
        """The rule's documentation: its docstring, dedented."""
        import inspect

        return inspect.cleandoc(cls.__doc__ or "")


def where(location: Location | None) -> str:
    """``shop/api.py:12`` for messages that name other sites."""
    return f"{location.path}:{location.line}" if location else "outside the project"


def defined(node: Addressable | Endpoint) -> str:
    """``defined at shop/api.py:12``, or why there is no site: a library's, or declared nowhere."""
    if node.location:
        return f"defined at {where(node.location)}"
    return "defined outside the project" if node.external else "declared nowhere in the project"
