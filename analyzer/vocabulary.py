"""The names buslint recognises with no configuration, merged with `[tool.buslint.vocabulary]`."""

from __future__ import annotations

from dataclasses import dataclass

from analyzer.config import Config, Vocabulary
from analyzer.errors import ConfigError
from analyzer.model import Family, Kind

COMMAND_BASES = ("Command", "BaseCommand", "AbstractCommand", "CommandMessage")
EVENT_BASES = (
    "Event",
    "BaseEvent",
    "DomainEvent",
    "IntegrationEvent",
    "AbstractEvent",
    "EventMessage",
)
QUERY_BASES = ("Query", "BaseQuery", "AbstractQuery")
MESSAGE_BASES = ("Message", "BaseMessage")

COMMAND_MODULES = ("commands", "command")
EVENT_MODULES = ("events", "event", "domain_events")
QUERY_MODULES = ("queries", "query")
MESSAGE_MODULES = ("messages",)

SEND_VERBS = (
    "send",
    "send_command",
    "dispatch",
    "dispatch_command",
    "execute",
    "execute_command",
    "enqueue",
    "send_and_wait",
)
PUBLISH_VERBS = (
    "publish",
    "publish_event",
    "publish_events",
    "emit",
    "emit_event",
    "broadcast",
    "raise_event",
    "record_event",
    "record_that",
    "fire_event",
    "notify",
)
NEUTRAL_VERBS = ("handle", "handle_message", "process", "mediate", "ask", "query")
TIMING_SUFFIXES = frozenset({"async", "sync", "nowait", "later", "soon"})
"""A verb with one of these after an underscore is that verb (``execute_async``)."""
KIND_SUFFIXES = frozenset({"command", "event", "query", "message", "request"})
"""A send or publish verb with one of these after an underscore is that verb (``execute_query``,
``dispatch_request``); a neutral one is not (``handle_event`` is a bus's own dispatch)."""
# Receivers whose name contains one of these (case-insensitive) are messaging APIs for sure.
BUS_NAMES = (
    "bus",
    "mediator",
    "dispatcher",
    "broker",
    "publisher",
    "producer",
    "emitter",
    "outbox",
    "messenger",
)
# Attributes that collect recorded events on an aggregate: `self.events.append(e)`.
EVENT_LISTS = (
    "events",
    "_events",
    "pending_events",
    "_pending_events",
    "domain_events",
    "_domain_events",
    "recorded_events",
    "_recorded_events",
    "new_events",
    "uncommitted_events",
    "_uncommitted_events",
    "_changes",
    "changes",
)
EVENT_LIST_METHODS = ("append", "extend", "add", "insert")
MESSAGE_LISTS = ("messages", "_messages", "pending_messages", "_pending_messages")
"""Attributes that may collect messages to send later (``self.messages.append(BookRegistered())``):
a message class appended there is sent or emitted as its kind says; anything else is ignored."""

COMMAND_DECORATORS = ("command_handler", "handles_command", "on_command")
EVENT_DECORATORS = (
    "event_handler",
    "subscribe",
    "subscriber",
    "subscribes_to",
    "on",
    "on_event",
    "handles_event",
)
HANDLER_DECORATORS = (
    # `listen` registers commands and events alike in message-bus libraries (jeepito's
    # `@listen`, `add_listener`): the message's own kind decides, not the word.
    "listener",
    "listen",
    "listens_to",
    "handles",
    "handler",
    "register",
    "message_handler",
    "request_handler",
    "query_handler",
    "register_handler",
)

COMMAND_REGISTRATIONS = (
    "register_command",
    "register_command_handler",
    "add_command_handler",
    "set_command_handler",
)
EVENT_REGISTRATIONS = (
    "subscribe",
    "add_subscriber",
    "register_event",
    "register_event_handler",
    "add_event_handler",
    "on",
    "subscribe_to",
)
HANDLER_REGISTRATIONS = (
    "add_listener",
    "listen",
    "register_listener",
    "register",
    "add_handler",
    "register_handler",
    "set_handler",
    "register_query",
    "register_query_handler",
    "add_query_handler",
)

REGISTRY_NAMES = (
    "handler",
    "subscriber",
    "listener",
    "consumer",
    "registry",
    "routes",
    "routing",
    "mapping",
)

