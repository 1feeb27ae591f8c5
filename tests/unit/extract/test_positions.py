"""Positions computed for reported nodes only are the ones libcst's PositionProvider gives."""

from __future__ import annotations

from pathlib import Path

import libcst as cst
import pytest
from libcst.metadata import MetadataWrapper, PositionProvider

from analyzer.config import Config
from analyzer.extract.recogniser import interested, load_recognisers
from analyzer.extract.source import extract, facts_of
from analyzer.extract.text import decode
from analyzer.extract.visitor import FileVisitor
from analyzer.extract.walk import Walker
from analyzer.model import Location
from analyzer.vocabulary import Names
from tests.helpers import FIXTURES

NAMES = Names.from_config(Config())
SOURCES = sorted(p for p in FIXTURES.rglob("*.py") if "bad_input" not in p.parts)


class ReferenceVisitor(FileVisitor):
    """Locates nodes with libcst's PositionProvider, the slow reference."""

    positions: dict[cst.CSTNode, object]

    def locate(self, node: cst.CSTNode) -> Location:
        span = self.positions[node]
        start, end = span.start, span.end  # type: ignore[attr-defined]
        return Location(self.path, start.line, start.column + 1, end.line, end.column + 1)


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: p.relative_to(FIXTURES).as_posix())
def test_fast_positions_match_position_provider(path: Path) -> None:
    source = path.read_bytes()
    rel = path.relative_to(FIXTURES).as_posix()
    fast = extract(source, rel, "m", False, NAMES)
    if fast.problem is not None:
        pytest.skip("not parsable")
    wrapper = MetadataWrapper(cst.parse_module(decode(source)), unsafe_skip_copy=True)
    visitor = ReferenceVisitor(rel, "m", False, NAMES, interested(load_recognisers(), source))
    visitor.positions = dict(wrapper.resolve(PositionProvider))
    Walker(visitor).walk(wrapper.module)
    assert facts_of(visitor) == fast
