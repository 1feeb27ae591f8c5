"""Colour and default format from the environment: NO_COLOR, FORCE_COLOR, PRE_COMMIT, a terminal."""

from __future__ import annotations

from collections.abc import Mapping

RESET = "\x1b[0m"
BOLD = "\x1b[1m"
RED = "\x1b[31m"
YELLOW = "\x1b[33m"
CYAN = "\x1b[36m"
BLUE = "\x1b[34m"


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


def paint(text: str, *styles: str, on: bool) -> str:
    return f"{''.join(styles)}{text}{RESET}" if on and styles else text
