"""Linking: names resolved across modules, messages found and classified with their evidence."""

from __future__ import annotations

from pathlib import Path

from analyzer.graph import MessageGraph
from analyzer.model import Kind, Message, Relation
from tests.helpers import graph_of, write_project


def message(graph: MessageGraph, qualname: str) -> Message:
    node = graph.node(f"message:{qualname}")
    assert isinstance(node, Message)
    return node


def edges(graph: MessageGraph, relation: Relation) -> set[tuple[str, str]]:
    return {(e.source, e.target) for e in graph.edges(relation)}


def test_names_resolve_through_every_import_form(tmp_path: Path) -> None:
    graph = graph_of(
        write_project(
            tmp_path,
            {
                "app/__init__.py": "from .msgs import Ping as Ping\n",
                "app/msgs.py": "class Command: ...\nclass Ping(Command): ...\nclass Pong(Command): ...\n",
                "app/a.py": "from app import Ping\ndef a(bus):\n    bus.send(Ping())\n",
                "app/b.py": "import app.msgs as m\ndef b(bus):\n    bus.send(m.Pong())\n",
                "app/c.py": "from app.msgs import Pong as P\nALIAS = P\ndef c(bus):\n    bus.send(ALIAS())\n",
                "app/d.py": "import app.msgs\ndef d(bus):\n    bus.send(app.msgs.Ping())\n",
            },
        )
    )
    assert edges(graph, Relation.SENDS) == {
        ("endpoint:app.a.a", "message:app.msgs.Ping"),
        ("endpoint:app.b.b", "message:app.msgs.Pong"),
        ("endpoint:app.c.c", "message:app.msgs.Pong"),
        ("endpoint:app.d.d", "message:app.msgs.Ping"),
    }


def test_src_layout_is_detected(tmp_path: Path) -> None:
    graph = graph_of(
        write_project(
            tmp_path,
            {
                "pyproject.toml": "[tool.buslint]\n",
                "src/pkg/__init__.py": "",
                "src/pkg/events.py": "class Done: ...\n",
                "src/pkg/emit.py": "from pkg.events import Done\ndef f(bus):\n    bus.publish(Done())\n",
            },
        )
    )
    assert message(graph, "pkg.events.Done").kind is Kind.EVENT


def test_configured_src_roots(tmp_path: Path) -> None:
    graph = graph_of(
        write_project(
            tmp_path,
            {
                "pyproject.toml": '[tool.buslint]\nsrc = ["lib"]\n',
                "lib/pkg/__init__.py": "",
                "lib/pkg/commands.py": "class Go: ...\n",
                "lib/pkg/api.py": "from pkg.commands import Go\ndef f(bus):\n    bus.send(Go())\n",
            },
        )
    )
    assert ("endpoint:pkg.api.f", "message:pkg.commands.Go") in edges(graph, Relation.SENDS)


def test_evidence_is_ordered_strongest_first_and_config_wins(tmp_path: Path) -> None:
    graph = graph_of(
        write_project(
            tmp_path,
            {
                "pyproject.toml": '[tool.buslint.kinds]\nevents = ["app.commands.Reserve*"]\n',
                "app/__init__.py": "",
                "app/commands.py": "class Command: ...\nclass ReserveStock(Command): ...\n",
                "app/wiring.py": "from app.commands import ReserveStock\ndef r(c): ...\n"
                "COMMAND_HANDLERS = {ReserveStock: r}\n",
            },
        )
    )
    reserve = message(graph, "app.commands.ReserveStock")
    assert reserve.kind is Kind.EVENT
    assert [e.text for e in reserve.evidence][:3] == [
        "configured in kinds.events",
        "base class Command",
        "registry COMMAND_HANDLERS",
    ]
    assert reserve.conflict is None


