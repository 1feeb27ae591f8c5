"""Graph queries the whole-graph rules rely on: outcomes through calls, contexts, external messages."""

from __future__ import annotations

from pathlib import Path

from analyzer.model import UNDEFINED_MESSAGE, Endpoint, Message, Relation
from tests.helpers import graph_of, write_project

EVENTS = "class Event: ...\nclass Done(Event): ...\n"


def chain(depth: int) -> str:
    """A handler that reaches `bus.publish(Done())` through `depth` calls."""
    lines = ["from app.events import Done\n", "def handler(event: Done):\n    step1()\n"]
    for n in range(1, depth):
        lines.append(f"def step{n}():\n    step{n + 1}()\n")
    lines.append(f"def step{depth}():\n    bus.publish(Done())\n")
    lines.append("EVENT_HANDLERS = {Done: [handler]}\n")
    return "".join(lines)


def test_outcomes_follow_calls_to_the_bounded_depth(tmp_path: Path) -> None:
    near = graph_of(
        write_project(tmp_path / "near", {"app/events.py": EVENTS, "app/h.py": chain(4)})
    )
    [outcome] = near.outcomes("endpoint:app.h.handler")
    assert outcome.edge.target == "message:app.events.Done"
    assert [call.target for call in outcome.through] == [
        "endpoint:app.h.step1",
        "endpoint:app.h.step2",
        "endpoint:app.h.step3",
        "endpoint:app.h.step4",
    ]
    far = graph_of(write_project(tmp_path / "far", {"app/events.py": EVENTS, "app/h.py": chain(5)}))
    assert far.outcomes("endpoint:app.h.handler") == []


def test_constructor_calls_and_calls_to_handlers_are_calls_edges(tmp_path: Path) -> None:
    graph = graph_of(
        write_project(
            tmp_path,
            {
                "app/events.py": EVENTS,
                "app/model.py": (
                    "from app.events import Done\n"
                    "class Order:\n"
                    "    def __init__(self):\n"
                    "        self.events = [Done()]\n"
                    "        self.events.append(Done())\n"
                ),
                "app/h.py": (
                    "from app.events import Done\n"
                    "from app.model import Order\n"
                    "def make():\n"
                    "    return Order()\n"
                    "def on_done(event: Done):\n"
                    "    return 1\n"
                    "def replay():\n"
                    "    on_done(Done())\n"
                    "def unrelated():\n"
                    "    len([])\n"
                    "EVENT_HANDLERS = {Done: [on_done]}\n"
                ),
            },
        )
    )
    calls = {(e.source, e.target) for e in graph.edges(Relation.CALLS)}
    assert calls == {
        ("endpoint:app.h.make", "endpoint:app.model.Order.__init__"),
        ("endpoint:app.h.replay", "endpoint:app.h.on_done"),
    }
    handler = graph.node("endpoint:app.h.on_done")
    assert isinstance(handler, Endpoint) and handler.returns_value


def test_contexts_and_external_patterns(tmp_path: Path) -> None:
    graph = graph_of(
        write_project(
            tmp_path,
            {
                "pyproject.toml": (
                    '[tool.buslint]\nexternal = ["app.integration.*"]\n'
                    '[tool.buslint.contexts]\nbilling = ["app.billing"]\n'
                ),
                "app/billing/events.py": "class Event: ...\nclass Paid(Event): ...\n",
                "app/integration.py": "class Event: ...\nclass Synced(Event): ...\n",
                "app/h.py": (
                    "from app.billing.events import Paid\n"
                    "from app.integration import Synced\n"
                    "from library import Tick\n"
                    "def on_paid(e: Paid): ...\n"
                    "def on_synced(e: Synced): ...\n"
                    "def on_tick(e: Tick): ...\n"
                    "EVENT_HANDLERS = {Paid: [on_paid], Synced: [on_synced], Tick: [on_tick]}\n"
                ),
            },
        )
    )
    assert graph.context("message:app.billing.events.Paid") == "billing"
    assert graph.context("endpoint:app.h.on_paid") is None
    assert not graph.is_external("message:app.billing.events.Paid")
    assert graph.is_external("message:app.integration.Synced")
    assert graph.is_external("message:library.Tick")


def test_undefined_message_names_and_ancestors(tmp_path: Path) -> None:
    graph = graph_of(
        write_project(
            tmp_path,
            {
                "app/__init__.py": "",
                "app/events.py": (
                    "class Event: ...\nclass OrderEvent(Event): ...\nclass Placed(OrderEvent): ...\n"
                    "Generated = make_event('Generated')\n"
                ),
                "app/h.py": (
                    "from app import events\n"
                    "def a(e): ...\n"
                    "def wire(bus, event_type):\n"
                    "    bus.subscribe(events.Plaecd, a)\n"
                    "    bus.subscribe(events.Generated, a)\n"
                    "    bus.subscribe(Missing, a)\n"
                    "    bus.subscribe(event_type, a)\n"
                    "    class Local(events.Event): ...\n"
                    "    bus.subscribe(Local, a)\n"
                    "    bus.publish(events.Placed())\n"
                    "    bus.publish(events.OrderEvent())\n"
                ),
            },
        )
    )
    reasons = {u.text: u.reason for u in graph.model.unknowns}
    assert reasons["events.Plaecd"] == UNDEFINED_MESSAGE
    assert reasons["Missing"] == UNDEFINED_MESSAGE
    assert reasons["events.Generated"] != UNDEFINED_MESSAGE
    assert reasons["event_type"] != UNDEFINED_MESSAGE
    assert reasons["Local"] != UNDEFINED_MESSAGE  # a class defined inside the function
    placed = graph.node("message:app.events.Placed")
    assert isinstance(placed, Message) and placed.ancestors == (
        "app.events.OrderEvent",
        "app.events.Event",
    )
    assert [m.name for m in graph.subclasses("message:app.events.OrderEvent")] == ["Placed"]
