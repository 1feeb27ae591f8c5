"""Channel nodes (a queue, a topic) in explain, flow and the catalog formats, on graphs built in memory."""

from __future__ import annotations

import json
from dataclasses import replace

import jsonschema

from analyzer import app
from analyzer.export import asyncapi, eventcatalog
from analyzer.graph import MessageGraph
from analyzer.model import (
    Channel,
    Edge,
    Endpoint,
    Evidence,
    Kind,
    Location,
    Message,
    Model,
    Relation,
    Tier,
)
from analyzer.questions.explain import explain
from analyzer.questions.explain_render import text as explain_text
from analyzer.questions.flow import flow
from analyzer.questions.flow_render import text
from tests.helpers import ROOT


def at(line: int) -> Location:
    return Location("svc/app.py", line, 1)


def model() -> Model:
    charge = Message(
        "message:svc.commands.Charge",
        "svc.commands.Charge",
        "Charge",
        Kind.COMMAND,
        (Evidence(Tier.BASE, Kind.COMMAND, "base class Command"),),
        at(1),
    )
    queue = Channel(
        "channel:sqs:payments",
        "sqs",
        "payments",
        Kind.COMMAND,
        (Evidence(Tier.USAGE, Kind.COMMAND, "SQS queue"),),
        Location("template.yaml", 3, 1),
    )
    send = Endpoint("endpoint:svc.api.pay", "svc.api.pay", "pay", at(5))
    consume = Endpoint("endpoint:svc.worker.consume", "svc.worker.consume", "consume", at(9))
    edges = (
        Edge(send.id, charge.id, Relation.SENDS, at(6), "sqs.send_message"),
        Edge(charge.id, queue.id, Relation.ROUTES, at(6), "QueueUrl"),
        Edge(queue.id, consume.id, Relation.HANDLES, at(8), "@sqs_handler"),
    )
    return Model((charge,), (consume, send), (), edges, (), (queue,))


def test_flow_follows_a_message_into_its_queue() -> None:
    graph = MessageGraph(model())
    assert text(graph, flow(graph, "message:svc.commands.Charge")) == (
        "Charge (command)\n└─ handled by svc.worker.consume  (@sqs_handler, svc/app.py:8)\n"
    )


def test_explain_a_queue() -> None:
    graph = MessageGraph(model())
    answer = explain(graph, graph.model.channels[0], "svc", ())
    assert [e.target for e in answer.handlers] == ["endpoint:svc.worker.consume"]
    assert [e.source for e in answer.channels] == ["message:svc.commands.Charge"]
    assert [e.text for e in answer.evidence] == ["SQS queue"]


def test_explain_says_where_a_queue_is_defined_or_that_it_is_declared_nowhere() -> None:
    declared = model()
    nowhere = replace(declared, channels=(replace(declared.channels[0], location=None),))
    library = replace(nowhere, channels=(replace(nowhere.channels[0], external=True),))
    headlines = []
    for each in (declared, nowhere, library):
        graph = MessageGraph(each)
        headlines.append(explain_text(graph, explain(graph, each.channels[0], "svc", ())))
    assert [h.splitlines()[1] for h in headlines] == [
        "  defined at template.yaml:3, in svc",
        "  declared nowhere in the project, in svc",
        "  defined outside the project, in svc",
    ]


def test_catalog_formats_put_the_message_in_its_queue() -> None:
    graph = MessageGraph(model())
    grouping = app.grouping(app.DEFAULT_CONFIG, graph)
    doc = json.loads(asyncapi.render(graph, grouping)["svc.api.asyncapi.json"])
    assert doc["channels"] == {
        "sqs-payments": {
            "address": "payments",
            "x-buslint-transport": "sqs",
            "messages": {"Charge": {"$ref": "#/components/messages/Charge"}},
        }
    }
    schema = ROOT.parent / "shared" / "schemas" / "asyncapi-3.0.0.json"
    if schema.is_file():
        validator = jsonschema.Draft7Validator(json.loads(schema.read_text()))
        assert [e.message for e in validator.iter_errors(doc)] == []
    catalog = eventcatalog.render(graph, grouping)
    assert "channels/sqs-payments/index.mdx" in catalog
    assert 'channels:\n  - id: "sqs-payments"' in catalog["commands/Charge/index.mdx"]
    assert "commands/sqs-payments/index.mdx" not in catalog
    worker = catalog["services/svc-worker/index.mdx"]
    assert 'receives:\n  - id: "Charge"' in worker
