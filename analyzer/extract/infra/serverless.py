"""Serverless Framework services (``serverless.yml``): Python functions, their events, their resources."""

from __future__ import annotations

import dataclasses
import re

from analyzer.extract.infra.cloudformation import Resources, detail_types, read_template
from analyzer.extract.infra.collect import Collected, Function, function, is_python
from analyzer.extract.infra.yamltree import Node, entries, get, items, locate, scalar
from analyzer.model import ChannelRef, Kind

_SELF = re.compile(r"\$\{self:([A-Za-z0-9_.\-]+)\}")


def read_service(root: Node, collected: Collected) -> None:
    """Functions with their handlers, events and environment; ``resources`` as a CloudFormation template."""
    resources_root = get(root, "resources")
    if resources_root is not None:
        read_template(resources_root, collected, globals_node=None)
    resources = Resources(get(resources_root, "Resources"))
    provider = get(root, "provider")
    _environment(resources, collected, get(provider, "environment"), collected.folder)
    default_runtime = scalar(get(provider, "runtime"))
    for name, _, node in entries(get(root, "functions")):
        runtime = scalar(get(node, "runtime")) or default_runtime
        handler = scalar(get(node, "handler"))
        if handler is None or not is_python(runtime):
            continue
        fn = function(collected, name, "", handler)
        if fn is None:
            continue
        # The whole service is packaged for every function: a function's variables apply to its
        # handler file (and, when they agree, to the shared modules: see link.aws.Environment).
        _environment(resources, collected, get(node, "environment"), fn.file)
        for event in items(get(node, "events")):
            for kind, _, spec in entries(event):
                _event(resources, collected, fn, kind, spec)
    _expand(root, collected)


def _environment(
    resources: Resources, collected: Collected, variables: Node | None, scope: str
) -> None:
    for name, key, value in entries(variables):
        text = resources.name(value, "sqs") or resources.name(value, "sns")
        text = text or resources.name(value, "eventbridge")
        if text is not None:
            collected.variable(name, text, scope, locate(collected.path, key))


def _event(resources: Resources, collected: Collected, fn: Function, kind: str, spec: Node) -> None:
    via = f"serverless {kind} event"
    location = locate(collected.path, spec)
    if kind == "sqs":
        name = resources.name(get(spec, "arn") or spec, "sqs")
        if name is not None:
            collected.consumes(fn, "sqs", name, location, via)
    elif kind == "sns":
        arn = get(spec, "arn")
        name = resources.name(arn, "sns") if arn is not None else None
        if name is None:
            name = scalar(get(spec, "topicName")) or scalar(spec)
            if name is not None and not name.startswith("arn:"):
                collected.declare(
                    "sns", name, Kind.EVENT, location, f"SNS topic of {fn.logical_id}"
                )
        if name is not None:
            collected.consumes(fn, "sns", name, location, via)
    elif kind == "eventBridge":
        bus = resources.name(get(spec, "eventBus"), "eventbridge") or "default"
        for detail, node in detail_types(get(spec, "pattern")):
            detail_location = locate(collected.path, node)
            collected.consumes(fn, "eventbridge", f"{bus}/{detail}", detail_location, via)


def _expand(root: Node, collected: Collected) -> None:
    """Serverless variables of the service itself (``${self:service}``, ``${self:custom.x}``)."""

    def expand(text: str) -> str:
        def value(match: re.Match[str]) -> str:
            found = scalar(get(root, *match.group(1).split(".")))
            return found if found is not None else match.group(0)

        for _ in range(5):  # variables may name variables: ${self:custom.bus} → ${self:service}-bus
            expanded = _SELF.sub(value, text)
            if expanded == text:
                break
            text = expanded
        return text

    def channel(ref: ChannelRef | None) -> ChannelRef | None:
        if ref is None or not isinstance(ref.parts[0], str):
            return ref
        return ChannelRef.literal(ref.transport, expand(ref.parts[0]))

    collected.channels = [
        dataclasses.replace(d, channel=channel(d.channel) or d.channel) for d in collected.channels
    ]
    collected.registrations = [
        dataclasses.replace(r, channel=channel(r.channel)) for r in collected.registrations
    ]
    collected.environment = [
        dataclasses.replace(v, value=expand(v.value)) for v in collected.environment
    ]
