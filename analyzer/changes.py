"""Which files changed, from git, as paths relative to the project root; where the root sits in the repo."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterable
from pathlib import Path

from analyzer.errors import UsageError


def changed_files(root: Path, ref: str) -> frozenset[str]:
    """Files that differ from `ref` in the working tree (staged or not), plus untracked files.

    Untracked files count because a new module is a change before it is added. Ignored files do
    not. Paths are relative to `root`; files outside it are dropped.
    """
    top = Path(_git(root, "rev-parse", "--show-toplevel").strip())
    diff = _git(root, "diff", "--name-only", "-z", ref, "--")
    untracked = _git(root, "ls-files", "--others", "--exclude-standard", "--full-name", "-z")
    names = [n for n in (diff + untracked).split("\0") if n]
    return frozenset(relative_to_root((top / n for n in names), root))


def relative_to_root(paths: Iterable[Path], root: Path) -> list[str]:
    """Paths as the findings show them (relative to the project root, with `/`); outside ones dropped."""
    base = root.resolve()
    result = []
    for path in paths:
        absolute = Path(os.path.abspath(path))
        try:
            result.append(absolute.relative_to(base).as_posix())
        except ValueError:
            try:
                result.append(absolute.resolve().relative_to(base).as_posix())
            except ValueError:
                continue
    return result


def repo_prefix(root: Path) -> str:
    """The project root relative to its git work tree (``services/shop/``), or "" outside git."""
    try:
        top = _git(root, "rev-parse", "--show-toplevel").strip()
    except UsageError:
        return ""
    try:
        rel = root.resolve().relative_to(Path(top).resolve()).as_posix()
    except ValueError:
        return ""
    return "" if rel == "." else rel + "/"


def _git(cwd: Path, *args: str) -> str:
    try:
        done = subprocess.run(
            ["git", *args], cwd=cwd, capture_output=True, text=True, check=False, timeout=60
        )
    except FileNotFoundError:
        raise UsageError("--diff needs git, and git is not installed") from None
    if done.returncode != 0:
        problem = done.stderr.strip().splitlines()
        raise UsageError(
            f"git {' '.join(args[:2])} failed: {problem[0] if problem else done.returncode}"
        )
    return done.stdout
