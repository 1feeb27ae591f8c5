"""`[tool.buslint]` configuration: typed, validated, with defaults that need no configuration."""

from __future__ import annotations

import difflib
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from analyzer.errors import ConfigError
from analyzer.model import Severity

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib


def _kebab(name: str) -> str:
    return name.replace("_", "-")


class _Section(BaseModel):
    model_config = ConfigDict(
        extra="forbid", frozen=True, alias_generator=_kebab, populate_by_name=True
    )


class Vocabulary(_Section):
    """Names that mark messages, handlers and messaging APIs, as ruff's `select` and
    `extend-select`: a list (``send-verbs``) replaces the default words, its ``extend-`` twin
    (``extend-send-verbs``) adds to them; None keeps the defaults."""

    command_bases: tuple[str, ...] | None = None
    event_bases: tuple[str, ...] | None = None
    query_bases: tuple[str, ...] | None = None
    message_bases: tuple[str, ...] | None = None
    command_modules: tuple[str, ...] | None = None
    event_modules: tuple[str, ...] | None = None
    query_modules: tuple[str, ...] | None = None
    message_modules: tuple[str, ...] | None = None
    send_verbs: tuple[str, ...] | None = None
    publish_verbs: tuple[str, ...] | None = None
    neutral_verbs: tuple[str, ...] | None = None
    bus_names: tuple[str, ...] | None = None
    command_decorators: tuple[str, ...] | None = None
    event_decorators: tuple[str, ...] | None = None
    handler_decorators: tuple[str, ...] | None = None
    command_registrations: tuple[str, ...] | None = None
    event_registrations: tuple[str, ...] | None = None
    handler_registrations: tuple[str, ...] | None = None
    registry_names: tuple[str, ...] | None = None
    command_handler_bases: tuple[str, ...] | None = None
    event_handler_bases: tuple[str, ...] | None = None
    query_handler_bases: tuple[str, ...] | None = None
    handler_bases: tuple[str, ...] | None = None
    extend_command_bases: tuple[str, ...] = ()
    extend_event_bases: tuple[str, ...] = ()
    extend_query_bases: tuple[str, ...] = ()
    extend_message_bases: tuple[str, ...] = ()
    extend_command_modules: tuple[str, ...] = ()
    extend_event_modules: tuple[str, ...] = ()
    extend_query_modules: tuple[str, ...] = ()
    extend_message_modules: tuple[str, ...] = ()
    extend_send_verbs: tuple[str, ...] = ()
    extend_publish_verbs: tuple[str, ...] = ()
    extend_neutral_verbs: tuple[str, ...] = ()
    extend_bus_names: tuple[str, ...] = ()
    extend_command_decorators: tuple[str, ...] = ()
    extend_event_decorators: tuple[str, ...] = ()
    extend_handler_decorators: tuple[str, ...] = ()
    extend_command_registrations: tuple[str, ...] = ()
    extend_event_registrations: tuple[str, ...] = ()
    extend_handler_registrations: tuple[str, ...] = ()
    extend_registry_names: tuple[str, ...] = ()
    extend_command_handler_bases: tuple[str, ...] = ()
    extend_event_handler_bases: tuple[str, ...] = ()
    extend_query_handler_bases: tuple[str, ...] = ()
    extend_handler_bases: tuple[str, ...] = ()


class Kinds(_Section):
    """Glob patterns over qualified names that fix a message's kind; the strongest evidence."""

    commands: tuple[str, ...] = ()
    events: tuple[str, ...] = ()
    queries: tuple[str, ...] = ()


class Naming(_Section):
    """Options of the naming rules (BUS009, BUS010)."""

    allow: tuple[str, ...] = ()
    """Glob patterns over message names or qualified names that the naming rules accept as they are."""


