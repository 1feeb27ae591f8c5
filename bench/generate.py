"""A deterministic synthetic event-driven code base, for benchmarks.

Each bounded context is a package with commands, events, an aggregate recording events, handlers
in the in-house idioms (registries, decorators, handler classes), Celery tasks, Django signals
and FastStream subscribers with the code that sends to them, entry points that send, and
ordinary modules with no messaging at all. Seeded, so the same arguments write the same tree.
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path

VERBS = ["Place", "Cancel", "Reserve", "Ship", "Refund", "Approve", "Archive", "Assign"]
PARTICIPLES = [
    "Placed",
    "Cancelled",
    "Reserved",
    "Shipped",
    "Refunded",
    "Approved",
    "Archived",
    "Assigned",
]
NOUNS = ["Order", "Invoice", "Parcel", "Ticket", "Booking", "Account", "Claim", "Shipment"]


def _plain_module(rng: random.Random, index: int, functions: int) -> str:
    lines = ['"""Ordinary code: no messages here."""', "", "import math", ""]
    for f in range(functions):
        a, b = rng.randint(1, 9), rng.randint(10, 99)
        lines += [
            f"def compute_{index}_{f}(values, factor={a}):",
            f'    """Scale and sum values (helper {f})."""',
            "    total = 0",
            "    for position, value in enumerate(values):",
            f"        if value > {b}:",
            "            total += math.sqrt(value) * factor",
            "        else:",
            "            total -= position",
            "    return total",
            "",
            "",
            f"class Helper{index}_{f}:",
            "    def __init__(self, name):",
            "        self.name = name",
            "        self.items = []",
            "",
            "    def add(self, item):",
            "        self.items.append(item)",
            "        return len(self.items)",
            "",
            "",
        ]
    return "\n".join(lines)


def _framework_modules(pkg: str, frameworks: list[tuple[str, str, str, int]]) -> dict[str, str]:
    """Celery tasks, Django signals and FastStream subscribers, with the code that sends to them."""
    tasks = ["from celery import shared_task", f"from {pkg} import events", "", ""]
    signals = ["from django.dispatch import Signal, receiver", "", ""]
    streams = [
        "from faststream.kafka import KafkaBroker",
        f"from {pkg} import events",
        "",
        'broker = KafkaBroker("localhost:9092")',
        "",
        "",
    ]
    callers = [
        f"from {pkg}.tasks import *  # noqa: F403",
        f"from {pkg} import signals, streams",
        "",
        "",
    ]
    for style, noun, past, m in frameworks:
        if style == "celery":
            tasks += [
                "@shared_task",
                f"def recalculate_{noun.lower()}_{m}(ref):",
                f"    return events.{noun}{past}{m}(ref)",
                "",
                "",
            ]
            callers += [
                f"def schedule_{m}(ref):",
                f"    recalculate_{noun.lower()}_{m}.delay(ref)",
                "",
                "",
            ]
        elif style == "signal":
            signals += [
                f"{noun.lower()}_{past.lower()}_{m} = Signal()",
                "",
                "",
                f"@receiver({noun.lower()}_{past.lower()}_{m})",
                f"def on_{noun.lower()}_{m}(sender, **kwargs):",
                "    return kwargs.get('ref')",
                "",
                "",
            ]
            callers += [
                f"def announce_{m}(ref):",
                f"    signals.{noun.lower()}_{past.lower()}_{m}.send(sender=None, ref=ref)",
                "",
                "",
            ]
        else:
            topic = f"{pkg}-{noun.lower()}-{m}"
            streams += [
                f'@broker.subscriber("{topic}")',
                f"async def consume_{m}(body: events.{noun}{past}{m}):",
                "    return body.ref",
                "",
                "",
            ]
            callers += [
                f"async def forward_{m}(ref):",
                f'    await streams.broker.publish({{"ref": ref}}, "{topic}")',
                "",
                "",
            ]
    return {
        f"{pkg}/tasks.py": "\n".join(tasks),
        f"{pkg}/signals.py": "\n".join(signals),
        f"{pkg}/streams.py": "\n".join(streams),
        f"{pkg}/callers.py": "\n".join(callers),
    }


def _context(rng: random.Random, c: int, messages: int) -> dict[str, str]:
    pkg = f"ctx{c}"
    names = [(rng.choice(VERBS), rng.choice(NOUNS), m) for m in range(messages)]
    cmds = ["from dataclasses import dataclass", "", "", "class Command:", "    pass", ""]
    evts = [
        "from dataclasses import dataclass",
        "",
        "",
        "@dataclass(frozen=True)",
        "class Event:",
        "    pass",
        "",
    ]
    for verb, noun, m in names:
        cmds += [
            "",
            "@dataclass",
            f"class {verb}{noun}{m}(Command):",
            "    ref: str",
            "    amount: int = 0",
            "",
        ]
        past = PARTICIPLES[VERBS.index(verb)]
        evts += [
            "",
            "@dataclass(frozen=True)",
            f"class {noun}{past}{m}(Event):",
            "    ref: str",
            "",
        ]
    handlers = [f"from {pkg} import commands, events", "", ""]
    reg_c, reg_e = [], []
    decorated = [f"from {pkg}.bus import bus", f"from {pkg} import commands, events", "", ""]
    classes = [f"from {pkg} import commands", f"from {pkg}.base import CommandHandler", "", ""]
    api = [f"from {pkg} import commands", "", ""]
    aggregate = [f"from {pkg} import events", "", "", "class Aggregate:"]
    aggregate += ["    def __init__(self):", "        self._pending_events = []", ""]
    frameworks: list[tuple[str, str, str, int]] = []
    for verb, noun, m in names:
        past = PARTICIPLES[VERBS.index(verb)]
        cmd, evt = f"{verb}{noun}{m}", f"{noun}{past}{m}"
        style = m % 7
        if style >= 3:
            aggregate += [
                f"    def {verb.lower()}_{m}(self, ref):",
                f"        self._pending_events.append(events.{evt}(ref))",
                "",
            ]
        if style >= 4:
            frameworks.append((("celery", "signal", "stream")[style - 4], noun, past, m))
            continue
        if style == 0:
            handlers += [
                f"def handle_{m}(cmd: commands.{cmd}, uow):",
                "    with uow:",
                "        uow.repo.get(cmd.ref)",
                "        uow.commit()",
                f"    uow.publish(events.{evt}(cmd.ref))",
                "",
                "",
                f"def on_{m}(event: events.{evt}, uow):",
                "    uow.log(event.ref)",
                "",
                "",
            ]
            reg_c.append(f"    commands.{cmd}: handle_{m},")
            reg_e.append(f"    events.{evt}: [on_{m}],")
        elif style == 1:
            decorated += [
                f"@bus.command_handler(commands.{cmd})",
                f"def handle_{m}(cmd):",
                f"    bus.publish(events.{evt}(cmd.ref))",
                "",
                "",
                f"@bus.event_handler(events.{evt})",
                f"def on_{m}(event):",
                "    return event.ref",
                "",
                "",
            ]
        elif style == 2:
            classes += [
                f"class {cmd}Handler(CommandHandler[commands.{cmd}]):",
                f"    def handle(self, cmd: commands.{cmd}) -> None:",
                "        self.repo.save(cmd.ref)",
                "",
                "",
            ]
        else:
            continue
        api += [
            f"def endpoint_{m}(bus, payload):",
            f"    cmd = commands.{cmd}(payload['ref'])",
            "    bus.handle(cmd)",
            "    return 202",
            "",
            "",
        ]
    handlers += ["COMMAND_HANDLERS = {", *reg_c, "}", "", "EVENT_HANDLERS = {", *reg_e, "}", ""]
    return {
        **_framework_modules(pkg, frameworks),
        f"{pkg}/aggregate.py": "\n".join(aggregate),
        f"{pkg}/__init__.py": "",
        f"{pkg}/commands.py": "\n".join(cmds),
        f"{pkg}/events.py": "\n".join(evts),
        f"{pkg}/handlers.py": "\n".join(handlers),
        f"{pkg}/decorated.py": "\n".join(decorated),
        f"{pkg}/classes.py": "\n".join(classes),
        f"{pkg}/api.py": "\n".join(api),
        f"{pkg}/base.py": "from typing import Generic, TypeVar\nT = TypeVar('T')\n\n\n"
        "class CommandHandler(Generic[T]):\n    def handle(self, cmd: T) -> None: ...\n",
        f"{pkg}/bus.py": "class Bus:\n    def command_handler(self, t):\n        return lambda f: f\n\n"
        "    def event_handler(self, t):\n        return lambda f: f\n\n"
        "    def publish(self, e): ...\n\n\nbus = Bus()\n",
    }


MESSAGES_PER_CONTEXT = 10
"""Each one a command and an event class (so 20 message classes per bounded context)."""
LINES_PER_CONTEXT = 2_000


def generate(root: Path, lines: int = 300_000, seed: int = 7) -> tuple[int, int, int]:
    """Write a tree of about `lines` lines under root; return (files, lines, message classes).

    One bounded context per 2,000 lines, each with 20 message classes spread over the idioms
    (registries, decorators, handler classes, aggregates' event lists, Celery tasks, Django
    signals, FastStream subscribers) and ordinary modules making up the rest of its lines.
    """
    rng = random.Random(seed)
    files = total = 0
    contexts = max(1, round(lines / LINES_PER_CONTEXT))
    for c in range(contexts):
        modules = _context(rng, c, messages=MESSAGES_PER_CONTEXT)
        size = sum(text.count("\n") + 1 for text in modules.values())
        modules[f"ctx{c}/util/__init__.py"] = ""
        p = 0
        while size < LINES_PER_CONTEXT:
            text = _plain_module(rng, p, functions=8)
            modules[f"ctx{c}/util/plain_{p}.py"] = text
            size += text.count("\n") + 1
            p += 1
        for rel, text in modules.items():
            path = root / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text + "\n", encoding="utf-8")
            files += 1
            total += text.count("\n") + 1
    (root / "pyproject.toml").write_text("[tool.buslint]\n", encoding="utf-8")
    return files, total, contexts * MESSAGES_PER_CONTEXT * 2


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("root", type=Path)
    parser.add_argument("--lines", type=int, default=300_000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    files, lines, messages = generate(args.root, args.lines, args.seed)
    print(f"wrote {files} files, {lines} lines, {messages} message classes under {args.root}")


if __name__ == "__main__":
    main()
