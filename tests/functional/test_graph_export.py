"""`buslint graph` as users drive it: every format, folders, filters, warnings and errors."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import unquote

import networkx as nx
import pytest

from analyzer.export import EXPORTERS, GraphFormat
from tests.helpers import FIXTURES, ROOT, invoke, run_cli, write_project

SVG = "{http://www.w3.org/2000/svg}"
needs_dot = pytest.mark.skipif(
    shutil.which("dot") is None, reason="Graphviz `dot` is not installed (apt install graphviz)"
)


@pytest.fixture(scope="module")
def shop(tmp_path_factory: pytest.TempPathFactory) -> Path:
    copy = tmp_path_factory.mktemp("shop") / "shop"
    shutil.copytree(FIXTURES / "shop", copy, ignore=shutil.ignore_patterns(".buslint_cache"))
    return copy


@pytest.mark.parametrize(
    "graph_format",
    [f.value for f in GraphFormat if f in EXPORTERS],
)
def test_every_one_file_format_prints_and_writes_the_same_text(
    shop: Path, graph_format: str
) -> None:
    code, out, err = invoke(["graph", "--format", graph_format], shop)
    assert code == 0, err
    assert "PlaceOrder" in out
    target = shop / f"graph.{graph_format}"  # links from the project root: the same text
    code, written, err = invoke(["graph", "--format", graph_format, "-o", str(target)], shop)
    assert (code, written, err) == (0, "", f"wrote {target}\n")
    assert target.read_text(encoding="utf-8") == out


def test_markdown_writes_a_catalog_folder_whose_source_links_resolve(shop: Path) -> None:
    folder = shop / "docs" / "catalog"
    done = run_cli(["graph", "--format", "markdown", "-o", "docs/catalog"], shop)
    assert done.returncode == 0, done.stderr
    assert "wrote docs/catalog/README.md\n" in done.stderr
    assert "wrote docs/catalog/messages/shop.domain.events.OrderPlaced.md\n" in done.stderr
    pages = sorted(folder.rglob("*.md"))
    graph = json.loads(run_cli(["graph", "--format", "json"], shop).stdout)
    messages = [n for n in graph["nodes"] if n["type"] in ("message", "channel")]
    assert len(pages) == 1 + len(messages), "an index and one page per message or channel"
    checked = 0
    for page in pages:
        for target in re.findall(r"\]\(([^)]+)\)", page.read_text(encoding="utf-8")):
            path = unquote(target.split("#", 1)[0])
            assert (page.parent / path).is_file(), (page, target)
            checked += 1
    assert checked > 50


def test_link_base_makes_source_links_absolute(shop: Path, tmp_path: Path) -> None:
    base = "https://github.com/acme/shop/blob/main/"
    code, _, err = invoke(
        ["graph", "--format", "markdown", "-o", str(tmp_path / "c"), "--link-base", base], shop
    )
    assert code == 0, err
    page = (tmp_path / "c" / "messages" / "shop.domain.commands.PlaceOrder.md").read_text()
    assert f"]({base}shop/domain/commands.py#L14)" in page


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--format", "markdown"], "--format markdown writes a folder of files: give -o DIR"),
        (["--format", "markdown", "-o", "pyproject.toml"], "exists and is not a folder"),
        (["--format", "dot", "-o", "shop"], "shop: is a folder; --format dot writes one file"),
        (["--focus", "OrderPlace"], "did you mean OrderPlaced, OrderCancelled?"),
        (["--context", "nowhere"], "the contexts and packages are: ordering, payments, shipping,"),
        (["--depth", "3"], "--depth needs --focus MESSAGE"),
    ],
)
def test_bad_export_requests_exit_2_with_a_message(
    shop: Path, args: list[str], message: str
) -> None:
    code, out, err = invoke(["graph", *args], shop)
    assert code == 2 and out == ""
    assert err.startswith("buslint: error: ") and message in err


def test_filters_apply_to_any_format(shop: Path) -> None:
    code, out, _ = invoke(["graph", "--kind", "command", "--context", "payments"], shop)
    assert code == 0
    nodes = {n["id"] for n in json.loads(out)["nodes"]}
    assert nodes == {
        "endpoint:shop.entrypoints.api.late_parcel_endpoint",
        "endpoint:shop.payments.handlers.charge_shipping",
        "endpoint:shop.payments.handlers.process_payment",
        "endpoint:shop.payments.handlers.refund_cancelled",
        "endpoint:shop.payments.handlers.take_payment",
        "endpoint:shop.shipping.handlers.issue_delay_voucher",
        "message:shop.domain.commands.ProcessPayment",
        "message:shop.domain.commands.RefundPayment",
        "message:shop.payments.messages.IssueVoucher",
    }
    code, out, _ = invoke(["graph", "--format", "mermaid", "--focus", "ShipOrder"], shop)
    assert code == 0
    assert "ShipOrderHandler.handle" in out and "OrderPlaced" not in out
    assert "handles ×2" in out


def test_configured_contexts_name_the_clusters(tmp_path: Path) -> None:
    project = write_project(
        tmp_path,
        {
            "pyproject.toml": '[tool.buslint.contexts]\nordering = ["app.orders*"]\n',
            "app/__init__.py": "",
            "app/orders/__init__.py": "",
            "app/orders/commands.py": "class Command: ...\nclass PlaceOrder(Command): ...\n",
            "app/orders/handlers.py": (
                "from app.orders.commands import PlaceOrder\n"
                "HANDLERS = {PlaceOrder: lambda c: None}\n"
                "def handle_place(cmd: PlaceOrder): ...\n"
                "COMMAND_HANDLERS = {PlaceOrder: handle_place}\n"
            ),
            "app/api.py": "from app.orders.commands import PlaceOrder\n"
            "def place(bus):\n    bus.send(PlaceOrder())\n",
        },
    )
    code, out, _ = invoke(["graph", "--format", "dot"], project)
    assert code == 0
    assert "label=<<b>ordering</b>>;" in out
    code, out, _ = invoke(["graph", "--context", "ordering", "--format", "cytoscape"], project)
    assert code == 0
    parents = {
        n["data"]["id"] for n in json.loads(out)["elements"]["nodes"] if "parent" not in n["data"]
    }
    assert parents == {"group:app.api", "group:ordering"}


def test_mermaid_warns_on_stderr_when_a_part_is_too_big(tmp_path: Path) -> None:
    events = "".join(f"class E{i}(Event): ...\n" for i in range(510))
    subscribers = "".join(f"@subscribe(E{i})\ndef on_e{i}(event): ...\n" for i in range(510))
    project = write_project(
        tmp_path,
        {
            "pyproject.toml": "[tool.buslint]\n",
            "big/__init__.py": "",
            "big/events.py": "class Event: ...\n" + events,
            "big/subscribers.py": "from big.events import *\nfrom bus import subscribe\n"
            + subscribers,
        },
    )
    code, out, err = invoke(["graph", "--format", "mermaid"], project)
    assert code == 0
    # one package: grouped by module, and each part draws the 510 edges between the two modules
    assert "buslint: warning: mermaid: the diagram for 'big.events' has 510 edges" in err
    assert "buslint: warning: mermaid: the diagram for 'big.subscribers' has 510 edges" in err
    assert out.count("```mermaid") == 2


def test_the_readme_shows_a_small_rendered_picture_of_the_example() -> None:
    picture = ROOT / "docs" / "example-graph.png"
    data = picture.read_bytes()
    assert data.startswith(b"\x89PNG\r\n\x1a\n") and len(data) < 300_000
    assert "](docs/example-graph.png)" in (ROOT / "README.md").read_text(encoding="utf-8")


ODD_DIR = 'we"ird <pkg>`{x}`#|'


@pytest.fixture(scope="module")
def hostile_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A project whose folder, hence module path, and an unresolved site carry hostile text.

    (Nothing imports `commands` from the folder: such an import would make the folder an
    import root, and the module plain `commands`.)"""
    root = tmp_path_factory.mktemp("hostile")
    nasty = "</script><script>alert('x')</script> \"q\" `b` {c} [d] |e| #f; &amp; --> %%"
    return write_project(
        root,
        {
            "pyproject.toml": "[tool.buslint]\n",
            f"{ODD_DIR}/commands.py": "class Command: ...\nclass PlaceOrder(Command):\n"
            "    note: 'str | <b>' = ''\n",
            f"{ODD_DIR}/api.py": "def place(bus):\n"
            f"    bus.send(MESSAGES[{nasty!r}\n        'second line']())\n",
        },
    )


