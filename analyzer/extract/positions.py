"""Positions of the few nodes extraction reports, from one plain code generation pass.

libcst's PositionProvider records a position for every node of the module, which costs about
twice the parse. Extraction needs positions only for the nodes it reports (sends,
registrations, definitions); this state tracks a character offset while the module generates
its code, and records start and end offsets for those nodes only, using the same syntactic
boundaries as PositionProvider (parentheses and leading whitespace excluded).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager, nullcontext
from dataclasses import dataclass, field

import libcst as cst
from libcst._nodes.internal import CodegenState

from analyzer.model import Location

_NOTHING = nullcontext()
_NEWLINE = re.compile(r"\r\n?|\n")


@dataclass
class _OffsetState(CodegenState):
    wanted: frozenset[int] = frozenset()
    offset: int = 0
    spans: dict[int, tuple[int, int]] = field(default_factory=dict)

    def add_token(self, value: str) -> None:
        self.tokens.append(value)
        self.offset += len(value)

    def add_indent_tokens(self) -> None:
        self.tokens.extend(self.indent_tokens)
        self.offset += sum(len(token) for token in self.indent_tokens)

    def pop_trailing_newline(self) -> None:
        if self.tokens:
            self.offset -= len(self.tokens.pop())

    def record_syntactic_position(  # type: ignore[override]
        self,
        node: cst.CSTNode,
        *,
        start_node: cst.CSTNode | None = None,
        end_node: cst.CSTNode | None = None,
    ) -> AbstractContextManager[None]:
        if id(node) not in self.wanted:
            return _NOTHING
        return self._record(node, start_node, end_node)

    @contextmanager
    def _record(
        self, node: cst.CSTNode, start_node: cst.CSTNode | None, end_node: cst.CSTNode | None
    ) -> Iterator[None]:
        start = self.offset
        yield
        end = self.offset
        if start_node is not None and id(start_node) in self.spans:
            start = self.spans[id(start_node)][0]
        if end_node is not None and id(end_node) in self.spans:
            end = self.spans[id(end_node)][1]
        self.spans[id(node)] = (start, end)

    def before_codegen(self, node: cst.CSTNode) -> None:
        if id(node) in self.wanted and id(node) not in self.spans:
            self.spans[id(node)] = (self.offset, -1)

    def after_codegen(self, node: cst.CSTNode) -> None:
        span = self.spans.get(id(node))
        if span is not None and span[1] == -1:
            self.spans[id(node)] = (span[0], self.offset)


def locations(
    module: cst.Module, text: str, nodes: Sequence[cst.CSTNode], path: str
) -> list[Location]:
    """The 1-based location of each node, in the order given."""
    if not nodes:
        return []
    state = _OffsetState(
        default_indent=module.default_indent,
        default_newline=module.default_newline,
        wanted=frozenset(id(node) for node in nodes),
    )
    module._codegen(state)
    starts = [0, *(match.end() for match in _NEWLINE.finditer(text))]
    result = []
    for node in nodes:
        start, end = state.spans.get(id(node), (0, 0))
        result.append(
            Location(path, *_line_col(starts, start), *_line_col(starts, max(end, start)))
        )
    return result


def _line_col(starts: list[int], offset: int) -> tuple[int, int]:
    line = bisect.bisect_right(starts, offset) - 1
    return line + 1, offset - starts[line] + 1
