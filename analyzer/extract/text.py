"""A file's text and the problems that stop its analysis: no libcst here, so that a run that
parses nothing (every file cached or skipped) never loads the parser."""

from __future__ import annotations

import io
import tokenize

from analyzer.model import FileFacts, Location, ParseProblem

TOO_DEEP = "too deeply nested to analyse"


class DecodeProblem(Exception):
    def __init__(self, message: str, line: int, column: int = 1) -> None:
        super().__init__(message)
        self.message, self.line, self.column = message, line, column


def decode(source: bytes) -> str:
    """The text of a Python file, honouring a BOM and a coding declaration (PEP 263)."""
    nul = source.find(b"\x00")
    if nul >= 0:
        line = source.count(b"\n", 0, nul) + 1
        raise DecodeProblem("contains a NUL byte: not a Python source file", line)
    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(source).readline)
    except SyntaxError as exc:
        # tokenize gives up on the first two lines; decoding names the offending byte.
        encoding, unclear = "utf-8", f"cannot be decoded: {exc.msg}"
    else:
        unclear = ""
    try:
        text = source.decode(encoding)
    except UnicodeDecodeError as exc:
        line = source.count(b"\n", 0, exc.start) + 1
        column = exc.start - (source.rfind(b"\n", 0, exc.start) + 1) + 1
        bad = source[exc.start : exc.start + 1].hex()
        raise DecodeProblem(
            f"cannot be decoded as {encoding}: byte 0x{bad} is invalid; "
            "declare the encoding (# -*- coding: latin-1 -*-) or save the file as UTF-8",
            line,
            column,
        ) from None
    except LookupError:
        raise DecodeProblem(f"declares an unknown encoding {encoding!r}", 1) from None
    if unclear:
        raise DecodeProblem(unclear, 1)
    return text


def problem(
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
    return problem(path, module, is_package, message, 1, 1)
