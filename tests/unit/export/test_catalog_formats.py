"""AsyncAPI and EventCatalog exports: valid against the official schema, the right layout, escaped."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from analyzer import app
from analyzer.export import GraphFormat, asyncapi, eventcatalog
from analyzer.graph import MessageGraph
from analyzer.model import Kind
from tests.helpers import FIXTURES, ROOT, graph_of, invoke, write_project

SCHEMAS = ROOT.parent / "shared" / "schemas"
ASYNCAPI_SCHEMA = SCHEMAS / "asyncapi-3.0.0.json"


@pytest.fixture(scope="module")
def shop() -> MessageGraph:
    return graph_of(FIXTURES / "shop")


def export(graph: MessageGraph, fmt: GraphFormat) -> dict[str, str]:
    render = {GraphFormat.ASYNCAPI: asyncapi.render, GraphFormat.EVENTCATALOG: eventcatalog.render}
    return render[fmt](graph, app.grouping(app.DEFAULT_CONFIG, graph))


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft7Validator:
    if not ASYNCAPI_SCHEMA.is_file():
        pytest.skip(f"the official AsyncAPI schema is not at {ASYNCAPI_SCHEMA}")
    return jsonschema.Draft7Validator(json.loads(ASYNCAPI_SCHEMA.read_text()))


def test_asyncapi_documents_are_valid_one_per_service(
    shop: MessageGraph, validator: jsonschema.Draft7Validator
) -> None:
    files = export(shop, GraphFormat.ASYNCAPI)
    assert sorted(files) == [
        "shop.domain.asyncapi.json",
        "shop.entrypoints.asyncapi.json",
        "shop.notifications.asyncapi.json",
        "shop.payments.asyncapi.json",
        "shop.service_layer.asyncapi.json",
        "shop.shipping.asyncapi.json",
    ]
    for name, text in files.items():
        errors = [e.message for e in validator.iter_errors(json.loads(text))]
        assert errors == [], name


def test_asyncapi_operations_and_messages(shop: MessageGraph) -> None:
    doc = json.loads(export(shop, GraphFormat.ASYNCAPI)["shop.payments.asyncapi.json"])
    operations = doc["operations"]
    send = operations["shop.payments.handlers.take_payment.send.ProcessPayment"]
    assert send["action"] == "send"
    assert send["channel"] == {"$ref": "#/channels/ProcessPayment"}
    assert send["messages"] == [{"$ref": "#/channels/ProcessPayment/messages/ProcessPayment"}]
    receive = operations["shop.payments.handlers.take_payment.receive.StockReserved"]
    assert receive["action"] == "receive"
    assert doc["channels"]["StockReserved"]["address"] == "StockReserved"
    message = doc["components"]["messages"]["ProcessPayment"]
    assert message["x-buslint-kind"] == "command"
    assert message["payload"] == {
        "type": "object",
        "properties": {
            "order_id": {"type": "string"},
            "amount": {"type": "string", "format": "decimal"},
        },
    }
    assert doc["components"]["messages"]["StockReserved"]["x-buslint-kind"] == "event"


def test_asyncapi_a_broken_document_fails_validation(
    shop: MessageGraph, validator: jsonschema.Draft7Validator
) -> None:
    doc = json.loads(export(shop, GraphFormat.ASYNCAPI)["shop.payments.asyncapi.json"])
    next(iter(doc["operations"].values()))["action"] = "publish"  # AsyncAPI 2 wording
    assert list(validator.iter_errors(doc))


def front_matter(text: str) -> dict[str, Any]:
    assert text.startswith("---\n")
    head, _, _ = text[4:].partition("\n---\n")
    data: dict[str, Any] = yaml.safe_load(head)
    return data


def test_eventcatalog_layout_and_front_matter(shop: MessageGraph) -> None:
    files = export(shop, GraphFormat.EVENTCATALOG)
    folders = {path.split("/")[0] for path in files}
    assert folders == {"services", "events", "commands", "queries"}
    assert "events/OrderPlaced/index.mdx" in files
    assert "events/OrderPlaced/schema.json" in files
    assert "commands/PlaceOrder/index.mdx" in files
    placed = front_matter(files["events/OrderPlaced/index.mdx"])
    assert placed["id"] == "OrderPlaced"
    assert placed["name"] == "OrderPlaced"
    assert placed["version"] == "1.0.0"
    assert placed["schemaPath"] == "schema.json"
    assert placed["summary"] == "Event shop.domain.events.OrderPlaced."
    payments = front_matter(files["services/shop-payments/index.mdx"])
    assert payments["id"] == "shop-payments"
    assert payments["name"] == "shop.payments"
    assert payments["sends"] == [
        {"id": "PaymentSucceeded", "version": "1.0.0"},
        {"id": "ProcessPayment", "version": "1.0.0"},
        {"id": "RefundPayment", "version": "1.0.0"},
    ]
    assert {"id": "StockReserved", "version": "1.0.0"} in payments["receives"]
    for path, text in files.items():
        if path.endswith("index.mdx"):
            data = front_matter(text)
            assert {"id", "name", "version", "summary"} <= set(data), path
            for pointer in data.get("sends", []) + data.get("receives", []):
                kind_folders = ("events", "commands", "queries")
                assert any(f"{k}/{pointer['id']}/index.mdx" in files for k in kind_folders)


def test_eventcatalog_escapes_what_it_embeds(tmp_path: Path) -> None:
    root = write_project(
        tmp_path,
        {
            "app/commands.py": (
                "class Command: ...\n"
                "class Pay(Command):\n"
                '    note: \'Literal["a|b", "{x}"]\'\n'
                "    amount: 'dict[str, \"<b>\"]'\n"
            ),
            "app/api.py": "from app.commands import Pay\ndef pay(bus):\n    bus.send(Pay())\n",
        },
    )
    files = export(graph_of(root), GraphFormat.EVENTCATALOG)
    page = files["commands/Pay/index.mdx"]
    assert front_matter(page)["name"] == "Pay"
    table = [line for line in page.splitlines() if line.startswith("| `note`")]
    assert table == ['| `note` | `\'Literal["a\\|b", "{x}"]\'` |']
    assert "<b>" not in page.replace("`'dict[str, \"<b>\"]'`", "")
    schema = json.loads(files["commands/Pay/schema.json"])
    assert schema["properties"]["note"] == {"enum": ["a|b", "{x}"]}


def test_graph_command_writes_folders_and_needs_o(tmp_path: Path) -> None:
    shop = FIXTURES / "shop"
    code, _, err = invoke(["graph", "--format", "asyncapi"], shop)
    assert code == 2
    assert "-o DIR" in err
    out = tmp_path / "catalog"
    code, _, err = invoke(["graph", "--format", "eventcatalog", "-o", str(out)], shop)
    assert code == 0, err
    assert (out / "services" / "payments" / "index.mdx").is_file()
    first = {p: p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}
    invoke(["graph", "--format", "eventcatalog", "-o", str(out)], shop)
    assert first == {p: p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}


def test_one_file_formats_refuse_a_folder(tmp_path: Path) -> None:
    code, _, err = invoke(["graph", "--format", "json", "-o", str(tmp_path)], FIXTURES / "shop")
    assert code == 2
    assert "is a folder; --format json writes one file" in err


def _node_with(module: str) -> dict[str, str] | None:
    """The environment in which node can require `module` (installed globally), if any."""
    node, npm = shutil.which("node"), shutil.which("npm")
    if node is None or npm is None:
        return None
    root = subprocess.run([npm, "root", "-g"], capture_output=True, text=True, check=False)
    env = {**os.environ, "NODE_PATH": root.stdout.strip()}
    probe = [node, "-e", f"require({module!r})"]
    if subprocess.run(probe, env=env, capture_output=True, check=False).returncode != 0:
        return None
    return env


def test_the_official_asyncapi_parser_accepts_every_document(
    shop: MessageGraph, tmp_path: Path
) -> None:
    env = _node_with("@asyncapi/parser")
    if env is None:
        pytest.skip("node with @asyncapi/parser (npm install -g @asyncapi/parser) is not available")
    files = []
    for name, text in export(shop, GraphFormat.ASYNCAPI).items():
        (tmp_path / name).write_text(text)
        files.append(str(tmp_path / name))
    broken = json.loads((tmp_path / "shop.payments.asyncapi.json").read_text())
    operation = next(iter(broken["operations"].values()))
    operation["messages"] = [{"$ref": "#/channels/StockReserved/messages/StockReserved"}]
    (tmp_path / "broken.json").write_text(json.dumps(broken))
    script = str(Path(__file__).with_name("validate_asyncapi.cjs"))
    result = subprocess.run(
        ["node", script, *files, str(tmp_path / "broken.json")],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 1, result.stderr
    reported = result.stdout.splitlines()
    assert reported and all(line.startswith(f"{tmp_path / 'broken.json'}: ") for line in reported)
    assert "asyncapi3-operation-messages-from-referred-channel" in reported[0]


def test_eventcatalogs_own_sdk_reads_the_catalog(shop: MessageGraph, tmp_path: Path) -> None:
    env = _node_with("@eventcatalog/sdk")
    if env is None:
        pytest.skip(
            "node with @eventcatalog/sdk (npm install -g @eventcatalog/sdk) is not available"
        )
    app.write_folder(export(shop, GraphFormat.EVENTCATALOG), tmp_path / "catalog")
    script = str(Path(__file__).with_name("read_eventcatalog.cjs"))
    result = subprocess.run(
        ["node", script, str(tmp_path / "catalog")],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    seen = json.loads(result.stdout)

    def names(kind: Kind) -> list[str]:
        return sorted(f"{m.name}@1.0.0" for m in shop.messages(kind) if not m.external)

    assert seen["events"] == names(Kind.EVENT)
    assert len(seen["commands"]) == len(names(Kind.COMMAND))
    assert len(seen["queries"]) == len(names(Kind.QUERY))
    payments = seen["services"]["shop-payments"]
    assert payments["name"] == "shop.payments"
    assert {"PaymentSucceeded", "ProcessPayment", "RefundPayment"} <= set(payments["sends"])
    assert {"OrderCancelled", "ProcessPayment", "StockReserved"} <= set(payments["receives"])
    assert sorted(seen["services"]) == [
        "shop-domain",
        "shop-entrypoints",
        "shop-notifications",
        "shop-payments",
        "shop-service_layer",
        "shop-shipping",
    ]
    assert seen["orderPlacedSchema"]["properties"]["skus"] == {
        "type": "array",
        "items": {"type": "string"},
    }
