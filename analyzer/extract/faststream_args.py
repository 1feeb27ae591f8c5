"""FastStream call arguments: which channel a subscriber or publisher names, and its delivery style."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import libcst as cst

from analyzer.extract.expressions import code, keyword_value, last_name
from analyzer.extract.payloads import literal_text
from analyzer.model import TRANSPORT_IN_NAME, ChannelRef, Family, Ref

if TYPE_CHECKING:
    from analyzer.extract.visitor import FileVisitor as FileContext

TRANSPORT_ATTRIBUTE = "__faststream_transport__"
"""The pseudo-constant a module that creates a broker records its transport under (``broker.<this>``)."""
OBJECTS = ("RabbitQueue", "RabbitExchange", "StreamSub", "ListSub", "PubSub")
"""FastStream classes whose first argument is the channel name."""


@dataclass(frozen=True)
class Target:
    """A channel a subscriber reads or a publisher writes, and how it delivers."""

    channel: ChannelRef
    family: Family
    group: str | None = None
    evidence: str = ""


def _positional(call: cst.Call, index: int) -> cst.BaseExpression | None:
    args = [a for a in call.args if a.keyword is None and not a.star]
    return args[index].value if index < len(args) else None


def _arg(call: cst.Call, index: int, *keywords: str) -> cst.BaseExpression | None:
    for keyword in keywords:
        found = keyword_value(call, keyword)
        if found is not None:
            return found
    return _positional(call, index) if index >= 0 else None


def _name(
    ctx: FileContext,
    transport: str,
    node: cst.BaseExpression,
    objects: dict[str, cst.Call],
    prefix: str,
) -> ChannelRef | None:
    """A channel name: a literal, a constant, an enum member (``.value`` too), an f-string, or
    the first argument of a FastStream object (``RabbitQueue("orders")``) inline or bound here."""
    if isinstance(node, cst.Name) and node.value in objects:
        node = objects[node.value]
    if isinstance(node, cst.Call) and last_name(node.func) in OBJECTS:
        first = _positional(node, 0) or keyword_value(node, "name")
        if first is None:
            return None
        node = first
    if isinstance(node, cst.Attribute) and node.attr.value == "value":
        node = node.value
    found = ctx.channel_ref(transport, node)
    if found is None or not prefix:
        return found
    return ChannelRef(transport, (prefix, *found.parts), prefix + found.text)


def exchange_style(node: cst.BaseExpression, objects: dict[str, cst.Call]) -> str:
    """``broadcast`` (fanout/topic/headers), ``direct``, or ``unknown`` (defined in another module)."""
    if isinstance(node, cst.Name) and node.value in objects:
        node = objects[node.value]
    if isinstance(node, cst.SimpleString | cst.FormattedString | cst.ConcatenatedString):
        return "direct"  # a name only: RabbitExchange's default type is direct
    if isinstance(node, cst.Call) and last_name(node.func) == "RabbitExchange":
        kind = keyword_value(node, "type") or _positional(node, 1)
        text = code(kind).lower() if kind is not None else ""
        return "broadcast" if any(w in text for w in ("fanout", "topic", "headers")) else "direct"
    return "unknown"


def _rabbit(
    ctx: FileContext,
    queue: cst.BaseExpression | None,
    exchange: cst.BaseExpression | None,
    objects: dict[str, cst.Call],
    prefix: str,
    reading: bool,
) -> Target | None:
    style = exchange_style(exchange, objects) if exchange is not None else "direct"
    if exchange is not None and style != "direct":
        channel = _name(ctx, "rabbitmq", exchange, objects, "")
        family = Family.BROADCAST if style == "broadcast" else Family.NEUTRAL
        why = "bound to a fanout/topic exchange" if reading else "published to an exchange"
        return Target(channel, family, None, f"RabbitMQ consumer {why}") if channel else None
    if queue is None:
        return None
    channel = _name(ctx, "rabbitmq", queue, objects, prefix)
    why = "RabbitMQ queue consumer" if reading else "published to a RabbitMQ queue"
    return Target(channel, Family.POINT_TO_POINT, None, why) if channel else None


def _group(ctx: FileContext, node: cst.BaseExpression | None) -> str:
    if node is None:
        return ""
    return literal_text(node, ctx) or code(node)


def subscriber_targets(
    ctx: FileContext,
    transport: str,
    call: cst.Call,
    objects: dict[str, cst.Call],
    prefix: str,
) -> list[Target]:
    """The channels ``@broker.subscriber(...)`` reads."""
    if transport == TRANSPORT_IN_NAME:
        first = _positional(call, 0)
        named = _name(ctx, transport, first, objects, prefix) if first is not None else None
        return [Target(named, Family.NEUTRAL, None, "FastStream subscriber")] if named else []
    if transport == "kafka":
        group = _group(ctx, keyword_value(call, "group_id"))
        topics = [a.value for a in call.args if a.keyword is None and not a.star]
        found = [_name(ctx, transport, t, objects, prefix) for t in topics]
        why = f"Kafka consumer group {group}" if group else "Kafka consumer without a group"
        return [Target(c, Family.NEUTRAL, group, why) for c in found if c is not None]
    if transport == "rabbitmq":
        queue = _arg(call, 0, "queue")
        target = _rabbit(ctx, queue, _arg(call, 1, "exchange"), objects, prefix, reading=True)
        return [target] if target else []
    if transport == "nats":
        subject = _arg(call, 0, "subject")
        channel = _name(ctx, transport, subject, objects, prefix) if subject is not None else None
        queue = keyword_value(call, "queue")
        if channel is None:
            return []
        if queue is None:
            return [Target(channel, Family.BROADCAST, None, "NATS subscriber")]
        group = _group(ctx, queue)
        return [Target(channel, Family.NEUTRAL, group, f"NATS queue group {group}")]
    return _redis(ctx, call, objects, prefix, reading=True)


def _redis(
    ctx: FileContext, call: cst.Call, objects: dict[str, cst.Call], prefix: str, reading: bool
) -> list[Target]:
    stream = keyword_value(call, "stream")
    if stream is not None:
        channel = _name(ctx, "redis", stream, objects, prefix)
        if isinstance(stream, cst.Name) and stream.value in objects:
            stream = objects[stream.value]
        group = _group(ctx, keyword_value(stream, "group")) if isinstance(stream, cst.Call) else ""
        family, why = Family.NEUTRAL, "Redis stream"
        return [Target(channel, family, group if reading else None, why)] if channel else []
    listed = keyword_value(call, "list")
    if listed is not None:
        channel = _name(ctx, "redis", listed, objects, prefix)
        return [Target(channel, Family.POINT_TO_POINT, None, "Redis list")] if channel else []
    name = _arg(call, 0, "channel")
    channel = _name(ctx, "redis", name, objects, prefix) if name is not None else None
    return [Target(channel, Family.BROADCAST, None, "Redis pub/sub channel")] if channel else []


def guess_transport(call: cst.Call, reading: bool) -> str | None:
    """The transport a call's keywords imply, for a broker whose class this module does not show."""
    words = {a.keyword.value for a in call.args if a.keyword is not None}
    if words & {"topic", "group_id"}:
        return "kafka"
    if words & {"exchange", "routing_key"} or ("queue" in words and not reading):
        return "rabbitmq"
    if "subject" in words:
        return "nats"
    if words & {"list", "channel", "stream"}:
        return "redis"
    return None