@needs_dot
def test_a_hostile_project_renders_in_graphviz(hostile_project: Path) -> None:
    code, out, err = invoke(["graph", "--format", "dot"], hostile_project)
    assert code == 0, err
    done = subprocess.run(["dot", "-Tsvg"], input=out, capture_output=True, text=True, check=False)
    assert done.returncode == 0 and not done.stderr, done.stderr
    texts = ["".join(t.itertext()) for t in ET.fromstring(done.stdout).iter(f"{SVG}text")]
    assert ODD_DIR + ".commands" in texts
    assert any(text.startswith("? MESSAGES['</script><script>alert(") for text in texts)


def test_a_hostile_project_exports_parse(hostile_project: Path, tmp_path: Path) -> None:
    for graph_format in ("graphml", "cytoscape", "json", "html", "mermaid"):
        code, _, err = invoke(
            ["graph", "--format", graph_format, "-o", str(tmp_path / graph_format)],
            hostile_project,
        )
        assert code == 0, err
    graph = nx.read_graphml(tmp_path / "graphml")
    assert f"message:{ODD_DIR}.commands.PlaceOrder" in graph.nodes
    cytoscape = json.loads((tmp_path / "cytoscape").read_text(encoding="utf-8"))
    assert f"group:{ODD_DIR}.commands" in {n["data"]["id"] for n in cytoscape["elements"]["nodes"]}
    page = (tmp_path / "html").read_text(encoding="utf-8")
    assert page.count("<script") == 2 and page.count("</script>") == 2
    assert "</script><script>alert" not in (tmp_path / "mermaid").read_text(encoding="utf-8")


def test_a_hostile_catalog_links_to_the_real_files(hostile_project: Path) -> None:
    code, _, err = invoke(["graph", "--format", "markdown", "-o", "catalog"], hostile_project)
    assert code == 0, err
    page = next((hostile_project / "catalog" / "messages").glob("*PlaceOrder.md"))
    text = page.read_text(encoding="utf-8")
    targets = [t for t in re.findall(r"\]\(([^)\s]+)\)", text) if "#L" in t]
    assert targets and all((page.parent / unquote(t.split("#")[0])).is_file() for t in targets), (
        targets
    )
    assert "| `note` | `'str \\| <b>'` |" in text
