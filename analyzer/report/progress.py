"""A progress bar on stderr for long runs: only on a terminal, never for machine formats or hooks."""

from __future__ import annotations

import os
import sys
import time
from typing import TextIO

DELAY_SECONDS = 1.0


class ProgressBar:
    """Call with (done, total); draws nothing until the run has taken a second."""

    def __init__(self, stream: TextIO | None = None, label: str = "analysing") -> None:
        self.stream = stream or sys.stderr
        self.label = label
        self.started = time.monotonic()
        self.drawn = False

    def __call__(self, done: int, total: int) -> None:
        if not total or time.monotonic() - self.started < DELAY_SECONDS:
            return
        width = 30
        filled = width * done // total
        bar = "#" * filled + "-" * (width - filled)
        self.stream.write(f"\r{self.label} [{bar}] {done}/{total} files")
        self.stream.flush()
        self.drawn = True

    def close(self) -> None:
        if self.drawn:
            self.stream.write("\r" + " " * 70 + "\r")
            self.stream.flush()


def wanted(machine_format: bool, stream: TextIO | None = None) -> bool:
    """A bar only on a terminal, not under pre-commit, not for json/sarif/… outputs."""
    stream = stream or sys.stderr
    return not machine_format and stream.isatty() and os.environ.get("PRE_COMMIT") != "1"
