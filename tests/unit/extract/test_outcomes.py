"""Extraction of what a function leaves behind: returned values, obvious writes, names bound."""

from __future__ import annotations

from analyzer.model import FunctionFact, Op, Val
from tests.unit.extract.test_extract import facts


def functions(source: str) -> dict[str, FunctionFact]:
    return {fn.qualname: fn for fn in facts(source).functions}


def test_returned_values_and_yields_but_not_bare_returns() -> None:
    fns = functions(
        "def a(cmd):\n    return 1\n"
        "def b(cmd):\n    return\n"
        "def c(cmd):\n    return None\n"
        "def d(cmd):\n    yield cmd\n"
        "def e(cmd):\n    def inner():\n        return 2\n    inner()\n"
    )
    assert {name: fn.returns_value for name, fn in fns.items()} == {
        "a": True,
        "b": False,
        "c": False,
        "d": True,
        "e": False,
        "e.inner": True,
    }


def test_writes_through_injected_parameters_and_self_attributes_only() -> None:
    fns = functions(
        "def get(query, uow, repo):\n"
        "    uow.commit()\n"
        "    repo.last_read = query.id\n"
        "    uow.orders.add(query)\n"
        "    query.seen = True\n"
        "    local = set()\n"
        "    local.add(1)\n"
        "    repo.get(query.id).save()\n"
        "class Handler:\n"
        "    def handle(self, query):\n"
        "        self.repo.save(query)\n"
        "        self.count += 1\n"
        "        self.repo.hits += 1\n"
    )
    assert [(w.what, w.location.line) for w in fns["get"].writes] == [
        ("uow.commit()", 2),
        ("repo.last_read =", 3),
        ("uow.orders.add()", 4),
    ]
    assert [w.what for w in fns["Handler.handle"].writes] == [
        "self.repo.save()",
        "self.repo.hits =",
    ]


def test_a_returned_publish_is_not_a_used_result() -> None:
    f = facts(
        "def wrap(bus, e):\n    return bus.publish(e)\n"
        "def use(bus, e):\n    replies = bus.publish(e)\n    return replies\n"
    )
    assert [(s.sender, s.result_used) for s in f.sends] == [("wrap", False), ("use", True)]


def test_module_level_names_bound_by_assignment() -> None:
    f = facts("A = make()\nB, C = 1, 2\nD: int = 3\ndef f():\n    E = 4\n")
    assert f.bound == ("A", "B", "C", "D")


def test_calls_keep_their_callee_and_arguments_for_the_linker() -> None:
    f = facts(
        "from shop.model import Order\n"
        "def handle(cmd, uow):\n"
        "    order: Order = uow.orders.get(cmd.id)\n"
        "    order.confirm(reason='x')\n"
    )
    confirm = next(c for c in f.calls if c.location.line == 4)
    assert confirm.caller == "handle"
    assert confirm.value == Val(
        Op.CALL,
        "reason",
        (Val(Op.ATTR, "confirm", (Val(Op.LOCAL, "order"),)), Val(Op.STR, "x")),
    )
    flow = next(f for f in f.flows if f.function == "handle")
    assert flow.params == ("cmd", "uow")
    assert ("order", Val(Op.NAME, "Order")) in flow.types
