"""`make bench`: how fast buslint is, against the targets of the project; a table and out/bench.json.

On a generated event-driven monorepo (bench/generate.py, 300,000 lines by default) and on any
real tree given with --tree, in one run: cold (empty cache, all cores), warm (nothing changed),
one file changed, peak memory of the whole buslint process tree; as references, a bare
``libcst.parse_module`` of every analysed file in one process and ``fixit lint`` of the same
tree when Fixit is installed; then a scaling series (1x, 3x and, unless --quick, 10x).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import generate

BUSLINT = [sys.executable, "-m", "analyzer", "check", "--format", "json", "--exit-zero"]
PARSE_SCRIPT = """
import sys, time
from pathlib import Path
import libcst
from analyzer import app
from analyzer.discover import discover
project = app.load_project([Path('.')])
files = [s.absolute for s in discover(project.paths, project.root, project.config)
         if s.path.endswith('.py')]
texts = [f.read_bytes() for f in files]
one = Path(sys.argv[1]).resolve()
start = time.perf_counter()
single = 0.0
for path, text in zip(files, texts):
    began = time.perf_counter()
    try:
        libcst.parse_module(text)
    except Exception:
        pass
    if path == one:
        single = time.perf_counter() - began
print(time.perf_counter() - start, single, len(files))
"""


@dataclass
class TreeFigures:
    name: str
    files: int = 0
    lines: int = 0
    bare_parse_s: float = 0.0
    cold_s: float = 0.0
    warm_s: float = 0.0
    changed_file: str = ""
    changed_file_parse_s: float = 0.0
    changed_s: float = 0.0
    peak_memory_mb: float = 0.0
    fixit_s: float | None = None
    fixit_note: str = ""
    targets: dict[str, dict[str, object]] = field(default_factory=dict)


def _cpu() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def _tree_rss(pid: int) -> int:
    """Resident memory (bytes) of a process and all its descendants, from /proc."""
    total, stack = 0, [pid]
    while stack:
        current = stack.pop()
        try:
            for line in Path(f"/proc/{current}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1]) * 1024
            for task in Path(f"/proc/{current}/task").iterdir():
                stack.extend(int(c) for c in (task / "children").read_text().split())
        except (OSError, ValueError):
            continue
    return total


def _run(args: list[str], cwd: Path, ok: tuple[int, ...] = (0,)) -> tuple[float, float, str]:
    """Run a command; (seconds, peak resident MB of its process tree, stdout)."""
    peak = 0
    start = time.perf_counter()
    process = subprocess.Popen(
        args, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=_env()
    )
    done = threading.Event()

    def poll() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, _tree_rss(process.pid))
            done.wait(0.02)

    watcher = threading.Thread(target=poll, daemon=True)
    watcher.start()
    out, err = process.communicate()
    elapsed = time.perf_counter() - start
    done.set()
    watcher.join()
    if process.returncode not in ok:
        raise SystemExit(f"{' '.join(args)} failed ({process.returncode}): {err.decode()[-2000:]}")
    return elapsed, peak / 2**20, out.decode()


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env.pop("PRE_COMMIT", None)
    # As installed for real: bytecode compiled once, not on every start.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPATH"] = str(Path(__file__).resolve().parent.parent)
    return env


def _fixit() -> str | None:
    """Fixit from its own virtualenv (`make bench` makes it: Fixit pins an older click than the
    project's dev tools accept), else next to this Python, else on PATH."""
    for here in (
        Path(__file__).resolve().parent.parent / ".venv-fixit" / "bin" / "fixit",
        Path(sys.executable).parent / "fixit",
    ):
        if here.exists():
            return str(here)
    return shutil.which("fixit")


def _lines(root: Path) -> tuple[int, int]:
    files = list(root.rglob("*.py"))
    return len(files), sum(p.read_bytes().count(b"\n") for p in files)


def measure(name: str, root: Path, changed: Path, repeat: int) -> TreeFigures:
    """Every figure on one tree; `changed` is the file edited for the one-file-changed run."""
    figures = TreeFigures(name, *_lines(root))
    figures.changed_file = changed.relative_to(root).as_posix()
    script = [sys.executable, "-c", PARSE_SCRIPT, str(changed)]
    _, _, out = _run(script, root)
    bare, single, _count = out.split()
    figures.bare_parse_s, figures.changed_file_parse_s = float(bare), float(single)
    shutil.rmtree(root / ".buslint_cache", ignore_errors=True)
    figures.cold_s, peak_cold, _ = _run(BUSLINT, root)
    warm = [_run(BUSLINT, root) for _ in range(repeat)]
    figures.warm_s = min(t for t, _, _ in warm)
    original = changed.read_bytes()
    changes = []
    for n in range(repeat):
        changed.write_bytes(
            original + f"\n\ndef added_by_the_benchmark_{n}():\n    return {n}\n".encode()
        )
        changes.append(_run(BUSLINT, root))
    changed.write_bytes(original)
    figures.changed_s = min(t for t, _, _ in changes)
    figures.peak_memory_mb = round(max(peak_cold, *(p for _, p, _ in warm + changes)), 1)
    fixit = _fixit()
    if fixit is None:
        figures.fixit_note = "Fixit is not installed (pip install fixit)"
    else:
        try:
            figures.fixit_s, _, _ = _run([fixit, "lint", "."], root, ok=tuple(range(0, 256)))
        except OSError as exc:
            figures.fixit_note = f"fixit could not run: {exc}"
    figures.targets = _targets(figures)
    return figures


def _targets(f: TreeFigures) -> dict[str, dict[str, object]]:
    targets: dict[str, dict[str, object]] = {
        "cold <= 0.6 x bare parse": _target(f.cold_s / f.bare_parse_s, 0.6, "x bare parse"),
        "warm <= 0.5 s": _target(f.warm_s, 0.5, "s"),
        "one file changed <= its parse + 1 s": _target(
            f.changed_s - f.changed_file_parse_s, 1.0, "s more than its parse"
        ),
        "peak memory < 500 MB": _target(f.peak_memory_mb, 500, "MB"),
    }
    if f.fixit_s is not None:
        ratio = f.fixit_s / f.cold_s
        targets["cold >= 5x faster than fixit lint"] = {
            "measured": round(ratio, 2),
            "unit": "x faster",
            "met": ratio >= 5,
        }
    return targets


def _target(value: float, limit: float, unit: str) -> dict[str, object]:
    return {"measured": round(value, 2), "unit": unit, "met": value <= limit}


def scaling(base_lines: int, factors: list[int], seed: int) -> dict[str, object]:
    """Cold time of generated trees 1x, 3x, 10x the size; the growth relative to 1x."""
    runs = []
    for factor in factors:
        with tempfile.TemporaryDirectory(prefix=f"buslint-bench-{factor}x-") as tmp:
            root = Path(tmp)
            files, lines, _ = generate(root, base_lines * factor, seed)
            seconds, peak, _ = _run(BUSLINT, root)
            runs.append(
                {
                    "factor": factor,
                    "files": files,
                    "lines": lines,
                    "cold_s": round(seconds, 2),
                    "peak_memory_mb": round(peak, 1),
                }
            )
    first = float(runs[0]["cold_s"])  # type: ignore[arg-type]
    for run in runs:
        run["time_ratio"] = round(float(run["cold_s"]) / first, 2)  # type: ignore[arg-type]
    result: dict[str, object] = {"runs": runs}
    if factors[-1] == 10:
        ratio = float(runs[-1]["time_ratio"])  # type: ignore[arg-type]
        result["target"] = {"10x corpus <= 11x time": _target(ratio, 11, "x the 1x time")}
    return result


def _print(figures: list[TreeFigures], scale: dict[str, object], machine: str) -> None:
    print(f"machine: {machine}")
    for f in figures:
        print(f"\n== {f.name}: {f.files} files, {f.lines} lines")
        rows = [
            ("bare libcst.parse_module, 1 process", f"{f.bare_parse_s:.2f} s"),
            ("buslint cold (no cache, all cores)", f"{f.cold_s:.2f} s"),
            ("buslint warm (nothing changed)", f"{f.warm_s:.2f} s"),
            (f"one file changed ({f.changed_file})", f"{f.changed_s:.2f} s"),
            ("  that file's bare parse", f"{f.changed_file_parse_s:.3f} s"),
            ("peak memory (process tree)", f"{f.peak_memory_mb:.0f} MB"),
            ("fixit lint (cold)", f"{f.fixit_s:.2f} s" if f.fixit_s is not None else f.fixit_note),
        ]
        for label, value in rows:
            print(f"  {label:<48}{value}")
        for label, target in f.targets.items():
            verdict = "met" if target["met"] else "NOT MET"
            print(f"  target {label:<41}{target['measured']} {target['unit']}: {verdict}")
    print("\n== scaling (cold)")
    for run in scale["runs"]:  # type: ignore[attr-defined]
        print(
            f"  {run['factor']:>3}x  {run['files']:>6} files {run['lines']:>8} lines  "
            f"{run['cold_s']:>7.2f} s  {run['time_ratio']:>5}x time  {run['peak_memory_mb']:.0f} MB"
        )
    for label, target in scale.get("target", {}).items():  # type: ignore[attr-defined]
        verdict = "met" if target["met"] else "NOT MET"
        print(f"  target {label:<41}{target['measured']} {target['unit']}: {verdict}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--lines", type=int, default=300_000, help="size of the generated corpus")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--repeat", type=int, default=5, help="warm and changed runs: best of")
    parser.add_argument("--tree", type=Path, action="append", default=[], help="a real tree too")
    parser.add_argument("--quick", action="store_true", help="skip the 10x corpus")
    parser.add_argument("--json", type=Path, default=Path("out/bench.json"))
    args = parser.parse_args()
    machine = f"{_cpu()}, {len(os.sched_getaffinity(0))} cores, Python {platform.python_version()}"
    figures = []
    with tempfile.TemporaryDirectory(prefix="buslint-bench-") as tmp:
        root = Path(tmp) / "corpus"
        generate(root, args.lines, args.seed)
        figures.append(
            measure(
                f"generated corpus ({args.lines} lines)",
                root,
                root / "ctx0" / "handlers.py",
                args.repeat,
            )
        )
        for given in args.tree:
            copy = Path(tmp) / given.name
            shutil.copytree(given, copy, ignore=shutil.ignore_patterns(".buslint_cache"))
            if not (copy / "pyproject.toml").exists():
                (copy / "pyproject.toml").write_text("[tool.buslint]\n", encoding="utf-8")
            files = sorted(copy.rglob("*.py"), key=lambda p: (p.stat().st_size, str(p)))
            figures.append(measure(str(given), copy, files[len(files) // 2], args.repeat))
    scale = scaling(args.lines, [1, 3] if args.quick else [1, 3, 10], args.seed)
    _print(figures, scale, machine)
    args.json.parent.mkdir(parents=True, exist_ok=True)
    report = {"machine": machine, "trees": [asdict(f) for f in figures], "scaling": scale}
    args.json.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(f"\nwrote {args.json}")


if __name__ == "__main__":
    main()
