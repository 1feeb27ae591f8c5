"""`buslint flow`: the cascade after a send, through calls into aggregates, with cycles and depth."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import invoke, write_project

CASCADE = {
    "pyproject.toml": "[tool.buslint]\n",
    "app/__init__.py": "",
    "app/commands.py": (
        "class Command: ...\nclass PlaceOrder(Command): ...\nclass ReserveStock(Command): ...\n"
    ),
    "app/events.py": (
        "class Event: ...\nclass OrderPlaced(Event): ...\nclass StockReserved(Event): ...\n"
    ),
    "app/model.py": (
        "from app.events import OrderPlaced\n"
        "class Order:\n"
        "    def __init__(self) -> None:\n"
        "        self.events = []\n"
        "    def place(self) -> None:\n"
        "        self.events.append(OrderPlaced())\n"
    ),
    "app/handlers.py": (
        "from app.commands import PlaceOrder, ReserveStock\n"
        "from app.events import OrderPlaced, StockReserved\n"
        "from app.model import Order\n"
        "def place_order(cmd: PlaceOrder, bus) -> None:\n"
        "    order = Order()\n"
        "    order.place()\n"
        "def ask_stock(event: OrderPlaced, bus) -> None:\n"
        "    bus.send(ReserveStock())\n"
        "def reserve(cmd: ReserveStock, bus) -> None:\n"
        "    bus.publish(StockReserved())\n"
        "def again(event: StockReserved, bus) -> None:\n"
        "    bus.send(PlaceOrder())\n"
        "def log(event: OrderPlaced, bus) -> None: ...\n"
        "COMMAND_HANDLERS = {PlaceOrder: place_order, ReserveStock: reserve}\n"
        "EVENT_HANDLERS = {OrderPlaced: [ask_stock, log], StockReserved: [again]}\n"
    ),
}


@pytest.fixture
def cascade(tmp_path: Path) -> Path:
    return write_project(tmp_path, CASCADE)


def test_text_follows_calls_and_marks_the_cycle(cascade: Path) -> None:
    code, out, _ = invoke(["flow", "PlaceOrder"], cascade)
    assert code == 0
    assert out == (
        "PlaceOrder (command)\n"
        "└─ handled by app.handlers.place_order  (COMMAND_HANDLERS dict, app/handlers.py:14)\n"
        "   └─ emits OrderPlaced (event) through app.model.Order.place  (app/model.py:6)\n"
        "      ├─ subscriber app.handlers.ask_stock  (EVENT_HANDLERS dict, app/handlers.py:15)\n"
        "      │  └─ sends ReserveStock (command)  (app/handlers.py:8)\n"
        "      │     └─ handled by app.handlers.reserve  (COMMAND_HANDLERS dict, app/handlers.py:14)\n"
        "      │        └─ emits StockReserved (event)  (app/handlers.py:10)\n"
        "      │           └─ subscriber app.handlers.again  (EVENT_HANDLERS dict, app/handlers.py:15)\n"
        "      │              └─ sends PlaceOrder (command)  (app/handlers.py:12)"
        "  [cycle: already on this path]\n"
        "      └─ subscriber app.handlers.log  (EVENT_HANDLERS dict, app/handlers.py:15)\n"
    )


def test_depth_limits_the_cascade(cascade: Path) -> None:
    code, out, _ = invoke(["flow", "PlaceOrder", "--depth", "1"], cascade)
    assert code == 0
    assert out.splitlines()[-1] == (
        "   └─ emits OrderPlaced (event) through app.model.Order.place  (app/model.py:6)"
        "  [depth limit reached]"
    )
    assert invoke(["flow", "PlaceOrder", "--depth", "0"], cascade)[0] == 2


def test_sequence_diagram(cascade: Path) -> None:
    code, out, _ = invoke(["flow", "OrderPlaced", "--format", "sequence"], cascade)
    assert code == 0
    assert out == (
        "sequenceDiagram\n"
        "    autonumber\n"
        "    participant p0 as Order.place\n"
        "    participant p1 as handlers.ask_stock\n"
        "    participant p2 as handlers.reserve\n"
        "    participant p3 as handlers.again\n"
        "    participant p4 as handlers.place_order\n"
        "    participant p5 as handlers.log\n"
        "    p0-)p1: OrderPlaced\n"
        "    p1->>p2: ReserveStock\n"
        "    p2-)p3: StockReserved\n"
        "    p3->>p4: PlaceOrder\n"
        "    Note over p4: OrderPlaced (via Order.place): cycle: already on this path\n"
        "    p0-)p5: OrderPlaced\n"
    )


def test_flowchart_marks_the_cycle_edge(cascade: Path) -> None:
    code, out, _ = invoke(["flow", "PlaceOrder", "--format", "flowchart"], cascade)
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "flowchart LR"
    assert '    n0(["PlaceOrder (command)"]):::command' in lines
    assert '    n1["handlers.place_order"]' in lines
    assert '    n1 -->|"emits via Order.place"| n2' in lines
    cycle = [
        i
        for i, line in enumerate(x for x in lines if "-->" in x or "-.-" in x)
        if "(cycle)" in line
    ]
    assert cycle and f"    linkStyle {cycle[0]} stroke:#dc2626,stroke-dasharray:4" in lines
    assert '-->|"sends (cycle)"| n0' in out


def test_flow_of_a_handler_name_is_a_usage_error(cascade: Path) -> None:
    code, _, err = invoke(["flow", "place_order"], cascade)
    assert code == 2
    assert "no message or channel named 'place_order'" in err
