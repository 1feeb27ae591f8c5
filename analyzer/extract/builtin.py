"""The recognisers that ship with buslint (also registered as entry points in pyproject.toml)."""

from __future__ import annotations

from analyzer.extract.celery import Celery
from analyzer.extract.eventsourcing import EventSourcing
from analyzer.extract.generic import GenericBus
from analyzer.extract.nameko import Nameko
from analyzer.extract.recogniser import Recogniser
from analyzer.extract.signals import Signals

BUILTIN: tuple[type[Recogniser], ...] = (GenericBus, Celery, Signals, Nameko, EventSourcing)
