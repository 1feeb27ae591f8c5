"""AWS SAM and CloudFormation templates: queues, topics, rules, Python Lambdas and their triggers."""

from __future__ import annotations

from analyzer.extract.infra.collect import Collected, Function, function, is_python
from analyzer.extract.infra.yamltree import (
    Node,
    entries,
    get,
    items,
    locate,
    reference,
    scalar,
)
from analyzer.model import Kind

CHANNEL_TYPES = {
    "AWS::SQS::Queue": ("sqs", "QueueName", Kind.COMMAND, "SQS queue"),
    "AWS::SNS::Topic": ("sns", "TopicName", Kind.EVENT, "SNS topic"),
    "AWS::Events::EventBus": ("eventbridge", "Name", Kind.EVENT, "EventBridge bus"),
}
FUNCTION_TYPES = ("AWS::Serverless::Function", "AWS::Lambda::Function")


class Resources:
    """The ``Resources`` of a template by logical id, and the channel names they define."""

    def __init__(self, section: Node | None, parameters: Node | None = None) -> None:
        self.nodes = {name: (key, value) for name, key, value in entries(section)}
        self.parameters = {name: value for name, _, value in entries(parameters)}
        """Template parameters by logical id: a name given by a parameter is its default, else
        the parameter's logical id, the same on every side that refers to it."""

    def parameter(self, logical_id: str) -> str | None:
        if logical_id not in self.parameters:
            return None
        return scalar(get(self.parameters[logical_id], "Default")) or logical_id

    def type(self, logical_id: str) -> str:
        return scalar(get(self.nodes[logical_id][1], "Type")) or ""

    def channel(self, logical_id: str | None) -> tuple[str, str] | None:
        """(transport, name) of a queue, topic or bus: its name property, else its logical id."""
        if logical_id not in self.nodes:
            return None
        spec = CHANNEL_TYPES.get(self.type(logical_id))
        if spec is None:
            return None
        transport, name_property, _, _ = spec
        props = get(self.nodes[logical_id][1], "Properties")
        return transport, scalar(get(props, name_property)) or logical_id

    def name(self, node: Node | None, transport: str) -> str | None:
        """The channel name a property value gives: a reference to a resource, or a literal."""
        target = reference(node)
        if target is not None:
            found = self.channel(target)
            if found is None:
                return self.parameter(target)
            return found[1] if found[0] == transport else None
        return scalar(node)


def read_template(root: Node, collected: Collected, globals_node: Node | None = None) -> None:
    """Everything a template says about channels and the Python Lambdas around them."""
    resources = Resources(get(root, "Resources"), get(root, "Parameters"))
    if globals_node is None:
        globals_node = get(root, "Globals", "Function")
    globals_env = get(globals_node, "Environment", "Variables")
    _environment(resources, collected, globals_env, collected.folder)
    functions: dict[str, Function] = {}
    dead_letters = _dead_letter_queues(resources)
    for logical_id, (key, node) in resources.nodes.items():
        kind_spec = CHANNEL_TYPES.get(resources.type(logical_id))
        if kind_spec is not None and kind_spec[0] != "eventbridge":
            transport, _, kind, what = kind_spec
            found = resources.channel(logical_id)
            assert found is not None
            dead = logical_id in dead_letters
            collected.declare(
                transport,
                found[1],
                kind,
                locate(collected.path, key),
                f"{what} {logical_id}" + (" (a dead-letter queue: SQS fills it)" if dead else ""),
                external=dead,
            )
        if resources.type(logical_id) in FUNCTION_TYPES:
            found_function = _function(collected, logical_id, get(node, "Properties"), globals_node)
            if found_function is not None:
                functions[logical_id] = found_function
    for logical_id, fn in functions.items():
        props = get(resources.nodes[logical_id][1], "Properties")
        _environment(resources, collected, get(props, "Environment", "Variables"), fn.folder)
        for event_name, _, event in entries(get(props, "Events")):
            _event(resources, collected, fn, event_name, event)
    for logical_id, (_, node) in resources.nodes.items():
        _wiring(resources, collected, functions, logical_id, node)


def _dead_letter_queues(resources: Resources) -> set[str]:
    """Queues named as another queue's ``RedrivePolicy.deadLetterTargetArn``: AWS sends to them."""
    found = set()
    for _, node in resources.nodes.values():
        policy = get(get(node, "Properties"), "RedrivePolicy")
        target = reference(get(policy, "deadLetterTargetArn"))
        if target is not None:
            found.add(target)
    return found


