"""The in-house message bus idioms: registries, handler decorators, registration calls, sends."""

from __future__ import annotations

from typing import TYPE_CHECKING

import libcst as cst

from analyzer.extract.expressions import code, dotted, is_literal, keyword_value, last_name
from analyzer.model import Family, Location, Op, Ref, Registration, Send, Val
from analyzer.vocabulary import EVENT_LIST_METHODS, EVENT_LISTS, MESSAGE_LISTS, kind_word

if TYPE_CHECKING:
    from analyzer.extract.visitor import FileVisitor

MESSAGE_KEYWORDS = (
    "message",
    "msg",
    "event",
    "command",
    "cmd",
    "query",
    "request",
    "notification",
    "message_type",
    "event_type",
    "command_type",
    "msg_type",
)
HANDLER_KEYWORDS = ("handler", "callback", "listener", "subscriber", "func", "fn", "receiver")
FROM_HANDLER = Ref(None, "")
"""The message of a registration that names only a handler class: read from the class later."""


def _family_of_word(name: str, default: Family = Family.NEUTRAL) -> Family:
    word = kind_word(name)
    if word is None:
        return default
    return Family.BROADCAST if word.value == "event" else Family.POINT_TO_POINT


def _hint(name: str) -> str | None:
    word = kind_word(name)
    return word.value if word else None


def decorator_registrations(
    v: FileVisitor,
    decorator: cst.Decorator,
    handler: Ref,
    message_params: tuple[Ref, ...] | None,
) -> list[Registration]:
    """``@bus.command_handler(X)``, ``@subscribe(X)``, ``@handles(A, B)``, bare ``@handler``."""
    expr = decorator.decorator
    call = expr if isinstance(expr, cst.Call) else None
    full = dotted(call.func if call else expr)
    if full is None:
        return []
    last = full.rsplit(".", 1)[-1]
    family = v.names.decorator_family(last)
    if family is None:
        return []
    messages: list[Ref] = []
    saw_literal = False
    if call is not None:
        for arg in call.args:
            if arg.keyword is not None and arg.keyword.value not in MESSAGE_KEYWORDS:
                continue
            if is_literal(arg.value):
                saw_literal = True
                continue
            values = arg.value.elements if isinstance(arg.value, cst.List | cst.Tuple) else None
            for value in [el.value for el in values] if values else [arg.value]:
                if dotted(value) is not None:
                    messages.append(v.global_ref(value))
    if saw_literal and not messages:
        return []  # a named channel or hook (`@app.on("startup")`), not a message class
    if not messages:
        if message_params is None:
            messages = [FROM_HANDLER]
        elif message_params:
            messages = list(message_params)
        elif kind_word(full) or v.names.is_bus_like(full.rpartition(".")[0]):
            messages = [Ref(None, f"the first parameter of {handler.text}")]
        else:
            return []
    return [
        Registration(
            message=message,
            handler=handler,
            location=v.locate(decorator),
            via=f"@{full}",
            family=family,
            evidence=f"decorator @{full}",
            name_hint=_hint(last),
        )
        for message in messages
    ]


def registry_entries(v: FileVisitor, name: str, mapping: cst.Dict) -> list[Registration]:
    """``COMMAND_HANDLERS = {commands.Allocate: handlers.allocate, ...}`` and its kin."""
    if not v.names.is_registry_name(name):
        return []
    found: list[Registration] = []
    for element in mapping.elements:
        if not isinstance(element, cst.DictElement) or dotted(element.key) is None:
            continue
        message = v.global_ref(element.key)
        if not message.resolvable:
            continue
        found.extend(_entry(v, name, message, element.value, v.locate(element.key)))
    return found


