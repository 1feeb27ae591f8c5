"""Which files to analyse, their project-relative paths and their module names by layout."""

from __future__ import annotations

import fnmatch
import functools
import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from analyzer.config import DEFAULT_EXCLUDE, Config
from analyzer.errors import UsageError


@dataclass(frozen=True, order=True)
class SourceFile:
    """One file to analyse: where it is, how to show it, and the module it defines."""

    path: str
    """Relative to the project root, with `/`."""
    absolute: Path
    module: str
    """Unique in the tree: the import name, or the path's dotted name when two roots hold one
    import name (see `analyzer.naming`)."""
    is_package: bool
    import_name: str = ""
    """What Python calls the module, when it differs from `module`."""
    root: str = ""
    """The import root the module is named from, relative to the project root (``.``: the root)."""


def project_root(paths: Sequence[Path], config_path: Path | None) -> Path:
    """The folder paths are shown relative to: the config's folder, else the current directory."""
    if config_path is not None:
        return config_path.resolve().parent
    cwd = Path.cwd().resolve()
    resolved = [p.resolve() for p in paths] or [cwd]
    if all(p == cwd or cwd in p.parents for p in resolved):
        return cwd
    common = Path(os.path.commonpath([str(p) for p in resolved]))
    return common if common.is_dir() else common.parent


def source_roots(root: Path, config: Config) -> tuple[Path, ...]:
    """Configured `src` folders, or `src/` when the project uses the src layout."""
    if config.src:
        return tuple((root / s).resolve() for s in config.src)
    src = root / "src"
    if src.is_dir() and not (src / "__init__.py").exists():
        return (src.resolve(),)
    return ()


INFRA_NAMES = frozenset(
    {"template.yaml", "template.yml", "template.json", "serverless.yml", "serverless.yaml"}
)
"""Infrastructure files found by name: SAM's default template names and the Serverless service file."""
INFRA_SUFFIXES = (".yaml", ".yml", ".json")
TEMPLATE_MARKS = (b"AWSTemplateFormatVersion", b"AWS::Serverless-2016-10-31")
"""Any other YAML/JSON file is a CloudFormation template when its first 4 KiB contain one of these."""


def is_infra_file(path: Path) -> bool:
    """A SAM/CloudFormation template or a serverless.yml, by name or (other YAML/JSON) by content."""
    if path.name in INFRA_NAMES:
        return True
    if not path.name.endswith(INFRA_SUFFIXES):
        return False
    try:
        with path.open("rb") as file:
            head = file.read(4096)
    except OSError:
        return False
    return any(mark in head for mark in TEMPLATE_MARKS)


def discover(paths: Sequence[Path], root: Path, config: Config) -> list[SourceFile]:
    """Every Python file and infrastructure file under `paths`, sorted, honouring exclude patterns.

    Paths named on the command line are always analysed; folders are walked without following
    symbolic links to folders. A path that does not exist is a usage error. Paths are handled as
    strings: on a tree of thousands of files, pathlib's objects cost more than the walk.
    """
    patterns = (config.exclude or DEFAULT_EXCLUDE) + config.extend_exclude
    namer = Namer(root, source_roots(root, config))
    found: dict[str, SourceFile] = {}
    for given in paths:
        if not given.exists() and not given.is_symlink():
            raise UsageError(f"{given}: no such file or directory")
        if given.is_dir() and not given.name.endswith(".py"):
            walked = _walk(os.path.abspath(given), namer.root, patterns)
            candidates: Iterable[str] = (
                walked if config.follow_symlinks else (p for p in walked if _inside(p, root))
            )
        else:
            candidates = [os.path.abspath(given)]
        for absolute in candidates:
            if absolute not in found:
                found[absolute] = namer.source_file(absolute)
    return sorted(found.values())


def _inside(path: str, root: Path) -> bool:
    """False for a symbolic link whose target lies outside the project (not followed by default).

    A link that cannot be resolved (a loop, a missing target) stays: it is reported as BUS000.
    """
    if not os.path.islink(path):
        return True
    try:
        target = Path(path).resolve(strict=True)
    except (OSError, RuntimeError):
        return True
    resolved_root = root.resolve()
    return target == resolved_root or resolved_root in target.parents


def _walk(folder: str, root: str, patterns: tuple[str, ...]) -> Iterable[str]:
    """Absolute paths of the candidate files under `folder` (absolute), in a stable order."""
    for here, dirnames, filenames in os.walk(folder):
        kept = []
        for name in sorted(dirnames):
            path = os.path.join(here, name)
            if _excluded(path, name, root, patterns):
                continue
            if name.endswith(".py"):
                yield path  # a folder named like a module: reported as unreadable
            if not os.path.islink(path):
                kept.append(name)
        dirnames[:] = kept
        for name in sorted(filenames):
            path = os.path.join(here, name)
            if (name.endswith(".py") and not _excluded(path, name, root, patterns)) or (
                name.endswith(INFRA_SUFFIXES)
                and not _excluded(path, name, root, patterns)
                and is_infra_file(Path(path))
            ):
                yield path


