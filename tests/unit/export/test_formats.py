"""Every format: deterministic, and still valid when names and texts are hostile."""

from __future__ import annotations

import dataclasses
import html.parser
import itertools
import json
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import networkx as nx
import pytest

from analyzer.export import EXPORTERS, FOLDER_EXPORTERS, ExportOptions, GraphFormat, mermaid
from analyzer.graph import MessageGraph
from tests.helpers import FIXTURES, graph_of
from tests.unit.export.hostile import NASTY, hostile_graph

OPTIONS = ExportOptions(package_depth=2)


@pytest.fixture(scope="module")
def shop() -> MessageGraph:
    return graph_of(FIXTURES / "shop")


def reversed_model(graph: MessageGraph) -> MessageGraph:
    model = graph.model
    return MessageGraph(
        dataclasses.replace(
            model,
            messages=model.messages[::-1],
            endpoints=model.endpoints[::-1],
            unknowns=model.unknowns[::-1],
            edges=model.edges[::-1],
            channels=model.channels[::-1],
        )
    )


@pytest.mark.parametrize(
    "graph_format", [f for f in EXPORTERS if f is not GraphFormat.JSON], ids=lambda f: f.value
)
def test_one_file_formats_do_not_depend_on_the_order_of_the_facts(
    shop: MessageGraph, graph_format: GraphFormat
) -> None:
    export = EXPORTERS[graph_format]
    assert export(shop, OPTIONS) == export(reversed_model(shop), OPTIONS)
    assert export(hostile_graph(), OPTIONS) == export(reversed_model(hostile_graph()), OPTIONS)


def test_the_catalog_does_not_depend_on_the_order_of_the_facts(shop: MessageGraph) -> None:
    export = FOLDER_EXPORTERS[GraphFormat.MARKDOWN]
    assert export(shop, OPTIONS) == export(reversed_model(shop), OPTIONS)


# --- Mermaid -----------------------------------------------------------------------------------

NODE_LINE = re.compile(
    r'    (?P<id>\w+)(\[|\(\[|\{\{|\[\[|\[\(|>)"(?P<label>[^"`<>]*<br/><small>[^"`<>]*</small>)"'
    r"(\]|\]\)|\}\}|\]\]|\)\]|\])"
)
EDGE_LINE = re.compile(
    r"    (\w+) (-->|-\.->)\|(sends|emits|handles|subscribes|routes|calls)( ×\d+)?\| (\w+)"
)
STYLE_LINE = re.compile(r"    (classDef|class|linkStyle) [\w,#:;. -]+")


def mermaid_blocks(text: str) -> list[str]:
    assert text.count("```") % 2 == 0
    return re.findall(r"^```mermaid\n(.*?)^```$", text, flags=re.S | re.M)


def check_mermaid(source: str) -> tuple[set[str], int]:
    """Every line is a node, an edge or a style of the expected shape; edges use declared ids."""
    lines = source.splitlines()
    assert lines[0] == "flowchart LR"
    declared: set[str] = set()
    edges = 0
    for line in lines[1:]:
        node = NODE_LINE.fullmatch(line)
        if node:
            declared.add(node["id"])
            continue
        edge = EDGE_LINE.fullmatch(line)
        if edge:
            assert {edge[1], edge[5]} <= declared, line
            edges += 1
            continue
        assert STYLE_LINE.fullmatch(line), line
    return declared, edges


def test_mermaid_escapes_every_label_and_keeps_the_structure() -> None:
    text = mermaid.render(hostile_graph(), OPTIONS)
    [block] = mermaid_blocks(text)
    declared, edges = check_mermaid(block)
    assert len(declared) == 7 and edges == 7  # the two emits sites are one line, "emits ×2"
    assert "#60;/script#62;" in block and "</script>" not in block
    assert "emits ×2" in block


