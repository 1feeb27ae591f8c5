"""Frozen data shared by every stage: locations, facts extracted from one file, findings."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from functools import cached_property

from analyzer.vals import Op, Reader, Val, encode, encode_all

__all__ = ["Op", "Val"]


class Kind(str, enum.Enum):
    """What a message is for."""

    COMMAND = "command"
    EVENT = "event"
    QUERY = "query"
    UNKNOWN = "unknown"


class Severity(str, enum.Enum):
    """How much a finding matters; `off` disables a rule."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"
    OFF = "off"

    @property
    def rank(self) -> int:
        return {"error": 3, "warning": 2, "info": 1, "off": 0}[self.value]


class Family(str, enum.Enum):
    """The delivery style an API implies: point-to-point, broadcast, or decided by the message."""

    POINT_TO_POINT = "point-to-point"
    BROADCAST = "broadcast"
    NEUTRAL = "neutral"


@dataclass(frozen=True, order=True)
class Location:
    """A 1-based position in a file, relative to the project root with `/` separators."""

    path: str
    line: int
    column: int
    end_line: int = 0
    end_column: int = 0


@dataclass(frozen=True)
class Ref:
    """A name as written in a module, to be resolved by the linker.

    `dotted` is relative to the module's global scope (``commands.Allocate``, ``Order.Placed``).
    `instance` is true when the code holds an instance (``Allocate(...)``) rather than the class.
    A ref without `dotted` could not be resolved statically; `text` says what was written.
    """

    dotted: str | None
    text: str
    instance: bool = False

    @property
    def resolvable(self) -> bool:
        return self.dotted is not None


MODULE_SCOPE = "<module>"
"""The scope name of a module's top level (a sender there is ``<module>``)."""
PATH_REF = "path:"
"""Prefix of a handler ref named by file, as infrastructure files do: ``path:src/orders/app.py:handler``
(the linker maps the file to its module)."""
TRANSPORT_IN_NAME = "*"
"""The transport of a channel ref whose name starts with its transport and a colon, parts that the
linker resolves (a FastStream broker imported from another module names its transport there)."""
NARROWED = "<narrowed>"
"""The text of a registration's message that stands for every class its handler tells apart
(`FunctionFact.narrows`): an eventsourcing process application's ``policy()``."""
PAYLOAD_REF = "payload:"
"""Prefix of a message ref named by the type written in a literal payload: ``payload:ShipOrder``."""
SELF_REF = "self:"
"""Prefix of a ref to an attribute read through ``self`` or ``cls`` in a method, after the
module-relative name of the method's class: ``self:BasketAddView.add_signal``. The linker reads it
per class: the binding in the class or its nearest base, and each subclass's override."""


def env_part(name: str) -> str:
    """The placeholder for an environment variable in a channel name; the linker substitutes it
    with the name an infrastructure file hands to the variable."""
    return "${env:" + name + "}"


@dataclass(frozen=True)
class ChannelRef:
    """A named channel as written: its transport and a name built from literal parts and refs.

    ``parts`` joins to the name: literal strings, and refs to constants, enum members or signal
    objects that the linker resolves across modules (``f"{PREFIX}.orders"`` is two parts), and
    values the linker infers (a parameter whose callers pass the name).
    """

    transport: str
    parts: tuple[str | Ref | Val, ...]
    text: str
    each: Val | None = None
    """For channels named inside each element of a collection (``Entries=entries``): the
    collection; `Op.ELEM` parts read the current element, so each element's parts stay paired."""

    @staticmethod
    def literal(transport: str, name: str) -> ChannelRef:
        return ChannelRef(transport, (name,), name)


@dataclass(frozen=True)
class ChannelDecl:
    """A channel declared in the code or in an infrastructure file (a queue, a topic, a signal)."""

    channel: ChannelRef
    kind: Kind
    location: Location
    evidence: str
    """Why it is a channel of that kind: ``SQS queue``, ``django Signal()``, ``Celery task``."""
    external: bool = False
    binding: str | None = None
    """The module-level name bound to the channel object (``order_placed = Signal()``), if any."""


@dataclass(frozen=True)
class Mutation:
    """An in-place change of an object: `what` is a short description such as ``.items.append()``."""

    location: Location
    what: str


@dataclass(frozen=True)
class FieldFact:
    """A class-level field: its name, annotation text and whether its type or default is mutable."""

    name: str
    annotation: str
    mutable_reason: str | None
    location: Location


