"""Findings formats for `buslint check`, one module each, keyed by `Format`."""

from __future__ import annotations

import enum
from collections.abc import Callable, Sequence

from analyzer.model import Finding
from analyzer.report import json_report, text


class Format(str, enum.Enum):
    TEXT = "text"
    JSON = "json"


Renderer = Callable[[Sequence[Finding], int], str]

RENDERERS: dict[Format, Renderer] = {
    Format.TEXT: text.render,
    Format.JSON: json_report.render,
}
