"""What the inference knows a value to be: a string, a class or object, a collection, a channel
handle, or something it cannot tell."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Text:
    """A string the code builds from literals and constants."""

    value: str
    origin: tuple[str, ...] = field(default=(), compare=False)
    """How it was inferred, outermost step first (``passed by shop.api.place``)."""


@dataclass(frozen=True)
class Obj:
    """A class, function or module (``instance=False``), or an instance of a class."""

    qualname: str
    instance: bool = False
    exact: bool = True
    """False when it may be any subclass too (``self``, an annotated parameter)."""
    origin: tuple[str, ...] = field(default=(), compare=False)


@dataclass(frozen=True)
class Bound:
    """A method read from an object: calling it binds ``self`` to `receiver`."""

    function: str
    receiver: Obj
    origin: tuple[str, ...] = field(default=(), compare=False)


@dataclass(frozen=True)
class Items:
    """A list, tuple or set: what its elements may be."""

    items: frozenset[Value]
    origin: tuple[str, ...] = field(default=(), compare=False)


@dataclass(frozen=True)
class Record:
    """A dict with string keys: what each key may hold."""

    fields: tuple[tuple[str, frozenset[Value]], ...]
    origin: tuple[str, ...] = field(default=(), compare=False)

    def get(self, key: str) -> frozenset[Value]:
        for name, values in self.fields:
            if name == key:
                return values
        return frozenset()

    def merged(self, key: str, values: frozenset[Value]) -> Record:
        """This record with `values` also possible under `key`."""
        fields = dict(self.fields)
        fields[key] = fields.get(key, frozenset()) | values
        return Record(tuple(sorted(fields.items())), self.origin)


@dataclass(frozen=True)
class Handle:
    """An object that stands for a named channel (a Celery signature of a task name)."""

    transport: str
    name: str
    origin: tuple[str, ...] = field(default=(), compare=False)


@dataclass(frozen=True)
class Opaque:
    """A value the inference cannot tell; `text` is the code it came from."""

    text: str
    origin: tuple[str, ...] = field(default=(), compare=False)


Value = Text | Obj | Bound | Items | Record | Handle | Opaque
Values = frozenset[Value]
NOTHING: Values = frozenset()


def traced(values: Values, step: str) -> Values:
    """The same values, each with `step` added before the way it was inferred."""
    if not step:
        return values
    return frozenset(_with_origin(v, (step, *v.origin)) for v in values)


def _with_origin(value: Value, origin: tuple[str, ...]) -> Value:
    if isinstance(value, Text):
        return Text(value.value, origin)
    if isinstance(value, Obj):
        return Obj(value.qualname, value.instance, value.exact, origin)
    if isinstance(value, Bound):
        return Bound(value.function, value.receiver, origin)
    if isinstance(value, Items):
        return Items(value.items, origin)
    if isinstance(value, Record):
        return Record(value.fields, origin)
    if isinstance(value, Handle):
        return Handle(value.transport, value.name, origin)
    return Opaque(value.text, origin)