def test_mermaid_shapes_follow_the_kind(shop: MessageGraph) -> None:
    block = mermaid_blocks(mermaid.render(shop, OPTIONS))[0]
    assert '    cmd_shop_domain_commands_PlaceOrder["PlaceOrder<br/>' in block
    assert '    evt_shop_domain_events_OrderPlaced(["OrderPlaced<br/>' in block
    assert "    fn_shop_service_layer_handlers_place_order[[" in block
    assert re.search(r"class [\w,]*cmd_shop_domain_commands_PlaceOrder[\w,]* command", block)
    assert "    unk_" in mermaid.render(hostile_graph(), OPTIONS)  # the shop resolves every site


def big_graph(groups: int, edges_per_group: int) -> MessageGraph:
    from analyzer.model import Edge, Endpoint, Kind, Location, Message, Model, Relation

    messages, endpoints, edges = [], [], []
    for g in range(groups):
        for i in range(edges_per_group):
            message = Message(
                f"message:ctx{g}.events.E{i}",
                f"ctx{g}.events.E{i}",
                f"E{i}",
                Kind.EVENT,
                (),
                Location(f"ctx{g}/events.py", i + 1, 1),
            )
            endpoint = Endpoint(
                f"endpoint:ctx{g}.handlers.h{i}",
                f"ctx{g}.handlers.h{i}",
                f"h{i}",
                Location(f"ctx{g}/handlers.py", i + 1, 1),
            )
            messages.append(message)
            endpoints.append(endpoint)
            edges.append(
                Edge(
                    message.id,
                    endpoint.id,
                    Relation.SUBSCRIBES,
                    Location(f"ctx{g}/handlers.py", i + 1, 1),
                    "@subscribe",
                )
            )
    return MessageGraph(Model(tuple(messages), tuple(endpoints), (), tuple(edges), ()))


def test_a_graph_over_mermaids_limits_is_split_by_group_without_warnings() -> None:
    graph = big_graph(groups=3, edges_per_group=200)
    options = ExportOptions()
    text = mermaid.render(graph, options)
    blocks = mermaid_blocks(text)
    assert [h for h in re.findall(r"^## (.*)$", text, flags=re.M)] == ["ctx0", "ctx1", "ctx2"]
    for block in blocks:
        _, edges = check_mermaid(block)
        assert edges == 200 and len(block) < mermaid.MAX_TEXT
    assert mermaid.warnings(graph, options) == []


def test_a_group_over_the_limits_alone_is_warned_about() -> None:
    graph = big_graph(groups=2, edges_per_group=520)
    [first, second] = mermaid.warnings(graph, ExportOptions())
    assert first.startswith("mermaid: the diagram for 'ctx0' has 520 edges")
    assert "over Mermaid's defaults (500 edges, 50000 characters)" in second


# --- DOT -------------------------------------------------------------------------------------

needs_dot = pytest.mark.skipif(
    shutil.which("dot") is None, reason="Graphviz `dot` is not installed (apt install graphviz)"
)


