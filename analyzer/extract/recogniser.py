"""The recogniser protocol: one idiom or framework, read from one file during the shared pass.

A recogniser is a class with a `name`, optional `markers` (byte strings: a file in which none
occurs cannot matter to it) and hook methods the extractor calls while it walks a module. The
hooks receive a `FileContext` — scopes, positions, name reading — and report what they find
through its `add_*` methods. Built-in and third-party recognisers alike are registered under the
entry point group ``buslint.recognisers``.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
from collections.abc import Sequence
from importlib.metadata import entry_points
from typing import TYPE_CHECKING, ClassVar

from analyzer.errors import BuslintError

if TYPE_CHECKING:
    import libcst as cst

    from analyzer.extract.visitor import FileVisitor as FileContext
    from analyzer.model import FunctionFact, Ref

ENTRY_POINT_GROUP = "buslint.recognisers"


class Recogniser:
    """Base class of recognisers: override the hooks you need; each runs once per matching node.

    Hooks run in source order, inside the scope of the node (a call in a method sees that
    method as `ctx.sender`); `on_function` and `on_class` run before their body is visited.
    """

    name: ClassVar[str]
    markers: ClassVar[tuple[bytes, ...]] = ()
    """Byte strings at least one of which a file must contain for this recogniser to matter."""

    def on_call(self, ctx: FileContext, node: cst.Call) -> None:
        """Every call expression."""

    def on_function(
        self, ctx: FileContext, node: cst.FunctionDef, fact: FunctionFact, handler: Ref
    ) -> None:
        """Every function or method definition; `handler` refers to it as a handler."""

    def on_class(self, ctx: FileContext, node: cst.ClassDef, qualname: str) -> None:
        """Every class definition."""

    def on_assign(
        self, ctx: FileContext, target: cst.BaseAssignTargetExpression, value: cst.BaseExpression
    ) -> None:
        """Every assignment target with its value (``x = v``, ``x: T = v``, ``a = b = v``)."""

    def on_return(self, ctx: FileContext, node: cst.Return) -> None:
        """Every return statement inside a function."""

    def on_for(self, ctx: FileContext, node: cst.For) -> None:
        """Every ``for`` loop, before its body is visited."""


class RecogniserError(BuslintError):
    """A recogniser registered under the entry point group could not be loaded."""


def load_recognisers() -> tuple[Recogniser, ...]:
    """The built-in recognisers and every one registered under ``buslint.recognisers``, by name
    (the generic bus last).

    The built-ins are always there, also when buslint runs from a source tree that was never
    installed (its own entry points missing) next to an installed plugin; the entry points that
    name them add nothing. A plugin registered under a built-in's name is an error.
    """
    from analyzer.extract.builtin import BUILTIN

    found: dict[str, Recogniser] = {cls.name: cls() for cls in BUILTIN}
    for entry in entry_points(group=ENTRY_POINT_GROUP):
        try:
            cls = entry.load()
        except (ImportError, AttributeError) as exc:
            raise RecogniserError(
                f"recogniser {entry.name!r} ({entry.value}) cannot be loaded: {exc}"
            ) from None
        if not (isinstance(cls, type) and issubclass(cls, Recogniser)):
            raise RecogniserError(
                f"recogniser {entry.name!r} ({entry.value}) is not a buslint Recogniser class"
            )
        if cls in BUILTIN:
            continue
        if entry.name in found and type(found[entry.name]) in BUILTIN:
            raise RecogniserError(
                f"recogniser {entry.name!r} ({entry.value}) is named like a built-in one; "
                "register it under another name"
            )
        found.setdefault(entry.name, cls())
    # Framework recognisers first, so that they can claim the calls they read before the
    # generic bus (the fallback for any code) sees them.
    return tuple(found[name] for name in sorted(found, key=lambda name: (name == "generic", name)))


def fingerprint() -> str:
    """What the registered recognisers are, without loading them: each entry point's name,
    target and distribution version, and for recognisers outside buslint the size and
    modification time of every file of their top-level package (an editable plugin changed in
    place is then a different recogniser). buslint's own code is fingerprinted by the cache."""
    parts = []
    for entry in sorted(entry_points(group=ENTRY_POINT_GROUP), key=lambda e: (e.name, e.value)):
        dist = entry.dist
        version = f"{dist.name} {dist.version}" if dist is not None else ""
        parts.append(f"{entry.name}={entry.value} ({version})")
        top = entry.value.split(":", 1)[0].split(".", 1)[0]
        if top != "analyzer":
            parts.append(_package_files(top))
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:16]


def _package_files(top: str) -> str:
    """Sizes and modification times of a top-level module's files (found, never imported)."""
    try:
        spec = importlib.util.find_spec(top)
    except (ImportError, ValueError):
        return f"{top}: not found"
    if spec is None:
        return f"{top}: not found"
    folders = list(spec.submodule_search_locations or [])
    if not folders:
        return file_stamps([spec.origin] if spec.origin else [])
    return "\n".join(file_stamps(python_files(folder), folder) for folder in folders)


def python_files(folder: str) -> list[str]:
    """Every ``.py`` file under `folder`."""
    return [
        os.path.join(here, name)
        for here, _, names in os.walk(folder)
        for name in names
        if name.endswith(".py")
    ]


def file_stamps(files: Sequence[str], base: str | None = None) -> str:
    """Each file's path (relative to `base` when given), size and modification time, sorted:
    changes when any file is edited."""
    stamps = []
    for file in sorted(files):
        try:
            stat = os.stat(file)
        except OSError:
            continue
        name = os.path.relpath(file, base) if base else file
        stamps.append(f"{name}:{stat.st_size}:{stat.st_mtime_ns}")
    return "\n".join(stamps)


def interested(recognisers: Sequence[Recogniser], source: bytes) -> tuple[Recogniser, ...]:
    """The recognisers whose markers occur in the file (all of those without markers)."""
    return tuple(
        r for r in recognisers if not r.markers or any(marker in source for marker in r.markers)
    )
