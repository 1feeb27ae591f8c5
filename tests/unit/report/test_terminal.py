"""Colour and the default format follow NO_COLOR, FORCE_COLOR, PRE_COMMIT and the terminal."""

from __future__ import annotations

import pytest

from analyzer.report.terminal import human_terminal, use_colour


@pytest.mark.parametrize(
    ("env", "terminal", "colour"),
    [
        ({}, True, True),
        ({}, False, False),
        ({"NO_COLOR": "1"}, True, False),
        ({"NO_COLOR": ""}, True, True),
        ({"FORCE_COLOR": "1"}, False, True),
        ({"FORCE_COLOR": "1", "NO_COLOR": "1"}, False, False),
        ({"PRE_COMMIT": "1"}, True, False),
        ({"PRE_COMMIT": "1", "FORCE_COLOR": "1"}, True, True),
    ],
)
def test_use_colour(env: dict[str, str], terminal: bool, colour: bool) -> None:
    assert use_colour(env, terminal) is colour


def test_full_format_only_for_a_person_at_a_terminal() -> None:
    assert human_terminal({}, True)
    assert not human_terminal({}, False)
    assert not human_terminal({"PRE_COMMIT": "1"}, True)