@dataclass(frozen=True)
class ClassFact:
    """A class definition: enough to decide whether it is a message or a handler, and if it is frozen."""

    qualname: str
    name: str
    location: Location
    bases: tuple[Ref, ...]
    generic_args: tuple[tuple[str, tuple[Ref, ...]], ...]
    """For each subscripted base (``CommandHandler[PlaceOrder]``): the base's dotted name and its arguments."""
    decorators: tuple[str, ...]
    frozen: bool | None
    """True/False when a dataclass, attrs or pydantic declaration says so; None when it is silent."""
    data_model: str | None
    """``dataclass``, ``attrs``, ``pydantic``, ``namedtuple`` or None when the class declares none itself."""
    fields: tuple[FieldFact, ...]
    methods: tuple[str, ...]
    handle_method: str | None
    """The method a handler class is invoked through (``handle``, ``__call__``…), when it defines one."""
    keywords: tuple[tuple[str, str], ...] = ()
    attributes: tuple[tuple[str, Ref], ...] = ()
    """Names the class body assigns, with the name assigned when it is one (``add_signal =
    basket_addition``), else a ref without ``dotted`` (``view_signal = Signal()``)."""


@dataclass(frozen=True)
class Narrow:
    """A test that tells a function's message apart: ``isinstance(event, X)`` on its first
    parameter, or ``case X():`` of a ``match`` on it; the body handles X there."""

    message: Ref
    location: Location
    via: str
    """The test as written: ``isinstance(event, Page.Created)``, ``case Page.Created()``."""


@dataclass(frozen=True)
class FunctionFact:
    """A function or method: its message parameter and what it does to it."""

    qualname: str
    name: str
    location: Location
    message_params: tuple[Ref, ...]
    """What the first message-like parameter is annotated with (several for a union)."""
    param_mutations: tuple[Mutation, ...]
    """In-place changes of that parameter inside the body."""
    class_qualname: str | None = None
    returns_value: bool = False
    """True when the body returns something other than None, or yields."""
    writes: tuple[Mutation, ...] = ()
    """Obvious writes through injected objects: ``repo.save(x)``, ``uow.commit()``, ``self.repo.x = v``."""
    narrows: tuple[Narrow, ...] = ()
    """The message classes the body tells its first parameter apart by (``isinstance``, ``match``)."""


@dataclass(frozen=True)
class Registration:
    """A message type bound to a handler: a registry entry, a decorator, a registration call or a handler class."""

    message: Ref
    handler: Ref
    location: Location
    via: str
    family: Family
    """The kind of subscription the API implies (event-style, command-style, or either)."""
    evidence: str
    """Why this registration says what it says about the kind, e.g. ``registry COMMAND_HANDLERS``."""
    name_hint: str | None = None
    """A kind word found in the registry's or API's name: ``command``, ``event``, ``query``."""
    collection: bool = False
    """True when the registry maps the message to a list/tuple/set of handlers."""
    registry: bool = False
    """True for a registry entry (the dict form), False for decorators, calls and handler classes."""
    base_hint: str | None = None
    """The handler base class's kind word for class-based handlers."""
    channel: ChannelRef | None = None
    """The channel the handler consumes, when messages travel by name (a queue, a task name)."""
    strong: bool = True
    """False when only a channel declared in the project makes this a subscription (``x.connect(f)``)."""
    group: str | None = None
    """The consumer group the handler reads the channel in, for transports that have them (Kafka
    consumer groups, NATS queue groups, Redis stream groups); ``""`` when it reads alone. Handlers
    in one group share the messages (a queue); each group gets every message (broadcast)."""
    value: Val | None = None
    """The message expression, for the linker to infer when `message` does not resolve."""
    handler_value: Val | None = None
    """The handler expression, for the linker to infer when `handler` does not resolve."""
    scope: str = MODULE_SCOPE
    """The scope the registration is made in, relative to the module (``<module>`` at top level)."""