def deferred(ctx: FileContext, receiver: cst.BaseExpression, target: Target) -> Target | None:
    """A target whose transport the linker reads from the broker's module (``broker`` imported)."""
    ref = ctx.global_ref(receiver)
    if ref.dotted is None:
        return None
    attribute = Ref(f"{ref.dotted}.{TRANSPORT_ATTRIBUTE}", ref.text)
    channel = target.channel
    parts = (attribute, ":", *channel.parts)
    return Target(
        ChannelRef(TRANSPORT_IN_NAME, parts, channel.text),
        Family.NEUTRAL,
        target.group,
        target.evidence,
    )


def publish_target(
    ctx: FileContext,
    transport: str,
    call: cst.Call,
    objects: dict[str, cst.Call],
    prefix: str,
) -> Target | None:
    """The channel ``broker.publisher(...)`` or ``broker.publish(msg, ...)`` (arguments after
    the message) writes to."""
    if transport == TRANSPORT_IN_NAME:
        first = _positional(call, 0)
        named = _name(ctx, transport, first, objects, prefix) if first is not None else None
        return Target(named, Family.NEUTRAL, None, "FastStream publish") if named else None
    if transport == "kafka":
        topic = _arg(call, 0, "topic")
        channel = _name(ctx, transport, topic, objects, prefix) if topic is not None else None
        return Target(channel, Family.NEUTRAL, None, "Kafka producer") if channel else None
    if transport == "rabbitmq":
        queue = _arg(call, 0, "queue", "routing_key")
        return _rabbit(ctx, queue, keyword_value(call, "exchange"), objects, prefix, reading=False)
    if transport == "nats":
        subject = _arg(call, 0, "subject")
        channel = _name(ctx, transport, subject, objects, prefix) if subject is not None else None
        return Target(channel, Family.NEUTRAL, None, "NATS publish") if channel else None
    found = _redis(ctx, call, objects, prefix, reading=False)
    return found[0] if found else None