def test_base_classes_are_found_transitively_across_modules(tmp_path: Path) -> None:
    graph = graph_of(
        write_project(
            tmp_path,
            {
                "core/__init__.py": "",
                "core/base.py": "class DomainEvent: ...\nclass ShopEvent(DomainEvent): ...\n",
                "shop/__init__.py": "",
                "shop/model.py": "from core.base import ShopEvent\nclass Paid(ShopEvent): ...\n",
            },
        )
    )
    assert message(graph, "shop.model.Paid").kind is Kind.EVENT
    ids = {m.id for m in graph.messages()}
    assert "message:core.base.ShopEvent" not in ids, "an abstract base is not a message"


def test_unresolvable_sites_become_unknown_nodes(tmp_path: Path) -> None:
    graph = graph_of(
        write_project(
            tmp_path,
            {
                "app/__init__.py": "",
                "app/relay.py": "def relay(bus, message):\n    bus.publish(message)\n"
                "def lookup(bus, registry, name):\n    bus.send(registry[name]())\n",
            },
        )
    )
    unknown = [e for e in graph.edges() if e.target.startswith("unknown:")]
    assert [(e.source, e.relation, e.location.line) for e in unknown] == [
        ("endpoint:app.relay.lookup", Relation.SENDS, 4),
        ("endpoint:app.relay.relay", Relation.EMITS, 2),
    ]


def test_calls_to_code_that_emits_are_edges(tmp_path: Path) -> None:
    graph = graph_of(
        write_project(
            tmp_path,
            {
                "app/__init__.py": "",
                "app/events.py": "class Confirmed: ...\n",
                "app/model.py": "from app.events import Confirmed\nclass Order:\n"
                "    def confirm(self):\n        self.events.append(Confirmed())\n"
                "    @classmethod\n    def create(cls):\n        o = cls()\n        o.confirm()\n",
                "app/handlers.py": "from app.model import Order\ndef place(cmd):\n    Order.create()\n",
            },
        )
    )
    assert ("endpoint:app.handlers.place", "endpoint:app.model.Order.create") in edges(
        graph, Relation.CALLS
    )


def test_contexts_match_module_patterns_and_fall_back_to_packages() -> None:
    from analyzer.contexts import context_of, group_of

    contexts = {"ordering": ("shop.orders", "shop.checkout.*"), "billing": ("billing.*",)}
    assert context_of("shop.orders.commands", contexts) == "ordering"
    assert context_of("shop.checkout.api", contexts) == "ordering"
    assert context_of("shop.catalog", contexts) is None
    assert group_of("billing.domain.events.Paid", contexts) == "billing"
    assert group_of("shop.catalog.events.Listed", contexts) == "shop"


def test_receiver_types_come_from_annotations_returns_and_casts(tmp_path: Path) -> None:
    graph = graph_of(
        write_project(
            tmp_path,
            {
                "shop/__init__.py": "",
                "shop/model.py": (
                    "class Event: ...\n"
                    "class Confirmed(Event): ...\n"
                    "class Order:\n"
                    "    def __init__(self):\n        self.events = []\n"
                    "    def confirm(self):\n        self.events.append(Confirmed())\n"
                    "class Repo:\n"
                    "    def get(self, id) -> Order: ...\n"
                ),
                "shop/handlers.py": (
                    "from typing import cast\n"
                    "from shop.model import Order, Repo\n"
                    "def annotated(cmd, uow):\n"
                    "    order: Order = uow.orders.get(cmd.id)\n"
                    "    order.confirm()\n"
                    "def returned(cmd, repo: Repo):\n"
                    "    repo.get(cmd.id).confirm()\n"
                    "def cast_to(cmd, uow):\n"
                    "    cast(Order, uow.load(cmd.id)).confirm()\n"
                    "def untyped(cmd, uow):\n"
                    "    uow.orders.get(cmd.id).confirm()\n"
                ),
            },
        )
    )
    callers = {s for s, t in edges(graph, Relation.CALLS) if t.endswith("Order.confirm")}
    assert callers == {
        "endpoint:shop.handlers.annotated",
        "endpoint:shop.handlers.returned",
        "endpoint:shop.handlers.cast_to",
    }