@dataclass(frozen=True)
class Send:
    """A message handed to a messaging API: sent, emitted, or handed to a neutral API."""

    message: Ref
    sender: str
    """Qualified name of the enclosing function or method, relative to the module (``<module>`` at top level)."""
    location: Location
    via: str
    family: Family
    receiver: str
    """The receiver as written (``self.bus``, ``messagebus``); empty for a bare function call."""
    verb: str
    strong: bool
    """True when the API alone makes this a messaging site (a bus-like receiver or an unambiguous verb)."""
    mutated_after: tuple[Mutation, ...] = ()
    result_used: bool = False
    channel: ChannelRef | None = None
    """The channel the message is sent to, when it travels by name."""
    value: Val | None = None
    """The message expression, for the linker to infer when `message` does not resolve."""
    at_calls: bool = False
    """True when the message is sent where `sender` is called, not in its body: calling an
    eventsourcing ``@event`` method records its event. `sender` may then name a class, whose
    construction sends it. The linker moves the send to each call of the sender it resolves."""


@dataclass(frozen=True)
class Call:
    """A call site: the function it is in, and the call itself (`value`, an `Op.CALL`), kept
    encoded (`analyzer.vals`) and decoded when the linker first reads it."""

    caller: str
    code: str
    location: Location
    called: str = ""
    """The names called, outermost first, space-separated: ``"" "stage_task"`` for
    ``stage_task("x")(f)``; the linker finds the calls of a function by them, decoding none."""

    @staticmethod
    def of(caller: str, value: Val, location: Location) -> Call:
        return Call(caller, encode(value), location, " ".join(called_names(value)))

    @cached_property
    def value(self) -> Val:
        return Reader(self.code).value()


@dataclass(frozen=True)
class Flow:
    """What one scope does with values, read by the linker's inference: a function's parameters,
    the values its locals and attributes are given, what it returns.

    Flow-insensitive: every assignment of a local counts, in any branch; the linker takes the
    union. `function` is relative to the module (``<module>`` for module level, a class's
    qualified name for its body).
    """

    function: str
    params: tuple[str, ...] = ()
    """Parameters that can be passed by position, in order (``self`` first for a method)."""
    receiver: str = ""
    """What a method's first parameter holds: ``instance`` (``self``), ``class`` (a classmethod's
    ``cls``), or ``""`` (a function, a staticmethod)."""
    keyword_only: tuple[str, ...] = ()
    body: str = "0;0;0;0;0;0;"
    """What follows, encoded (`analyzer.vals`), decoded when the linker first reads it."""
    keys: str = ""
    """The string keys of the dict literals its locals are given, space-separated: what it may
    inject by name (``{"publish": publish}``), known without decoding `body`."""

    @staticmethod
    def of(
        function: str,
        params: tuple[str, ...] = (),
        receiver: str = "",
        keyword_only: tuple[str, ...] = (),
        defaults: tuple[tuple[str, Val], ...] = (),
        types: tuple[tuple[str, Val], ...] = (),
        assigns: tuple[tuple[str, Val], ...] = (),
        stores: tuple[tuple[Val, Val], ...] = (),
        returns: tuple[Val, ...] = (),
        returns_type: Val | None = None,
    ) -> Flow:
        named = [
            encode_all([v for pair in pairs for v in (Val(Op.STR, pair[0]), pair[1])])
            for pairs in (defaults, types, assigns)
        ]
        body = "".join(
            (
                *named,
                encode_all([v for pair in stores for v in pair]),
                encode_all(returns),
                encode_all([returns_type] if returns_type is not None else []),
            )
        )
        keys = {
            key.text
            for _, value in assigns
            if value.op is Op.MAP
            for key in value.args[::2]
            if key.op is Op.STR and key.text.isidentifier()
        }
        return Flow(function, params, receiver, keyword_only, body, " ".join(sorted(keys)))

    @cached_property
    def _decoded(self) -> tuple[tuple[Val, ...], ...]:
        reader = Reader(self.body)
        return tuple(reader.values() for _ in range(6))

    @property
    def defaults(self) -> tuple[tuple[str, Val], ...]:
        """Parameters' default values (read in the enclosing scope)."""
        return _pairs(self._decoded[0])

    @property
    def types(self) -> tuple[tuple[str, Val], ...]:
        """Parameters and locals by annotation: name → the annotated type."""
        return _pairs(self._decoded[1])

    @property
    def assigns(self) -> tuple[tuple[str, Val], ...]:
        return _pairs(self._decoded[2])

    @property
    def stores(self) -> tuple[tuple[Val, Val], ...]:
        """Values stored into attributes or items (``self.x = v``, ``event["Type"] = v``)."""
        found = self._decoded[3]
        return tuple(zip(found[::2], found[1::2], strict=True))

    @property
    def returns(self) -> tuple[Val, ...]:
        return self._decoded[4]

    @property
    def returns_type(self) -> Val | None:
        found = self._decoded[5]
        return found[0] if found else None


