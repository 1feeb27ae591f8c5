"""FastStream: Kafka, RabbitMQ, NATS and Redis brokers and routers, their subscribers and publishers.

The kind of a channel follows the transport (README, "Supported frameworks"): a RabbitMQ queue
is point-to-point and a fanout/topic exchange broadcasts; Kafka topics, NATS queue groups and
Redis stream groups are decided by their consumer groups at link time; NATS subjects and Redis
pub/sub channels broadcast, Redis lists are queues.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import libcst as cst

from analyzer.extract.expressions import annotation_names, dotted, keyword_value, last_name
from analyzer.extract.faststream_args import (
    TRANSPORT_ATTRIBUTE,
    Target,
    deferred,
    exchange_style,
    guess_transport,
    publish_target,
    subscriber_targets,
)
from analyzer.extract.payloads import body_message, literal_text
from analyzer.extract.recogniser import Recogniser
from analyzer.model import (
    TRANSPORT_IN_NAME,
    ChannelDecl,
    FunctionFact,
    Kind,
    Ref,
    Registration,
    Send,
)

if TYPE_CHECKING:
    from analyzer.extract.visitor import FileVisitor as FileContext

TRANSPORTS = {"Kafka": "kafka", "Rabbit": "rabbitmq", "Nats": "nats", "Redis": "redis"}
"""Class name prefix (``KafkaBroker``, ``RabbitRouter``) → transport of the channel ids."""
MODULES = {"faststream.kafka": "kafka", "faststream.confluent": "kafka"}
MODULES |= {"faststream.rabbit": "rabbitmq"}
MODULES |= {"faststream.nats": "nats", "faststream.redis": "redis"}


def transport_of_class(name: str | None) -> str | None:
    for prefix, transport in TRANSPORTS.items():
        if name in (f"{prefix}Broker", f"{prefix}Router"):
            return transport
    return None


class _FileState:
    def __init__(self) -> None:
        self.brokers: dict[str, str] = {}
        """Module-level name of a broker or router → its transport."""
        self.prefixes: dict[str, str] = {}
        """Router name → its literal ``prefix=``."""
        self.publishers: dict[str, tuple[str, Target]] = {}
        """Name bound to ``broker.publisher(...)`` → transport and target."""
        self.objects: dict[str, cst.Call] = {}
        """Name bound to ``RabbitQueue(...)``, ``RabbitExchange(...)``, ``StreamSub(...)``…"""


class FastStream(Recogniser):
    """``@broker.subscriber(...)``, ``@broker.publisher(...)``, ``broker.publish(msg, ...)``."""

    name = "faststream"
    markers = (b"faststream", b"broker", b"Broker(", b"Router(", b".subscriber(", b".publisher(")

    def _file(self, ctx: FileContext) -> _FileState:
        return ctx.state(self, _FileState)

    def _transport(self, ctx: FileContext, receiver: cst.BaseExpression) -> str | None:
        """The transport of a broker or router expression, or None when it is not one."""
        state = self._file(ctx)
        name = dotted(receiver)
        if name is None:
            return None
        if name in state.brokers:
            return state.brokers[name]
        last = name.rsplit(".", 1)[-1].lower()
        if "broker" not in last and "router" not in last:
            return None
        found = {
            transport
            for target in ctx.imports.values()
            for module, transport in MODULES.items()
            if target == module or target.startswith(module + ".")
        }
        return found.pop() if len(found) == 1 else TRANSPORT_IN_NAME

    def _resolve(
        self,
        ctx: FileContext,
        receiver: cst.BaseExpression,
        transport: str,
        call: cst.Call,
        reading: bool,
    ) -> tuple[str, bool]:
        """The transport to read the call's arguments with, and whether the linker must finish it."""
        if transport != TRANSPORT_IN_NAME:
            return transport, False
        guessed = guess_transport(call, reading)
        return (guessed, False) if guessed is not None else (TRANSPORT_IN_NAME, True)

    # -- bindings -------------------------------------------------------------------------

    def on_assign(
        self, ctx: FileContext, target: cst.BaseAssignTargetExpression, value: cst.BaseExpression
    ) -> None:
        if not isinstance(target, cst.Name) or not isinstance(value, cst.Call):
            return
        state = self._file(ctx)
        callee = last_name(value.func)
        transport = transport_of_class(callee)
        if transport is not None:
            state.brokers[target.value] = transport
            if ctx.stack.current.kind == "module":
                ctx.constants[f"{target.value}.{TRANSPORT_ATTRIBUTE}"] = transport
            prefix = keyword_value(value, "prefix")
            if prefix is not None and literal_text(prefix, ctx) is not None:
                state.prefixes[target.value] = literal_text(prefix, ctx) or ""
            return
        if callee in ("RabbitQueue", "RabbitExchange", "StreamSub", "ListSub", "PubSub"):
            state.objects[target.value] = value
            self._declare(ctx, target, value)
            return
        func = value.func
        if isinstance(func, cst.Attribute) and func.attr.value == "publisher":
            found = self._publish_target(ctx, func.value, value)
            if found is not None:
                state.publishers[target.value] = found
                ctx.claim(value)

    def _targets(
        self, ctx: FileContext, receiver: cst.BaseExpression, call: cst.Call, reading: bool
    ) -> tuple[str, list[Target]] | None:
        """The transport (``faststream`` when the linker decides it) and the channels of a call."""
        transport = self._transport(ctx, receiver)
        if transport is None:
            return None
        transport, later = self._resolve(ctx, receiver, transport, call, reading)
        state, prefix = self._file(ctx), self._prefix(ctx, receiver)
        if reading:
            found = subscriber_targets(ctx, transport, call, state.objects, prefix)
        else:
            one = publish_target(ctx, transport, call, state.objects, prefix)
            found = [one] if one is not None else []
        if not later:
            return transport, found
        finished = [deferred(ctx, receiver, target) for target in found]
        return "faststream", [target for target in finished if target is not None]

    def _publish_target(
        self, ctx: FileContext, receiver: cst.BaseExpression, call: cst.Call
    ) -> tuple[str, Target] | None:
        found = self._targets(ctx, receiver, call, reading=False)
        return (found[0], found[1][0]) if found and found[1] else None

    def _declare(self, ctx: FileContext, target: cst.Name, value: cst.Call) -> None:
        """A RabbitMQ queue (point-to-point) or fanout/topic exchange (broadcast) bound to a name."""
        if not value.args or value.args[0].keyword is not None:
            return
        channel = ctx.channel_ref("rabbitmq", value.args[0].value)
        if channel is None:
            return
        callee = last_name(value.func)
        if callee == "RabbitQueue":
            kind, why = Kind.COMMAND, "RabbitMQ queue"
        elif callee == "RabbitExchange" and exchange_style(value, {}) == "broadcast":
            kind, why = Kind.EVENT, "RabbitMQ fanout/topic exchange"
        else:
            return
        location = ctx.locate(target)
        ctx.add_channel(ChannelDecl(channel, kind, location, why, binding=target.value))

    def _prefix(self, ctx: FileContext, receiver: cst.BaseExpression) -> str:
        name = dotted(receiver)
        prefix: str = self._file(ctx).prefixes.get(name or "", "")
        return prefix

    # -- handlers and publishers ----------------------------------------------------------

    def on_function(
        self, ctx: FileContext, node: cst.FunctionDef, fact: FunctionFact, handler: Ref
    ) -> None:
        state = self._file(ctx)
        message = fact.message_params[0] if fact.message_params else Ref(None, "")
        returns = _return_refs(node)
        for decorator in node.decorators:
            expr = decorator.decorator
            if isinstance(expr, cst.Name) and expr.value in state.publishers:
                bound_transport, bound = state.publishers[expr.value]
                self._publish(ctx, fact, decorator, bound_transport, bound, returns)
                ctx.claim(decorator)
                continue
            if not isinstance(expr, cst.Call) or not isinstance(expr.func, cst.Attribute):
                continue
            method = expr.func.attr.value
            if method == "subscriber":
                targets = self._targets(ctx, expr.func.value, expr, reading=True)
                if targets is None:
                    continue
                transport = targets[0]
                for found in targets[1]:
                    ctx.add_registration(
                        Registration(
                            message=message,
                            handler=handler,
                            location=ctx.locate(decorator),
                            via=f"{transport} subscriber",
                            family=found.family,
                            evidence=found.evidence,
                            channel=found.channel,
                            group=found.group,
                        )
                    )
            elif method == "publisher":
                published = self._publish_target(ctx, expr.func.value, expr)
                if published is None:
                    continue
                self._publish(ctx, fact, decorator, published[0], published[1], returns)
            else:
                continue
            ctx.claim(decorator)

    def _publish(
        self,
        ctx: FileContext,
        fact: FunctionFact,
        decorator: cst.Decorator,
        transport: str,
        target: Target,
        returns: tuple[Ref, ...],
    ) -> None:
        """A publisher decorator: the handler's return value is published to the channel."""
        for message in returns or (Ref(None, ""),):
            ctx.add_send(
                _send(ctx, fact.qualname, decorator, transport, target, message, "publisher")
            )

    def on_call(self, ctx: FileContext, node: cst.Call) -> None:
        func = node.func
        if not isinstance(func, cst.Attribute) or func.attr.value != "publish" or not node.args:
            return
        state = self._file(ctx)
        receiver = dotted(func.value)
        # The message is `message=` or the first positional argument; the rest name the channel,
        # as keywords in any order (``publish(topic="orders", message=event)``) or after it.
        keyed = [a for a in node.args if a.keyword is not None and a.keyword.value == "message"]
        given = keyed[0] if keyed else next((a for a in node.args if a.keyword is None), None)
        if given is None:
            return
        if receiver in state.publishers:
            transport, target = state.publishers[receiver or ""]
        else:
            rest = cst.Call(func=func, args=[a for a in node.args if a is not given])
            found = self._publish_target(ctx, func.value, rest)
            if found is None:
                return
            transport, target = found
        message, message_node = body_message(given.value, ctx, {})
        ctx.add_send(
            _send(ctx, ctx.sender, node, transport, target, message, "publish"), message_node
        )
        ctx.claim(node)


def _send(
    ctx: FileContext,
    sender: str,
    site: cst.CSTNode,
    transport: str,
    target: Target,
    message: Ref,
    verb: str,
) -> Send:
    return Send(
        message,
        sender,
        ctx.locate(site),
        f"{transport} {verb}",
        target.family,
        transport,
        verb,
        True,
        channel=target.channel,
    )


def _return_refs(node: cst.FunctionDef) -> tuple[Ref, ...]:
    if node.returns is None:
        return ()
    names = annotation_names(node.returns.annotation)
    return tuple(Ref(name, name, instance=True) for name in names if name[:1].isupper())
