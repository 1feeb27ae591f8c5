"""`buslint init`: what a project uses (source roots, idioms seen) and the starter [tool.buslint] table."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass

from analyzer.graph import MessageGraph
from analyzer.model import Kind, Relation
from analyzer.roots import ImportRoot

IDIOM_KINDS = (
    "registries",
    "decorators",
    "handler base classes",
    "registration calls",
    "point-to-point verbs",
    "broadcast verbs",
)


@dataclass(frozen=True)
class Detected:
    """What the analysis of a project found, for the starter configuration."""

    files: int
    src: tuple[str, ...]
    """The import roots found, for `src` (the project root itself is left out: it is the default)."""
    roots: tuple[ImportRoot, ...]
    """Every import root found, with why it is one."""
    messages: tuple[tuple[str, int], ...]
    """Kind → how many messages of that kind."""
    handlers: int
    idioms: tuple[tuple[str, tuple[str, ...]], ...]
    """Idiom kind (see IDIOM_KINDS) → the code shapes seen (``COMMAND_HANDLERS dict``, ``@bus.handler``)."""


def detect(graph: MessageGraph, roots: tuple[ImportRoot, ...], files: int) -> Detected:
    kinds = Counter(m.kind.value for m in graph.messages() if not m.external)
    kinds.update(c.kind.value for c in graph.channels() if not c.external)
    seen: dict[str, set[str]] = {kind: set() for kind in IDIOM_KINDS}
    handlers = set()
    for edge in graph.edges(Relation.HANDLES, Relation.SUBSCRIBES):
        handlers.add(edge.target)
        seen[_registration_kind(edge.via)].add(edge.via)
    for edge in graph.edges(Relation.SENDS):
        seen["point-to-point verbs"].add(edge.via)
    for edge in graph.edges(Relation.EMITS):
        seen["broadcast verbs"].add(edge.via)
    order = [k.value for k in Kind]
    return Detected(
        files,
        tuple(r.folder for r in roots if r.folder != "."),
        roots,
        tuple(sorted(kinds.items(), key=lambda kv: order.index(kv[0]))),
        len(handlers),
        tuple((kind, tuple(sorted(seen[kind]))) for kind in IDIOM_KINDS if seen[kind]),
    )


def _registration_kind(via: str) -> str:
    if via.startswith("@"):
        return "decorators"
    if via.endswith(" dict"):
        return "registries"
    if via.endswith(" subclass"):
        return "handler base classes"
    return "registration calls"


def table(detected: Detected) -> str:
    """The starter `[tool.buslint]` table: real keys for what matters, comments for the rest."""
    lines = [
        "[tool.buslint]",
        "# Written by `buslint init`. Every key is optional; see the buslint README.",
        f"# Detected in {detected.files} files: {_census(detected)}.",
    ]
    if detected.idioms:
        lines.append("# Idioms seen (recognised with no configuration):")
        lines += [f"#   {kind}: {', '.join(shapes)}" for kind, shapes in detected.idioms]
    else:
        lines.append("# No messaging idiom seen: name yours under [tool.buslint.vocabulary].")
    if detected.roots:
        lines.append("# Import roots found (the folders imports start from):")
        lines += [f"#   {r.folder}: {r.reason}" for r in detected.roots]
    lines.append(f"src = {_toml_list(detected.src)}")
    lines += [
        '# extend-exclude = ["migrations"]',
        '# ignore = ["BUS004"]',
        '# severity = { BUS006 = "error" }',
        '# per-file-ignores = { "tests/*" = ["BUS001"] }',
        "",
        "# [tool.buslint.vocabulary]   # names of an in-house bus: extend-X adds to the defaults, X replaces them",
        '# extend-send-verbs = ["order_up"]',
        '# extend-registry-names = ["wiring"]',
    ]
    return "\n".join(lines) + "\n"


def _census(detected: Detected) -> str:
    messages = ", ".join(f"{n} {kind}{'s' if n != 1 else ''}" for kind, n in detected.messages)
    handlers = f"{detected.handlers} handler{'s' if detected.handlers != 1 else ''}"
    return f"{messages or 'no messages'}, {handlers}"


def _toml_list(values: tuple[str, ...]) -> str:
    return "[" + ", ".join(json.dumps(v) for v in values) + "]"


def add_table(existing: str | None, starter: str) -> str:
    """The pyproject text with the starter table appended; the rest is kept byte for byte."""
    if not existing:
        return starter
    separator = "\n" if existing.endswith("\n") else "\n\n"
    return existing + separator + starter


def describe(path: str, created: bool, detected: Detected) -> str:
    """What `buslint init` did, for the person who ran it."""
    action = "created" if created else "added [tool.buslint] to"
    lines = [
        f"buslint init: {action} {path}",
        f"  analysed {detected.files} files: {_census(detected)}",
    ]
    lines.append(
        f"  source roots: {', '.join(detected.src) if detected.src else '(the project root)'}"
    )
    lines += [f"    {r.folder}: {r.reason}" for r in detected.roots]
    for kind, shapes in detected.idioms:
        lines.append(f"  {kind}: {', '.join(shapes)}")
    if not detected.idioms:
        lines.append("  no messaging idiom recognised: see [tool.buslint.vocabulary] in the README")
    lines.append("Next: `buslint check`; to adopt on existing code, `buslint baseline`.")
    return "\n".join(lines) + "\n"
