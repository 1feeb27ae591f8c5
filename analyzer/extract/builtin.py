"""The recognisers that ship with buslint (also registered as entry points in pyproject.toml)."""

from __future__ import annotations

from analyzer.extract.boto3_sdk import Boto3
from analyzer.extract.faststream import FastStream
from analyzer.extract.generic import GenericBus
from analyzer.extract.recogniser import Recogniser

BUILTIN: tuple[type[Recogniser], ...] = (Boto3, FastStream, GenericBus)
"""In the order they run: framework recognisers first, the generic bus last."""
