"""What a class definition declares: bases, data model, frozenness, fields, handler method."""

from __future__ import annotations

from collections.abc import Callable

import libcst as cst

from analyzer.extract.expressions import (
    dotted,
    is_false,
    is_true,
    keyword_value,
    last_name,
    mutable_annotation,
    mutable_default,
    string_value,
)
from analyzer.model import ClassFact, FieldFact, Location, Ref
from analyzer.vocabulary import HANDLE_METHODS

ATTRS_MUTABLE = frozenset(
    {
        "attr.s",
        "attr.attrs",
        "attrs.define",
        "attr.define",
        "define",
        "attr.mutable",
        "attrs.mutable",
        "mutable",
        "attr.dataclass",
    }
)
ATTRS_FROZEN = frozenset({"attr.frozen", "attrs.frozen", "frozen"})
PYDANTIC_FROZEN_KEYS = {"frozen": True, "allow_mutation": False, "faux_immutability": True}
PYDANTIC_CONFIG_KEYS = frozenset(
    {"arbitrary_types_allowed", "orm_mode", "from_attributes", "validate_assignment", "extra"}
    | PYDANTIC_FROZEN_KEYS.keys()
)
"""Keys of a pydantic ``class Config:`` (v1) that say the class is a pydantic model."""


def class_fact(
    node: cst.ClassDef,
    qualname: str,
    location: Location,
    locate: Callable[[cst.CSTNode], Location],
    ref: Callable[[cst.BaseExpression], Ref],
) -> ClassFact:
    """Read one ClassDef; `ref` turns a base expression into a Ref in the module's scope."""
    bases: list[Ref] = []
    generic: list[tuple[str, tuple[Ref, ...]]] = []
    keywords: list[tuple[str, str]] = []
    frozen: bool | None = None
    for arg in node.bases:
        value = arg.value
        if isinstance(value, cst.Subscript):
            head = dotted(value.value)
            if head is None:
                continue
            bases.append(Ref(head, head))
            args = tuple(
                ref(el.slice.value) for el in value.slice if isinstance(el.slice, cst.Index)
            )
            generic.append((head, args))
        else:
            name = dotted(value)
            if name is not None:
                bases.append(Ref(name, name))
    for kw in node.keywords:
        if kw.keyword is None:
            continue
        keywords.append((kw.keyword.value, _word(kw.value)))
        if kw.keyword.value == "frozen":
            frozen = True if is_true(kw.value) else False if is_false(kw.value) else frozen

    decorators, data_model, declared = _decorators(node)
    if declared is not None:
        frozen = declared
    body_frozen = _pydantic_body_frozen(node)
    if body_frozen is not None:
        frozen = body_frozen
    if data_model is None and _pydantic_config(node):
        data_model = "pydantic"  # its base may be a library's model (`class E(lato.Event)`)
    if any(b.text.rsplit(".", 1)[-1] == "NamedTuple" for b in bases):
        data_model, frozen = "namedtuple", True

    fields: list[FieldFact] = []
    methods: list[str] = []
    attributes: list[tuple[str, Ref]] = []
    for statement in _body(node):
        if isinstance(statement, cst.FunctionDef):
            methods.append(statement.name.value)
        elif isinstance(statement, cst.SimpleStatementLine):
            for small in statement.body:
                attributes.extend(_attributes(small, ref))
                if isinstance(small, cst.AnnAssign) and isinstance(small.target, cst.Name):
                    reason = _field_mutability(small)
                    if reason == "ClassVar":
                        continue
                    fields.append(
                        FieldFact(
                            small.target.value,
                            _word(small.annotation.annotation),
                            reason,
                            locate(small.target),
                        )
                    )
    handle = next((m for m in HANDLE_METHODS if m in methods), None)
    return ClassFact(
        qualname=qualname,
        name=node.name.value,
        location=location,
        bases=tuple(bases),
        generic_args=tuple(generic),
        decorators=tuple(decorators),
        frozen=frozen,
        data_model=data_model,
        fields=tuple(fields),
        methods=tuple(methods),
        handle_method=handle,
        keywords=tuple(keywords),
        attributes=tuple(attributes),
    )


def _attributes(
    small: cst.BaseSmallStatement, ref: Callable[[cst.BaseExpression], Ref]
) -> list[tuple[str, Ref]]:
    """``add_signal = basket_addition`` in a class body: the attribute and the name it holds."""
    if isinstance(small, cst.Assign):
        targets = [t.target for t in small.targets]
        value: cst.BaseExpression | None = small.value
    elif isinstance(small, cst.AnnAssign):
        targets, value = [small.target], small.value
    else:
        return []
    if value is None:
        return []
    held = ref(value) if dotted(value) is not None else Ref(None, "")
    return [(target.value, held) for target in targets if isinstance(target, cst.Name)]


