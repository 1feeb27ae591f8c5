"""Redis pub/sub: ``r.publish(channel, data)`` broadcasts on a channel; ``p.subscribe(...)`` on a
``r.pubsub()`` object, read in ``for m in p.listen():`` (or with handlers passed by keyword),
subscribes the function the loop hands each message to.

A client is a name bound to ``redis.Redis(...)``, ``redis.StrictRedis(...)``,
``redis.from_url(...)`` (``redis.asyncio`` alike) in the module or the function, or any receiver
whose name says ``redis``. A channel name that is a parameter is left to the linker (a
``publish(channel, event)`` wrapper sends on what each caller passes).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import libcst as cst

from analyzer.extract.expressions import code, dotted, last_name
from analyzer.extract.imported import imported
from analyzer.extract.recogniser import Recogniser
from analyzer.model import ChannelRef, Family, Ref, Registration, Send

if TYPE_CHECKING:
    from analyzer.extract.visitor import FileVisitor as FileContext

TRANSPORT = "redis"
CLIENTS = frozenset({"Redis", "StrictRedis", "from_url", "RedisCluster"})
NO_MESSAGE = Ref(None, "")


@dataclass
class _State:
    clients: set[tuple[str, str]] = field(default_factory=set)
    """(scope, name) of names bound to a Redis client."""
    pubsubs: dict[tuple[str, str], list[ChannelRef]] = field(default_factory=dict)
    """(scope, name) of ``r.pubsub()`` objects → the channels subscribed on them."""
    loops: dict[tuple[str, str], list[ChannelRef]] = field(default_factory=dict)
    """(scope, loop variable) of ``for m in p.listen()`` → the channels its messages come from."""


class RedisPubSub(Recogniser):
    """``r.publish(channel, data)``, ``p.subscribe(channel)`` + ``for m in p.listen(): f(m)``."""

    name = "redis"
    markers = (b"redis", b"pubsub")

    def _state(self, ctx: FileContext) -> _State:
        return ctx.state(self, _State)

    def on_assign(
        self, ctx: FileContext, target: cst.BaseAssignTargetExpression, value: cst.BaseExpression
    ) -> None:
        if not isinstance(target, cst.Name) or not isinstance(value, cst.Call):
            return
        state = self._state(ctx)
        key = (ctx.sender, target.value)
        if self._is_client_constructor(ctx, value.func):
            state.clients.add(key)
        elif (
            last_name(value.func) == "pubsub"
            and isinstance(value.func, cst.Attribute)
            and self._is_client(ctx, value.func.value)
        ):
            state.pubsubs[key] = []

    def on_call(self, ctx: FileContext, node: cst.Call) -> None:
        func = node.func
        if not isinstance(func, cst.Attribute):
            self._handed(ctx, node)
            return
        method = func.attr.value
        if method == "publish" and self._is_client(ctx, func.value) and len(node.args) >= 2:
            channel = ctx.channel_value(TRANSPORT, node.args[0].value)
            ctx.add_send(
                Send(
                    NO_MESSAGE,
                    ctx.sender,
                    ctx.locate(node),
                    code(func),
                    Family.BROADCAST,
                    code(func.value),
                    method,
                    True,
                    channel=channel,
                )
            )
            ctx.claim(node)
        elif method in ("subscribe", "psubscribe") and isinstance(func.value, cst.Name):
            channels = self._state(ctx).pubsubs.get((ctx.sender, func.value.value))
            if channels is None:
                return
            for arg in node.args:
                if arg.star:
                    continue
                if arg.keyword is not None:  # subscribe(orders=handler)
                    channel = ChannelRef.literal(TRANSPORT, arg.keyword.value)
                    self._register(ctx, node, channel, ctx.handler_ref(arg.value))
                else:
                    channels.append(ctx.channel_value(TRANSPORT, arg.value))
            ctx.claim(node)

    def on_for(self, ctx: FileContext, node: cst.For) -> None:
        source = node.iter
        if not (
            isinstance(node.target, cst.Name)
            and isinstance(source, cst.Call)
            and isinstance(source.func, cst.Attribute)
            and source.func.attr.value in ("listen", "get_message")
            and isinstance(source.func.value, cst.Name)
        ):
            return
        state = self._state(ctx)
        channels = state.pubsubs.get((ctx.sender, source.func.value.value))
        if channels:
            state.loops[(ctx.sender, node.target.value)] = list(channels)

    def _handed(self, ctx: FileContext, node: cst.Call) -> None:
        """``handle(m, bus)`` inside ``for m in p.listen():``: ``handle`` subscribes."""
        loops = self._state(ctx).loops
        for arg in node.args:
            if isinstance(arg.value, cst.Name):
                channels = loops.get((ctx.sender, arg.value.value))
                if channels and dotted(node.func) is not None:
                    for channel in channels:
                        self._register(ctx, node, channel, ctx.handler_ref(node.func))
                    return

    def _register(
        self, ctx: FileContext, node: cst.Call, channel: ChannelRef, handler: Ref
    ) -> None:
        ctx.add_registration(
            Registration(
                NO_MESSAGE,
                handler,
                ctx.locate(node),
                "pubsub.subscribe",
                Family.BROADCAST,
                "subscribed with Redis pubsub",
                channel=channel,
            )
        )

    def _is_client_constructor(self, ctx: FileContext, func: cst.BaseExpression) -> bool:
        name = last_name(func)
        if name not in CLIENTS:
            return False
        full = imported(ctx, func) or dotted(func) or ""
        return "redis" in full.lower()

    def _is_client(self, ctx: FileContext, node: cst.BaseExpression) -> bool:
        state = self._state(ctx)
        if isinstance(node, cst.Name) and (
            (ctx.sender, node.value) in state.clients or ("<module>", node.value) in state.clients
        ):
            return True
        name = last_name(node) or ""
        return "redis" in name.lower()