COMMAND_HANDLER_BASES = (
    "CommandHandler",
    "ICommandHandler",
    "AbstractCommandHandler",
    "BaseCommandHandler",
)
EVENT_HANDLER_BASES = (
    "EventHandler",
    "IEventHandler",
    "AbstractEventHandler",
    "BaseEventHandler",
    "NotificationHandler",
    "INotificationHandler",
    "EventListener",
    "Subscriber",
)
QUERY_HANDLER_BASES = ("QueryHandler", "IQueryHandler", "AbstractQueryHandler", "BaseQueryHandler")
HANDLER_BASES = (
    "Handler",
    "MessageHandler",
    "RequestHandler",
    "IRequestHandler",
    "AbstractHandler",
    "BaseHandler",
)
LIBRARY_DATA_MODELS = {
    "lato.Message": "pydantic",
    "lato.Command": "pydantic",
    "lato.Event": "pydantic",
    "lato.Query": "pydantic",
    "lato.message.Message": "pydantic",
    "lato.message.Command": "pydantic",
    "lato.message.Event": "pydantic",
    "sqlmodel.SQLModel": "pydantic",
    "pydantic.BaseModel": "pydantic",
    "pydantic.main.BaseModel": "pydantic",
}
"""Message base classes of libraries that are themselves data models (lato's messages are pydantic
models, not frozen by default), by their import path: what a subclass's own declarations can
freeze (BUS004)."""
HANDLE_METHODS = ("handle", "__call__", "execute", "handle_message", "process", "on_message", "run")


DEFAULTS: dict[str, tuple[str, ...]] = {
    "command_bases": COMMAND_BASES,
    "event_bases": EVENT_BASES,
    "query_bases": QUERY_BASES,
    "message_bases": MESSAGE_BASES,
    "command_modules": COMMAND_MODULES,
    "event_modules": EVENT_MODULES,
    "query_modules": QUERY_MODULES,
    "message_modules": MESSAGE_MODULES,
    "send_verbs": SEND_VERBS,
    "publish_verbs": PUBLISH_VERBS,
    "neutral_verbs": NEUTRAL_VERBS,
    "bus_names": BUS_NAMES,
    "command_decorators": COMMAND_DECORATORS,
    "event_decorators": EVENT_DECORATORS,
    "handler_decorators": HANDLER_DECORATORS,
    "command_registrations": COMMAND_REGISTRATIONS,
    "event_registrations": EVENT_REGISTRATIONS,
    "handler_registrations": HANDLER_REGISTRATIONS,
    "registry_names": REGISTRY_NAMES,
    "command_handler_bases": COMMAND_HANDLER_BASES,
    "event_handler_bases": EVENT_HANDLER_BASES,
    "query_handler_bases": QUERY_HANDLER_BASES,
    "handler_bases": HANDLER_BASES,
}
"""The default words of each list of `[tool.buslint.vocabulary]`, by field name."""


def _effective(field: str, vocabulary: Vocabulary) -> frozenset[str]:
    """A list's words: the configured list, or the defaults, plus its ``extend-`` twin."""
    chosen: tuple[str, ...] | None = getattr(vocabulary, field)
    extra: tuple[str, ...] = getattr(vocabulary, f"extend_{field}")
    return frozenset(DEFAULTS[field] if chosen is None else chosen) | frozenset(extra)


def check_vocabulary(config: Config, source: str) -> None:
    """Refuse a list that replaces every default word with others: before `extend-` lists
    existed, such a list extended the defaults, so an old configuration would lose them
    silently. Emptying a list (``send-verbs = []``) drops the defaults on purpose."""
    vocabulary = config.vocabulary
    for field, defaults in DEFAULTS.items():
        chosen: tuple[str, ...] | None = getattr(vocabulary, field)
        if not chosen or set(chosen) & set(defaults):
            continue
        key = _kebab(field)
        words = ", ".join(f'"{w}"' for w in chosen)
        raise ConfigError(
            source,
            f"vocabulary.{key}",
            f"replaces the default words ({', '.join(sorted(defaults))}) and keeps none of "
            f"them; to add to the defaults write extend-{key} = [{words}]; to replace them "
            f"all write {key} = [] and extend-{key} = [{words}]",
        )


