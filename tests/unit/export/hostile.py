"""A graph built in memory whose names and texts try to break every format that embeds them."""

from __future__ import annotations

from analyzer.graph import MessageGraph
from analyzer.model import (
    Channel,
    Edge,
    Endpoint,
    Evidence,
    FieldFact,
    Kind,
    Location,
    Message,
    Model,
    Relation,
    Tier,
    Unknown,
)

NASTY = '</script><script>alert("x")</script> `tick` [b] {c} |p| #h; &amp; \\ ]]> --> %% end'
ODD_MODULE = 'we"ird<pkg>.sub`mod`'


def loc(path: str, line: int) -> Location:
    return Location(path, line, 5)


def hostile_graph() -> MessageGraph:
    command = Message(
        id=f"message:{ODD_MODULE}.Place|Order",
        qualname=f"{ODD_MODULE}.Place|Order",
        name="Place|Order",
        kind=Kind.COMMAND,
        evidence=(Evidence(Tier.BASE, Kind.COMMAND, "base class <Command> & `x`", loc("a.py", 1)),),
        location=loc('we"ird<pkg>/sub`mod`.py', 3),
        fields=(FieldFact("items", "list[<T>] | None", None, loc('we"ird<pkg>/sub`mod`.py', 4)),),
    )
    event = Message(
        id="message:app.events.Order{Placed}",
        qualname="app.events.Order{Placed}",
        name="Order{Placed}",
        kind=Kind.EVENT,
        evidence=(Evidence(Tier.NAME, Kind.EVENT, "name is in the past tense"),),
        location=loc("app/events.py", 7),
    )
    query = Message(
        id="message:app.queries.Get[Order]",
        qualname="app.queries.Get[Order]",
        name="Get[Order]",
        kind=Kind.QUERY,
        evidence=(),
        location=loc("app/queries.py", 2),
    )
    sender = Endpoint(
        id="endpoint:app.api.place\nnext",
        qualname="app.api.place\nnext",
        name="place\nnext",
        location=loc("app/api.py", 10),
    )
    handler = Endpoint(
        id="endpoint:app.handlers.Handler.handle",
        qualname="app.handlers.Handler.handle",
        name="handle",
        location=loc("app/handlers.py", 20),
    )
    channel = Channel(
        id='channel:sqs:orders"<q>',
        transport="sqs",
        name='orders"<q>',
        kind=Kind.COMMAND,
        evidence=(),
        location=None,
    )
    unknown = Unknown(
        id="unknown:app/api.py:12:5",
        text=NASTY + "\nsecond line",
        location=loc("app/api.py", 12),
        reason="message cannot be resolved statically",
    )
    edges = (
        Edge(sender.id, command.id, Relation.SENDS, loc("app/api.py", 11), "bus.send"),
        Edge(sender.id, unknown.id, Relation.SENDS, loc("app/api.py", 12), "bus.send"),
        Edge(command.id, handler.id, Relation.HANDLES, loc("app/handlers.py", 19), "@handles(`x`)"),
        Edge(handler.id, event.id, Relation.EMITS, loc("app/handlers.py", 22), "bus.publish"),
        Edge(handler.id, event.id, Relation.EMITS, loc("app/handlers.py", 23), "bus.publish"),
        Edge(event.id, sender.id, Relation.SUBSCRIBES, loc("app/api.py", 9), 'REG["<x>"]'),
        Edge(command.id, channel.id, Relation.ROUTES, loc("app/api.py", 11), "queue"),
        Edge(sender.id, handler.id, Relation.CALLS, loc("app/api.py", 13), "call"),
    )
    return MessageGraph(
        Model(
            messages=(command, event, query),
            endpoints=(sender, handler),
            unknowns=(unknown,),
            edges=edges,
            problems=(),
            channels=(channel,),
        )
    )
