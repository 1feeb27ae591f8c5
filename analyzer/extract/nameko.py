"""nameko: ``@rpc`` methods handle commands, RPC proxies send them; event dispatchers and handlers."""

from __future__ import annotations

import weakref
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import libcst as cst

from analyzer.extract.expressions import code
from analyzer.extract.imported import first_argument, imported
from analyzer.extract.recogniser import Recogniser
from analyzer.model import (
    ChannelDecl,
    ChannelRef,
    Family,
    FunctionFact,
    Kind,
    Ref,
    Registration,
    Send,
    Val,
)

if TYPE_CHECKING:
    from analyzer.extract.visitor import FileVisitor as FileContext

RPC = "nameko-rpc"
EVENTS = "nameko-event"
RPC_DECORATORS = frozenset({"nameko.rpc.rpc"})
EVENT_HANDLERS = frozenset({"nameko.events.event_handler"})
PROXIES = frozenset({"nameko.rpc.RpcProxy", "nameko.rpc.ServiceRpc"})
DISPATCHERS = frozenset({"nameko.events.EventDispatcher"})
ASYNC_CALL = "call_async"
NO_MESSAGE = Ref(None, "")

Parts = tuple[str | Ref | Val, ...]


@dataclass
class Service:
    """What a service class declares in its body: its name, RPC proxies and event dispatchers."""

    name: Parts | None = None
    proxies: dict[str, Parts] = field(default_factory=dict)
    dispatchers: set[str] = field(default_factory=set)


class Nameko(Recogniser):
    """A service class (``name = "orders"``): ``@rpc`` methods handle ``nameko-rpc:orders.method``;
    ``self.payments.charge()`` through ``RpcProxy("payments")`` sends ``nameko-rpc:payments.charge``;
    ``self.dispatch("created", payload)`` emits ``nameko-event:orders.created``, which
    ``@event_handler("orders", "created")`` subscribes to."""

    name = "nameko"
    markers = (b"nameko",)

    def __init__(self) -> None:
        self._services: weakref.WeakKeyDictionary[FileContext, dict[str, Service]] = (
            weakref.WeakKeyDictionary()
        )

    def on_class(self, ctx: FileContext, node: cst.ClassDef, qualname: str) -> None:
        service = Service()
        for line in node.body.body:
            if not isinstance(line, cst.SimpleStatementLine):
                continue
            for statement in line.body:
                if isinstance(statement, cst.Assign) and len(statement.targets) == 1:
                    target = statement.targets[0].target
                    self._member(ctx, service, target, statement.value)
                elif isinstance(statement, cst.AnnAssign) and statement.value is not None:
                    self._member(ctx, service, statement.target, statement.value)
        if service.name or service.proxies or service.dispatchers:
            self._services.setdefault(ctx, {})[qualname] = service

    def _member(
        self,
        ctx: FileContext,
        service: Service,
        target: cst.BaseAssignTargetExpression,
        value: cst.BaseExpression,
    ) -> None:
        if not isinstance(target, cst.Name):
            return
        if target.value == "name":
            ref = ctx.channel_ref(RPC, value)
            if ref is not None:
                service.name = ref.parts
        elif isinstance(value, cst.Call) and imported(ctx, value.func) in PROXIES:
            other = first_argument(value, "target_service")
            ref = ctx.channel_ref(RPC, other) if other is not None else None
            if ref is not None:
                service.proxies[target.value] = ref.parts
        elif isinstance(value, cst.Call) and imported(ctx, value.func) in DISPATCHERS:
            service.dispatchers.add(target.value)

    def _service(self, ctx: FileContext) -> Service | None:
        cls = ctx.stack.enclosing_class()
        return self._services.get(ctx, {}).get(cls) if cls else None

    def on_function(
        self, ctx: FileContext, node: cst.FunctionDef, fact: FunctionFact, handler: Ref
    ) -> None:
        service = self._services.get(ctx, {}).get(fact.class_qualname or "")
        for decorator in node.decorators:
            expr = decorator.decorator
            call = expr if isinstance(expr, cst.Call) else None
            target = imported(ctx, call.func if call else expr)
            location = ctx.locate(decorator)
            if target in RPC_DECORATORS and service is not None and service.name is not None:
                channel = _join(RPC, service.name, node.name.value)
                ctx.add_channel(ChannelDecl(channel, Kind.COMMAND, location, "nameko @rpc"))
                ctx.add_registration(
                    Registration(
                        NO_MESSAGE,
                        handler,
                        location,
                        "@rpc",
                        Family.POINT_TO_POINT,
                        "nameko @rpc method",
                        channel=channel,
                    )
                )
            elif target in EVENT_HANDLERS and call is not None and len(call.args) >= 2:
                source = ctx.channel_ref(EVENTS, call.args[0].value)
                kind = ctx.channel_ref(EVENTS, call.args[1].value)
                if source is None or kind is None:
                    continue
                channel = ChannelRef(
                    EVENTS, (*source.parts, ".", *kind.parts), f"{source.text}.{kind.text}"
                )
                ctx.add_registration(
                    Registration(
                        NO_MESSAGE,
                        handler,
                        location,
                        "@event_handler",
                        Family.BROADCAST,
                        "nameko @event_handler",
                        channel=channel,
                    )
                )

    def on_call(self, ctx: FileContext, node: cst.Call) -> None:
        service = self._service(ctx)
        if service is None:
            return
        self_name = ctx.stack.function().self_name
        func = node.func
        if (
            isinstance(func, cst.Attribute)
            and isinstance(func.value, cst.Name)
            and func.value.value == self_name
            and func.attr.value in service.dispatchers
            and service.name is not None
        ):
            event_type = first_argument(node, "event_type")
            kind = ctx.channel_ref(EVENTS, event_type) if event_type is not None else None
            if kind is not None:
                channel = ChannelRef(EVENTS, (*service.name, ".", *kind.parts), kind.text)
                _send(ctx, node, channel, Family.BROADCAST, code(func))
            return
        if isinstance(func, cst.Attribute) and func.attr.value == ASYNC_CALL:
            func = func.value  # self.payments.charge.call_async(...)
        if not (isinstance(func, cst.Attribute) and isinstance(func.value, cst.Attribute)):
            return
        proxy = func.value
        if not (isinstance(proxy.value, cst.Name) and proxy.value.value == self_name):
            return
        target = service.proxies.get(proxy.attr.value)
        if target is not None:
            channel = _join(RPC, target, func.attr.value)
            _send(ctx, node, channel, Family.POINT_TO_POINT, code(node.func))


def _join(transport: str, service: Parts, method: str) -> ChannelRef:
    text = "".join(p if isinstance(p, str) else p.text for p in service)
    return ChannelRef(transport, (*service, f".{method}"), f"{text}.{method}")


def _send(ctx: FileContext, node: cst.Call, channel: ChannelRef, family: Family, via: str) -> None:
    ctx.add_send(
        Send(
            NO_MESSAGE,
            ctx.sender,
            ctx.locate(node),
            via,
            family,
            via.rpartition(".")[0],
            via.rsplit(".", 1)[-1],
            True,
            result_used=id(node) not in ctx.unused_calls,
            channel=channel,
        )
    )
