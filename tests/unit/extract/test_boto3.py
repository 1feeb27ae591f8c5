"""boto3: SQS/SNS/EventBridge sends, followed through constants and environment variables to templates."""

from __future__ import annotations

from pathlib import Path

from analyzer.graph import MessageGraph
from analyzer.model import Kind, Relation
from tests.helpers import graph_of, write_project

TEMPLATE = """\
Transform: AWS::Serverless-2016-10-31
Resources:
  Jobs:
    Type: AWS::SQS::Queue
  Alerts:
    Type: AWS::SNS::Topic
    Properties:
      TopicName: alerts
  Api:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: python3.12
      CodeUri: api/
      Handler: app.handler
      Environment:
        Variables:
          QUEUE_URL: !Ref Jobs
          TOPIC_ARN: !Ref Alerts
  Other:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: python3.12
      CodeUri: other/
      Handler: app.handler
      Environment:
        Variables:
          QUEUE_URL: https://sqs.eu-west-1.amazonaws.com/123/elsewhere
"""


def sends(graph: MessageGraph) -> set[tuple[str, str, str]]:
    return {
        (e.source, e.relation.value, e.target)
        for e in graph.edges(Relation.SENDS, Relation.EMITS)
        if e.target.startswith("channel:")
    }


def test_queue_urls_and_topic_arns_reach_template_resources(tmp_path: Path) -> None:
    graph = graph_of(
        write_project(
            tmp_path,
            {
                "template.yaml": TEMPLATE,
                "api/settings.py": "import os\nQUEUE_URL = os.environ['QUEUE_URL']\n",
                "api/app.py": (
                    "import json, os\nimport boto3\nfrom api.settings import QUEUE_URL\n"
                    "sqs = boto3.client('sqs')\nsns = boto3.client('sns')\n"
                    "def handler(event, context):\n"
                    "    sqs.send_message(QueueUrl=QUEUE_URL, MessageBody='{}')\n"
                    "    sns.publish(TopicArn=os.getenv('TOPIC_ARN'), Message='{}')\n"
                    "    url = os.environ.get('QUEUE_URL')\n"
                    "    sqs.send_message_batch(QueueUrl=url, Entries=[{'Id': '1', 'MessageBody': 'x'}])\n"
                ),
                "other/app.py": (
                    "import os\nimport boto3\n"
                    "def handler(event, context):\n"
                    "    q = boto3.resource('sqs').Queue(os.environ['QUEUE_URL'])\n"
                    "    q.send_message(MessageBody='{}')\n"
                    "    boto3.client('sqs').send_message(\n"
                    "        QueueUrl='https://sqs.eu-west-1.amazonaws.com/123/Jobs', MessageBody='')\n"
                ),
            },
        )
    )
    assert sends(graph) == {
        ("endpoint:api.app.handler", "sends", "channel:sqs:Jobs"),
        ("endpoint:api.app.handler", "emits", "channel:sns:alerts"),
        ("endpoint:other.app.handler", "sends", "channel:sqs:elsewhere"),
        ("endpoint:other.app.handler", "sends", "channel:sqs:Jobs"),
    }
    assert graph.node("channel:sqs:Jobs").location is not None  # declared by the template


def test_payload_types_decide_kinds_and_break_rules(tmp_path: Path) -> None:
    graph = graph_of(
        write_project(
            tmp_path,
            {
                "template.yaml": TEMPLATE,
                "api/app.py": (
                    "import json, os\nimport boto3\n"
                    "SHIP = 'ShipOrder'\n"
                    "def handler(event, context):\n"
                    "    body = {'type': SHIP, 'id': 1}\n"
                    "    boto3.client('sns').publish(TopicArn=os.environ['TOPIC_ARN'],\n"
                    "        Message=json.dumps(body))\n"
                    "    boto3.client('events').put_events(Entries=[{'Source': 's',\n"
                    "        'DetailType': 'OrderPlaced', 'Detail': '{}'}])\n"
                ),
            },
        )
    )
    ship = graph.node("message:payload:ShipOrder")
    placed = graph.node("message:payload:OrderPlaced")
    assert (ship.kind, placed.kind) == (Kind.COMMAND, Kind.EVENT)
    assert (
        "endpoint:api.app.handler",
        "emits",
        "channel:eventbridge:default/OrderPlaced",
    ) in sends(graph)
    assert [e.source for e in graph.in_edges(ship.id, Relation.EMITS)] == [
        "endpoint:api.app.handler"
    ]


def test_look_alikes_are_not_sends(tmp_path: Path) -> None:
    graph = graph_of(
        write_project(
            tmp_path,
            {
                "app.py": (
                    "import boto3\n"
                    "def f(phone):\n"
                    "    boto3.client('sns').publish(PhoneNumber=phone, Message='hi')\n"
                    "    boto3.client('iot-data').publish(topic='t', payload=b'')\n"
                    "    boto3.client('sqs').receive_message(QueueUrl='q')\n"
                ),
            },
        )
    )
    assert list(graph.channels()) == []


def test_self_attributes_and_class_constants_hold_queue_urls(tmp_path: Path) -> None:
    graph = graph_of(
        write_project(
            tmp_path,
            {
                "template.yaml": TEMPLATE,
                "api/app.py": (
                    "import os\nimport boto3\n"
                    "class Settings:\n    TOPIC = os.environ['TOPIC_ARN']\n"
                    "class Notifier:\n"
                    "    def __init__(self):\n"
                    "        self.sqs = boto3.client('sqs')\n"
                    "        self.queue_url = os.environ['QUEUE_URL']\n"
                    "    def notify(self):\n"
                    "        self.sqs.send_message(QueueUrl=self.queue_url, MessageBody='x')\n"
                    "        boto3.client('sns').publish(TopicArn=Settings.TOPIC, Message='x')\n"
                ),
            },
        )
    )
    assert sends(graph) == {
        ("endpoint:api.app.Notifier.notify", "sends", "channel:sqs:Jobs"),
        ("endpoint:api.app.Notifier.notify", "emits", "channel:sns:alerts"),
    }


def test_a_command_class_published_to_sns_is_broadcast(tmp_path: Path) -> None:
    graph = graph_of(
        write_project(
            tmp_path,
            {
                "template.yaml": TEMPLATE,
                "api/commands.py": (
                    "from dataclasses import dataclass\n"
                    "@dataclass(frozen=True)\nclass ShipOrder:\n    order_id: str\n"
                ),
                "api/app.py": (
                    "import json, os\nfrom dataclasses import asdict\nimport boto3\n"
                    "from api.commands import ShipOrder\n"
                    "sns = boto3.client('sns')\n"
                    "def handler(event, context):\n"
                    "    cmd = ShipOrder('1')\n"
                    "    sns.publish(TopicArn=os.environ['TOPIC_ARN'], Message=json.dumps(asdict(cmd)))\n"
                    "    entries = [{'Id': '1', 'MessageBody': '{}'}]\n"
                    "    boto3.client('sqs').send_message_batch(QueueUrl=os.environ['QUEUE_URL'],\n"
                    "        Entries=entries)\n"
                ),
            },
        )
    )
    emits = graph.in_edges("message:api.commands.ShipOrder", Relation.EMITS)
    assert [(e.source, e.via, e.location.line) for e in emits] == [
        ("endpoint:api.app.handler", "sns.publish", 8)
    ]
    assert ("endpoint:api.app.handler", "sends", "channel:sqs:Jobs") in sends(graph)
