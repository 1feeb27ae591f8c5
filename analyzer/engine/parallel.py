"""Extract every file: from the cache when it can, else in worker processes, in a stable order."""

from __future__ import annotations

import multiprocessing
import os
import traceback
import warnings
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass

from analyzer import __version__
from analyzer.discover import SourceFile
from analyzer.engine.cache import FactsCache
from analyzer.engine.skip import Modules, Scanner, closure, plannable, scan, shallow
from analyzer.extract.depth import risky, too_deep
from analyzer.extract.infra import is_infra_path
from analyzer.extract.recogniser import Recogniser, load_recognisers
from analyzer.extract.text import TOO_DEEP, DecodeProblem, decode, unreadable
from analyzer.model import FileFacts, Location, ParseProblem
from analyzer.vocabulary import Names

CHUNK_BYTES = 256 * 1024
"""Work is handed to workers in chunks of about this many bytes of source."""
PARALLEL_FROM_BYTES = 512 * 1024
"""Below this much source to parse, one process is faster than starting workers."""
MAX_FILE_BYTES = 10_000_000
"""Larger files that may contribute (generated code with messaging words in it) are reported as
BUS000 instead of parsed: libcst needs 25 to 90 times a module's size in memory, so the parse
alone would cost a gigabyte or more. A larger file that cannot contribute is only compiled."""
PARSE_COST = 60
"""About how many bytes of memory libcst needs per byte of source (measured 25-90)."""

Read = tuple[bytes | None, str | None]
"""A file's bytes, or None and why it cannot be read."""
Progress = Callable[[int, int], None]
"""Called with (files done, files in all) as extraction goes."""


SKIPPED, NEEDED, PLAIN = 0, 1, 2
"""A file's mark in a plan: skipped (its skeleton facts are cached), fully extracted, or skipped
and known to compile (its facts are only its name: no cache entry is even read)."""


@dataclass(frozen=True)
class _Plan:
    marks: list[int]
    key: str | None
    """The plan's cache key; None when it is not cached (no cache, or nothing can be skipped)."""
    fresh: bool = False
    """Decided by this run (so it is written to the cache once the files are extracted)."""


@dataclass(frozen=True)
class _Job:
    index: int
    source: SourceFile
    data: bytes | None
    error: str | None
    skip: bool = False
    """No name that matters occurs in the file: it is only checked for syntax errors."""
    hit: bool = True
    """Its bytes hold a name extraction reads (False only when scanned and found to hold none)."""


def default_jobs() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def extract_all(
    sources: Sequence[SourceFile],
    names: Names,
    recognisers: Sequence[Recogniser] | Callable[[], Sequence[Recogniser]],
    cache: FactsCache | None = None,
    jobs: int = 1,
    progress: Progress | None = None,
    min_parallel_bytes: int = PARALLEL_FROM_BYTES,
    scanner: Scanner | Callable[[], Scanner] | None = None,
    read: Sequence[Read] | None = None,
) -> list[FileFacts]:
    """The facts of every source, in the order given, identical whatever `jobs`, the cache and
    the skip (`scanner`: files that cannot matter are not parsed by libcst).

    `recognisers` and `scanner` may be given as functions that make them: they are called only
    when some file has to be scanned or parsed, never when the cache holds everything. `read`
    holds the files' contents when the caller has read them already (`read_all`)."""
    results: list[FileFacts | None] = [None] * len(sources)
    keys: dict[int, str] = {}
    pending: list[_Job] = []
    done = 0
    if read is None:
        read = read_all(sources)
    full = [
        cache.key(data, s.path, s.module, s.is_package, s.import_name, s.root)
        if cache and data is not None
        else None
        for s, (data, _) in zip(sources, read, strict=True)
    ]
    plan = _needed(sources, read, full, scanner, cache)
    for index, source in enumerate(sources):
        data, error = read[index]
        skip = plan.marks[index] != NEEDED
        key = full[index]
        if key is not None and cache is not None:
            key = cache.skeleton_key(key) if skip else key
            keys[index] = key
            if plan.marks[index] == PLAIN:  # known to compile: its facts are only its name
                cache.used.add(key)
                results[index] = _plain(source)
                done += 1
                continue
            hit = cache.get(key)
            if hit is not None:
                results[index] = hit
                done += 1
                continue
        contributes = True
        if not skip and data is not None and len(data) > MAX_FILE_BYTES and scanner is not None:
            scan_with = scanner() if callable(scanner) else scanner
            contributes = not scan_with.enabled or scan_with.hits(data, source.module)
        pending.append(_Job(index, source, data, error, skip, contributes))
    if progress:
        progress(done, len(sources))

    def finished(job: _Job, facts: FileFacts) -> None:
        nonlocal done
        results[job.index] = facts
        if cache is not None and job.index in keys:
            cache.put(keys[job.index], facts)
        done += 1
        if progress:
            progress(done, len(sources))

    size = sum(len(job.data or b"") for job in pending if not job.skip)
    if jobs > 1 and size >= min_parallel_bytes:
        _in_workers(pending, names, jobs, finished)
    elif pending:
        active = recognisers() if callable(recognisers) else recognisers
        for job in pending:
            facts = _extract(job, names, active)
            finished(job, facts if facts is not None else _isolated(job, names))
    if cache is not None and plan.key is not None:
        marks = [
            PLAIN if mark != NEEDED and facts == _plain(source) else mark
            for mark, facts, source in zip(plan.marks, results, sources, strict=True)
        ]
        if plan.fresh or marks != plan.marks:
            cache.put_plan(plan.key, marks)
    return [facts for facts in results if facts is not None]