def render_svg(source: str) -> ET.Element:
    done = subprocess.run(
        ["dot", "-Tsvg"], input=source, capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 0 and not done.stderr.strip(), done.stderr
    return ET.fromstring(done.stdout)


def svg_texts(svg: ET.Element) -> list[str]:
    return ["".join(t.itertext()) for t in svg.iter("{http://www.w3.org/2000/svg}text")]


@needs_dot
def test_dot_renders_the_shop_with_one_cluster_per_package(shop: MessageGraph) -> None:
    svg = render_svg(EXPORTERS[GraphFormat.DOT](shop, OPTIONS))
    texts = svg_texts(svg)
    for cluster in ("shop.domain", "shop.payments", "shop.entrypoints", "shop.notifications"):
        assert cluster in texts
    assert "PlaceOrder" in texts and "handles ×2" in texts
    groups = [g for g in svg.iter("{http://www.w3.org/2000/svg}g") if g.get("class") == "cluster"]
    assert len(groups) == 6  # one per subpackage of shop with nodes


@needs_dot
def test_dot_renders_hostile_names_as_text() -> None:
    svg = render_svg(EXPORTERS[GraphFormat.DOT](hostile_graph(), OPTIONS))
    texts = svg_texts(svg)
    assert "? " + NASTY + " second line" in texts
    assert "Place|Order" in texts and 'we"ird<pkg>.sub`mod`' in texts
    ids = {g.get("id") for g in svg.iter("{http://www.w3.org/2000/svg}g")}
    assert 'channel:sqs:orders"<q>' in ids


# --- GraphML and Cytoscape --------------------------------------------------------------------


def test_graphml_parses_and_round_trips_through_networkx(tmp_path: Path) -> None:
    text = EXPORTERS[GraphFormat.GRAPHML](hostile_graph(), OPTIONS)
    ET.fromstring(text.encode())
    path = tmp_path / "graph.graphml"
    path.write_text(text, encoding="utf-8")
    graph = nx.read_graphml(path)
    assert graph.nodes["unknown:app/api.py:12:5"]["name"] == NASTY + "\nsecond line"
    place = graph.nodes['message:we"ird<pkg>.sub`mod`.Place|Order']
    assert (place["kind"], place["line"], place["evidence"]) == (
        "command",
        3,
        "base class <Command> & `x`",
    )
    assert graph.number_of_edges() == 8
    relations = sorted(d["relation"] for _, _, d in graph.edges(data=True))
    assert relations.count("emits") == 2


def test_graphml_of_the_shop_keeps_every_node_and_edge(shop: MessageGraph, tmp_path: Path) -> None:
    path = tmp_path / "shop.graphml"
    path.write_text(EXPORTERS[GraphFormat.GRAPHML](shop, OPTIONS), encoding="utf-8")
    graph = nx.read_graphml(path)
    assert graph.number_of_nodes() == shop.nx.number_of_nodes()
    assert graph.number_of_edges() == shop.nx.number_of_edges()
    assert graph.nodes["message:shop.domain.commands.PlaceOrder"]["group"] == "shop.domain"


def test_cytoscape_elements_reference_existing_nodes_and_parents() -> None:
    data = json.loads(EXPORTERS[GraphFormat.CYTOSCAPE](hostile_graph(), OPTIONS))
    nodes = {n["data"]["id"]: n for n in data["elements"]["nodes"]}
    for node in nodes.values():
        assert node["data"].get("parent") in (None, *nodes)
    for edge in data["elements"]["edges"]:
        assert edge["data"]["source"] in nodes and edge["data"]["target"] in nodes
    assert len({e["data"]["id"] for e in data["elements"]["edges"]}) == 7
    unknown = nodes["unknown:app/api.py:12:5"]
    assert unknown["classes"] == "unknown" and NASTY in unknown["data"]["name"]


# --- HTML ------------------------------------------------------------------------------------


class ScriptCollector(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.scripts: list[tuple[dict[str, str | None], str]] = []
        self._open: dict[str, str | None] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "script":
            self._open = dict(attrs)
            self.scripts.append((self._open, ""))

    def handle_data(self, data: str) -> None:
        if self._open is not None:
            attrs, text = self.scripts[-1]
            self.scripts[-1] = (attrs, text + data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._open = None


def test_html_embeds_hostile_data_without_breaking_out() -> None:
    page = EXPORTERS[GraphFormat.HTML](hostile_graph(), OPTIONS)
    parser = ScriptCollector()
    parser.feed(page)
    assert [attrs.get("type") for attrs, _ in parser.scripts] == ["application/json", None]
    data = json.loads(parser.scripts[0][1])
    assert data["nodes"]["unknown:app/api.py:12:5"]["qualname"] == NASTY + "\nsecond line"
    svg = page[page.index("<svg") : page.index("</svg>") + len("</svg>")]
    texts = [
        "".join(t.itertext()) for t in ET.fromstring(svg).iter("{http://www.w3.org/2000/svg}text")
    ]
    assert "? " + NASTY + " second line" in texts
    assert "http://" not in page.replace("http://www.w3.org/2000/svg", "")
    assert "https://" not in page


def test_html_links_sources_from_the_output_folder(shop: MessageGraph) -> None:
    page = EXPORTERS[GraphFormat.HTML](shop, dataclasses.replace(OPTIONS, source_base="../src/"))
    parser = ScriptCollector()
    parser.feed(page)
    data = json.loads(parser.scripts[0][1])
    site = data["nodes"]["message:shop.domain.commands.PlaceOrder"]["site"]
    assert site == {
        "path": "shop/domain/commands.py",
        "line": 14,
        "href": "../src/shop/domain/commands.py#L14",
    }


# --- Markdown catalog --------------------------------------------------------------------------


def cells(row: str) -> list[str]:
    """Split a table row on unescaped pipes outside code spans' escapes (GFM splits on `\\|` too)."""
    return re.split(r"(?<!\\)\|", row)[1:-1]


def test_catalog_tables_keep_their_columns_with_hostile_names() -> None:
    files = FOLDER_EXPORTERS[GraphFormat.MARKDOWN](hostile_graph(), OPTIONS)
    for path, text in files.items():
        rows = [line for line in text.splitlines() if line.startswith("|")]
        for header, *body in _tables(rows):
            width = len(cells(header))
            assert all(len(cells(row)) == width for row in body), (path, body)
        for block in mermaid_blocks(text):
            check_mermaid(block)
    assert set(files) == {
        "README.md",
        "channels/sqs-orders--q.md",
        "messages/app.events.Order-Placed.md",
        "messages/app.queries.Get-Order.md",
        "messages/we-ird-pkg-.sub-mod-.Place-Order.md",
    }


def _tables(rows: list[str]) -> list[list[str]]:
    tables: list[list[str]] = []
    for row in rows:
        if set(row) <= set("|-"):
            continue
        if not tables or row.count("---") or _is_header(row):
            tables.append([row])
        else:
            tables[-1].append(row)
    return tables


def _is_header(row: str) -> bool:
    return row.startswith(("| message |", "| channel |", "| site |", "| field |", "| who |"))


def test_catalog_page_tells_what_a_reader_asks(shop: MessageGraph) -> None:
    files = FOLDER_EXPORTERS[GraphFormat.MARKDOWN](shop, OPTIONS)
    index = files["README.md"]
    assert (
        "| [`ProcessPayment`](messages/shop.domain.commands.ProcessPayment.md) | command"
        " | `shop.domain.commands` | `charge_shipping`, `take_payment`"
        " | `charge_card_legacy`, `process_payment` |"
    ) in index
    page = files["messages/shop.domain.commands.ProcessPayment.md"]
    assert (
        "- **defined at:** [`shop/domain/commands.py:33`](../shop/domain/commands.py#L33)" in page
    )
    assert (
        "| `shop.payments.handlers.take_payment` | sends via `bus.send`"
        " | [`shop/payments/handlers.py:21`](../shop/payments/handlers.py#L21) |"
    ) in page
    assert (
        "| `shop.service_layer.handlers.charge_card_legacy` | handles via `COMMAND_HANDLERS dict`"
        in page
    )
    assert "- base class Command (strength: base)\n" in page
    assert "- registry COMMAND\\_HANDLERS (strength: registry) — [`shop/service_layer" in page
    assert "| `order_id` | `str` |" in page
    [block] = mermaid_blocks(page)
    declared, edges = check_mermaid(block)
    assert edges == 4 and "cmd_shop_domain_commands_ProcessPayment" in declared  # 2 in, 2 out


def test_the_layout_places_every_node_once_even_around_cycles() -> None:
    from analyzer.export.layout import layers, layout

    graph = hostile_graph()  # place → Place|Order → handle → Order{Placed} → place is a cycle
    layer = layers(graph)
    placed = layout(graph)
    assert set(placed.boxes) == set(layer) == set(graph.nx.nodes)
    assert layer["endpoint:app.api.place\nnext"] == 0
    assert layer['message:we"ird<pkg>.sub`mod`.Place|Order'] == 1
    spans: dict[int, list[tuple[float, float]]] = {}
    for node, box in placed.boxes.items():
        assert box.x - box.width / 2 > 0 and box.x + box.width / 2 < placed.width
        spans.setdefault(layer[node], []).append((box.y - box.height / 2, box.y + box.height / 2))
    for column in spans.values():  # no two boxes of a column overlap
        column.sort()
        assert all(above[1] < below[0] for above, below in itertools.pairwise(column))
