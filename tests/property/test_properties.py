"""Properties over generated input: extraction never raises, results never depend on how the run
was made, rules are total on any graph the linker can build, and renaming or reordering code
changes nothing but paths and lines."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import hypothesmith
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analyzer import app
from analyzer.config import Config
from analyzer.discover import discover
from analyzer.engine.cache import FactsCache
from analyzer.engine.parallel import extract_all
from analyzer.export import json_graph
from analyzer.extract.recogniser import load_recognisers
from analyzer.extract.source import extract
from analyzer.graph import MessageGraph
from analyzer.link import link
from analyzer.vocabulary import Names
from rules import all_rules
from tests.helpers import FIXTURES, invoke, write_project

NAMES = Names.from_config(Config())
RECOGNISERS = load_recognisers()


def slow(examples: int) -> settings:
    """Few, reproducible examples with no per-example deadline: each runs the whole pipeline."""
    return settings(
        max_examples=examples,
        deadline=None,
        suppress_health_check=list(HealthCheck),
        derandomize=True,
        database=None,
    )


@slow(60)
@given(hypothesmith.from_grammar())
def test_extraction_never_raises_on_valid_python(source: str) -> None:
    facts = extract(source.encode("utf-8"), "gen.py", "gen", False, NAMES, RECOGNISERS)
    assert facts.path == "gen.py"


MESSAGING = (
    "from gen import *\n"
    "class Command: ...\n"
    "class Event: ...\n"
    "class PlaceOrder(Command): ...\n"
    "class OrderPlaced(Event): ...\n"
    "def place(cmd: PlaceOrder, bus):\n"
    "    event = OrderPlaced()\n"
    "    bus.publish(event)\n"
    "COMMAND_HANDLERS = {PlaceOrder: place}\n"
)


def _outputs(root: Path, jobs: int, cache: FactsCache | None) -> tuple[str, list[str]]:
    project = app.load_project([root])
    sources = discover(project.paths, project.root, project.config)
    facts = extract_all(sources, NAMES, RECOGNISERS, cache, jobs, min_parallel_bytes=0)
    graph = MessageGraph(link(facts, NAMES, project.config))
    findings = app.check(graph, app.selected_rules(project.config))
    return json_graph.render(graph), [f"{f.code} {f.location} {f.message}" for f in findings]


@slow(6)
@given(hypothesmith.from_grammar())
def test_workers_cache_and_reruns_give_the_same_results(
    tmp_path_factory: pytest.TempPathFactory, source: str
) -> None:
    root = write_project(
        tmp_path_factory.mktemp("gen"),
        {"pyproject.toml": "[tool.buslint]\n", "gen.py": source, "shop.py": MESSAGING},
    )
    cache = FactsCache(root / ".cache", "salt")
    first = _outputs(root, 1, None)
    assert _outputs(root, 2, None) == first
    assert _outputs(root, 2, cache) == first, "cold cache"
    assert _outputs(root, 1, cache) == first, "warm cache"
    assert _outputs(root, 1, None) == first, "a second run"


NAME = st.sampled_from(["PlaceOrder", "OrderPlaced", "ShipOrder", "Paid", "GetOrder", "Thing"])
BASE = st.sampled_from(["Command", "Event", "Query", "Message", "object", "BaseModel"])
HANDLER = st.sampled_from(["h1", "h2", "Handler()", "self.on", "partial(h1)", "lambda m: m"])
VERB = st.sampled_from(["send", "publish", "handle", "emit", "dispatch", "execute"])
REGISTRY = st.sampled_from(["COMMAND_HANDLERS", "EVENT_HANDLERS", "HANDLERS", "routes"])


@st.composite
def idioms(draw: st.DrawFn) -> str:
    """A module mixing the idioms buslint reads, with names that collide, recurse and dangle."""
    lines = [
        "from dataclasses import dataclass",
        "def h1(m): m.x = 1",
        "def h2(m): ...",
        "class Handler:\n    def handle(self, m): ...",
    ]
    for _ in range(draw(st.integers(1, 6))):
        name, base = draw(NAME), draw(BASE)
        frozen = draw(st.booleans())
        lines.append(f"@dataclass(frozen={frozen})\nclass {name}({base}):\n    items: list[str]")
    for _ in range(draw(st.integers(0, 5))):
        choice = draw(st.integers(0, 4))
        name, handler = draw(NAME), draw(HANDLER)
        if choice == 0:
            lines.append(f"{draw(REGISTRY)} = {{{name}: [{handler}, h2]}}")
        elif choice == 1:
            lines.append(
                f"@bus.{draw(st.sampled_from(['command_handler', 'event_handler']))}({name})\n"
                f"def on_{name.lower()}(m: {name}):\n    bus.{draw(VERB)}({draw(NAME)}())"
            )
        elif choice == 2:
            lines.append(
                f"def send_{name.lower()}(bus, x):\n    e = {name}()\n    bus.{draw(VERB)}(e)\n"
                f"    e.items.append(x)\n    r = bus.publish(e)\n    bus.{draw(VERB)}(x)"
            )
        elif choice == 3:
            lines.append(
                f"class {name}Handler(CommandHandler[{name}]):\n"
                f"    def handle(self, m: {name}):\n        self.events.append({draw(NAME)}())"
            )
        else:
            lines.append(f"bus.subscribe({name}, {handler})")
    return "\n\n".join(lines) + "\n"


@slow(80)
@given(st.lists(idioms(), min_size=1, max_size=3))
def test_rules_are_total_on_any_graph_the_linker_builds(modules: list[str]) -> None:
    files = [
        extract(text.encode(), f"app/m{i}.py", f"app.m{i}", False, NAMES, RECOGNISERS)
        for i, text in enumerate(modules)
    ]
    config = Config(contexts={"a": ("app.m0",), "b": ("app.m1",)})
    graph = MessageGraph(link(files, NAMES, config), config.contexts, ())
    for rule in all_rules():
        for finding in rule().check(graph):
            assert finding.location.line >= 1 and finding.code == rule.code


def _normalised(root: Path, old: str = "", new: str = "") -> set[tuple[str, str]]:
    code, out, err = invoke(["check", "--format", "json", "--no-cache"], root)
    assert code in (0, 1), err
    found = set()
    for finding in json.loads(out):
        message = re.sub(r"[\w/.]+\.py:\d+", "<site>", finding["message"])
        message = re.sub(r"line \d+", "line <n>", message)
        if old:
            message = message.replace(old, new)
        found.add((finding["code"], message))
    return found


def test_renaming_a_module_changes_only_paths_and_lines(tmp_path: Path) -> None:
    original = tmp_path / "original"
    shutil.copytree(FIXTURES / "shop", original, ignore=shutil.ignore_patterns(".buslint_cache"))
    renamed = tmp_path / "renamed"
    shutil.copytree(original, renamed)
    (renamed / "shop" / "payments" / "handlers.py").rename(
        renamed / "shop" / "payments" / "tasks.py"
    )
    for path in renamed.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace("shop.payments.handlers", "shop.payments.tasks"))
    before = _normalised(original, "shop.payments.handlers", "shop.payments.tasks")
    assert before and _normalised(renamed) == before


def test_reordering_definitions_changes_only_lines(tmp_path: Path) -> None:
    original = tmp_path / "original"
    shutil.copytree(FIXTURES / "shop", original, ignore=shutil.ignore_patterns(".buslint_cache"))
    reordered = tmp_path / "reordered"
    shutil.copytree(original, reordered)
    for rel in ("shop/domain/commands.py", "shop/domain/events.py", "shop/payments/handlers.py"):
        path = reordered / rel
        head, *blocks = re.split(r"\n\n\n(?=@|class |def )", path.read_text(encoding="utf-8"))
        path.write_text("\n\n\n".join([head, *reversed(blocks)]))
    assert _normalised(reordered) == _normalised(original)
