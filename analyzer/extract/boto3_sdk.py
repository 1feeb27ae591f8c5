"""boto3 (the AWS SDK): SQS sends, SNS publishes, EventBridge put_events, and the names they go to.

Queue URLs, topic ARNs and bus names are read as channel names from literals, constants (of any
module, resolved by the linker) and environment variables (``os.environ["X"]``, ``os.getenv("X")``),
which the linker looks up in the infrastructure files that hand them to the code.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import libcst as cst

from analyzer.extract.expressions import code, dotted, keyword_value, last_name, string_value
from analyzer.extract.payloads import body_message, dict_type, literal_text
from analyzer.extract.recogniser import Recogniser
from analyzer.model import ChannelRef, Family, Op, Ref, Send, Val, env_part

if TYPE_CHECKING:
    from analyzer.extract.visitor import FileVisitor as FileContext

ENV_READERS = frozenset({"os.getenv", "getenv", "os.environ.get", "environ.get"})
ENVIRON = frozenset({"os.environ", "environ"})


def env_name(node: cst.BaseExpression) -> str | None:
    """``X`` for ``os.environ["X"]``, ``os.environ.get("X")``, ``os.getenv("X", default)``."""
    if isinstance(node, cst.Subscript) and dotted(node.value) in ENVIRON and len(node.slice) == 1:
        index = node.slice[0].slice
        return string_value(index.value) if isinstance(index, cst.Index) else None
    if isinstance(node, cst.Call) and dotted(node.func) in ENV_READERS and node.args:
        return string_value(node.args[0].value)
    return None


class _FileState:
    """What one module binds: local names and attributes holding channel names, queue/topic objects."""

    def __init__(self) -> None:
        self.names: dict[tuple[str, str], ChannelRef] = {}
        """(scope, name or ``self.attr``) → the channel name it holds (transport ``""``)."""
        self.objects: dict[tuple[str, str], ChannelRef] = {}
        """(scope, name) → the queue or topic a resource object stands for."""
        self.dicts: dict[tuple[str, str], str] = {}
        """(scope, name) → the message type of a literal payload dict."""


class Boto3(Recogniser):
    """``sqs.send_message(QueueUrl=...)``, ``sns.publish(TopicArn=...)``, ``events.put_events(...)``."""

    name = "boto3"
    markers = (b"QueueUrl", b"TopicArn", b"put_events", b"environ", b"getenv", b"boto3")

    def _file(self, ctx: FileContext) -> _FileState:
        return ctx.state(self, _FileState)

    # -- bindings -------------------------------------------------------------------------

    def on_assign(
        self, ctx: FileContext, target: cst.BaseAssignTargetExpression, value: cst.BaseExpression
    ) -> None:
        state = self._file(ctx)
        key = self._key(ctx, target)
        if key is None:
            return
        variable = env_name(value)
        scope = ctx.stack.current.kind
        if variable is not None:
            if scope in ("module", "class") and isinstance(target, cst.Name):
                prefix = "" if scope == "module" else f"{ctx.stack.current.qualname}."
                ctx.constants[prefix + target.value] = env_part(variable)
            state.names[key] = ChannelRef("", (env_part(variable),), code(value))
            return
        payload = dict_type(value, ctx)
        if payload is not None:
            state.dicts[key] = payload
        resource = self._resource(ctx, value)
        if resource is not None:
            state.objects[key] = resource

    def _key(self, ctx: FileContext, target: cst.BaseExpression) -> tuple[str, str] | None:
        if isinstance(target, cst.Name):
            return (ctx.sender, target.value)
        if isinstance(target, cst.Attribute) and isinstance(target.value, cst.Name):
            cls = ctx.stack.enclosing_class()
            if cls is not None and target.value.value == ctx.stack.function().self_name:
                return (cls, f"self.{target.attr.value}")
        return None

    def _lookup(
        self, ctx: FileContext, table: dict[tuple[str, str], ChannelRef], node: cst.BaseExpression
    ) -> ChannelRef | None:
        if isinstance(node, cst.Name):
            return table.get((ctx.sender, node.value)) or table.get(("<module>", node.value))
        cls = ctx.stack.enclosing_class()
        if (
            isinstance(node, cst.Attribute)
            and isinstance(node.value, cst.Name)
            and cls
            and node.value.value == ctx.stack.function().self_name
        ):
            return table.get((cls, f"self.{node.attr.value}"))
        return None

    def _resource(self, ctx: FileContext, value: cst.BaseExpression) -> ChannelRef | None:
        """``sqs.Queue(url)``, ``sqs.get_queue_by_name(QueueName=...)``, ``sns.Topic(arn)``."""
        if not isinstance(value, cst.Call) or not isinstance(value.func, cst.Attribute):
            return None
        method = value.func.attr.value
        first = value.args[0].value if value.args and value.args[0].keyword is None else None
        if method == "Queue" and first is not None:
            return self._channel(ctx, "sqs", first)
        if method == "get_queue_by_name":
            name = keyword_value(value, "QueueName")
            return self._channel(ctx, "sqs", name) if name is not None else None
        if method == "Topic" and first is not None:
            return self._channel(ctx, "sns", first)
        return None

    def _channel(
        self, ctx: FileContext, transport: str, node: cst.BaseExpression
    ) -> ChannelRef | None:
        """A channel name from a literal, a constant, an environment variable or a local holding one."""
        variable = env_name(node)
        if variable is not None:
            return ChannelRef(transport, (env_part(variable),), code(node))
        held = self._lookup(ctx, self._file(ctx).names, node)
        if held is not None:
            return ChannelRef(transport, held.parts, held.text)
        return ctx.channel_ref(transport, node)

    # -- sends ----------------------------------------------------------------------------

    def on_call(self, ctx: FileContext, node: cst.Call) -> None:
        func = node.func
        if not isinstance(func, cst.Attribute):
            return
        method = func.attr.value
        state = self._file(ctx)
        target: ChannelRef | None
        if method in ("send_message", "send_message_batch"):
            url = keyword_value(node, "QueueUrl")
            target = (
                self._channel(ctx, "sqs", url)
                if url is not None
                else self._lookup(ctx, state.objects, func.value)
            )
            if target is None or target.transport != "sqs":
                return
            if method == "send_message":
                bodies = [keyword_value(node, "MessageBody")]
            else:
                bodies = [
                    _field(e, "MessageBody") for e in _entries(keyword_value(node, "Entries"))
                ]
            for body in bodies or [None]:  # entries built elsewhere: the queue is still known
                self._send(ctx, func, "sqs", target, body, Family.POINT_TO_POINT, node)
            ctx.claim(node)
        elif method in ("publish", "publish_batch"):
            arn = keyword_value(node, "TopicArn") or keyword_value(node, "TargetArn")
            target = (
                self._channel(ctx, "sns", arn)
                if arn is not None
                else self._lookup(ctx, state.objects, func.value)
            )
            if target is None or target.transport != "sns":
                return
            if method == "publish":
                bodies = [keyword_value(node, "Message")]
            else:
                entries = _entries(keyword_value(node, "PublishBatchRequestEntries"))
                bodies = [_field(e, "Message") for e in entries]
            for body in bodies or [None]:
                self._send(ctx, func, "sns", target, body, Family.BROADCAST, node)
            ctx.claim(node)
        elif method == "put_events":
            given = keyword_value(node, "Entries")
            literal = _entries(given)
            if literal and all(_field(e, "DetailType") is not None for e in literal):
                for entry in literal:
                    self._put_event(ctx, func, entry)
            elif given is not None:
                self._put_events_built_elsewhere(ctx, func, node, given)
            ctx.claim(node)

    def _put_event(self, ctx: FileContext, func: cst.Attribute, entry: cst.BaseExpression) -> None:
        detail = _field(entry, "DetailType")
        if detail is None:
            return
        bus = _field(entry, "EventBusName")
        bus_ref = self._channel(ctx, "eventbridge", bus) if bus is not None else None
        detail_ref = ctx.channel_ref("eventbridge", detail)
        if detail_ref is None or (bus is not None and bus_ref is None):
            return
        bus_parts = bus_ref.parts if bus_ref is not None else ("default",)
        bus_text = bus_ref.text if bus_ref is not None else "default"
        channel = ChannelRef(
            "eventbridge", (*bus_parts, "/", *detail_ref.parts), f"{bus_text}/{detail_ref.text}"
        )
        typed = literal_text(detail, ctx)
        message = Ref(f"payload:{typed}", typed, instance=True) if typed else Ref(None, "")
        ctx.add_send(
            Send(
                message,
                ctx.sender,
                ctx.locate(detail),
                "events.put_events",
                Family.BROADCAST,
                code(func.value),
                "put_events",
                True,
                channel=channel,
            )
        )

    def _put_events_built_elsewhere(
        self, ctx: FileContext, func: cst.Attribute, node: cst.Call, entries: cst.BaseExpression
    ) -> None:
        """``put_events(Entries=entries)`` with entries a caller builds: each entry's bus and
        detail type, read by the linker from what the entries may be."""
        element = Val(Op.ELEM)
        bus = Val(Op.ITEM, args=(element, Val(Op.STR, "EventBusName"), Val(Op.STR, "default")))
        detail = Val(Op.ITEM, args=(element, Val(Op.STR, "DetailType")))
        text = f"{code(entries)}[*].EventBusName/DetailType"
        channel = ChannelRef("eventbridge", (bus, "/", detail), text, each=ctx.value(entries))
        ctx.add_send(
            Send(
                Ref(None, ""),
                ctx.sender,
                ctx.locate(node),
                "events.put_events",
                Family.BROADCAST,
                code(func.value),
                "put_events",
                True,
                channel=channel,
            )
        )

    def _send(
        self,
        ctx: FileContext,
        func: cst.Attribute,
        service: str,
        channel: ChannelRef,
        body: cst.BaseExpression | None,
        family: Family,
        site: cst.CSTNode,
    ) -> None:
        message, message_node = body_message(body, ctx, self._file(ctx).dicts)
        ctx.add_send(
            Send(
                message,
                ctx.sender,
                ctx.locate(site),
                f"{service}.{func.attr.value}",
                family,
                code(func.value),
                func.attr.value,
                True,
                channel=channel,
            ),
            message_node,
        )


def _entries(node: cst.BaseExpression | None) -> list[cst.BaseExpression]:
    """The items of a literal list or tuple of entries (``Entries=[{...}, {...}]``)."""
    if isinstance(node, cst.List | cst.Tuple):
        return [e.value for e in node.elements if isinstance(e, cst.Element)]
    return [node] if isinstance(node, cst.Dict) else []


def _field(entry: cst.BaseExpression, name: str) -> cst.BaseExpression | None:
    """A key of a literal dict entry, or a keyword of ``dict(...)``."""
    if isinstance(entry, cst.Dict):
        for element in entry.elements:
            if isinstance(element, cst.DictElement) and string_value(element.key) == name:
                return element.value
    if isinstance(entry, cst.Call) and last_name(entry.func) == "dict":
        return keyword_value(entry, name)
    return None
