"""Reading infrastructure files as YAML node trees: safe composition, positions, intrinsic functions.

Files are composed, never constructed: PyYAML's safe composer builds a tree of nodes that keep
their line and column, and CloudFormation's short forms (``!Ref X``, ``!GetAtt X.Arn``,
``!Sub "..."``) stay tags on those nodes, read here as data. Nothing is ever instantiated.
"""

from __future__ import annotations

import re

import yaml

from analyzer.model import Location

Node = yaml.Node
_SUB_REF = re.compile(r"^\$\{([A-Za-z0-9]+)(?:\.[A-Za-z0-9.]+)?\}$")


class InfraProblem(Exception):
    """A file that cannot be decoded or parsed, with where it went wrong (1-based)."""

    def __init__(self, message: str, line: int = 1, column: int = 1) -> None:
        super().__init__(message)
        self.message, self.line, self.column = message, line, column


def parse(source: bytes, json_text: bool = False) -> Node:
    """The root node of a YAML (or JSON) document; an empty document is an empty mapping."""
    try:
        text = source.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = source.count(b"\n", 0, exc.start) + 1
        raise InfraProblem(
            f"cannot be decoded as utf-8: byte at offset {exc.start}", line
        ) from None
    if json_text:
        text = text.replace("\t", " ")  # JSON allows tabs between tokens; YAML indentation does not
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        message = f"cannot be parsed: {exc.problem or exc.context or 'invalid YAML'}"
        if mark is None:
            raise InfraProblem(message) from None
        raise InfraProblem(message, mark.line + 1, mark.column + 1) from None
    except yaml.YAMLError as exc:
        raise InfraProblem(f"cannot be parsed: {exc}") from None
    except RecursionError:
        raise InfraProblem("too deeply nested to analyse") from None
    if root is None:
        return yaml.MappingNode("tag:yaml.org,2002:map", [])
    return root


def locate(path: str, node: Node) -> Location:
    start, end = node.start_mark, node.end_mark
    return Location(path, start.line + 1, start.column + 1, end.line + 1, end.column + 1)


def entries(node: Node | None) -> list[tuple[str, Node, Node]]:
    """A mapping's (key text, key node, value node) entries; nothing for any other node."""
    if not isinstance(node, yaml.MappingNode):
        return []
    found: list[tuple[str, Node, Node]] = []
    for key, value in node.value:
        if isinstance(key, yaml.ScalarNode):
            found.append((str(key.value), key, value))
    return found


def get(node: Node | None, *keys: str) -> Node | None:
    """The value at a path of mapping keys, or None."""
    for key in keys:
        node = next((value for name, _, value in entries(node) if name == key), None)
        if node is None:
            return None
    return node


def key_node(node: Node | None, key: str) -> Node | None:
    return next((k for name, k, _ in entries(node) if name == key), None)


def items(node: Node | None) -> list[Node]:
    """A sequence's items; a single node is a sequence of one."""
    if node is None:
        return []
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    return [node]


def scalar(node: Node | None) -> str | None:
    """A plain scalar's text (a string, number…); ``!Sub "x-${Stage}"`` gives its template text."""
    if isinstance(node, yaml.ScalarNode) and node.tag in (
        "!Sub",
        "tag:yaml.org,2002:str",
        "tag:yaml.org,2002:int",
        "tag:yaml.org,2002:float",
    ):
        return str(node.value)
    sub = get(node, "Fn::Sub")
    if isinstance(sub, yaml.ScalarNode):
        return str(sub.value)
    return None


def reference(node: Node | None) -> str | None:
    """The logical id a value refers to: ``!Ref X``, ``!GetAtt X.Arn``, ``!Sub "${X.Arn}"``, long forms."""
    if node is None:
        return None
    if isinstance(node, yaml.ScalarNode):
        if node.tag == "!Ref":
            return str(node.value)
        if node.tag == "!GetAtt":
            return str(node.value).split(".", 1)[0]
        if node.tag == "!Sub":
            match = _SUB_REF.match(str(node.value))
            return match.group(1) if match else None
        return None
    if isinstance(node, yaml.SequenceNode) and node.tag == "!GetAtt" and node.value:
        return scalar(node.value[0])
    ref = get(node, "Ref")
    if isinstance(ref, yaml.ScalarNode):
        return str(ref.value)
    getatt = get(node, "Fn::GetAtt")
    if isinstance(getatt, yaml.ScalarNode):
        return str(getatt.value).split(".", 1)[0]
    if isinstance(getatt, yaml.SequenceNode) and getatt.value:
        return scalar(getatt.value[0])
    sub = get(node, "Fn::Sub")
    if isinstance(sub, yaml.ScalarNode):
        match = _SUB_REF.match(str(sub.value))
        return match.group(1) if match else None
    return None
