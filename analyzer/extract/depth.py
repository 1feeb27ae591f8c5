"""A cheap look at a file's shape before parsing: is it deep enough to crash the native parser?

libcst's native parser overflows its stack and kills the process (a segmentation fault, not an
exception) on inputs such as 5,000 nested parentheses or a 10,000-term ``1 + 1 + …`` chain. Such
files are rare; this scan finds the candidates in a fraction of the parse time so they can be
parsed in a process of their own, where a crash becomes a BUS000 finding instead of the end of
the run.
"""

from __future__ import annotations

import ast
import warnings

MAX_DEPTH = 100
MAX_LINE = 5_000
MAX_BRACKETED_LINES = 2_000
_BRACKETS = b"()[]{}\n"
_OTHERS = bytes(b for b in range(256) if b not in _BRACKETS)
_STEP = {ord("("): 1, ord("["): 1, ord("{"): 1, ord(")"): -1, ord("]"): -1, ord("}"): -1}


def risky(source: bytes) -> bool:
    """True when the source might crash the parser: deep brackets, a huge line, a huge expression."""
    if any(len(line) > MAX_LINE for line in source.splitlines()):
        return True
    brackets = source.translate(None, _OTHERS)
    if not brackets.strip(b"\n"):
        return False
    depth = 0
    lines_open = 0
    for char in brackets:
        if char == 10:  # a newline inside brackets: one more line of the same expression
            if depth > 0:
                lines_open += 1
                if lines_open > MAX_BRACKETED_LINES:
                    return True
            continue
        depth += _STEP[char]
        if depth > MAX_DEPTH:
            return True
        if depth <= 0:
            depth, lines_open = 0, 0
    return False


MAX_TREE_DEPTH = 500


def too_deep(source: bytes) -> bool:
    """For a risky file: does CPython's own parser (``ast.parse``, which only parses) find it too
    deep? Its verdict takes milliseconds, where libcst's native parser may spend a minute before
    it crashes. A file CPython parses with a shallow tree is left to libcst (in isolation)."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # the analysed code's warnings are not ours to print
            tree = ast.parse(source)
    except (RecursionError, MemoryError):
        return True
    except SyntaxError as error:
        return "too many nested" in str(error.msg)
    except ValueError:
        return False
    stack: list[tuple[ast.AST, int]] = [(tree, 1)]
    while stack:
        node, depth = stack.pop()
        if depth > MAX_TREE_DEPTH:
            return True
        stack.extend((child, depth + 1) for child in ast.iter_child_nodes(node))
    return False
