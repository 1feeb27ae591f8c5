"""The recognisers that ship with buslint (also registered as entry points in pyproject.toml)."""

from __future__ import annotations

from analyzer.extract.generic import GenericBus
from analyzer.extract.recogniser import Recogniser

BUILTIN: tuple[type[Recogniser], ...] = (GenericBus,)
