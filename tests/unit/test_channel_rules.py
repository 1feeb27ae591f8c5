"""The whole-graph rules on named channels, on graphs built in memory (no recogniser needed)."""

from __future__ import annotations

from analyzer.graph import MessageGraph
from analyzer.model import Channel, Edge, Endpoint, Kind, Location, Message, Model, Relation
from rules.command_name_not_imperative import CommandNameNotImperative
from rules.command_without_handler import CommandWithoutHandler
from rules.event_name_not_past_tense import EventNameNotPastTense
from rules.subscriber_of_unknown_event import SubscriberOfUnknownEvent

HERE = Location("app/tasks.py", 3, 1)


def channel(transport: str, name: str, kind: Kind, external: bool = False) -> Channel:
    return Channel(f"channel:{transport}:{name}", transport, name, kind, (), HERE, external)


def graph(channels: list[Channel], subscribed: list[str]) -> MessageGraph:
    handler = Endpoint("endpoint:app.handlers.on", "app.handlers.on", "on", HERE)
    edges = tuple(
        Edge(channel_id, handler.id, Relation.SUBSCRIBES, HERE, "@receiver")
        for channel_id in subscribed
    )
    model = Model((), (handler,), (), edges, (), tuple(channels))
    return MessageGraph(model, external=("signal:payments_*",))


def test_detail_types_are_judged_task_and_queue_names_are_not() -> None:
    """An EventBridge detail type is named like a message class; a Celery task or a queue is
    named as its transport names things (a function, a variable): not the naming rules' call."""
    named = [
        channel("eventbridge", "default/OrderPlace", Kind.EVENT),
        channel("eventbridge", "default/OrderPlaced", Kind.EVENT),
        channel("celery", "app.tasks.order_calculation", Kind.COMMAND),
        channel("sqs", "orders-placed", Kind.COMMAND),
        channel("signal", "post_closing", Kind.EVENT),
    ]
    events = list(EventNameNotPastTense().check(graph(named, [])))
    assert [f.subject for f in events] == [("channel:eventbridge:default/OrderPlace",)]
    assert list(CommandNameNotImperative().check(graph(named, []))) == []


def test_orphaned_channel_subscribers_except_framework_and_configured_external_ones() -> None:
    signals = [
        channel("signal", "order_placed", Kind.EVENT),
        channel("signal", "django.db.models.signals.post_save", Kind.EVENT, external=True),
        channel("signal", "payments_captured", Kind.EVENT),
    ]
    subscribed = [c.id for c in signals]
    findings = list(SubscriberOfUnknownEvent().check(graph(signals, subscribed)))
    assert [f.subject[0] for f in findings] == ["channel:signal:order_placed"]


def test_a_command_channel_declared_nowhere_says_so_not_defined_at_outside() -> None:
    sender = Endpoint("endpoint:app.api.place", "app.api.place", "place", HERE)
    queue = Channel("channel:sqs:orders", "sqs", "orders", Kind.COMMAND, (), None)
    library = Message(
        "message:lib.Cancel", "lib.Cancel", "Cancel", Kind.COMMAND, (), None, external=True
    )
    edges = (
        Edge(sender.id, queue.id, Relation.SENDS, HERE, "sqs.send_message"),
        Edge(sender.id, library.id, Relation.SENDS, HERE, "bus.handle"),
    )
    model = Model((library,), (sender,), (), edges, (), (queue,))
    messages = [f.message for f in CommandWithoutHandler().check(MessageGraph(model))]
    assert messages == [
        "command Cancel is sent with bus.handle but nothing handles it; "
        "defined outside the project",
        "command orders is sent with sqs.send_message but nothing handles it; "
        "declared nowhere in the project",
    ]