def _function(
    collected: Collected, logical_id: str, props: Node | None, globals_node: Node | None
) -> Function | None:
    def setting(name: str) -> str | None:
        return scalar(get(props, name)) or scalar(get(globals_node, name))

    if not is_python(setting("Runtime")) or setting("PackageType") == "Image":
        return None
    handler = setting("Handler")
    if handler is None:
        return None
    return function(collected, logical_id, setting("CodeUri") or "", handler)


def _environment(
    resources: Resources, collected: Collected, variables: Node | None, scope: str
) -> None:
    for name, key, value in entries(variables):
        target = reference(value)
        if target is not None:
            found = resources.channel(target)
            text = found[1] if found is not None else resources.parameter(target)
        else:
            text = scalar(value)
        if text is not None:
            collected.variable(name, text, scope, locate(collected.path, key))


def _event(
    resources: Resources, collected: Collected, fn: Function, name: str, event: Node
) -> None:
    """One SAM event source of a function: SQS, SNS, EventBridgeRule (schedules carry no message)."""
    kind = scalar(get(event, "Type"))
    props = get(event, "Properties")
    via = f"SAM {kind} event {name}"
    if kind == "SQS":
        _consume(resources, collected, fn, "sqs", get(props, "Queue"), via)
    elif kind == "SNS":
        _consume(resources, collected, fn, "sns", get(props, "Topic"), via)
    elif kind in ("EventBridgeRule", "CloudWatchEvent"):
        bus = resources.name(get(props, "EventBusName"), "eventbridge") or "default"
        for detail, node in detail_types(get(props, "Pattern")):
            location = locate(collected.path, node)
            collected.consumes(fn, "eventbridge", f"{bus}/{detail}", location, via)


def _consume(
    resources: Resources,
    collected: Collected,
    fn: Function,
    transport: str,
    node: Node | None,
    via: str,
) -> None:
    name = resources.name(node, transport)
    if name is not None and node is not None:
        collected.consumes(fn, transport, name, locate(collected.path, node), via)


def detail_types(pattern: Node | None) -> list[tuple[str, Node]]:
    """The detail types an EventBridge pattern matches (literal values only)."""
    found = []
    for node in items(get(pattern, "detail-type")):
        text = scalar(node)
        if text is not None:
            found.append((text, node))
    return found


def _wiring(
    resources: Resources,
    collected: Collected,
    functions: dict[str, Function],
    logical_id: str,
    node: Node,
) -> None:
    """Triggers declared as resources: event source mappings, subscriptions, rules."""
    kind = resources.type(logical_id)
    props = get(node, "Properties")
    if kind == "AWS::Lambda::EventSourceMapping":
        fn = functions.get(reference(get(props, "FunctionName")) or "")
        if fn is not None:
            via = f"EventSourceMapping {logical_id}"
            _consume(resources, collected, fn, "sqs", get(props, "EventSourceArn"), via)
    elif kind == "AWS::SNS::Subscription" and scalar(get(props, "Protocol")) == "lambda":
        fn = functions.get(reference(get(props, "Endpoint")) or "")
        if fn is not None:
            via = f"SNS subscription {logical_id}"
            _consume(resources, collected, fn, "sns", get(props, "TopicArn"), via)
    elif kind == "AWS::SNS::Topic":
        for subscription in items(get(props, "Subscription")):
            fn = functions.get(reference(get(subscription, "Endpoint")) or "")
            if fn is not None and scalar(get(subscription, "Protocol")) == "lambda":
                location = locate(collected.path, subscription)
                name = resources.channel(logical_id)
                assert name is not None
                collected.consumes(fn, "sns", name[1], location, f"SNS topic {logical_id}")
    elif kind == "AWS::Events::Rule":
        bus = resources.name(get(props, "EventBusName"), "eventbridge") or "default"
        targets = [
            functions.get(reference(get(t, "Arn")) or "") for t in items(get(props, "Targets"))
        ]
        for detail, detail_node in detail_types(get(props, "EventPattern")):
            location = locate(collected.path, detail_node)
            channel = f"{bus}/{detail}"
            collected.declare(
                "eventbridge", channel, Kind.EVENT, location, f"EventBridge rule {logical_id}"
            )
            for fn in targets:
                if fn is not None:
                    collected.consumes(
                        fn, "eventbridge", channel, location, f"EventBridge rule {logical_id}"
                    )
