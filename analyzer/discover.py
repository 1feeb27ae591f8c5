"""Which files to analyse, their project-relative paths and their module names."""

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
    is_package: bool


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
    symbolic links to folders. A path that does not exist is a usage error.
    """
    patterns = (config.exclude or DEFAULT_EXCLUDE) + config.extend_exclude
    roots = source_roots(root, config)
    found: dict[Path, SourceFile] = {}
    for given in paths:
        if not given.exists() and not given.is_symlink():
            raise UsageError(f"{given}: no such file or directory")
        if given.is_dir() and not given.name.endswith(".py"):
            walked = _walk(given, root, patterns)
            candidates: Iterable[Path] = (
                walked if config.follow_symlinks else (p for p in walked if _inside(p, root))
            )
        else:
            candidates = [given]
        for candidate in candidates:
            absolute = Path(os.path.abspath(candidate))
            if absolute not in found:
                found[absolute] = _source_file(absolute, root, roots)
    return sorted(found.values())


def _inside(path: Path, root: Path) -> bool:
    """False for a symbolic link whose target lies outside the project (not followed by default).

    A link that cannot be resolved (a loop, a missing target) stays: it is reported as BUS000.
    """
    if not path.is_symlink():
        return True
    try:
        target = path.resolve(strict=True)
    except (OSError, RuntimeError):
        return True
    resolved_root = root.resolve()
    return target == resolved_root or resolved_root in target.parents


def _walk(folder: Path, root: Path, patterns: tuple[str, ...]) -> Iterable[Path]:
    for dirpath, dirnames, filenames in os.walk(folder):
        here = Path(dirpath)
        kept = []
        for name in sorted(dirnames):
            if _excluded(here / name, root, patterns):
                continue
            if name.endswith(".py"):
                yield here / name  # a folder named like a module: reported as unreadable
            if not (here / name).is_symlink():
                kept.append(name)
        dirnames[:] = kept
        for name in sorted(filenames):
            if (name.endswith(".py") and not _excluded(here / name, root, patterns)) or (
                name.endswith(INFRA_SUFFIXES)
                and not _excluded(here / name, root, patterns)
                and is_infra_file(here / name)
            ):
                yield here / name


def _excluded(path: Path, root: Path, patterns: tuple[str, ...]) -> bool:
    rel = _relative(path, root)
    either, below = _matchers(patterns)
    return bool(either.match(path.name) or either.match(rel) or below.match(rel))


@functools.lru_cache(maxsize=64)
def _matchers(patterns: tuple[str, ...]) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """The exclude patterns as two regular expressions (``fnmatch`` rules): one for a name or a
    relative path, one for anything below a matching folder. One match per path, not one per
    pattern."""
    never = r"(?!)"
    either = "|".join(fnmatch.translate(p) for p in patterns) or never
    below = "|".join(fnmatch.translate(p.rstrip("/") + "/*") for p in patterns) or never
    return re.compile(either), re.compile(below)


def _relative(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def _source_file(path: Path, root: Path, roots: tuple[Path, ...]) -> SourceFile:
    rel = _relative(path, root)
    if path.name.endswith(INFRA_SUFFIXES):
        return SourceFile(rel, path, rel, False)  # an infrastructure file: its path names it
    is_package = path.name == "__init__.py"
    return SourceFile(rel, path, module_name(path, roots, root), is_package)


def module_name(path: Path, roots: tuple[Path, ...] = (), root: Path | None = None) -> str:
    """The dotted module a file defines.

    Relative to a source root when one contains it; else by climbing the packages (folders with
    an ``__init__.py``) above it; else, for namespace packages, relative to the project root.
    """
    stem_parts = [] if path.name == "__init__.py" else [path.name[: -len(".py")]]
    for src in roots:
        if src in path.parents:
            parts = list(path.parent.relative_to(src).parts) + stem_parts
            return ".".join(parts) or path.parent.name
    if root is not None and not (path.parent / "__init__.py").is_file() and root in path.parents:
        parts = list(path.parent.relative_to(root).parts) + stem_parts
        return ".".join(parts) or path.parent.name
    parts = stem_parts
    folder = path.parent
    while (folder / "__init__.py").is_file() and folder.parent != folder:
        parts.insert(0, folder.name)
        folder = folder.parent
    return ".".join(parts) or path.parent.name
