"""Colour and default format from the environment: NO_COLOR, FORCE_COLOR, PRE_COMMIT, a terminal;
the styles themselves are click's."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import click


@dataclass(frozen=True)
class Style:
    """A colour or a weight, as click.style takes them."""

    fg: str | None = None
    bold: bool = False


BOLD = Style(bold=True)
RED = Style("red")
YELLOW = Style("yellow")
CYAN = Style("cyan")
BLUE = Style("blue")


def use_colour(env: Mapping[str, str], is_terminal: bool) -> bool:
    """NO_COLOR (set and non-empty) wins, then FORCE_COLOR; never under pre-commit or off a terminal."""
    if env.get("NO_COLOR"):
        return False
    if env.get("FORCE_COLOR"):
        return True
    return is_terminal and env.get("PRE_COMMIT") != "1"


def human_terminal(env: Mapping[str, str], is_terminal: bool) -> bool:
    """True when a person reads the output live: the `full` format is the default then."""
    return is_terminal and env.get("PRE_COMMIT") != "1"


def paint(text: str, *styles: Style, on: bool) -> str:
    """`text` in the styles (the first colour given, bold when any is), when `on`."""
    if not on or not styles:
        return text
    colour = next((s.fg for s in styles if s.fg), None)
    return click.style(text, fg=colour, bold=any(s.bold for s in styles))