class Config(_Section):
    """The whole `[tool.buslint]` table."""

    src: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    extend_exclude: tuple[str, ...] = ()
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    severity: dict[str, Severity] = Field(default_factory=dict)
    follow_symlinks: bool = False
    """Analyse files reached through symbolic links that point outside the project."""
    contexts: dict[str, tuple[str, ...]] = Field(default_factory=dict)
    """Bounded contexts: a name → glob patterns over module names (``shop.orders.*``)."""
    per_file_ignores: dict[str, tuple[str, ...]] = Field(default_factory=dict)
    """Glob over project-relative paths → rule codes (or prefixes) ignored in those files."""
    kinds: Kinds = Kinds()
    vocabulary: Vocabulary = Vocabulary()
    external: tuple[str, ...] = ()
    """Glob patterns over qualified names of messages (and ``transport:name`` of channels) that
    come from outside the analysed code (another service emits them): never reported as
    orphaned or unused."""
    public: tuple[str, ...] = ()
    """Glob patterns over qualified names of messages (and ``transport:name`` of channels) that
    the project offers to callers outside the analysed code (a service's RPC methods, a topic
    other services publish to): handled but never produced here is normal for them."""
    naming: Naming = Naming()


DEFAULT_EXCLUDE = (
    ".git",
    ".hg",
    ".svn",
    ".venv",
    "venv",
    ".tox",
    ".nox",
    "__pycache__",
    "node_modules",
    "build",
    "dist",
    ".mypy_cache",
    ".ruff_cache",
    ".pytest_cache",
    ".buslint_cache",
    "site-packages",
    ".aws-sam",
    ".serverless",
)


CONFIG_FILES = (".buslint.toml", "buslint.toml", "pyproject.toml")
"""The files a folder may configure buslint in, the first found winning (as ruff reads
``.ruff.toml``, ``ruff.toml``, then ``pyproject.toml``); a pyproject.toml counts only with a
``[tool.buslint]`` table."""


def find_config(start: Path) -> Path | None:
    """The nearest configuration at or above `start`: a ``.buslint.toml`` or ``buslint.toml``
    (top-level keys), or a pyproject.toml with a ``[tool.buslint]`` table."""
    start = start.resolve()
    for folder in (start, *start.parents) if start.is_dir() else start.parents:
        for name in CONFIG_FILES:
            candidate = folder / name
            if not candidate.is_file():
                continue
            if name != "pyproject.toml":
                return candidate
            try:
                data = tomllib.loads(candidate.read_text(encoding="utf-8"))
            except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
                return candidate  # let load_config report the problem
            if "buslint" in data.get("tool", {}):
                return candidate
    return None


def load_config(path: Path) -> Config:
    """Read and validate a configuration file: ``[tool.buslint]`` when the file has that table
    (a pyproject.toml, or any file given with ``--config``), else its top-level keys (a
    buslint.toml)."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(str(path), "", "the configuration file does not exist") from None
    except IsADirectoryError:
        raise ConfigError(str(path), "", "is a folder, not a configuration file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(str(path), "", f"cannot be read: {exc}") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(str(path), "", f"is not valid TOML: {exc}") from None
    tool = data.get("tool")
    if isinstance(tool, dict) and "buslint" in tool:
        return parse_config(tool["buslint"], str(path))
    if path.name == "pyproject.toml":
        return parse_config({}, str(path))
    return parse_config(data, str(path))


def parse_config(table: Mapping[str, Any], source: str) -> Config:
    """Validate a `[tool.buslint]` mapping; raise ConfigError naming the first bad key."""
    try:
        return Config.model_validate(dict(table))
    except ValidationError as exc:
        error = exc.errors()[0]
        key = ".".join(str(part) for part in error["loc"])
        if error["type"] == "extra_forbidden":
            raise ConfigError(source, key, _unknown_key_message(key)) from None
        raise ConfigError(source, key, f"{error['msg']} (got {error.get('input')!r})") from None


def _unknown_key_message(key: str) -> str:
    parts = key.split(".")
    model: type[BaseModel] = Config
    for part in parts[:-1]:
        field = model.model_fields.get(part.replace("-", "_"))
        annotation = field.annotation if field else None
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            model = annotation
    valid = sorted(_kebab(name) for name in model.model_fields)
    close = difflib.get_close_matches(parts[-1], valid, n=1)
    hint = f"; did you mean {close[0]!r}?" if close else ""
    return f"unknown key{hint} Valid keys: {', '.join(valid)}"