def _entry(
    v: FileVisitor,
    name: str,
    message: Ref,
    value: cst.BaseExpression,
    location: Location,
    key: cst.BaseExpression | None = None,
) -> list[Registration]:
    collection = isinstance(value, cst.List | cst.Tuple | cst.Set)
    handlers = (
        [el.value for el in value.elements]
        if isinstance(value, cst.List | cst.Tuple | cst.Set)
        else [value]
    )
    message_value = _unresolved(v, key, message) if key is not None else None
    found = []
    for handler in handlers:
        ref = v.handler_ref(handler)
        found.append(
            Registration(
                message=message,
                handler=ref,
                location=location,
                via=f"{name} dict",
                family=_family_of_word(name),
                evidence=f"registry {name}",
                name_hint=_hint(name),
                collection=collection,
                registry=True,
                value=message_value,
                handler_value=_unresolved(v, handler, ref),
            )
        )
    return found


def _unresolved(v: FileVisitor, node: cst.BaseExpression, ref: Ref) -> Val | None:
    """The expression of an operand the linker has to infer: one that does not resolve here, or
    a parameter or local (whose annotation, if any, says little about a handler or a key)."""
    value = v.value(node)
    if not ref.resolvable or value.op in (Op.PARAM, Op.LOCAL):
        return value
    return None


def subscript_registration(
    v: FileVisitor, target: cst.Subscript, value: cst.BaseExpression
) -> list[Registration]:
    """``HANDLERS[X] = handler`` and ``HANDLERS[X] = [h1, h2]``."""
    container = last_name(target.value)
    if container is None or not v.names.is_registry_name(container):
        return []
    key = _subscript_key(target)
    if key is None:
        return []
    message = v.global_ref(key)
    return _entry(v, container, message, value, v.locate(key), key)


def _subscript_key(target: cst.Subscript) -> cst.BaseExpression | None:
    if len(target.slice) != 1 or not isinstance(target.slice[0].slice, cst.Index):
        return None
    key = target.slice[0].slice.value
    return key if dotted(key) is not None else None


def call_registrations(v: FileVisitor, call: cst.Call) -> list[Registration]:
    """``bus.subscribe(X, h)``, ``register(X, h)``, ``HANDLERS.setdefault(X, []).append(h)``."""
    func = call.func
    appended = _appended_registration(v, call)
    if appended is not None:
        return appended
    if isinstance(func, cst.Attribute):
        method, receiver = func.attr.value, code(func.value)
    elif isinstance(func, cst.Name):
        method, receiver = func.value, ""
    else:
        return []
    family = v.names.registration_family(method)
    if family is None:
        return []
    message_node = _keyword(call, MESSAGE_KEYWORDS)
    handler_node = _keyword(call, HANDLER_KEYWORDS)
    positional = [arg.value for arg in call.args if arg.keyword is None and not arg.star]
    if message_node is None and handler_node is None and len(positional) == 1:
        handler_node, message_node = positional[0], None
    else:
        if message_node is None and positional:
            message_node = positional.pop(0)
        if handler_node is None and positional:
            handler_node = positional[0]
    if handler_node is None:
        return []
    via = code(func)
    bus_like = kind_word(method) is not None or v.names.is_bus_like(receiver)
    if message_node is None:
        message = FROM_HANDLER
    elif is_literal(message_node):
        return []
    else:
        refs = v.message_refs(message_node)
        message = refs[0] if len(refs) == 1 else Ref(None, code(message_node))
        if message.resolvable and message.instance:
            return []  # `register(make_thing(), h)` is not a message type
        if not message.resolvable and not bus_like:
            return []
    handler = v.handler_ref(handler_node)
    return [
        Registration(
            message=message,
            handler=handler,
            location=v.locate(call),
            via=via,
            family=family,
            evidence=f"registered with {via}",
            name_hint=_hint(method),
            value=_unresolved(v, message_node, message) if message_node is not None else None,
            handler_value=_unresolved(v, handler_node, handler),
        )
    ]


