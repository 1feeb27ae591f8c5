"""`buslint merge`: exports of several services as one graph, and the rules across them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.helpers import invoke, write_project

ORDERS = {
    "pyproject.toml": "[tool.buslint]\n",
    "orders/commands.py": (
        "class Command: ...\n"
        "class ChargeCard(Command):\n"
        "    amount: int\n"
        "class ShipOrder(Command): ...\n"
        "class RefundPayment(Command): ...\n"
    ),
    "orders/api.py": (
        "from orders.commands import ChargeCard, ShipOrder\n"
        "def place(bus):\n"
        "    bus.send(ChargeCard(1))\n"
        "    bus.send(ShipOrder())\n"
        "def refund(cmd: 'RefundPayment'): ...\n"
        "from orders.commands import RefundPayment\n"
        "COMMAND_HANDLERS = {RefundPayment: refund}\n"
    ),
}
BILLING = {
    "pyproject.toml": "[tool.buslint]\n",
    "billing/contracts.py": (
        "class Command: ...\nclass ChargeCard(Command): ...\nclass RefundPayment(Command): ...\n"
    ),
    "billing/handlers.py": (
        "from billing.contracts import ChargeCard, RefundPayment\n"
        "def charge(cmd): ...\n"
        "def refund(cmd): ...\n"
        "COMMAND_HANDLERS = {ChargeCard: charge, RefundPayment: refund}\n"
    ),
}


@pytest.fixture
def exports(tmp_path: Path) -> tuple[Path, Path]:
    paths = []
    for name, files in (("orders", ORDERS), ("billing", BILLING)):
        root = write_project(tmp_path / f"{name}-repo", files)
        code, out, err = invoke(["graph", "--format", "json"], root)
        assert code == 0, err
        path = tmp_path / f"{name}.json"
        path.write_text(out)
        paths.append(path)
    return paths[0], paths[1]


def test_merged_graph_matches_messages_by_name_and_keeps_endpoints_apart(
    exports: tuple[Path, Path],
) -> None:
    code, out, _ = invoke(["merge", str(exports[0]), str(exports[1])], exports[0].parent)
    assert code == 0
    data = json.loads(out)
    assert data["schema"] == "buslint.graph/1"
    messages = {n["id"]: n for n in data["nodes"] if n["type"] == "message"}
    assert sorted(messages) == [  # the first export named wins
        "message:orders.commands.ChargeCard",
        "message:orders.commands.RefundPayment",
        "message:orders.commands.ShipOrder",
    ]
    charge = next(m for m in messages.values() if m["name"] == "ChargeCard")
    assert charge["fields"] == [{"name": "amount", "type": "int"}]
    endpoints = sorted(n["id"] for n in data["nodes"] if n["type"] == "endpoint")
    assert endpoints == [
        "endpoint:billing:billing.handlers.charge",
        "endpoint:billing:billing.handlers.refund",
        "endpoint:orders:orders.api.place",
        "endpoint:orders:orders.api.refund",
    ]
    sends = [e for e in data["edges"] if e["relation"] == "sends"]
    assert {e["path"] for e in sends} == {"orders/orders/api.py"}
    handles = {(e["source"], e["target"]) for e in data["edges"] if e["relation"] == "handles"}
    assert (charge["id"], "endpoint:billing:billing.handlers.charge") in handles


def test_check_across_services(exports: tuple[Path, Path]) -> None:
    code, out, _ = invoke(["merge", *map(str, exports), "--check"], exports[0].parent)
    assert code == 1
    lines = out.splitlines()
    assert lines[0].startswith("orders/orders/api.py:4:5: BUS002 command ShipOrder is sent")
    assert lines[1].startswith(
        "orders/orders/commands.py:5:1: BUS001 command RefundPayment has 2 handlers: "
        "billing:billing.handlers.refund (billing/billing/handlers.py:4), "
        "orders:orders.api.refund (orders/orders/api.py:7)"
    )
    assert [line.split()[1] for line in lines[:-1]].count("BUS007") == 1  # handled, never sent
    assert lines[-1] == "Found 3 findings (2 errors, 1 warning) in 2 files."


def test_a_queue_consumed_in_two_repositories(tmp_path: Path) -> None:
    def export(service: str) -> Path:
        document = {
            "schema": "buslint.graph/1",
            "nodes": [
                {
                    "id": "channel:sqs:payments",
                    "type": "channel",
                    "transport": "sqs",
                    "name": "payments",
                    "kind": "command",
                    "path": "template.yaml",
                    "line": 3,
                    "evidence": ["SQS queue"],
                },
                {
                    "id": f"endpoint:{service}.consumer.consume",
                    "type": "endpoint",
                    "name": "consume",
                    "qualname": f"{service}.consumer.consume",
                    "path": f"{service}/consumer.py",
                    "line": 4,
                },
            ],
            "edges": [
                {
                    "source": "channel:sqs:payments",
                    "target": f"endpoint:{service}.consumer.consume",
                    "relation": "handles",
                    "path": f"{service}/consumer.py",
                    "line": 2,
                    "column": 1,
                    "via": "@sqs_handler",
                },
            ],
        }
        path = tmp_path / f"{service}.json"
        path.write_text(json.dumps(document))
        return path

    code, out, _ = invoke(
        ["merge", str(export("billing")), str(export("ledger")), "--check"], tmp_path
    )
    assert code == 1
    assert out.splitlines()[0].startswith(
        "billing/template.yaml:3:1: BUS001 command payments has 2 handlers"
    )


def test_merge_writes_folder_formats(exports: tuple[Path, Path], tmp_path: Path) -> None:
    out = tmp_path / "api"
    code, _, err = invoke(
        ["merge", *map(str, exports), "--format", "asyncapi", "-o", str(out)], tmp_path
    )
    assert code == 0, err
    assert sorted(p.name for p in out.iterdir()) == [
        "billing.asyncapi.json",
        "orders.asyncapi.json",
    ]


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("{", "not JSON"),
        ('{"schema": "other"}', "not a buslint.graph/1 document"),
        ('{"schema": "buslint.graph/1", "nodes": [{"type": "message"}], "edges": []}', "malformed"),
    ],
)
def test_bad_exports_are_usage_errors(tmp_path: Path, text: str, problem: str) -> None:
    (tmp_path / "bad.json").write_text(text)
    code, _, err = invoke(["merge", "bad.json"], tmp_path)
    assert code == 2
    assert problem in err


def test_exports_that_disagree_on_a_kind(tmp_path: Path) -> None:
    def export(service: str, kind: str, evidence: str) -> Path:
        document = {
            "schema": "buslint.graph/1",
            "nodes": [
                {
                    "id": "message:contracts.StockLow",
                    "type": "message",
                    "kind": kind,
                    "name": "StockLow",
                    "qualname": "contracts.StockLow",
                    "path": "contracts.py",
                    "line": 2,
                    "evidence": [evidence],
                },
            ],
            "edges": [],
        }
        path = tmp_path / f"{service}.json"
        path.write_text(json.dumps(document))
        return path

    a = export("stock", "event", "base class Event")
    b = export("buying", "command", "registry COMMAND_HANDLERS")
    code, out, _ = invoke(["merge", str(a), str(b), "--check", "--select", "BUS008"], tmp_path)
    assert code == 1
    assert out.splitlines()[0] == (
        "stock/contracts.py:2:1: BUS008 StockLow is an event by base class Event in stock but a"
        " command by registry COMMAND_HANDLERS in buying; buslint treats it as an event"
    )
