"""A progress bar on stderr for long runs (click's): only on a terminal, never for machine formats
or hooks, and only once a run has taken a second."""

from __future__ import annotations

import os
import sys
import time
from typing import TYPE_CHECKING, TextIO

import click

if TYPE_CHECKING:
    from click._termui_impl import ProgressBar as ProgressBarType

DELAY_SECONDS = 1.0


class ProgressBar:
    """Call with (done, total); draws nothing until the run has taken a second."""

    def __init__(self, stream: TextIO | None = None, label: str = "analysing") -> None:
        self.stream = stream or sys.stderr
        self.label = label
        self.started = time.monotonic()
        self.bar: ProgressBarType[int] | None = None

    def __call__(self, done: int, total: int) -> None:
        if not total or time.monotonic() - self.started < DELAY_SECONDS:
            return
        if self.bar is None:
            self.bar = click.progressbar(
                length=total, label=self.label, file=self.stream, show_pos=True, width=30
            )
        self.bar.update(done - self.bar.pos)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.render_finish()


def wanted(machine_format: bool, stream: TextIO | None = None) -> bool:
    """A bar only on a terminal, not under pre-commit, not for json/sarif/… outputs."""
    stream = stream or sys.stderr
    return not machine_format and stream.isatty() and os.environ.get("PRE_COMMIT") != "1"