def _plain(source: SourceFile) -> FileFacts:
    """The facts of a skipped file that compiles: only its names."""
    return FileFacts(
        source.path,
        source.module,
        source.is_package,
        import_name=source.import_name,
        root=source.root,
    )


def _needed(
    sources: Sequence[SourceFile],
    read: Sequence[Read],
    full: Sequence[str | None],
    scanner: Scanner | Callable[[], Scanner] | None,
    cache: FactsCache | None,
) -> _Plan:
    """Which files need full extraction; the decision is cached for a whole tree's contents."""
    everything = _Plan([NEEDED] * len(sources), None)
    if scanner is None:
        return everything
    plan = None
    if cache is not None:
        plan = cache.plan_key(f"{s.path}\x1f{key}" for s, key in zip(sources, full, strict=True))
        found = cache.get_plan(plan, len(sources))
        if found is not None:
            return _Plan(found, plan)
    if callable(scanner):
        scanner = scanner()
    modules = [s.import_name or s.module for s in sources]
    if not plannable(scanner, modules):
        return everything
    tree = Modules(modules, [s.root for s in sources])
    # Each file's scan is cached for this set of module names: when a file changes, only it
    # is scanned again.
    scans_key = cache.scans_key(sorted(tree.by_last)) if cache is not None else ""
    known = cache.get_scans(scans_key) if cache is not None else {}
    scans = []
    for i, (source, (data, _), key) in enumerate(zip(sources, read, full, strict=True)):
        file_scan = known.get(key) if key is not None else None
        if file_scan is None:
            fixed = is_infra_path(source.path) or (data is not None and risky(data))
            file_scan = scan(scanner, tree, i, data, fixed)
        scans.append(file_scan)
    needed = closure(tree, scans)
    if cache is not None and plan is not None:
        current = {
            key: scanned for key, scanned in zip(full, scans, strict=True) if key is not None
        }
        if current.keys() != known.keys():
            cache.put_scans(scans_key, current)
    return _Plan([NEEDED if n else SKIPPED for n in needed], plan, fresh=True)


def _skeleton(job: _Job, deep_ok: bool = False) -> FileFacts | None:
    """The facts of a file that cannot matter: none but its name, when CPython compiles it and
    it is too shallow to trouble libcst (or, `deep_ok`, too large to parse anyway); None
    otherwise (full extraction then reports any problem exactly as without the skip)."""
    source = job.source
    if job.data is None or not (deep_ok or shallow(job.data)):
        return None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # invalid escapes and the like: not ours to report
            compile(decode(job.data), source.path, "exec", dont_inherit=True)
    except (DecodeProblem, SyntaxError, ValueError, RecursionError, MemoryError):
        return None
    return _plain(source)


def read_all(sources: Sequence[SourceFile]) -> list[Read]:
    """Every source's bytes, or None and why it cannot be read."""
    return [_read(source) for source in sources]


def _read(source: SourceFile) -> Read:
    try:
        return source.absolute.read_bytes(), None
    except IsADirectoryError:
        return None, "is a directory, not a Python file"
    except FileNotFoundError:
        broken = source.absolute.is_symlink()
        return None, "is a broken symbolic link" if broken else "disappeared during the run"
    except OSError as exc:
        return None, f"cannot be read: {exc.strerror or exc}"


