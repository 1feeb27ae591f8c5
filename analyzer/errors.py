"""The exceptions buslint raises on purpose: each one ends the run with exit code 2."""

from __future__ import annotations


class BuslintError(Exception):
    """Root of every error buslint reports to the user instead of findings."""


class ConfigError(BuslintError):
    """A configuration problem: names the file, the key and what would be valid."""

    def __init__(self, path: str, key: str, problem: str) -> None:
        self.path = path
        self.key = key
        self.problem = problem
        where = f"{path}: " if path else ""
        key_part = f"[tool.buslint] {key}: " if key else ""
        super().__init__(f"{where}{key_part}{problem}")


class UsageError(BuslintError):
    """A command line that cannot be acted on (a path that does not exist, an unknown rule)."""