def _pairs(values: tuple[Val, ...]) -> tuple[tuple[str, Val], ...]:
    return tuple((name.text, value) for name, value in zip(values[::2], values[1::2], strict=True))


def called_names(call: Val) -> list[str]:
    """The names a call calls, outermost first (``""`` for a callee that is no name)."""
    names = []
    value: Val | None = call
    while value is not None and value.op is Op.CALL and value.args:
        callee = value.args[0]
        if callee.op in (Op.NAME, Op.PARAM, Op.LOCAL):
            names.append(callee.text.rsplit(".", 1)[-1])
        elif callee.op is Op.ATTR:
            names.append(callee.text)
        else:
            names.append("")
        value = callee
    return names


@dataclass(frozen=True)
class ParseProblem:
    """Why a file could not be analysed."""

    message: str
    location: Location
    internal: bool = False
    """True for a bug in buslint (an unexpected exception), not a problem of the file."""
    detail: str = ""
    """The traceback of an internal error, for `-v`."""


@dataclass(frozen=True)
class EnvVar:
    """An environment variable an infrastructure file hands to code: its name and the channel name.

    It applies to the code under `scope` (a folder relative to the project root, ``""`` for all):
    the function's code folder, or the template's folder for global variables.
    """

    name: str
    value: str
    scope: str
    location: Location


@dataclass(frozen=True)
class FileFacts:
    """Everything extraction learned from one file. Pure data: cacheable, comparable, picklable."""

    path: str
    module: str
    is_package: bool
    imports: tuple[tuple[str, str], ...] = ()
    """Local name → absolute dotted target, in source order."""
    aliases: tuple[tuple[str, Ref], ...] = ()
    """Module-level ``Name = other.name`` assignments."""
    classes: tuple[ClassFact, ...] = ()
    functions: tuple[FunctionFact, ...] = ()
    registrations: tuple[Registration, ...] = ()
    sends: tuple[Send, ...] = ()
    calls: tuple[Call, ...] = ()
    channels: tuple[ChannelDecl, ...] = ()
    constants: tuple[tuple[str, str], ...] = ()
    """Module-level string constants and enum members: ``ORDERS_TOPIC`` / ``Topics.ORDERS`` → value."""
    problem: ParseProblem | None = None
    bound: tuple[str, ...] = ()
    """Other names assigned at module level (``X = make()``, ``A, B = ...``), so they count as defined."""
    environment: tuple[EnvVar, ...] = ()
    """Environment variables that name channels (infrastructure files only)."""
    flows: tuple[Flow, ...] = ()
    """What each scope does with values (for the linker's inference)."""
    import_name: str = ""
    """What Python calls the module (``app.handlers``) when it differs from `module`, the name
    unique in the tree (``services.orders.src.app.handlers`` when two roots hold an
    ``app.handlers``); ``""`` when they are the same. Imports name modules by this."""
    root: str = ""
    """The import root the module is named from: a folder relative to the project root (``.``
    for the root itself); imports resolve in the importing module's own root first."""

    @property
    def imported_as(self) -> str:
        """The module's import name."""
        return self.import_name or self.module


@dataclass(frozen=True)
class Finding:
    """One rule break at one place, with the other places involved."""

    code: str
    name: str
    severity: Severity
    message: str
    location: Location
    subject: tuple[str, ...]
    """The graph node ids the finding is about."""
    related: tuple[tuple[Location, str], ...] = field(default=())
    """Other sites involved, each with a short label (``handler 2 of 2``)."""
    fingerprint: str = ""
    """Stable across line shifts: rule, path, subject and occurrence; set after the rules ran."""

    @property
    def sites(self) -> tuple[Location, ...]:
        return (self.location, *(loc for loc, _ in self.related))


class Relation(str, enum.Enum):
    """Edge types of the message graph (DESIGN.md)."""

    SENDS = "sends"
    EMITS = "emits"
    HANDLES = "handles"
    SUBSCRIBES = "subscribes"
    ROUTES = "routes"
    CALLS = "calls"


