"""What every exporter is told besides the graph: contexts, package depth, where sources live."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from urllib.parse import quote

from analyzer.contexts import group_of


@dataclass(frozen=True)
class ExportOptions:
    """Settings shared by all graph formats; the defaults suit a graph built in memory."""

    contexts: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    """`[tool.buslint.contexts]`: context name → module patterns."""
    package_depth: int = 1
    """How many leading package components name a group when no context matches."""
    source_base: str = ""
    """Prefix that turns a project-relative source path into a link from the output's root
    folder: a relative path (``../``), an absolute one, or a URL (``https://…/blob/main/``)."""

    def group(self, qualname: str) -> str:
        """The configured context of a qualified name, else its package at `package_depth`."""
        return group_of(qualname, self.contexts, self.package_depth)

    def source_link(self, path: str, line: int | None, up: int = 0) -> str:
        """A link to `path` (line `line`) from a file `up` folders below the output's root."""
        base = self.source_base
        if up and "://" not in base and not base.startswith("/"):
            base = "../" * up + base
        return f"{base}{quote(path, safe='/')}" + (f"#L{line}" if line else "")
