"""Evaluating `Val`s across functions and modules: constants, parameters, returns, attributes.

The evaluation is flow-insensitive (every assignment of a local counts) and demand-driven: only
what a send, a registration or a call edge asks for is evaluated, and each answer is remembered.
A call's result is evaluated with the callee's parameters bound to the arguments of that call
(so a helper shared by two services gives each its own values); a parameter with no binding
takes the values every call site in the project passes. Both are bounded (`MAX_DEPTH` calls
deep, `MAX_VALUES` values, `MAX_SITES` call sites): beyond the bound a value is `Opaque`, never
a guess.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass

from analyzer.link.infer.values import (
    NOTHING,
    Bound,
    Handle,
    Items,
    Obj,
    Opaque,
    Record,
    Text,
    Value,
    Values,
    traced,
)
from analyzer.link.symbols import Symbols
from analyzer.model import MODULE_SCOPE, Call, FileFacts, Flow, Op, Val

MAX_DEPTH = 6
"""Calls followed into callees, and call sites followed back into callers, at most."""
MAX_NESTING = 250
"""Expressions evaluated inside one another at most (a guard for Python's recursion limit)."""
MAX_VALUES = 64
"""Values a single expression may have before it counts as unknown."""
MAX_SITES = 64
"""Call sites of one function followed back for a parameter's values."""
CAST = frozenset({"typing.cast", "cast"})

Bindings = Mapping[str, Values]


@dataclass(frozen=True)
class Frame:
    """Where a Val is read: its module, its scope (module-relative) and, when the scope is a
    function called from a known site, what its parameters are bound to."""

    facts: FileFacts
    scope: str
    bindings: tuple[tuple[str, Values], ...] | None = None
    element: Value | None = None
    """The element a channel's `each` iterates over, read by `Op.ELEM`."""

    @property
    def qualname(self) -> str:
        return f"{self.facts.module}.{self.scope}"

    def bound(self) -> dict[str, Values] | None:
        return dict(self.bindings) if self.bindings is not None else None


@dataclass(frozen=True)
class Site:
    """A call that may reach a function, with its arguments as written, read in `frame`."""

    frame: Frame
    call: Call
    arguments: tuple[tuple[str, Val], ...]
    """Parameter name → the argument expression passed for it."""
    called: Val
    """The call expression itself: `call.value`, or the inner call of ``factory(x)(f)``."""
    applied: Val | None = None
    """What the call's result is called with when it is the inner call of ``factory(x)(f)``
    (a decorator factory applied to ``f``)."""


class Evaluator:
    """Answers "what may this expression be?" for the whole program."""

    def __init__(
        self,
        symbols: Symbols,
        files: Sequence[FileFacts],
        constants: Mapping[str, str],
        identities: Mapping[str, str],
    ):
        self.symbols = symbols
        self.constants = constants
        self.identities = identities
        """Module-level names bound to a channel object (a ``Signal()``, a task function): kept as
        themselves, so that a channel reads them by name."""
        self.flows: dict[str, tuple[FileFacts, Flow]] = {}
        self.calls_by_name: dict[str, list[tuple[FileFacts, Call, int]]] = defaultdict(list)
        """Called name → the calls by that name: their file, the call fact, and how deep the
        call by that name is nested (1: the inner call of ``factory(x)(f)``). Indexed by the
        names each fact records, so no call is decoded until asked for."""
        for facts in files:
            if facts.module not in symbols.modules or symbols.modules[facts.module] is not facts:
                continue
            for flow in facts.flows:
                self.flows[f"{facts.module}.{flow.function}"] = (facts, flow)
            for call in facts.calls:
                for depth, name in enumerate(call.called.split(" ")):
                    if name:
                        self.calls_by_name[name].append((facts, call, depth))
        self.subclasses: dict[str, list[str]] = defaultdict(list)
        for qualname in symbols.classes:
            for ancestor in symbols.ancestors(qualname):
                self.subclasses[ancestor].append(qualname)
        self._injections: dict[str, list[tuple[FileFacts, str, Val]]] | None = None
        self._memo: dict[tuple[str, str, Val, object], Values] = {}
        self._active: set[tuple[str, str, Val, object]] = set()
        self._sites: dict[str, list[Site]] = {}
        self._made: dict[str, bool] = {}
        self._depth = 0
        self._calls = 0
        """Calls followed into callees or back to callers on the current path."""

    # -- entry points ----------------------------------------------------------------------

    def frame(self, facts: FileFacts, scope: str) -> Frame:
        return Frame(facts, scope)

    def values(self, val: Val, frame: Frame) -> Values:
        """What `val`, read in `frame`, may be."""
        key = (frame.facts.module, frame.scope, val, (frame.bindings, frame.element))
        found = self._memo.get(key)
        if found is not None:
            return found
        if key in self._active or self._depth > MAX_NESTING:
            return NOTHING  # a cycle: what the other path finds is the answer
        self._active.add(key)
        self._depth += 1
        try:
            result = self._eval(val, frame)
        finally:
            self._depth -= 1
            self._active.discard(key)
        if len(result) > MAX_VALUES:
            result = frozenset({Opaque(f"more than {MAX_VALUES} values")})
        self._memo[key] = result
        return result

    def texts(self, val: Val, frame: Frame) -> list[Text] | None:
        """The strings `val` may be, or None when any of its values is not a string."""
        found = self.values(val, frame)
        if not found or any(not isinstance(v, Text) for v in found):
            return None
        return sorted((v for v in found if isinstance(v, Text)), key=lambda t: t.value)

    def sites(self, function: str) -> list[Site]:
        """The calls of the project that may call `function` (an absolute qualified name)."""
        found = self._sites.get(function)
        if found is None:
            found = self._sites[function] = self._find_sites(function)
        return found

    def calls_named(self, name: str) -> Iterator[tuple[FileFacts, Call, Val]]:
        """The calls by this name: their file, the call fact, and the call expression (the
        fact's own value, or the inner call of ``factory(x)(f)``)."""
        for facts, call, depth in self.calls_by_name.get(name, ()):
            called = call.value
            for _ in range(depth):
                called = called.args[0]
            yield facts, call, called

    def callees(
        self, facts: FileFacts, call: Call, called: Val | None = None
    ) -> list[tuple[str, Obj | None]]:
        """The project functions a call may run, each with the object it is bound to
        (`called`: the inner call of ``factory(x)(f)`` instead of the call itself)."""
        frame = Frame(facts, call.caller)
        found: list[tuple[str, Obj | None]] = []
        for value in self.values((called or call.value).args[0], frame):
            found.extend(self._runs(value))
        return sorted(set(found), key=lambda pair: pair[0])

    def bound_frame(self, function: str, site: Site) -> Frame:
        """The frame of `function` (absolute) with its parameters bound to what `site` passes."""
        facts, flow = self.flows[function]
        receiver = None
        callees = dict(self.callees(site.frame.facts, site.call, site.called))
        receiver = callees.get(function)
        bindings = self._bind(flow, receiver, site.called, site.frame)
        return Frame(facts, flow.function, bindings)

    # -- evaluation --------------------------------------------------------------------------

    def _eval(self, val: Val, frame: Frame) -> Values:
        op = val.op
        if op is Op.STR:
            return frozenset({Text(val.text)})
        if op is Op.NAME:
            return self._name(val.text, frame)
        if op is Op.PARAM:
            return self._param(val, frame)
        if op is Op.LOCAL:
            return self._local(val, frame)
        if op is Op.ATTR:
            return self._attribute(self.values(val.args[0], frame), val.text)
        if op is Op.ITEM:
            found = self._item(self.values(val.args[0], frame), self.values(val.args[1], frame))
            if not found and len(val.args) > 2:  # a default for a missing key
                return self.values(val.args[2], frame)
            return found
        if op is Op.CALL:
            return self._call(val, frame)
        if op is Op.JOIN:
            return self._join(val.args, frame)
        if op is Op.SEQ:
            items: set[Value] = set()
            for element in val.args:
                items |= self.values(element, frame)
            return frozenset({Items(frozenset(items))})
        if op is Op.EITHER:
            return frozenset().union(*(self.values(arg, frame) for arg in val.args))
        if op is Op.MAP:
            return frozenset({self._record(val.args, frame)})
        if op is Op.EACH:
            return self._elements(self.values(val.args[0], frame))
        if op is Op.ELEM:
            return frozenset({frame.element}) if frame.element is not None else NOTHING
        if op is Op.HANDLE:
            return self._handles(val.text, self.values(val.args[0], frame))
        return frozenset({Opaque(val.text)})

    def _handles(self, transport: str, names: Values) -> Values:
        """Handles of the channels `names` name: strings, or objects bound to a channel."""
        found: set[Value] = set()
        for name in names:
            if isinstance(name, Text):
                found.add(Handle(transport, name.value, name.origin))
            elif isinstance(name, Obj) and name.qualname in self.identities:
                found.add(Handle(transport, self.identities[name.qualname], name.origin))
            elif isinstance(name, Handle):
                found.add(name)
            else:
                found.add(Opaque(f"a {transport} channel whose name is not known"))
        return frozenset(found)

    def _name(self, name: str, frame: Frame) -> Values:
        flow = self._flow(frame)
        head = name.split(".", 1)[0]
        if flow is not None and frame.scope != MODULE_SCOPE and _assigned(flow, head):
            rest = name.split(".")[1:]
            values = self._local(Val(Op.LOCAL, head), frame)
            for attribute in rest:
                values = self._attribute(values, attribute)
            return values
        module = frame.facts.module
        target = self.symbols.resolve(module, name)
        if target is None:
            top = self.flows.get(f"{module}.{MODULE_SCOPE}")
            if top is None or not _assigned(top[1], head):
                return frozenset({Opaque(name)})
            target = f"{module}.{name}"  # a variable of this module
        return self._global(target)

    def _global(self, target: str) -> Values:
        """What an absolute name holds: a constant, a class, a function, a module variable."""
        if target in self.constants:
            return frozenset({Text(self.constants[target])})
        if target in self.identities:
            return frozenset({Obj(target)})
        symbols = self.symbols
        if target in symbols.classes or target in symbols.functions or target in symbols.modules:
            return frozenset({Obj(target)})
        owner, _, attribute = target.rpartition(".")
        if owner in symbols.modules:  # a module-level variable
            facts = symbols.modules[owner]
            return self._assigned_in(facts, MODULE_SCOPE, attribute)
        parts = target.split(".")
        for cut in range(len(parts) - 2, 0, -1):  # an attribute of a module's variable
            module, variable, attributes = ".".join(parts[:cut]), parts[cut], parts[cut + 1 :]
            if module in symbols.modules and attributes:
                values = self._assigned_in(symbols.modules[module], MODULE_SCOPE, variable)
                for name in attributes:
                    values = self._attribute(values, name)
                return values
        if owner in symbols.classes:
            return self._attribute(frozenset({Obj(owner)}), attribute)
        if symbols.in_project(target):
            return frozenset({Opaque(target)})
        return frozenset({Obj(target)})  # a library's name

    def _assigned_in(self, facts: FileFacts, scope: str, name: str) -> Values:
        frame = Frame(facts, scope)
        flow = self._flow(frame)
        if flow is None or not _assigned(flow, name):
            return frozenset({Opaque(f"{facts.module}.{name}")})
        return self._local(Val(Op.LOCAL, name), frame)

    def _flow(self, frame: Frame) -> Flow | None:
        found = self.flows.get(frame.qualname)
        return found[1] if found is not None else None

    def _owner_frame(self, val: Val, frame: Frame) -> Frame:
        """The frame of an enclosing function whose parameter or local a nested scope reads."""
        if val.args and val.args[0].op is Op.NAME:
            return Frame(frame.facts, val.args[0].text)
        return frame

    def _param(self, val: Val, frame: Frame) -> Values:
        frame = self._owner_frame(val, frame)
        name = val.text
        bound = frame.bound()
        if bound is not None:
            return bound.get(name, NOTHING)
        flow = self._flow(frame)
        found: set[Value] = set(self._typed(flow, name, frame))
        if flow is not None and flow.receiver and flow.params and flow.params[0] == name:
            owner = f"{frame.facts.module}.{frame.scope.rpartition('.')[0]}"
            if owner in self.symbols.classes:
                instance = flow.receiver == "instance"
                found.add(Obj(owner, instance=instance, exact=False))
                return frozenset(found)
        default = dict(flow.defaults).get(name) if flow is not None else None
        sites = self.sites(frame.qualname)[:MAX_SITES] if self._calls < MAX_DEPTH else []
        self._calls += 1
        try:
            for site in sites:
                passed = dict(site.arguments).get(name)
                if passed is not None:
                    step = f"passed by {site.frame.qualname} ({_at(site.call)})"
                    found |= traced(self.values(passed, site.frame), step)
        finally:
            self._calls -= 1
        if default is not None and (not sites or any(name not in dict(s.arguments) for s in sites)):
            outer = Frame(frame.facts, frame.scope.rpartition(".")[0] or MODULE_SCOPE)
            found |= traced(self.values(default, outer), f"the default of {name}")
        if not sites and default is None and flow is not None and _dependency(flow, name):
            found |= self._injected(name)
        return frozenset(found) or frozenset({Opaque(name)})

    def injections(self) -> dict[str, list[tuple[FileFacts, str, Val]]]:
        """Dict entries keyed by a string, by key: what a composition root may inject (read on
        first need: it decodes every scope's flow)."""
        if self._injections is None:
            self._injections = defaultdict(list)
            for facts, flow in self.flows.values():
                if not flow.keys:
                    continue
                for _, value in flow.assigns:
                    if value.op is Op.MAP:
                        pairs = zip(value.args[::2], value.args[1::2], strict=False)
                        for key, item in pairs:
                            if key.op is Op.STR and key.text.isidentifier():
                                entry = (facts, flow.function, item)
                                self._injections[key.text].append(entry)
        return self._injections

    def _injected(self, name: str) -> Values:
        """A parameter no call of the project passes (a handler called by a bus or a framework)
        takes what the project's composition root injects by that name: the values of
        ``{"publish": publish, ...}`` entries keyed by it (dependency injection by name, as
        cosmicpython's bootstrap, lato and most containers do)."""
        found: set[Value] = set()
        for facts, scope, value in self.injections().get(name, ()):
            step = f"injected as {name!r} by {facts.module}.{scope}"
            found |= traced(self.values(value, Frame(facts, scope)), step)
        return frozenset(v for v in found if not isinstance(v, Opaque))

    def _typed(self, flow: Flow | None, name: str, frame: Frame) -> Values:
        if flow is None:
            return NOTHING
        found: set[Value] = set()
        for typed, kind in flow.types:
            if typed == name:
                found |= self._instances_of(kind, frame.facts)
        return frozenset(found)

    def _instances_of(self, kind: Val, facts: FileFacts) -> Values:
        """What a value annotated with `kind` holds: an instance of the class (or a subclass), or
        a collection of them (`kind` an `Op.SEQ`)."""
        if kind.op is Op.SEQ:
            return frozenset({Items(self._instances_of(kind.args[0], facts))})
        return _as_instances(self.values(kind, Frame(facts, MODULE_SCOPE)))

    def _local(self, val: Val, frame: Frame) -> Values:
        frame = self._owner_frame(val, frame)
        flow = self._flow(frame)
        if flow is None:
            return frozenset({Opaque(val.text)})
        found: set[Value] = set(self._typed(flow, val.text, frame))
        for name, value in flow.assigns:
            if name == val.text:
                found |= self.values(value, frame)
        stored = [
            (target.args[1], value)
            for target, value in flow.stores
            if target.op is Op.ITEM
            and target.args[0].op is Op.LOCAL
            and target.args[0].text == val.text
        ]
        if stored:
            found = {self._store_items(v, stored, frame) for v in found}
        return frozenset(found) or frozenset({Opaque(val.text)})

    def _store_items(self, value: Value, stored: list[tuple[Val, Val]], frame: Frame) -> Value:
        """A dict local with the items the function sets in it (``event["Type"] = ...``)."""
        if not isinstance(value, Record):
            return value
        for key, item in stored:
            for text in self.texts(key, frame) or []:
                value = value.merged(text.value, self.values(item, frame))
        return value

    def _record(self, pairs: tuple[Val, ...], frame: Frame) -> Record:
        fields: dict[str, set[Value]] = {}
        for key, item in zip(pairs[::2], pairs[1::2], strict=False):
            for text in self.texts(key, frame) or []:
                fields.setdefault(text.value, set()).update(self.values(item, frame))
        return Record(tuple(sorted((k, frozenset(v)) for k, v in fields.items())))

    def _join(self, parts: tuple[Val, ...], frame: Frame) -> Values:
        choices: list[list[Text]] = []
        for part in parts:
            texts = self.texts(part, frame)
            if texts is None:
                return frozenset({Opaque("a string built from values that are not constants")})
            choices.append(texts)
        found: set[Value] = set()
        for combination in itertools.islice(itertools.product(*choices), MAX_VALUES + 1):
            origin = next((t.origin for t in combination if t.origin), ())
            found.add(Text("".join(t.value for t in combination), origin))
        return frozenset(found)

    def _elements(self, values: Values) -> Values:
        found: set[Value] = set()
        for value in values:
            if isinstance(value, Items):
                found |= value.items
            elif isinstance(value, Record):
                found |= {Text(key) for key, _ in value.fields}
            else:
                found.add(Opaque("an element of a value that is not a collection"))
        return frozenset(found)

    def _item(self, bases: Values, keys: Values) -> Values:
        found: set[Value] = set()
        wanted = {k.value for k in keys if isinstance(k, Text)}
        for base in bases:
            if isinstance(base, Record):
                for name, values in base.fields:
                    if name in wanted or len(wanted) < len(keys):  # a key not known: any
                        found |= values
            elif isinstance(base, Items):
                found |= base.items
            else:
                found.add(Opaque("an item of a value that is not a collection"))
        return frozenset(found)

    def _attribute(self, bases: Values, attribute: str) -> Values:
        found: set[Value] = set()
        for base in bases:
            found |= self._attribute_of(base, attribute)
        return frozenset(found)

    def _attribute_of(self, base: Value, attribute: str) -> Values:
        symbols = self.symbols
        if isinstance(base, Text) and attribute in ("value", "name"):
            return frozenset({base})  # an enum member's value
        if not isinstance(base, Obj):
            return frozenset({Opaque(attribute)})
        name = base.qualname
        if name in symbols.modules:
            return self._global(symbols.canonical(f"{name}.{attribute}"))
        if name not in symbols.classes:
            if symbols.in_project(name):
                return frozenset({Opaque(attribute)})
            return frozenset({Obj(f"{name}.{attribute}", instance=base.instance)})
        found: set[Value] = set()
        for owner in self._classes(base):
            found |= self._member(owner, attribute, base)
        return frozenset(found) or frozenset({Opaque(f"{name}.{attribute}")})

    def _classes(self, base: Obj) -> list[str]:
        """The classes whose members an object may show: its class, its ancestors and, when it
        may be a subclass, the subclasses (an override there is as likely)."""
        found = [base.qualname, *self.symbols.ancestors(base.qualname)]
        if not base.exact:
            subclasses = self.subclasses.get(base.qualname, [])
            made = [c for c in subclasses if self._constructed(c)]
            # When the project builds some of the subclasses itself, those are the ones an
            # object can be; when it builds none (a framework makes them), any can.
            found += made or subclasses
        return found

    def _constructed(self, qualname: str) -> bool:
        """Whether the project calls the class anywhere (``PromptExecution(run_id=...)``)."""
        known = self._made.get(qualname)
        if known is None:
            known = False
            for facts, call, called in self.calls_named(qualname.rsplit(".", 1)[-1]):
                callee = called.args[0]
                if callee.op is Op.NAME:
                    if self.symbols.resolve(facts.module, callee.text) == qualname:
                        known = True
                        break
                elif callee.op is Op.ATTR and qualname in {
                    v.qualname
                    for v in self.values(callee, Frame(facts, call.caller))
                    if isinstance(v, Obj)
                }:
                    known = True
                    break
            self._made[qualname] = known
        return known

    def _member(self, owner: str, attribute: str, base: Obj) -> Values:
        symbols = self.symbols
        qualname = f"{owner}.{attribute}"
        if qualname in symbols.functions:
            known = self.flows.get(qualname)
            receiver = known[1].receiver if known is not None else ""
            if base.instance and receiver == "instance":
                return frozenset({Bound(qualname, base)})
            if receiver == "class":  # a classmethod, from the class or an instance
                return frozenset({Bound(qualname, Obj(base.qualname, exact=base.exact))})
            return frozenset({Obj(qualname)})
        if qualname in symbols.classes:
            return frozenset({Obj(qualname)})
        if qualname in self.constants:
            return frozenset({Text(self.constants[qualname])})
        found: set[Value] = set()
        facts = symbols.classes[owner][0]
        body = Frame(facts, owner[len(facts.module) + 1 :])
        body_flow = self._flow(body)
        if body_flow is not None and (
            _assigned(body_flow, attribute) or any(n == attribute for n, _ in body_flow.types)
        ):
            found |= self._local(Val(Op.LOCAL, attribute), body)
        if base.instance:
            found |= self._stored_on_self(owner, attribute)
        return frozenset(found)

    def _stored_on_self(self, owner: str, attribute: str) -> Values:
        """``self.attribute = value`` (or ``self.attribute: T``) in any method of `owner`."""
        facts = self.symbols.classes[owner][0]
        prefix = owner[len(facts.module) + 1 :] + "."
        found: set[Value] = set()
        for flow in facts.flows:
            if not flow.function.startswith(prefix) or not flow.params:
                continue
            self_name = flow.params[0]
            for target, value in flow.stores:
                if (
                    target.op is Op.ATTR
                    and target.text == attribute
                    and target.args[0].op is Op.PARAM
                    and target.args[0].text == self_name
                    and not target.args[0].args
                ):
                    found |= self.values(value, Frame(facts, flow.function))
        return frozenset(found)

    def _call(self, val: Val, frame: Frame) -> Values:
        callee = self.values(val.args[0], frame)
        found: set[Value] = set()
        for value in callee:
            found |= self._result(value, val, frame)
        return frozenset(found)

    def _result(self, callee: Value, call: Val, frame: Frame) -> Values:
        symbols = self.symbols
        if isinstance(callee, Obj) and not callee.instance:
            name = callee.qualname
            if name in symbols.classes:
                return frozenset({Obj(name, instance=True, exact=callee.exact)})
            if name in symbols.functions:
                return self._returns(name, None, call, frame)
            if name in CAST or name.endswith(".cast"):
                first = call.args[1] if len(call.args) > 1 else None
                types = self.values(first, frame) if first is not None else NOTHING
                return _as_instances(types) or frozenset({Opaque("cast")})
            if not symbols.in_project(name) and name.rsplit(".", 1)[-1][:1].isupper():
                return frozenset({Obj(name, instance=True)})
        if isinstance(callee, Bound):
            return self._returns(callee.function, callee.receiver, call, frame)
        return frozenset({Opaque("the result of a call")})

    def _returns(self, function: str, receiver: Obj | None, call: Val, frame: Frame) -> Values:
        found = self.flows.get(function)
        if found is None:
            return frozenset({Opaque(function)})
        facts, flow = found
        if self._calls >= MAX_DEPTH:
            return frozenset({Opaque(function)})
        bindings = self._bind(flow, receiver, call, frame)
        inner = Frame(facts, flow.function, bindings)
        result: set[Value] = set()
        self._calls += 1
        try:
            for returned in flow.returns:
                result |= self.values(returned, inner)
        finally:
            self._calls -= 1
        if flow.returns_type is not None:  # what the function says it returns holds too
            result |= self._instances_of(flow.returns_type, facts)
        return traced(frozenset(result), f"returned by {function}")

    def _bind(
        self, flow: Flow, receiver: Obj | None, call: Val, frame: Frame
    ) -> tuple[tuple[str, Values], ...]:
        params = list(flow.params)
        bindings: dict[str, Values] = {}
        if receiver is not None and params:
            bindings[params.pop(0)] = frozenset({receiver})
        for name, passed in arguments(params, flow.keyword_only, call):
            bindings[name] = self.values(passed, frame)
        for name, _ in flow.types:
            if name not in bindings and name in flow.params:
                bindings[name] = self._typed(flow, name, frame)
        return tuple(sorted(bindings.items()))

    def _runs(self, value: Value) -> list[tuple[str, Obj | None]]:
        """The project functions calling `value` runs (a method on each possible class)."""
        symbols = self.symbols
        if isinstance(value, Bound):
            return [(value.function, value.receiver)]
        if isinstance(value, Obj) and not value.instance:
            if value.qualname in symbols.functions:
                return [(value.qualname, None)]
            if value.qualname in symbols.classes:
                init = symbols.method(value.qualname, "__init__")
                return [(init, Obj(value.qualname, instance=True))] if init else []
        return []

    def _find_sites(self, function: str) -> list[Site]:
        if function not in self.flows:
            return []
        flow = self.flows[function][1]
        simple = function.rsplit(".", 1)[-1]
        owner = function.rpartition(".")[0]
        is_method = owner in self.symbols.classes
        names = [simple]
        if simple == "__init__" and is_method:
            names.append(owner.rsplit(".", 1)[-1])
        found: list[Site] = []
        for name in names:
            for facts, call, called in self.calls_named(name):
                for callee, receiver in self.callees(facts, call, called):
                    if callee != function:
                        continue
                    params = list(flow.params)
                    if receiver is not None and params:
                        params.pop(0)
                    bound = tuple(arguments(params, flow.keyword_only, called))
                    applied = _applied_to(call.value, called)
                    site = Site(Frame(facts, call.caller), call, bound, called, applied)
                    found.append(site)
                    break
        return sorted(found, key=lambda s: (s.call.location, s.frame.qualname))


def arguments(
    params: Sequence[str], keyword_only: Sequence[str], call: Val
) -> Iterable[tuple[str, Val]]:
    """Parameter name → the argument a call passes for it (positional, then by keyword)."""
    keywords = call.keywords
    given = call.args[1:]
    positional = given[: len(given) - len(keywords)]
    for name, passed in zip(params, positional, strict=False):
        yield name, passed
    allowed = set(params) | set(keyword_only)
    for name, passed in zip(keywords, given[len(positional) :], strict=False):
        if name in allowed:
            yield name, passed


def _applied_to(outer: Val, called: Val) -> Val | None:
    """In ``factory(x)(f)``, what the result of the inner call `called` is applied to: ``f``."""
    value = outer
    while value.op is Op.CALL and value.args:
        if value.args[0] is called or value.args[0] == called:
            return value.args[1] if len(value.args) > 1 else None
        value = value.args[0]
    return None


def _dependency(flow: Flow, name: str) -> bool:
    """Whether a parameter can be a dependency injected by name: any but the first one (a
    handler's message, a method's ``self`` aside)."""
    params = flow.params[1:] if flow.receiver else flow.params
    return name in params[1:] or name in flow.keyword_only


def _assigned(flow: Flow, name: str) -> bool:
    return any(assigned == name for assigned, _ in flow.assigns)


def _as_instances(values: Values) -> Values:
    return frozenset(
        Obj(v.qualname, instance=True, exact=False, origin=v.origin)
        for v in values
        if isinstance(v, Obj) and not v.instance
    )


def _at(call: Call) -> str:
    return f"{call.location.path}:{call.location.line}"