class Tier(enum.IntEnum):
    """Strength of a piece of evidence for a message's kind; higher wins."""

    NAME = 1
    USAGE = 2
    MODULE = 3
    REGISTRY = 4
    BASE = 5
    CONFIG = 6


WEAK_TIERS = frozenset({Tier.MODULE, Tier.NAME})
"""Evidence that may label a message's kind but never alone makes a class a message, nor a
finding: the name of its module and the form of its own name."""


@dataclass(frozen=True, order=True)
class Evidence:
    """One reason to believe a message is a command, an event or a query."""

    tier: Tier
    kind: Kind
    text: str
    location: Location | None = None


@dataclass(frozen=True)
class Message:
    """A message type: a class of the project, a class from a library, or a named channel payload."""

    id: str
    qualname: str
    name: str
    kind: Kind
    evidence: tuple[Evidence, ...]
    """Strongest first."""
    location: Location | None
    external: bool = False
    data_model: str | None = None
    frozen: bool | None = None
    mutable_fields: tuple[FieldFact, ...] = ()
    fields: tuple[FieldFact, ...] = ()
    conflict: tuple[Evidence, Evidence] | None = None
    """Two pieces of strong evidence that name different kinds, when there are."""
    ancestors: tuple[str, ...] = ()
    """Qualified names of the project classes it inherits from, nearest first."""

    @property
    def kind_settled(self) -> bool:
        """True when evidence stronger than a module's or a name's form gives its kind."""
        return any(e.kind is self.kind and e.tier not in WEAK_TIERS for e in self.evidence)


@dataclass(frozen=True)
class Endpoint:
    """A function or method that sends, emits or handles messages."""

    id: str
    qualname: str
    name: str
    location: Location | None
    param_mutations: tuple[Mutation, ...] = ()
    external: bool = False
    returns_value: bool = False
    """True when the function returns something other than None, or yields."""
    writes: tuple[Mutation, ...] = ()
    """Obvious writes through injected objects (see FunctionFact.writes)."""


MESSAGE_NAMED_TRANSPORTS = frozenset({"eventbridge"})
"""Transports whose channel names are judged as message names by the naming rules (an
EventBridge detail type: ``OrderCreated``). A Celery task, a signal, an RPC method or a queue is
named as a function or a variable is (``elo_calculation``, ``pre_save``, ``post_checkout``,
``orders``): the naming rules leave those names alone."""


@dataclass(frozen=True)
class Channel:
    """A named transport where messages travel by name rather than by class.

    An SQS queue, an SNS topic, an EventBridge bus or detail-type, a Celery task name, a Kafka
    or NATS subject, a Django signal. A channel has a kind like a message (a queue carries
    commands, a topic events) and takes part in the same rules: a queue consumed by two
    functions is a command with two handlers. Its id is ``channel:<transport>:<name>``.
    """

    id: str
    transport: str
    name: str
    kind: Kind
    evidence: tuple[Evidence, ...]
    location: Location | None
    external: bool = False
    """True for channels defined outside the project (Django's own signals, a library's topic)."""

    @property
    def qualname(self) -> str:
        return f"{self.transport}:{self.name}"

    @property
    def named_like_message(self) -> bool:
        """True when the channel's name is meant to read as a message's (a task, a detail type),
        so the naming rules judge it; False when its transport names it by its own convention."""
        return self.transport in MESSAGE_NAMED_TRANSPORTS


@dataclass(frozen=True)
class Unknown:
    """A site whose message or handler cannot be resolved statically."""

    id: str
    text: str
    location: Location
    reason: str


UNDEFINED_MESSAGE = "message class is not defined"
"""The reason of an unknown site whose message is a name that nothing defines or imports."""


@dataclass(frozen=True)
class Edge:
    """A typed, located relation between two nodes."""

    source: str
    target: str
    relation: Relation
    location: Location
    via: str
    mutated_after: tuple[Mutation, ...] = ()
    result_used: bool = False
    inferred: tuple[str, ...] = ()
    """How the linker inferred the edge, step by step, when the code does not say it at the site
    (``name = 'orders.charge', passed at api.py:12``)."""


@dataclass(frozen=True)
class Model:
    """The whole program as buslint sees it, after linking."""

    messages: tuple[Message, ...]
    endpoints: tuple[Endpoint, ...]
    unknowns: tuple[Unknown, ...]
    edges: tuple[Edge, ...]
    problems: tuple[ParseProblem, ...]
    channels: tuple[Channel, ...] = ()
