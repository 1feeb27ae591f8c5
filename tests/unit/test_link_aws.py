"""Linking AWS names: environment variables by scope, URLs and ARNs cut to names, payload kinds, groups."""

from __future__ import annotations

from pathlib import Path

from analyzer.config import Config
from analyzer.discover import discover
from analyzer.link.aws import Environment, channel_name
from analyzer.link.groups import group_evidence
from analyzer.link.payloads import is_imperative, payload_evidence
from analyzer.model import EnvVar, Kind, Location
from tests.helpers import write_project

HERE = Location("template.yaml", 1, 1)


def test_a_variable_takes_the_value_of_the_closest_scope() -> None:
    env = Environment(
        [
            EnvVar("QUEUE", "global", "", HERE),
            EnvVar("QUEUE", "orders", "src/orders", Location("template.yaml", 2, 1)),
            EnvVar("BUS", "shop", "src", HERE),
        ]
    )
    assert env.value("QUEUE", "src/orders/app.py") == "orders"
    assert env.value("QUEUE", "src/billing/app.py") == "global"
    assert env.substitute("${env:BUS}/Paid", "src/a.py") == "shop/Paid"
    assert env.substitute("${env:BUS}", "lib/a.py") == "shop"  # outside every scope, one value
    assert env.substitute("${env:MISSING}", "a.py") == "$MISSING"


def test_urls_and_arns_are_cut_to_resource_names() -> None:
    assert channel_name("sqs", "https://sqs.eu-west-1.amazonaws.com/123/orders") == "orders"
    assert channel_name("sqs", "arn:aws:sqs:eu-west-1:123:orders.fifo") == "orders.fifo"
    assert channel_name("sns", "arn:aws:sns:eu-west-1:123:order-events") == "order-events"
    bus = "arn:aws:events:eu-west-1:123:event-bus/shop/OrderPlaced"
    assert channel_name("eventbridge", bus) == "shop/OrderPlaced"
    assert channel_name("kafka", "arn:x") == "arn:x"


def test_payload_type_names() -> None:
    assert is_imperative("ShipOrder") and is_imperative("reserve_stock")
    assert not is_imperative("OrderShipped") and not is_imperative("Ship")
    assert not is_imperative("StatusReport")
    placed = payload_evidence("order.placed")
    assert placed is not None and placed.kind is Kind.EVENT
    assert payload_evidence("Heartbeat") is None


def test_consumer_groups_decide_queue_or_broadcast() -> None:
    a, b = Location("a.py", 1, 1), Location("b.py", 1, 1)
    found = dict(
        group_evidence(
            [
                ("channel:kafka:one", "g", a),
                ("channel:kafka:one", "g", b),
                ("channel:kafka:two", "g", a),
                ("channel:kafka:two", "h", b),
                ("channel:kafka:alone", "", a),
                ("channel:kafka:alone", "", b),
                ("channel:nats:plain", None, a),
            ]
        )
    )
    assert {k: v.kind for k, v in found.items()} == {
        "channel:kafka:one": Kind.COMMAND,
        "channel:kafka:two": Kind.EVENT,
        "channel:kafka:alone": Kind.EVENT,
    }


def test_discovery_finds_templates_by_name_or_content(tmp_path: Path) -> None:
    write_project(
        tmp_path,
        {
            "app.py": "",
            "template.yaml": "Resources: {}\n",
            "svc/serverless.yml": "service: x\n",
            "infra/stack.yml": "AWSTemplateFormatVersion: '2010-09-09'\n",
            "infra/sam.json": '{"Transform": "AWS::Serverless-2016-10-31"}\n',
            "docker-compose.yml": "services: {}\n",
            "config.json": "{}\n",
            ".serverless/cloudformation-template-update-stack.json": (
                '{"AWSTemplateFormatVersion": "2010-09-09"}\n'
            ),
            ".aws-sam/build/template.yaml": "Resources: {}\n",
        },
    )
    found = {(f.path, f.module) for f in discover([tmp_path], tmp_path, Config())}
    assert found == {
        ("app.py", "app"),
        ("template.yaml", "template.yaml"),
        ("svc/serverless.yml", "svc/serverless.yml"),
        ("infra/stack.yml", "infra/stack.yml"),
        ("infra/sam.json", "infra/sam.json"),
    }