def _appended_registration(v: FileVisitor, call: cst.Call) -> list[Registration] | None:
    func = call.func
    if not isinstance(func, cst.Attribute) or func.attr.value not in ("append", "add", "extend"):
        return None
    owner = func.value
    key: cst.BaseExpression | None = None
    container: str | None = None
    if isinstance(owner, cst.Subscript):
        container, key = last_name(owner.value), _subscript_key(owner)
    elif (
        isinstance(owner, cst.Call)
        and isinstance(owner.func, cst.Attribute)
        and owner.func.attr.value in ("setdefault", "get")
        and owner.args
    ):
        container, key = last_name(owner.func.value), owner.args[0].value
    if container is None or key is None or not v.names.is_registry_name(container):
        return None
    message = v.global_ref(key)
    if not call.args:
        return []
    value = call.args[0].value
    if func.attr.value != "extend":
        value = cst.List([cst.Element(value)])
    return _entry(v, container, message, value, v.locate(key), key)


def _keyword(call: cst.Call, names: tuple[str, ...]) -> cst.BaseExpression | None:
    for name in names:
        found = keyword_value(call, name)
        if found is not None:
            return found
    return None


def send_site(v: FileVisitor, call: cst.Call) -> tuple[cst.BaseExpression, list[Send]] | None:
    """``bus.handle(cmd)``, ``bus.publish(OrderPlaced(...))``, ``self.events.append(e)``…"""
    func = call.func
    events_list = messages_list = False
    if isinstance(func, cst.Attribute):
        verb, receiver = func.attr.value, code(func.value)
        collected = func.value.attr.value if isinstance(func.value, cst.Attribute) else ""
        events_list = verb in EVENT_LIST_METHODS and collected in EVENT_LISTS
        messages_list = verb in EVENT_LIST_METHODS and collected in MESSAGE_LISTS
    elif isinstance(func, cst.Name):
        verb, receiver = func.value, ""
    else:
        return None
    if events_list:
        family: Family | None = Family.BROADCAST
    elif messages_list:
        family = Family.NEUTRAL  # weak: counts only for a message class, as its kind says
    else:
        family = v.names.verb_family(verb)
    if family is None:
        return None
    if _signal_style(v, call, receiver):
        return None  # `order_placed.send(sender=Order, ...)`: a signal (the signals recogniser)
    if _addressed(call):
        if not (receiver and v.names.is_bus_like(receiver)):
            return None  # `publish("line_allocated", event)`: a channel's payload (the inference)
        # `broker.publish("rates", RatesMessage(...))`: the payload of a named channel, which a
        # task queue or a topic may carry alike; the message's own kind decides the delivery.
        family = Family.NEUTRAL
    message_node = _message_argument(call, verb)
    if message_node is None:
        return None
    strong = (
        events_list
        or kind_word(verb) is not None
        or (bool(receiver) and v.names.is_bus_like(receiver))
    )
    location = v.locate(call)
    via = code(func)
    used = id(call) not in v.unused_calls
    sends = [
        Send(
            message=ref,
            sender=v.sender,
            location=location,
            via=via,
            family=family,
            receiver=receiver,
            verb=verb,
            strong=strong,
            result_used=used,
        )
        for ref in v.message_refs(message_node)
    ]
    return message_node, sends


def _signal_style(v: FileVisitor, call: cst.Call, receiver: str) -> bool:
    """``sig.send(sender=X, ...)`` or ``sig.send(app, event=e)``: the sender first, data by keyword."""
    if v.names.is_bus_like(receiver):
        return False
    if keyword_value(call, "sender") is not None:
        return True
    positional = any(arg.keyword is None and not arg.star for arg in call.args)
    return positional and _keyword(call, MESSAGE_KEYWORDS) is not None


def _addressed(call: cst.Call) -> bool:
    """``publish("orders", event)``: a literal channel name first, then what travels on it."""
    positional = [arg.value for arg in call.args if arg.keyword is None and not arg.star]
    return len(positional) >= 2 and isinstance(
        positional[0], cst.SimpleString | cst.FormattedString | cst.ConcatenatedString
    )


def _message_argument(call: cst.Call, verb: str) -> cst.BaseExpression | None:
    found = _keyword(call, MESSAGE_KEYWORDS)
    if found is not None:
        return found
    positional = [arg.value for arg in call.args if arg.keyword is None and not arg.star]
    if verb == "insert":
        positional = positional[1:]
    for value in positional:
        if not is_literal(value):
            return value
    return None