def _excluded(path: str, name: str, root: str, patterns: tuple[str, ...]) -> bool:
    rel = _relative(path, root)
    either, below = _matchers(patterns)
    return bool(either.match(name) or either.match(rel) or below.match(rel))


@functools.lru_cache(maxsize=64)
def _matchers(patterns: tuple[str, ...]) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """The exclude patterns as two regular expressions (``fnmatch`` rules): one for a name or a
    relative path, one for anything below a matching folder. One match per path, not one per
    pattern."""
    never = r"(?!)"
    either = "|".join(fnmatch.translate(p) for p in patterns) or never
    below = "|".join(fnmatch.translate(p.rstrip("/") + "/*") for p in patterns) or never
    return re.compile(either), re.compile(below)


def _relative(path: str, root: str) -> str:
    """`path` (absolute) relative to `root` with `/`; the whole path when it lies outside."""
    if path.startswith(root) and path[len(root) : len(root) + 1] == os.sep:
        path = path[len(root) + 1 :]
    return path.replace(os.sep, "/")


class Namer:
    """Names the files of one discovery: project-relative paths, import roots and module names,
    remembering which folders are packages.

    A file's import root is the deepest configured `src` folder holding it, else the deepest
    inferred root (`analyzer.roots`), else the folder above its top package (climbing the
    folders with an ``__init__.py``), else, outside packages, the project root.
    """

    def __init__(self, root: Path, roots: tuple[Path, ...], inferred: Iterable[str] = ()) -> None:
        self.root = os.path.abspath(root)
        self.roots = tuple(sorted((os.path.abspath(r) for r in roots), key=len, reverse=True))
        self.inferred = frozenset(os.path.abspath(r) for r in inferred)
        self._packages: dict[str, bool] = {}
        self._tops: dict[str, str | None] = {}
        self._shown: dict[str, str] = {}

    def source_file(self, path: str) -> SourceFile:
        rel = _relative(path, self.root)
        name = os.path.basename(path)
        if name.endswith(INFRA_SUFFIXES):
            return SourceFile(rel, Path(path), rel, False)  # infrastructure: its path names it
        root, module = self.name(path)
        return SourceFile(rel, Path(path), module, name == "__init__.py", root=root)

    def name(self, path: str) -> tuple[str, str]:
        """A Python file's import root (relative to the project root, ``.`` for the root itself)
        and its dotted name there."""
        top, module = self.locate(path)
        root = self._shown.get(top)
        if root is None:
            root = self._shown[top] = "." if top == self.root else _relative(top, self.root)
        return root, module

    def _is_package(self, folder: str) -> bool:
        known = self._packages.get(folder)
        if known is None:
            known = self._packages[folder] = os.path.isfile(os.path.join(folder, "__init__.py"))
        return known

    def _inferred_root(self, folder: str) -> str | None:
        """The deepest inferred root holding `folder` (itself included), if any."""
        if folder in self._tops:
            return self._tops[folder]
        if folder in self.inferred:
            found: str | None = folder
        else:
            above = os.path.dirname(folder)
            found = None if above == folder else self._inferred_root(above)
        self._tops[folder] = found
        return found

    def module_name(self, path: str) -> str:
        """The dotted module a file defines, as Python would import it from its root."""
        return self.locate(path)[1]

    def locate(self, path: str) -> tuple[str, str]:
        """The file's import root (an absolute folder) and the dotted name it has there."""
        folder, name = os.path.split(path)
        stem_parts = [] if name == "__init__.py" else [name[: -len(".py")]]
        for src in self.roots:
            if _below(path, src):
                parts = _parts(folder, src) + stem_parts
                return src, ".".join(parts) or os.path.basename(folder)
        top = self._inferred_root(folder) if self.inferred else None
        if top is not None:
            return top, ".".join(_parts(folder, top) + stem_parts) or os.path.basename(folder)
        if not self._is_package(folder) and _below(path, self.root):
            parts = _parts(folder, self.root) + stem_parts
            return self.root, ".".join(parts) or os.path.basename(folder)
        parts = stem_parts
        while self._is_package(folder) and os.path.dirname(folder) != folder:
            parts.insert(0, os.path.basename(folder))
            folder = os.path.dirname(folder)
        return folder, ".".join(parts) or os.path.basename(os.path.dirname(path))


def _below(path: str, folder: str) -> bool:
    return path.startswith(folder.rstrip(os.sep) + os.sep)


def _parts(folder: str, top: str) -> list[str]:
    """The folder names from `top` (excluded) down to `folder` (included)."""
    if folder == top:
        return []
    return folder[len(top.rstrip(os.sep)) + 1 :].split(os.sep)
