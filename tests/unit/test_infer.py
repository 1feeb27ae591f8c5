"""The inference (analyzer/link/infer): values across functions, wrappers, bounds."""

from __future__ import annotations

from pathlib import Path

from analyzer.model import Relation
from tests.helpers import graph_of, write_project


def _sends(root: Path) -> set[tuple[str, str]]:
    graph = graph_of(root)
    return {
        (e.source.rsplit(".", 1)[-1], e.target.rsplit(":", 1)[-1])
        for e in graph.edges(Relation.SENDS, Relation.EMITS)
    }


def test_a_shared_helper_gives_each_caller_its_own_values(tmp_path: Path) -> None:
    """Each call of `entry` is evaluated with its own arguments: no orders/Product mix."""
    root = write_project(
        tmp_path,
        {
            "pyproject.toml": "[tool.buslint]\n",
            "svc/__init__.py": "",
            "svc/shared.py": (
                "def entry(source, kind):\n"
                "    return {'Source': source, 'DetailType': kind + 'Created'}\n"
            ),
            "svc/orders.py": (
                "import boto3\nfrom svc.shared import entry\n"
                "client = boto3.client('events')\n"
                "def send(entries):\n    client.put_events(Entries=entries)\n"
                "def orders():\n    send([entry('orders', 'Order')])\n"
            ),
            "svc/products.py": (
                "import boto3\nfrom svc.shared import entry\n"
                "client = boto3.client('events')\n"
                "def send(entries):\n    client.put_events(Entries=entries)\n"
                "def products():\n    send([entry('products', 'Product')])\n"
            ),
        },
    )
    assert _sends(root) == {
        ("send", "default/OrderCreated"),
        ("send", "default/ProductCreated"),
    }
    graph = graph_of(root)
    senders = {e.source for e in graph.edges(Relation.EMITS) if "OrderCreated" in e.target}
    assert senders == {"endpoint:svc.orders.send"}


def test_wrappers_are_followed_only_so_far(tmp_path: Path) -> None:
    """Six wrapper levels: the send moves up four of them and stays there, with the value its
    callers pass; it never reaches the outermost caller."""
    chain = "".join(f"def w{i}(name):\n    return w{i + 1}(name)\n" for i in range(5))
    root = write_project(
        tmp_path,
        {
            "pyproject.toml": "[tool.buslint]\n",
            "jobs/__init__.py": "",
            "jobs/client.py": (
                "from celery import Celery\napp = Celery('x')\n"
                + chain
                + "def w5(name):\n    return app.send_task(name)\n"
                "def top():\n    w0('deep.task')\n"
                "def near():\n    w4('near.task')\n"
            ),
        },
    )
    sends = _sends(root)
    assert ("near", "near.task") in sends
    assert ("w1", "deep.task") in sends
    assert ("top", "deep.task") not in sends


def test_injection_by_name_never_fills_a_handlers_message(tmp_path: Path) -> None:
    """A dict keyed `event` somewhere is no value of every handler's `event` parameter."""
    root = write_project(
        tmp_path,
        {
            "pyproject.toml": "[tool.buslint]\n",
            "app/__init__.py": "",
            "app/msgs.py": "class Event: ...\nclass Paid(Event): ...\nclass Shipped(Event): ...\n",
            "app/wiring.py": (
                "from app.msgs import Shipped\nLOG = {'event': Shipped(), 'publish': print}\n"
            ),
            "app/handlers.py": ("def relay(event, bus):\n    bus.publish(event)\n"),
        },
    )
    assert not any(target.endswith("Shipped") for _, target in _sends(root))


def test_recursion_ends(tmp_path: Path) -> None:
    root = write_project(
        tmp_path,
        {
            "pyproject.toml": "[tool.buslint]\n",
            "app/__init__.py": "",
            "app/loop.py": (
                "from celery import Celery\napp = Celery('x')\n"
                "def ping(name, n):\n"
                "    if n:\n        return pong(name, n - 1)\n"
                "    return app.send_task(name)\n"
                "def pong(name, n):\n    return ping(name, n)\n"
                "def start():\n    ping('loop.task', 3)\n"
            ),
        },
    )
    assert ("start", "loop.task") in _sends(root)
