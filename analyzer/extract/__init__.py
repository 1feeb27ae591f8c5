"""Extraction: one file's bytes in, its FileFacts out. Pure, so it can be cached and parallelised."""

from __future__ import annotations

import libcst as cst
from libcst.metadata import MetadataWrapper

from analyzer.extract.visitor import FileVisitor
from analyzer.model import FileFacts, Location, ParseProblem
from analyzer.vocabulary import Names


def extract(source: bytes, path: str, module: str, is_package: bool, names: Names) -> FileFacts:
    """Parse `source` with libcst and collect its facts; a file that cannot be parsed gets a problem."""
    try:
        tree = cst.parse_module(source)
    except cst.ParserSyntaxError as exc:
        return _problem(path, module, is_package, f"syntax error: {exc.message}",
                        exc.raw_line, exc.raw_column + 1)
    except (UnicodeDecodeError, LookupError) as exc:
        return _problem(path, module, is_package, f"cannot be decoded: {exc}", 1, 1)
    except RecursionError:
        return _problem(path, module, is_package, "too deeply nested to analyse", 1, 1)
    visitor = FileVisitor(path, module, is_package, names)
    try:
        MetadataWrapper(tree, unsafe_skip_copy=True).visit(visitor)
    except RecursionError:
        return _problem(path, module, is_package, "too deeply nested to analyse", 1, 1)
    return FileFacts(
        path=path,
        module=module,
        is_package=is_package,
        imports=tuple(visitor.imports.items()),
        aliases=tuple(visitor.aliases.items()),
        classes=tuple(visitor.classes),
        functions=tuple(visitor.functions),
        registrations=tuple(visitor.registrations),
        sends=tuple(visitor.sends),
        calls=tuple(visitor.calls),
    )


def _problem(
    path: str, module: str, is_package: bool, message: str, line: int, column: int
) -> FileFacts:
    return FileFacts(
        path=path,
        module=module,
        is_package=is_package,
        problem=ParseProblem(message, Location(path, max(line, 1), max(column, 1))),
    )


def unreadable(path: str, module: str, is_package: bool, message: str) -> FileFacts:
    """The facts of a file that could not even be read (a folder, a broken link, no permission)."""
    return _problem(path, module, is_package, message, 1, 1)
