"""buslint: a static analyser and architecture linter for event-driven Python code."""

__version__ = "0.1.0"
