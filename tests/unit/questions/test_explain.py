"""`buslint explain`: who sends and handles a message, what follows, why, and which findings touch it."""

from __future__ import annotations

import json
from pathlib import Path

from tests.helpers import FIXTURES, invoke, write_project

SHOP = FIXTURES / "shop"


def test_explain_a_command_in_text() -> None:
    code, out, _ = invoke(["explain", "PlaceOrder"], SHOP)
    assert code == 0
    assert out == (
        "PlaceOrder — command shop.domain.commands.PlaceOrder\n"
        "  defined at shop/domain/commands.py:14, in shop.domain\n"
        "\n"
        "Sent or emitted by\n"
        "  shop.entrypoints.api.place_order_endpoint  sends  messagebus.handle"
        "  shop/entrypoints/api.py:17\n"
        "\n"
        "Handled by\n"
        "  shop.service_layer.handlers.place_order  handles  COMMAND_HANDLERS dict"
        "  shop/service_layer/handlers.py:65\n"
        "\n"
        "Channels\n"
        "  none\n"
        "\n"
        "What follows\n"
        "  shop.service_layer.handlers.place_order  emits  shop.domain.events.OrderPlaced"
        "  through shop.domain.model.Order.place  shop/domain/model.py:18\n"
        "\n"
        "Why a command (evidence, strongest first)\n"
        "  base class Command\n"
        "  registry COMMAND_HANDLERS  shop/service_layer/handlers.py:65\n"
        "  module commands\n"
        "  passed to messagebus.handle  shop/entrypoints/api.py:17\n"
        "\n"
        "Findings\n"
        "  none\n"
    )


def test_explain_json_lists_the_findings_that_touch_it() -> None:
    code, out, _ = invoke(
        ["explain", "shop.domain.commands.ProcessPayment", "--format", "json"], SHOP
    )
    assert code == 0
    data = json.loads(out)
    assert data["schema"] == "buslint.explain/1"
    assert data["node"]["id"] == "message:shop.domain.commands.ProcessPayment"
    assert [h["target"] for h in data["handlers"]] == [
        "endpoint:shop.payments.handlers.process_payment",
        "endpoint:shop.service_layer.handlers.charge_card_legacy",
    ]
    assert [f["code"] for f in data["findings"]] == ["BUS001", "BUS011"]
    assert [p["source"] for p in data["producers"]] == [
        "endpoint:shop.payments.handlers.take_payment",
        "endpoint:shop.payments.handlers.charge_shipping",
    ]
    assert [f["target"] for f in data["follows"]] == ["message:shop.domain.events.PaymentSucceeded"]


def test_explain_a_handler_by_class_and_method() -> None:
    code, out, _ = invoke(["explain", "ShipPaidOrders.handle"], SHOP)
    assert code == 0
    assert out.startswith("handle — handler shop.shipping.handlers.ShipPaidOrders.handle\n")
    assert "  shop.domain.events.PaymentSucceeded  subscribes  EventHandler subclass" in out
    assert (
        "  sends  shop.domain.commands.ShipOrder  directly  shop/shipping/handlers.py:31\n" in out
    )


def test_ambiguous_name_lists_candidates_and_exits_2() -> None:
    code, out, err = invoke(["explain", "handle"], SHOP)
    assert code == 2
    assert out == ""
    assert err == (
        "buslint: error: 'handle' is ambiguous; did you mean one of:\n"
        "  endpoint:shop.shipping.handlers.ShipOrderHandler.handle\n"
        "  endpoint:shop.shipping.handlers.ShipPaidOrders.handle\n"
    )


def test_unknown_name_exits_2() -> None:
    code, _, err = invoke(["explain", "Nope"], SHOP)
    assert code == 2
    assert "no message, channel or handler named 'Nope'" in err


def test_markdown_escapes_names(tmp_path: Path) -> None:
    root = write_project(
        tmp_path,
        {
            "pyproject.toml": '[tool.buslint.kinds]\ncommands = ["app.api.Pay*"]\n',
            "app/api.py": ("class Pay_Now: ...\ndef pay(bus):\n    bus.send(Pay_Now())\n"),
        },
    )
    code, out, _ = invoke(["explain", "Pay_Now", "--format", "markdown"], root)
    assert code == 0
    assert out.startswith("### Pay\\_Now — command app.api.Pay\\_Now\n")
    assert "| `app.api.pay` | sends | `bus.send` | `app/api.py:3` |" in out
    assert "| configured in kinds.commands |  |" in out


def test_explain_shows_how_an_inferred_edge_was_found(tmp_path: Path) -> None:
    root = write_project(
        tmp_path,
        {
            "pyproject.toml": "[tool.buslint]\n",
            "jobs/__init__.py": "",
            "jobs/client.py": (
                "from celery import Celery\n"
                "app = Celery('web')\n"
                "def send_task(name, **options):\n"
                "    return app.send_task(name, **options)\n"
                "def refund(order_id):\n"
                "    send_task('billing.refund', args=[order_id])\n"
            ),
            "jobs/worker.py": (
                "from celery import shared_task\n"
                "@shared_task(name='billing.refund')\n"
                "def refund(order_id): ...\n"
            ),
        },
    )
    code, out, _ = invoke(["explain", "billing.refund"], root)
    assert code == 0
    assert "jobs.client.refund  sends  send_task → app.send_task  jobs/client.py:6" in out
    assert (
        "Inferred (edges the code does not name at their site, and how they were found)\n"
        "  jobs.client.refund sends celery:billing.refund  "
        "jobs.client.send_task(name=…) called in jobs.client.refund (jobs/client.py:6)"
        "  jobs/client.py:6\n"
    ) in out
    code, out, _ = invoke(["explain", "billing.refund", "--format", "json"], root)
    producers = json.loads(out)["producers"]
    assert producers[0]["inferred"] == [
        "jobs.client.send_task(name=…) called in jobs.client.refund (jobs/client.py:6)"
    ]
