"""`make bench`: time `buslint check` on a generated code base; print a table, write JSON."""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import generate


def _cpu() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def _timed(args: list[str], cwd: Path) -> float:
    start = time.perf_counter()
    result = subprocess.run(args, cwd=cwd, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if result.returncode not in (0, 1):
        raise SystemExit(f"buslint failed: {result.stderr}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--lines", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--json", type=Path, default=Path("out/bench.json"))
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="buslint-bench-") as tmp:
        root = Path(tmp)
        files, lines = generate(root, args.lines)
        command = [sys.executable, "-m", "analyzer", "check", "--format", "json", "--exit-zero"]
        times = [_timed(command, root) for _ in range(args.repeat)]
        peak_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    figures = {
        "files": files,
        "lines": lines,
        "check_seconds_best": round(min(times), 2),
        "check_seconds_all": [round(t, 2) for t in times],
        "peak_memory_mb": round(peak_kib / 1024, 1),
        "machine": f"{_cpu()}, {os.cpu_count()} cores, Python {platform.python_version()}",
    }
    print(f"{'corpus':<28}{files} files, {lines} lines")
    print(
        f"{'buslint check (best of ' + str(args.repeat) + ')':<28}{figures['check_seconds_best']} s"
    )
    print(f"{'peak memory':<28}{figures['peak_memory_mb']} MB")
    print(f"{'machine':<28}{figures['machine']}")
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(figures, indent=2) + "\n")


if __name__ == "__main__":
    main()
