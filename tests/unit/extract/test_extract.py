"""Extraction of one file: the facts each idiom produces, read without other files."""

from __future__ import annotations

from analyzer.config import Config
from analyzer.extract.source import extract
from analyzer.model import Family, FileFacts
from analyzer.vocabulary import Names

NAMES = Names.from_config(Config())


def facts(source: str, module: str = "shop.mod") -> FileFacts:
    return extract(source.encode(), "shop/mod.py", module, False, NAMES)


def test_relative_and_aliased_imports_are_recorded_absolute() -> None:
    f = facts(
        "from . import commands\n"
        "from ..core import events as ev\n"
        "import billing.domain.commands as bc\n"
        "import os.path\n"
        "from x import *\n",
        module="shop.orders.mod",
    )
    imports = dict(f.imports)
    assert imports["commands"] == "shop.orders.commands"
    assert imports["ev"] == "shop.core.events"
    assert imports["bc"] == "billing.domain.commands"
    assert imports["os"] == "os"
    assert imports["*x"] == "x"


def test_registry_dict_values_single_and_collections() -> None:
    f = facts(
        "COMMAND_HANDLERS = {commands.Allocate: handlers.allocate}\n"
        "EVENT_HANDLERS = {events.Allocated: [h1, h2], events.Gone: (h3,)}\n"
        "SERIALIZERS = {events.Allocated: serializer}\n"
    )
    regs = [(r.message.dotted, r.handler.dotted, r.collection, r.family) for r in f.registrations]
    assert regs == [
        ("commands.Allocate", "handlers.allocate", False, Family.POINT_TO_POINT),
        ("events.Allocated", "h1", True, Family.BROADCAST),
        ("events.Allocated", "h2", True, Family.BROADCAST),
        ("events.Gone", "h3", True, Family.BROADCAST),
    ]


def test_registry_built_in_a_function_and_by_item_assignment() -> None:
    f = facts(
        "def handlers():\n"
        "    return {A: a}\n"
        "def wire():\n"
        "    registry = {}\n"
        "    registry[B] = b\n"
        "    registry.setdefault(C, []).append(c)\n"
        "    registry[D].append(d)\n"
    )
    assert [(r.message.dotted, r.handler.dotted) for r in f.registrations] == [
        ("A", "a"),
        ("B", "b"),
        ("C", "c"),
        ("D", "d"),
    ]


def test_decorator_without_argument_reads_the_first_parameter_annotation() -> None:
    f = facts(
        "@bus.event_handler\n"
        "def on_any(event: 'OrderPlaced' | None, uow) -> None: ...\n"
        "class Svc:\n"
        "    @subscribe\n"
        "    def on(self, event: Union[A, B]) -> None: ...\n"
    )
    assert [(r.message.dotted, r.handler.dotted) for r in f.registrations] == [
        ("OrderPlaced", "on_any"),
        ("A", "Svc.on"),
        ("B", "Svc.on"),
    ]


def test_send_through_a_local_name_and_a_list() -> None:
    f = facts(
        "def place(bus):\n"
        "    cmd = PlaceOrder(1)\n"
        "    bus.handle(cmd)\n"
        "    self.events.extend([A(), B()])\n"
    )
    assert [(s.message.dotted, s.sender, s.family, s.strong) for s in f.sends] == [
        ("PlaceOrder", "place", Family.NEUTRAL, True),
        ("A", "place", Family.BROADCAST, True),
        ("B", "place", Family.BROADCAST, True),
    ]


def test_module_level_send_has_the_module_as_sender() -> None:
    f = facts("bus.publish(events.Started())\n")
    assert f.sends[0].sender == "<module>"


def test_unresolvable_message_is_kept_as_unresolved_not_dropped() -> None:
    f = facts("def relay(bus, message):\n    bus.publish(message)\n")
    (send,) = f.sends
    assert send.message.dotted is None and send.message.text == "message"


def test_changes_after_emit_follow_aliases_and_stop_at_rebinding() -> None:
    f = facts(
        "def f(bus):\n"
        "    e = E()\n"
        "    alias = e\n"
        "    bus.publish(e)\n"
        "    alias.items.append(1)\n"
        "    e.count += 1\n"
        "    del e.note\n"
        "    setattr(e, 'x', 1)\n"
        "    e = E()\n"
        "    e.fresh = True\n"
    )
    (send,) = f.sends
    assert [(m.location.line, m.what) for m in send.mutated_after] == [
        (5, "alias.items.append()"),
        (6, "e.count +="),
        (7, "del e.note"),
        (8, "setattr()"),
    ]


def test_parameter_mutations_of_a_handler() -> None:
    f = facts("def on(event: E, log):\n    same = event\n    same.seen = True\n    log.x = 1\n")
    (fn,) = f.functions
    assert [m.what for m in fn.param_mutations] == ["same.seen ="]


def test_class_facts_frozen_and_fields() -> None:
    f = facts(
        "@dataclass(frozen=True)\n"
        "class A(Event):\n"
        "    items: list[str] = field(default_factory=list)\n"
        "    tags: ClassVar[list[str]] = []\n"
        "class B(BaseModel):\n"
        "    model_config = ConfigDict(frozen=True)\n"
        "class C(BaseModel):\n"
        "    class Config:\n"
        "        allow_mutation = False\n"
        "@attrs.define\n"
        "class D: ...\n"
        "@attr.frozen\n"
        "class F: ...\n"
        "class G(BaseModel, frozen=True): ...\n"
    )
    by_name = {c.name: c for c in f.classes}
    assert by_name["A"].frozen is True and by_name["A"].data_model == "dataclass"
    assert [(x.name, x.mutable_reason) for x in by_name["A"].fields] == [("items", "typed list")]
    assert by_name["B"].frozen is True
    assert by_name["C"].frozen is True
    assert by_name["D"].frozen is False and by_name["D"].data_model == "attrs"
    assert by_name["F"].frozen is True
    assert by_name["G"].frozen is True


def test_result_use_is_recorded() -> None:
    f = facts("def f(bus):\n    results = bus.publish(E())\n    bus.publish(E())\n")
    assert [s.result_used for s in f.sends] == [True, False]


def test_syntax_error_becomes_a_problem_with_a_location() -> None:
    f = facts("def f(:\n    pass\n")
    assert f.problem is not None
    assert f.problem.location.line == 1
    assert "syntax error" in f.problem.message


def test_coding_declaration_and_bom_are_honoured() -> None:
    latin = "# -*- coding: latin-1 -*-\nNAME = 'café'\nbus.publish(E())\n".encode("latin-1")
    assert extract(latin, "a.py", "a", False, NAMES).problem is None
    bom = b"\xef\xbb\xbfbus.publish(E())\n"
    assert extract(bom, "a.py", "a", False, NAMES).sends
