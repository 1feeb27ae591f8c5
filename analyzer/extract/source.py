"""One file's bytes in, its FileFacts out: parse with libcst, walk once, locate what is reported."""

from __future__ import annotations

import ast
import dataclasses
import warnings
from collections.abc import Sequence
from typing import TypeVar

import libcst as cst

from analyzer.extract.infra import extract_infra, is_infra_path
from analyzer.extract.positions import locations
from analyzer.extract.recogniser import Recogniser, interested, load_recognisers
from analyzer.extract.text import TOO_DEEP, DecodeProblem, decode
from analyzer.extract.text import problem as _problem
from analyzer.extract.visitor import FileVisitor
from analyzer.extract.walk import Walker
from analyzer.model import FileFacts, Flow, Location, Val
from analyzer.vocabulary import Names

_T = TypeVar("_T")


def extract(
    source: bytes,
    path: str,
    module: str,
    is_package: bool,
    names: Names,
    recognisers: Sequence[Recogniser] | None = None,
    import_name: str = "",
    root: str = "",
) -> FileFacts:
    """Parse `source` with libcst and collect its facts; a file that cannot be parsed gets a problem.

    `recognisers` defaults to every registered one; only those whose markers occur in the file run.
    Infrastructure files (YAML/JSON templates, serverless.yml) are read by `extract_infra`.
    `module` is the module's name unique in the tree; `import_name`, when it differs, what Python
    calls it (relative imports and names derived from the module use it); `root` its import root.
    """
    if is_infra_path(path):
        return extract_infra(source, path, module)
    active = interested(load_recognisers() if recognisers is None else recognisers, source)
    try:
        text = decode(source)
    except DecodeProblem as problem:
        return _problem(path, module, is_package, problem.message, problem.line, problem.column)
    try:
        tree = cst.parse_module(text)
    except cst.ParserSyntaxError as exc:
        message, line, column = _syntax_error(text, exc)
        return _problem(path, module, is_package, message, line, column)
    except RecursionError:
        return _problem(path, module, is_package, TOO_DEEP, 1, 1)
    visitor = FileVisitor(path, module, is_package, names, active, import_name)
    try:
        Walker(visitor).walk(tree)
        resolved = locations(tree, text, visitor.located, path)
    except RecursionError:
        return _problem(path, module, is_package, TOO_DEEP, 1, 1)
    facts = _with_locations(facts_of(visitor), resolved)
    return dataclasses.replace(facts, import_name=import_name, root=root)


def facts_of(visitor: FileVisitor) -> FileFacts:
    """The facts a visitor collected, as they are (placeholder locations included)."""
    return FileFacts(
        path=visitor.path,
        module=visitor.module,
        is_package=visitor.is_package,
        imports=tuple(visitor.imports.items()),
        aliases=tuple(visitor.aliases.items()),
        classes=tuple(visitor.classes),
        functions=tuple(visitor.functions),
        registrations=tuple(visitor.registrations),
        sends=tuple(visitor.sends),
        calls=tuple(visitor.calls),
        channels=tuple(visitor.channels),
        constants=tuple(sorted(visitor.constants.items())),
        bound=tuple(visitor.bound),
        flows=tuple(visitor.flows),
    )


def _with_locations(value: _T, resolved: list[Location]) -> _T:
    """Replace the placeholder locations (line -n) made during the walk by the real ones."""
    if isinstance(value, Location):
        return resolved[-value.line - 1] if value.line < 0 else value  # type: ignore[return-value]
    if isinstance(value, tuple):
        return tuple(_with_locations(item, resolved) for item in value)  # type: ignore[return-value]
    if isinstance(value, Val | Flow):
        return value  # expressions hold no locations
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes = {}
        for field in dataclasses.fields(value):
            item = getattr(value, field.name)
            if isinstance(item, Location | tuple) or dataclasses.is_dataclass(item):
                new = _with_locations(item, resolved)
                if new is not item:
                    changes[field.name] = new
        return dataclasses.replace(value, **changes) if changes else value
    return value


def _syntax_error(source: str, exc: cst.ParserSyntaxError) -> tuple[str, int, int]:
    """The clearest description of a syntax error: CPython's own parser (``ast.parse``, which
    only parses), else libcst's first line."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # the analysed code's warnings are not ours to print
            ast.parse(source)
    except SyntaxError as error:
        line = error.lineno or exc.raw_line
        return f"syntax error: {error.msg}", line, error.offset or 1
    except (ValueError, RecursionError, MemoryError):
        pass
    first = exc.message.splitlines()[0] if exc.message else "cannot be parsed"
    return f"syntax error: {first}", exc.raw_line, exc.raw_column + 1