def _extract(
    job: _Job, names: Names, recognisers: Sequence[Recogniser], isolated: bool = False
) -> FileFacts | None:
    """The file's facts; None when it might crash the parser and must run in a process of its own."""
    source = job.source
    if job.data is None:
        return unreadable(source.path, source.module, source.is_package, job.error or "unreadable")
    large = len(job.data) > MAX_FILE_BYTES
    if job.skip or (large and not job.hit):
        skeleton = _skeleton(job, deep_ok=large)
        if skeleton is not None:
            return skeleton  # cannot contribute: compiled, never parsed, whatever its size
    if large:
        size = len(job.data) / 1_000_000
        cost = len(job.data) * PARSE_COST / 1_000_000_000
        return unreadable(
            source.path,
            source.module,
            source.is_package,
            f"is too costly to parse: {size:.1f} MB of source would need about {cost:.1f} GB "
            f"of memory (files that may hold messaging are parsed up to "
            f"{MAX_FILE_BYTES // 1_000_000} MB)",
        )
    if not isolated and risky(job.data):
        if too_deep(job.data):
            return unreadable(source.path, source.module, source.is_package, TOO_DEEP)
        return None
    from analyzer.extract.source import extract  # libcst: loaded only when a file is parsed

    try:
        return extract(
            job.data,
            source.path,
            source.module,
            source.is_package,
            names,
            recognisers,
            import_name=source.import_name,
            root=source.root,
        )
    except Exception as exc:  # one file's bug must not end the run: reported, and exit 2
        return internal_error(source, exc)


def internal_error(source: SourceFile, exc: BaseException) -> FileFacts:
    """The facts of a file whose extraction raised: a problem naming buslint's version."""
    message = (
        f"internal error in buslint {__version__} while analysing this file: "
        f"{type(exc).__name__}: {exc}; please report it"
    )
    detail = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
    return FileFacts(
        source.path,
        source.module,
        source.is_package,
        problem=ParseProblem(message, Location(source.path, 1, 1), internal=True, detail=detail),
    )


# -- worker processes ---------------------------------------------------------------------

_WORKER: tuple[Names, tuple[Recogniser, ...]] | None = None


def _init_worker(names: Names) -> None:
    global _WORKER
    _WORKER = (names, load_recognisers())


def _run_chunk(chunk: list[_Job], isolated: bool = False) -> list[FileFacts | None]:
    assert _WORKER is not None
    names, recognisers = _WORKER
    return [_extract(job, names, recognisers, isolated) for job in chunk]


def _chunks(jobs: list[_Job]) -> list[list[_Job]]:
    chunks: list[list[_Job]] = []
    current: list[_Job] = []
    size = 0
    for job in jobs:
        current.append(job)
        size += len(job.data or b"")
        if size >= CHUNK_BYTES:
            chunks.append(current)
            current, size = [], 0
    if current:
        chunks.append(current)
    return chunks


def _in_workers(
    pending: list[_Job], names: Names, jobs: int, finished: Callable[[_Job, FileFacts], None]
) -> None:
    context = multiprocessing.get_context("fork" if os.name == "posix" else "spawn")
    crashed: list[_Job] = []
    with ProcessPoolExecutor(
        jobs, mp_context=context, initializer=_init_worker, initargs=(names,)
    ) as pool:
        futures: list[tuple[list[_Job], Future[list[FileFacts | None]]]] = [
            (chunk, pool.submit(_run_chunk, chunk)) for chunk in _chunks(pending)
        ]
        for chunk, future in futures:
            try:
                for job, facts in zip(chunk, future.result(), strict=True):
                    if facts is None:
                        crashed.append(job)
                    else:
                        finished(job, facts)
            except BrokenProcessPool:
                crashed.extend(chunk)
    for job in sorted(crashed, key=lambda j: j.index):
        finished(job, _isolated(job, names))


def _isolated(job: _Job, names: Names) -> FileFacts:
    """Extract one file in a process of its own; a crash of the parser becomes a problem."""
    context = multiprocessing.get_context("fork" if os.name == "posix" else "spawn")
    try:
        with ProcessPoolExecutor(
            1, mp_context=context, initializer=_init_worker, initargs=(names,)
        ) as pool:
            facts = pool.submit(_run_chunk, [job], True).result()[0]
            assert facts is not None
            return facts
    except BrokenProcessPool:
        source = job.source
        return unreadable(
            source.path,
            source.module,
            source.is_package,
            "the process analysing this file crashed (a native crash in the parser or in a "
            "recogniser); nothing else was affected",
        )
