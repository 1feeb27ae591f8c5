"""Module names: each file's import root, what Python calls it there, and a name unique in the tree."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from analyzer.config import Config
from analyzer.discover import Namer, SourceFile, source_roots
from analyzer.roots import ImportRoot, infer

CONFIGURED = "configured in `src`"
SRC_LAYOUT = "the src layout (src/ without __init__.py)"


@dataclass(frozen=True)
class Naming:
    """The sources with their final names, and the import roots they were named from."""

    sources: tuple[SourceFile, ...]
    roots: tuple[ImportRoot, ...]


def name_modules(
    sources: Sequence[SourceFile], datas: Sequence[bytes | None], root: Path, config: Config
) -> Naming:
    """Name every Python source from its import root (configured `src` first, then the roots the
    code's own imports show, then packages by their ``__init__.py``).

    A module's identity is its root and its import name. `module` is the import name when no
    other root holds the same one; else the file's dotted path from the project root
    (``services.orders.src.app.handlers``), which is unique, readable and stable.
    """
    paths = [s.path for s in sources]
    configured: list[ImportRoot] = []
    if config.src:
        configured = [ImportRoot(_folder(p, root), CONFIGURED) for p in source_roots(root, config)]
        tops = [r.folder for r in configured]
        inferred = [r for r in infer(paths, datas) if not _under(r.folder, tops)]
    else:
        inferred = list(infer(paths, datas))
        for layout in source_roots(root, config):  # src/: a root even when nothing imports it
            if _folder(layout, root) not in {r.folder for r in inferred}:
                inferred.append(ImportRoot(_folder(layout, root), SRC_LAYOUT))
    namer = Namer(
        root, tuple(root / r.folder for r in configured), [str(root / r.folder) for r in inferred]
    )
    named = [_renamed(namer, s) if s.path.endswith(".py") else s for s in sources]
    roots = sorted([*configured, *inferred], key=lambda r: r.folder)
    return Naming(_unique(named), tuple(roots))


def _renamed(namer: Namer, source: SourceFile) -> SourceFile:
    """The source named from its import root (itself when discovery named it so already)."""
    root, module = namer.name(str(source.absolute))
    if root == source.root and module == source.module:
        return source
    return dataclasses.replace(source, module=module, root=root)


def _folder(path: Path, root: Path) -> str:
    try:
        relative = path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()
    return relative or "."


def _under(folder: str, tops: Sequence[str]) -> bool:
    return any(t == "." or folder == t or folder.startswith(t + "/") for t in tops)


def _unique(sources: list[SourceFile]) -> tuple[SourceFile, ...]:
    """Each module's `module` unique in the tree: import names held by two roots become paths."""
    python = [i for i, s in enumerate(sources) if s.path.endswith(".py")]
    final = {i: sources[i].module for i in python}
    while True:
        holders: dict[str, list[int]] = {}
        for i in python:
            holders.setdefault(final[i], []).append(i)
        clashing = [
            i
            for group in holders.values()
            if len(group) > 1
            for i in group
            if final[i] != _path_name(sources[i])
        ]
        if not clashing:
            break
        for i in clashing:
            final[i] = _path_name(sources[i])
    result = list(sources)
    for i in python:
        source = sources[i]
        if final[i] != source.module:
            result[i] = dataclasses.replace(source, module=final[i], import_name=source.module)
    return tuple(result)


def _path_name(source: SourceFile) -> str:
    """The dotted path of a file from the project root: ``services/a/src/app/x.py`` →
    ``services.a.src.app.x``."""
    path = source.path.lstrip("/").removesuffix(".py").removesuffix("/__init__")
    return path.replace("/", ".")
