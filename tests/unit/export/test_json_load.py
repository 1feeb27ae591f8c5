"""Reading a `buslint.graph/1` export back: what merge relies on."""

from __future__ import annotations

from analyzer.export import json_graph
from analyzer.export.escape import cell, code, mermaid, text
from analyzer.export.json_load import load
from analyzer.graph import MessageGraph
from tests.helpers import FIXTURES, graph_of


def test_an_export_reads_back_to_the_same_export() -> None:
    exported = json_graph.render(graph_of(FIXTURES / "shop"))
    assert json_graph.render(MessageGraph(load(exported, "shop.json"))) == exported


def test_escaping() -> None:
    assert text("a_b <c> {d} | e") == "a\\_b \\<c\\> \\{d\\} \\| e"
    assert code("x`y") == "`` x`y ``"
    assert cell(code("a|b")) == "`a\\|b`"
    assert mermaid('say "hi"; #1 <b>') == "say #34;hi#34;#59; #35;1 #60;b#62;"