def _kebab(field: str) -> str:
    return field.replace("_", "-")


@dataclass(frozen=True)
class Names:
    """Every recognised name, defaults plus configuration. Extraction and linking read only this."""

    command_bases: frozenset[str]
    event_bases: frozenset[str]
    query_bases: frozenset[str]
    message_bases: frozenset[str]
    command_modules: frozenset[str]
    event_modules: frozenset[str]
    query_modules: frozenset[str]
    message_modules: frozenset[str]
    send_verbs: frozenset[str]
    publish_verbs: frozenset[str]
    neutral_verbs: frozenset[str]
    bus_names: frozenset[str]
    command_decorators: frozenset[str]
    event_decorators: frozenset[str]
    handler_decorators: frozenset[str]
    command_registrations: frozenset[str]
    event_registrations: frozenset[str]
    handler_registrations: frozenset[str]
    registry_names: frozenset[str]
    command_handler_bases: frozenset[str]
    event_handler_bases: frozenset[str]
    query_handler_bases: frozenset[str]
    handler_bases: frozenset[str]

    @classmethod
    def from_config(cls, config: Config) -> Names:
        return cls(**{field: _effective(field, config.vocabulary) for field in DEFAULTS})

    def describe(self) -> list[str]:
        """The effective vocabulary, one line per list: ``send-verbs: dispatch send …``."""
        return [f"{_kebab(field)}: {' '.join(sorted(getattr(self, field)))}" for field in DEFAULTS]

    def verb_family(self, verb: str) -> Family | None:
        """The delivery a verb implies; a verb with a suffix counts as its base verb
        (``execute_async`` as ``execute``, ``dispatch_query`` as ``dispatch``)."""
        if verb in self.send_verbs:
            return Family.POINT_TO_POINT
        if verb in self.publish_verbs:
            return Family.BROADCAST
        if verb in self.neutral_verbs:
            return Family.NEUTRAL
        base, _, suffix = verb.rpartition("_")
        if base and suffix in TIMING_SUFFIXES:
            return self.verb_family(base)
        if (
            base
            and suffix in KIND_SUFFIXES
            and (base in self.send_verbs or base in self.publish_verbs)
        ):
            return self.verb_family(base)
        return None

    def is_bus_like(self, receiver: str) -> bool:
        last = receiver.rsplit(".", 1)[-1].lower()
        return any(word in last for word in self.bus_names)

    def decorator_family(self, name: str) -> Family | None:
        """The subscription a decorator implies; ``async_listen`` and ``listen_async`` count as
        ``listen``."""
        name = _synchronous(name)
        if name in self.command_decorators:
            return Family.POINT_TO_POINT
        if name in self.event_decorators:
            return Family.BROADCAST
        if name in self.handler_decorators:
            return Family.NEUTRAL
        return None

    def registration_family(self, name: str) -> Family | None:
        name = _synchronous(name)
        if name in self.command_registrations:
            return Family.POINT_TO_POINT
        if name in self.event_registrations:
            return Family.BROADCAST
        if name in self.handler_registrations:
            return Family.NEUTRAL
        return None

    def handler_base_kind(self, name: str) -> Kind | None:
        """The kind a handler base class implies; UNKNOWN for a generic ``Handler``."""
        if name in self.command_handler_bases:
            return Kind.COMMAND
        if name in self.event_handler_bases:
            return Kind.EVENT
        if name in self.query_handler_bases:
            return Kind.QUERY
        if name in self.handler_bases:
            return Kind.UNKNOWN
        return None

    def is_registry_name(self, name: str) -> bool:
        low = name.lower()
        return any(word in low for word in self.registry_names)


def _synchronous(name: str) -> str:
    """A name without its ``async_`` prefix or ``_async`` suffix."""
    return name.removeprefix("async_").removesuffix("_async")


def kind_word(name: str) -> Kind | None:
    """A kind word inside an identifier: ``COMMAND_HANDLERS`` → command, ``on_event`` → event."""
    low = name.lower()
    if "command" in low or "cmd" in low:
        return Kind.COMMAND
    if "event" in low:
        return Kind.EVENT
    if "quer" in low:
        return Kind.QUERY
    return None
