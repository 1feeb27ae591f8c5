"""Escaping for what the exports embed: Markdown/MDX text, code spans, table cells, Mermaid labels, YAML."""

from __future__ import annotations

import json
import re

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+!|~&$])")
_BACKTICKS = re.compile(r"`+")


def text(value: str) -> str:
    """Plain text for Markdown or MDX: every character that could start markup is escaped."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", " ".join(value.split()))


def code(value: str) -> str:
    """An inline code span that holds `value` literally (MDX reads code spans verbatim)."""
    value = " ".join(value.split())
    longest = max((len(m) for m in _BACKTICKS.findall(value)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if value.startswith("`") or value.endswith("`") or longest else ""
    return f"{fence}{pad}{value}{pad}{fence}"


def cell(markdown: str) -> str:
    """Markdown for a table cell: pipes escaped (also inside code spans, as GFM requires)."""
    return markdown.replace("|", "\\|")


def mermaid(value: str) -> str:
    """A Mermaid label, to be put between double quotes: quotes, markup and separators as entities."""
    out = []
    for char in " ".join(value.split()):
        if char in '"#;<>&`{}[]|':
            out.append(f"#{ord(char)};")
        else:
            out.append(char)
    return "".join(out)


def yaml_scalar(value: str) -> str:
    """A double-quoted YAML scalar: JSON string syntax is a subset of it."""
    return json.dumps(value, ensure_ascii=False)
