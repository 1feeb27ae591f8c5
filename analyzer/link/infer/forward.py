"""Wrappers: a send or a registration whose message, channel or handler is a parameter of the
function it is in happens where that function is called, with what the caller passes.

``def send_task(name, **kw): return celery.send_task(name, **kw)`` sends nothing by itself;
``send_task("orders.charge")`` in ``checkout`` sends ``orders.charge`` from ``checkout``. The
same holds for ``def on_event(kind, fn): _handlers[kind].append(fn)`` (a registration at each
call) and ``def register_event(self, e): self._events.append(e)`` (an emit at each call).
Wrappers of wrappers are followed up to `MAX_LIFT` levels; a wrapper nobody in the project calls
stays where it is, its operand an unknown node.
"""

from __future__ import annotations

from dataclasses import dataclass

from analyzer.link.infer.evaluate import MAX_SITES, Evaluator, Frame, Site
from analyzer.link.infer.values import Value, Values
from analyzer.model import FileFacts, Location, Op, Val

MAX_LIFT = 4
"""Wrapper levels followed from an operation to the code that decides its operands."""


@dataclass(frozen=True)
class Operand:
    """An operand of an operation (its message, channel name or handler) and where it is read."""

    val: Val
    frame: Frame


@dataclass(frozen=True)
class Instance:
    """One place an operation happens, and its operands as read there."""

    frame: Frame
    """The scope the operation happens in (its sender or registering code)."""
    location: Location
    operands: tuple[Operand, ...]
    steps: tuple[str, ...] = ()
    """How the operation got there: each wrapper call followed, innermost first."""
    wrapper: str = ""
    """The function called at `location` when the operation was lifted there (``send_task``)."""

    def via(self, inner: str) -> str:
        """How the operation is written here: the wrapper called, and what it wraps."""
        return f"{self.wrapper} → {inner}" if self.wrapper else inner

    @property
    def facts(self) -> FileFacts:
        return self.frame.facts

    @property
    def scope(self) -> str:
        return self.frame.scope

    def values(self, evaluator: Evaluator, index: int = 0, element: Value | None = None) -> Values:
        """What operand `index` may be here (`element`: the item a channel's `each` reads)."""
        operand = self.operands[index]
        frame = operand.frame
        if element is not None:
            frame = Frame(frame.facts, frame.scope, frame.bindings, element)
        return evaluator.values(operand.val, frame)


def own_parameter(val: Val | None) -> str | None:
    """The parameter name when `val` is exactly a parameter of the function it is read in."""
    if val is not None and val.op is Op.PARAM and not val.args:
        return val.text
    return None


def instances(
    evaluator: Evaluator,
    facts: FileFacts,
    scope: str,
    operands: tuple[Val, ...],
    location: Location,
    carried: int = 0,
) -> list[Instance]:
    """Where an operation with these operands (read in `scope`) really happens: here, or, when
    any operand is a parameter of `scope`, at each call that passes it.

    The first `carried` operands do not move the operation by themselves: what a channel's
    name is read from (``put_events(Entries=entries)``) is data the function was given, not
    the name of what it sends."""
    frame = Frame(facts, scope)
    here = Instance(frame, location, tuple(Operand(val, frame) for val in operands))
    return _lift(evaluator, here, 0, carried)


def _lift(evaluator: Evaluator, here: Instance, depth: int, carried: int = 0) -> list[Instance]:
    params = [own_parameter(o.val) if o.frame is here.frame else None for o in here.operands]
    if not any(params[carried:]) or depth >= MAX_LIFT:
        return [here]
    function = here.frame.qualname
    found: list[Instance] = []
    for site in evaluator.sites(function)[:MAX_SITES]:
        passed = dict(site.arguments)
        if any(p is not None and p not in passed for p in params):
            continue  # a parameter left to its default
        operands = tuple(
            Operand(passed[p], site.frame) if p is not None else operand
            for p, operand in zip(params, here.operands, strict=True)
        )
        names = ", ".join(f"{p}=…" for p in params if p)
        step = f"{function}({names}) called in {site.frame.qualname} ({_at(site)})"
        wrapper = function.rsplit(".", 1)[-1]
        there = Instance(site.frame, site.call.location, operands, (*here.steps, step), wrapper)
        found.extend(_lift(evaluator, there, depth + 1, carried))
    return found or [here]


def _at(site: Site) -> str:
    return f"{site.call.location.path}:{site.call.location.line}"
