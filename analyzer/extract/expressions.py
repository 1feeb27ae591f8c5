"""Reading libcst expressions as names: dotted names, annotations, literals."""

from __future__ import annotations

import libcst as cst

MUTABLE_TYPES = frozenset(
    {
        "list",
        "List",
        "dict",
        "Dict",
        "set",
        "Set",
        "bytearray",
        "defaultdict",
        "DefaultDict",
        "deque",
        "Deque",
        "OrderedDict",
        "Counter",
        "MutableMapping",
        "MutableSequence",
        "MutableSet",
    }
)


def dotted(node: cst.BaseExpression) -> str | None:
    """``a.b.c`` for a Name/Attribute chain, else None."""
    if isinstance(node, cst.Name):
        return node.value
    if isinstance(node, cst.Attribute):
        head = dotted(node.value)
        return f"{head}.{node.attr.value}" if head is not None else None
    return None


def root_name(node: cst.BaseExpression) -> str | None:
    """The variable at the root of ``e.items[0].x``: ``e``."""
    while isinstance(node, cst.Attribute | cst.Subscript):
        node = node.value
    return node.value if isinstance(node, cst.Name) else None


def last_name(node: cst.BaseExpression) -> str | None:
    """``c`` for ``a.b.c``, ``f`` for ``f``; the called name for a call."""
    if isinstance(node, cst.Call):
        return last_name(node.func)
    if isinstance(node, cst.Name):
        return node.value
    if isinstance(node, cst.Attribute):
        return node.attr.value
    return None


def code(node: cst.CSTNode) -> str:
    """Source text of a node, on one line, for messages."""
    text = cst.Module(body=[]).code_for_node(node)
    return " ".join(text.split())


def is_literal(node: cst.BaseExpression) -> bool:
    return isinstance(
        node,
        cst.SimpleString | cst.ConcatenatedString | cst.FormattedString | cst.Integer | cst.Float,
    )


def string_value(node: cst.BaseExpression) -> str | None:
    if isinstance(node, cst.SimpleString):
        value = node.evaluated_value
        return value if isinstance(value, str) else None
    return None


def annotation_names(node: cst.BaseExpression) -> list[str]:
    """The classes an annotation admits: ``A | B`` and ``Union[A, B]`` give both; ``Optional[A]`` gives A.

    String annotations are read as the name they spell. ``None`` is dropped.
    """
    if isinstance(node, cst.SimpleString):
        text = string_value(node)
        if text is None:
            return []
        try:
            return annotation_names(cst.parse_expression(text))
        except cst.ParserSyntaxError:
            return []
    if isinstance(node, cst.BinaryOperation) and isinstance(node.operator, cst.BitOr):
        return annotation_names(node.left) + annotation_names(node.right)
    if isinstance(node, cst.Subscript):
        head = last_name(node.value)
        if head in ("Union", "Optional", "Annotated"):
            inner = [el.slice.value for el in node.slice if isinstance(el.slice, cst.Index)]
            if head == "Annotated":
                inner = inner[:1]
            return [name for part in inner for name in annotation_names(part)]
        return []
    name = dotted(node)
    if name is None or name == "None":
        return []
    return [name]


COLLECTIONS = frozenset(
    {
        "list",
        "List",
        "set",
        "Set",
        "frozenset",
        "FrozenSet",
        "tuple",
        "Tuple",
        "Sequence",
        "MutableSequence",
        "Iterable",
        "Iterator",
        "Collection",
        "AbstractSet",
        "Generator",
        "AsyncIterator",
        "AsyncIterable",
        "AsyncGenerator",
        "deque",
        "Deque",
    }
)


def collection_element(node: cst.BaseExpression) -> cst.BaseExpression | None:
    """The element type of a collection annotation: ``Order`` for ``list[Order]``,
    ``Optional[List[Order]]`` or ``Iterable["Order"]``; None for anything else."""
    if isinstance(node, cst.SimpleString):
        text = string_value(node)
        if text is None:
            return None
        try:
            return collection_element(cst.parse_expression(text))
        except cst.ParserSyntaxError:
            return None
    if not isinstance(node, cst.Subscript):
        return None
    head = last_name(node.value)
    inner = [el.slice.value for el in node.slice if isinstance(el.slice, cst.Index)]
    if head == "Optional" and inner:
        return collection_element(inner[0])
    if head in COLLECTIONS and inner:
        return inner[0]
    return None


def mutable_annotation(node: cst.BaseExpression) -> str | None:
    """The first mutable container type named anywhere in an annotation, if any."""
    if isinstance(node, cst.SimpleString):
        text = string_value(node)
        if text is None:
            return None
        try:
            return mutable_annotation(cst.parse_expression(text))
        except cst.ParserSyntaxError:
            return None
    if isinstance(node, cst.Name | cst.Attribute):
        name = last_name(node)
        return name if name in MUTABLE_TYPES else None
    if isinstance(node, cst.Subscript):
        head = last_name(node.value)
        if head in MUTABLE_TYPES:
            return head
        if head == "ClassVar":
            return None
        for element in node.slice:
            if isinstance(element.slice, cst.Index):
                found = mutable_annotation(element.slice.value)
                if found:
                    return found
        return None
    if isinstance(node, cst.BinaryOperation):
        return mutable_annotation(node.left) or mutable_annotation(node.right)
    return None


def mutable_default(node: cst.BaseExpression) -> str | None:
    """Why a default value is a shared mutable object: ``[]``, ``{}``, ``field(default_factory=list)``."""
    if isinstance(node, cst.List | cst.ListComp):
        return "a list default"
    if isinstance(node, cst.Dict | cst.DictComp):
        return "a dict default"
    if isinstance(node, cst.Set | cst.SetComp):
        return "a set default"
    if isinstance(node, cst.Call):
        callee = last_name(node.func)
        if callee in ("list", "dict", "set", "defaultdict", "deque", "bytearray"):
            return f"a {callee}() default"
        if callee in ("field", "Field", "attrib", "ib"):
            for arg in node.args:
                if arg.keyword and arg.keyword.value in ("default_factory", "factory"):
                    factory = last_name(arg.value)
                    if factory in MUTABLE_TYPES:
                        return f"default_factory={factory}"
                if arg.keyword and arg.keyword.value == "default":
                    return mutable_default(arg.value)
    return None


def keyword_value(call: cst.Call, name: str) -> cst.BaseExpression | None:
    for arg in call.args:
        if arg.keyword is not None and arg.keyword.value == name:
            return arg.value
    return None


def is_true(node: cst.BaseExpression | None) -> bool:
    return isinstance(node, cst.Name) and node.value == "True"


def is_false(node: cst.BaseExpression | None) -> bool:
    return isinstance(node, cst.Name) and node.value == "False"
