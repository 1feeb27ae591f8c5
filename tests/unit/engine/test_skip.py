"""The byte scan that decides which files cannot contribute, and the closure over references."""

from __future__ import annotations

import tracemalloc

import pytest

from analyzer.config import Config, Kinds, Vocabulary
from analyzer.engine.skip import Scanner, keep, shallow
from analyzer.extract.recogniser import Recogniser, load_recognisers
from analyzer.vocabulary import Names

CONFIG = Config()
SCANNER = Scanner.of(Names.from_config(CONFIG), load_recognisers(), CONFIG)


@pytest.mark.parametrize(
    "source",
    [
        b"bus.publish(x)",  # a verb
        b"@on_event(Shipped)\ndef f(e): ...",  # a decorator
        b"class Shipped(DomainEvent): ...",  # a base name
        b"ROUTES = {A: f}",  # a registry word inside an identifier
        b"class X(MyCommandHandlerBase): ...",  # a kind word inside an identifier
        b"self._pending_events.append(e)",  # an event list
        b"from celery import shared_task",  # a recogniser's marker
        b"x = getattr(obj, 'dispatch')",  # a verb in a string
        b"PUBLISH = 1",  # case does not matter
    ],
)
def test_names_that_matter_are_hits(source: bytes) -> None:
    assert SCANNER.hits(source, "app.plain")


@pytest.mark.parametrize(
    "source",
    [
        b"import math\n\ndef area(r):\n    return math.pi * r * r\n",
        b'"""No messages here."""\nclass Helper:\n    def add(self, item): ...\n',
        b"sender = 'someone'\nonward = 1\n",  # verbs only as parts of other words
    ],
)
def test_ordinary_code_is_not_a_hit(source: bytes) -> None:
    assert not SCANNER.hits(source, "app.plain")


def test_module_words_count_in_the_module_name_only() -> None:
    assert SCANNER.hits(b"class Placed: ...", "shop.events")
    assert not SCANNER.hits(b"x = 1", "shop.util")


def test_configured_vocabulary_is_scanned_for() -> None:
    config = Config(vocabulary=Vocabulary(extend_send_verbs=("fling",)))
    scanner = Scanner.of(Names.from_config(config), load_recognisers(), config)
    assert scanner.hits(b"courier.fling(p)", "app.x") and not SCANNER.hits(b"courier.fling(p)", "x")


def test_kinds_by_pattern_or_a_recogniser_without_markers_turn_the_skip_off() -> None:
    config = Config(kinds=Kinds(events=("app.*Happened",)))
    assert not Scanner.of(Names.from_config(config), load_recognisers(), config).enabled

    class Anything(Recogniser):
        name = "anything"

    names = Names.from_config(CONFIG)
    assert not Scanner.of(names, (*load_recognisers(), Anything()), CONFIG).enabled
    assert keep(Scanner.of(names, (Anything(),), CONFIG), ["a"], [b"x = 1"]) == [True]


def test_closure_keeps_referrers_of_hits_and_what_they_use() -> None:
    modules = ["app", "app.base", "app.sub", "app.used", "app.alone", "app.other"]
    datas = [
        b"",
        b"class Event: ...",  # a hit
        b"from app.base import Event as E\nfrom app.used import f\nclass S(E): ...",  # refers
        b"def f(): ...",  # used by a referrer
        b"def g(): ...",  # nothing
        b"from app.alone import g",  # refers only to what does not matter
    ]
    assert keep(SCANNER, modules, datas) == [True, True, True, True, False, False]


def test_files_not_offered_for_skipping_are_kept() -> None:
    assert keep(SCANNER, ["a", "b"], [None, b"x = 1"]) == [True, False]


def test_statements_long_enough_to_nest_deeply_are_never_skipped() -> None:
    assert shallow(b"import math\n\n\ndef area(r):\n    return math.pi * r * r\n" * 20)
    assert not shallow(b"x = " + b"-" * 300 + b"a\n")
    assert not shallow(b"x = (\n" + b"    1 +\n" * 80 + b"    1)\n")
    assert not shallow(b"x = 1 + \\\n" * 80 + b"1\n")
    assert shallow(b"x = (1,\n     2)\n" * 100)


def test_files_kept_anyway_keep_what_they_name() -> None:
    modules = ["template.yaml", "app", "other"]
    datas = [b"Handler: app.main\n", b"def main(e, c): ...", b"def f(): ..."]
    assert keep(SCANNER, modules, datas, [True, False, False]) == [True, True, False]


def test_names_shared_by_many_modules_cost_memory_in_proportion_to_the_tree() -> None:
    # Every service of a monorepo has its `models`: each file naming `models` refers to all of
    # them. The closure must not hold a set of files per file (a million pairs here).
    services = 1000
    modules = [f"s{i}.models" for i in range(services)] + [f"s{i}.views" for i in range(services)]
    datas = [b"class Model: ..."] * services + [b"from . import models"] * services
    modules.append("s0.events")
    datas.append(b"class Shipped(DomainEvent): ...")  # a hit
    datas[services] = b"from . import models, events"  # s0.views refers to the hit
    tracemalloc.start()
    try:
        needed = keep(SCANNER, modules, datas)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert needed == [True] * services + [True] + [False] * (services - 1) + [True]
    assert peak < 10 * 2**20


def test_the_packages_above_a_module_are_those_of_its_own_root() -> None:
    """Two services, each with the package `app` in its own root: a relative import in one refers
    to its own `app/__init__.py`, not to the other's."""
    modules = ["app", "app.handlers", "app", "app.other"]
    roots = ["svc/a/src", "svc/a/src", "svc/b/src", "svc/b/src"]
    datas = [b"x = 1", b"from . import x\nclass Shipped(DomainEvent): ...", b"x = 1", b"y = 2"]
    assert keep(SCANNER, modules, datas, roots=roots) == [True, True, False, False]