def _word(node: cst.BaseExpression) -> str:
    return cst.Module(body=[]).code_for_node(node)


def _body(node: cst.ClassDef) -> list[cst.BaseStatement | cst.BaseSmallStatement]:
    body = node.body
    if isinstance(body, cst.IndentedBlock):
        return list(body.body)
    return list(body.body)


def _decorators(node: cst.ClassDef) -> tuple[list[str], str | None, bool | None]:
    names: list[str] = []
    data_model: str | None = None
    frozen: bool | None = None
    for decorator in node.decorators:
        expr = decorator.decorator
        call = expr if isinstance(expr, cst.Call) else None
        name = dotted(call.func if call else expr) or ""
        names.append(name)
        last = name.rsplit(".", 1)[-1]
        if last == "dataclass" and name not in ATTRS_MUTABLE:
            data_model = "dataclass"
            frozen = bool(call and is_true(keyword_value(call, "frozen")))
        elif name in ATTRS_FROZEN:
            data_model, frozen = "attrs", True
        elif name in ATTRS_MUTABLE:
            data_model = "attrs"
            frozen = bool(call and is_true(keyword_value(call, "frozen")))
    return names, data_model, frozen


def _pydantic_body_frozen(node: cst.ClassDef) -> bool | None:
    """``model_config = ConfigDict(frozen=True)`` or ``class Config: frozen = True`` in the body."""
    for statement in _body(node):
        if isinstance(statement, cst.ClassDef) and statement.name.value == "Config":
            for inner in _body(statement):
                if isinstance(inner, cst.SimpleStatementLine):
                    for small in inner.body:
                        found = _config_assignment(small)
                        if found is not None:
                            return found
        if isinstance(statement, cst.SimpleStatementLine):
            for small in statement.body:
                target, value = _assigned(small)
                if target != "model_config" or value is None:
                    continue
                if isinstance(value, cst.Call):
                    for key, immutable in PYDANTIC_FROZEN_KEYS.items():
                        setting = keyword_value(value, key)
                        if setting is not None:
                            return is_true(setting) == immutable
                if isinstance(value, cst.Dict):
                    for element in value.elements:
                        if isinstance(element, cst.DictElement):
                            key_text = string_value(element.key)
                            if key_text in PYDANTIC_FROZEN_KEYS:
                                return is_true(element.value) == PYDANTIC_FROZEN_KEYS[key_text]
    return None


def _pydantic_config(node: cst.ClassDef) -> bool:
    """``model_config = ConfigDict(...)``, or a ``class Config:`` setting a pydantic key."""
    for statement in _body(node):
        if isinstance(statement, cst.ClassDef) and statement.name.value == "Config":
            for inner in _body(statement):
                if isinstance(inner, cst.SimpleStatementLine) and any(
                    _assigned(small)[0] in PYDANTIC_CONFIG_KEYS for small in inner.body
                ):
                    return True
        if isinstance(statement, cst.SimpleStatementLine):
            for small in statement.body:
                target, value = _assigned(small)
                if target == "model_config" and isinstance(value, cst.Call):
                    return (dotted(value.func) or "").rsplit(".", 1)[-1] == "ConfigDict"
    return False


def _config_assignment(small: cst.BaseSmallStatement) -> bool | None:
    target, value = _assigned(small)
    if target in PYDANTIC_FROZEN_KEYS and value is not None:
        return is_true(value) == PYDANTIC_FROZEN_KEYS[target]
    return None


def _assigned(small: cst.BaseSmallStatement) -> tuple[str | None, cst.BaseExpression | None]:
    if isinstance(small, cst.Assign) and len(small.targets) == 1:
        target = small.targets[0].target
        return (target.value if isinstance(target, cst.Name) else None), small.value
    if isinstance(small, cst.AnnAssign) and isinstance(small.target, cst.Name):
        return small.target.value, small.value
    return None, None


def _field_mutability(small: cst.AnnAssign) -> str | None:
    annotation = small.annotation.annotation
    if isinstance(annotation, cst.Subscript) and last_name(annotation.value) == "ClassVar":
        return "ClassVar"
    if last_name(annotation) == "ClassVar":
        return "ClassVar"
    typed = mutable_annotation(annotation)
    if typed:
        return f"typed {typed}"
    if small.value is not None:
        return mutable_default(small.value)
    return None
