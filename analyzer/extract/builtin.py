"""The recognisers that ship with buslint (also registered as entry points in pyproject.toml)."""

from __future__ import annotations

from analyzer.extract.boto3_sdk import Boto3
from analyzer.extract.celery import Celery
from analyzer.extract.eventsourcing import EventSourcing
from analyzer.extract.faststream import FastStream
from analyzer.extract.generic import GenericBus
from analyzer.extract.nameko import Nameko
from analyzer.extract.recogniser import Recogniser
from analyzer.extract.redis_pubsub import RedisPubSub
from analyzer.extract.signals import Signals

BUILTIN: tuple[type[Recogniser], ...] = (
    Boto3,
    Celery,
    EventSourcing,
    FastStream,
    Nameko,
    RedisPubSub,
    Signals,
    GenericBus,
)
"""In the order they run: framework recognisers first, the generic bus last."""
