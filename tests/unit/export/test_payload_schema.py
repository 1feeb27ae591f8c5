"""Payload schemas from annotation text: what a reader of the AsyncAPI or EventCatalog page sees."""

from __future__ import annotations

import pytest

from analyzer.export.payload_schema import annotation_schema


@pytest.mark.parametrize(
    ("annotation", "schema"),
    [
        ("str", {"type": "string"}),
        ("int", {"type": "integer"}),
        ("float", {"type": "number"}),
        ("bool", {"type": "boolean"}),
        ("Decimal", {"type": "string", "format": "decimal"}),
        ("decimal.Decimal", {"type": "string", "format": "decimal"}),
        ("datetime", {"type": "string", "format": "date-time"}),
        ("dt.date", {"type": "string", "format": "date"}),
        ("UUID", {"type": "string", "format": "uuid"}),
        ("list[str]", {"type": "array", "items": {"type": "string"}}),
        ("tuple[str, ...]", {"type": "array", "items": {"type": "string"}}),
        (
            "tuple[str, int]",
            {
                "type": "array",
                "items": [{"type": "string"}, {"type": "integer"}],
                "minItems": 2,
                "maxItems": 2,
            },
        ),
        ("frozenset[int]", {"type": "array", "items": {"type": "integer"}, "uniqueItems": True}),
        ("dict[str, float]", {"type": "object", "additionalProperties": {"type": "number"}}),
        ("Optional[int]", {"anyOf": [{"type": "integer"}, {"type": "null"}]}),
        ("int | None", {"anyOf": [{"type": "integer"}, {"type": "null"}]}),
        ("typing.Union[str, int]", {"anyOf": [{"type": "string"}, {"type": "integer"}]}),
        ("'Decimal'", {"type": "string", "format": "decimal"}),
        ("Final[str]", {"type": "string"}),
        ("Literal['a', 'b']", {"enum": ["a", "b"]}),
        ("list[Address]", {"type": "array"}),
        ("Address", {}),
        ("Address | None", {}),
        ("not a type (", {}),
    ],
)
def test_annotation_schema(annotation: str, schema: dict[str, object]) -> None:
    assert annotation_schema(annotation) == schema
