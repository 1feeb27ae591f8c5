"""FileFacts cached by content: `.buslint_cache/`, safe to share, corrupt entries ignored.

An entry's key hashes the file's bytes, its path, its module names and import root, buslint's
version, the recognisers and the part of the configuration extraction reads, so any change to
those is a miss. Entries are JSON (never pickle: a cache committed to a repository must not be
able to run code), written to a temporary file and renamed into place, so concurrent runs never
read half an entry. A corrupt, truncated, foreign-version or unreadable entry is a miss; a cache
that cannot be written (read-only) is simply not written. Results with and without the cache are
identical.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import os
import shutil
import tempfile
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from pydantic import TypeAdapter, ValidationError

from analyzer import __version__
from analyzer.engine.skip import FileScan
from analyzer.extract.recogniser import file_stamps, python_files
from analyzer.model import FileFacts

DEFAULT_DIR = ".buslint_cache"
LAYOUT = "v1"
STALE_AFTER_SECONDS = 3600
PRUNED = ".pruned"
CACHEDIR_TAG = (
    "Signature: 8a477f597d28d172789f06886806bc55\n"
    "# This file is a cache directory tag created by buslint.\n"
    "# For information about cache directory tags see https://bford.info/cachedir/\n"
)


@dataclass(frozen=True)
class _Entry:
    """What a cache file holds: the key it was written under and the facts."""

    key: str
    facts: FileFacts


_ENTRY = TypeAdapter(_Entry)
_SCANS = TypeAdapter(dict[str, FileScan])


class FactsCache:
    """A folder of cached FileFacts; `salt` covers everything but the file itself."""

    def __init__(self, folder: Path, salt: str) -> None:
        self.folder = folder
        self.entries = folder / LAYOUT
        self.salt = f"{__version__}\x1f{_code_fingerprint()}\x1f{salt}"
        self.used: set[str] = set()
        self.wrote = False
        """Whether this run added entries: only then can there be stale ones to prune."""
        self._root = os.fspath(self.entries)

    def key(
        self,
        source: bytes,
        path: str,
        module: str,
        is_package: bool,
        import_name: str = "",
        root: str = "",
    ) -> str:
        digest = hashlib.sha256()
        for part in (self.salt, path, module, str(is_package), import_name, root):
            digest.update(part.encode())
            digest.update(b"\x1f")
        digest.update(source)
        return digest.hexdigest()

    def skeleton_key(self, key: str) -> str:
        """The key of a file's facts when it is skipped (not parsed by libcst)."""
        return hashlib.sha256(f"{key}\x1fskeleton".encode()).hexdigest()

    def plan_key(self, files: Iterable[str]) -> str:
        """The key of a decision about a whole tree: every file's name and key, in order."""
        digest = hashlib.sha256(self.salt.encode())
        for file in files:
            digest.update(file.encode())
            digest.update(b"\x1e")
        return digest.hexdigest()

    def get_plan(self, key: str, count: int) -> list[int] | None:
        """Each file's mark (skipped, needed, skipped and plain), as decided for this very tree
        before; None if unknown."""
        self.used.add(key)
        try:
            text = (self.entries / "plans" / f"{key}.plan").read_text(encoding="utf-8")
            plan = json.loads(text)
        except (OSError, ValueError):
            return None
        if not (isinstance(plan, list) and len(plan) == count):
            return None
        if not all(isinstance(item, int) and 0 <= item <= 2 for item in plan):
            return None
        return [int(item) for item in plan]

    def put_plan(self, key: str, plan: list[int]) -> None:
        self._write(self.entries / "plans" / f"{key}.plan", json.dumps(plan).encode())

    def scans_key(self, last_names: Iterable[bytes]) -> str:
        """The key of the byte scans of a tree's files: they depend on its modules' last names."""
        digest = hashlib.sha256(f"{self.salt}\x1fscans".encode())
        for name in last_names:
            digest.update(name + b"\x1e")
        return digest.hexdigest()

    def get_scans(self, key: str) -> dict[str, FileScan]:
        """File key → its byte scan, as cached for this tree's module names ({} when unknown)."""
        self.used.add(key)
        try:
            return _SCANS.validate_json((self.entries / "plans" / f"{key}.scans").read_bytes())
        except (OSError, ValidationError, ValueError):
            return {}

    def put_scans(self, key: str, scans: dict[str, FileScan]) -> None:
        self._write(self.entries / "plans" / f"{key}.scans", _SCANS.dump_json(scans))

    def _entry(self, key: str) -> Path:
        return self.entries / key[:2] / f"{key}.json"

    def get(self, key: str) -> FileFacts | None:
        self.used.add(key)
        try:  # a string path: thousands of lookups per run, pathlib's objects cost more than I/O
            with open(f"{self._root}/{key[:2]}/{key}.json", "rb") as handle:
                entry = _ENTRY.validate_json(handle.read())
        except (OSError, ValidationError, ValueError):
            return None
        return entry.facts if entry.key == key else None

    def put(self, key: str, facts: FileFacts) -> None:
        # Fields at their default are left out (most are: empty tuples, False, None); reading
        # fills them in again.
        self._write(self._entry(key), _ENTRY.dump_json(_Entry(key, facts), exclude_defaults=True))

    def _write(self, entry: Path, content: bytes) -> None:
        self.wrote = True
        try:
            self._prepare()
            entry.parent.mkdir(parents=True, exist_ok=True)
            fd, temporary = tempfile.mkstemp(dir=entry.parent, prefix=".tmp-", suffix=".json")
            try:
                with os.fdopen(fd, "wb") as handle:
                    handle.write(content)
                os.replace(temporary, entry)
            except OSError:
                with contextlib.suppress(OSError):
                    os.unlink(temporary)
                raise
        except OSError:
            return  # a read-only or full cache is only slower, never wrong

    def _prepare(self) -> None:
        if (self.folder / "CACHEDIR.TAG").exists():
            return
        self.folder.mkdir(parents=True, exist_ok=True)
        (self.folder / "CACHEDIR.TAG").write_text(CACHEDIR_TAG, encoding="utf-8")
        (self.folder / ".gitignore").write_text("# created by buslint\n*\n", encoding="utf-8")

    def prune(self) -> int:
        """Delete entries this run did not use and that are older than an hour; their count.

        Only a run that added entries prunes, and at most once an hour (the time is kept in
        `.pruned`): when nothing changed there is nothing stale, and a run that changed one file
        does not list thousands of entries for it."""
        if not self.wrote:
            return 0
        now = time.time()
        stamp = self.entries / PRUNED
        try:
            if now - stamp.stat().st_mtime < STALE_AFTER_SECONDS:
                return 0
        except OSError:
            pass  # never pruned
        self._write(stamp, b"")
        removed = 0
        try:
            buckets = list(self.entries.iterdir())
        except OSError:
            return 0
        for bucket in buckets:
            try:
                names = list(bucket.iterdir())
            except OSError:
                continue
            for entry in names:
                key = entry.name.split(".", 1)[0]
                if key in self.used:
                    continue
                try:
                    if now - entry.stat().st_mtime > STALE_AFTER_SECONDS:
                        entry.unlink()
                        removed += 1
                except OSError:
                    continue
        return removed


@functools.cache
def _code_fingerprint() -> str:
    """buslint's own code, by file size and modification time: a development checkout whose code
    changed without a new version number must not reuse facts extracted by the old code."""
    package = str(Path(__file__).resolve().parent.parent)
    stamps = file_stamps(python_files(package), package)
    return hashlib.sha256(stamps.encode()).hexdigest()[:16]


def clean(folder: Path) -> bool:
    """Remove a cache folder buslint created (it carries buslint's CACHEDIR.TAG)."""
    tag = folder / "CACHEDIR.TAG"
    if not tag.is_file() or "buslint" not in tag.read_text(encoding="utf-8", errors="replace"):
        return False
    shutil.rmtree(folder)
    return True
