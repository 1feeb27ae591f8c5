"""Materialise a git revision of the project into a temporary folder (read-only for the repository)."""

from __future__ import annotations

import shutil
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from analyzer.errors import UsageError


def _git(args: list[str], cwd: Path) -> bytes:
    if shutil.which("git") is None:
        raise UsageError("git is not installed; buslint diff needs it")
    result = subprocess.run(["git", *args], cwd=cwd, capture_output=True, check=False)
    if result.returncode != 0:
        message = result.stderr.decode("utf-8", "replace").strip()
        raise UsageError(f"git {' '.join(args)}: {message or 'failed'}")
    return result.stdout


def toplevel(folder: Path) -> Path:
    """The root of the git working tree that holds `folder`."""
    return Path(_git(["rev-parse", "--show-toplevel"], folder).decode().strip()).resolve()


def describe(revision: str, folder: Path) -> None:
    """Check that the revision names a commit (an unknown revision is a usage error)."""
    try:
        _git(["rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}"], folder)
    except UsageError:
        raise UsageError(f"{revision}: unknown revision (no commit by that name)") from None


@contextmanager
def checkout(revision: str, folder: Path) -> Iterator[Path]:
    """The files of `revision` (as `git archive` writes them) in a temporary folder, removed after."""
    describe(revision, folder)
    top = toplevel(folder)
    with tempfile.TemporaryDirectory(prefix="buslint-diff-") as temp:
        target = Path(temp)
        with subprocess.Popen(
            ["git", "archive", "--format=tar", revision],
            cwd=top,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        ) as process:
            assert process.stdout is not None
            try:
                with tarfile.open(fileobj=process.stdout, mode="r|") as archive:
                    _extract(archive, target)
            except tarfile.TarError as exc:
                raise UsageError(f"git archive {revision}: unreadable output ({exc})") from exc
            error = process.stderr.read() if process.stderr else b""
        if process.returncode != 0:
            message = error.decode("utf-8", "replace").strip()
            raise UsageError(f"git archive {revision}: {message or 'failed'}")
        yield target


def _extract(archive: tarfile.TarFile, target: Path) -> None:
    """Regular files and folders only, never outside `target` (no links, devices or `..`)."""
    for member in archive:
        path = Path(member.name)
        if path.is_absolute() or ".." in path.parts:
            continue
        if member.isdir():
            (target / path).mkdir(parents=True, exist_ok=True)
        elif member.isfile():
            (target / path).parent.mkdir(parents=True, exist_ok=True)
            source = archive.extractfile(member)
            if source is not None:
                (target / path).write_bytes(source.read())
