"""Infrastructure files: SAM/CloudFormation templates and serverless.yml read into facts, safely."""

from __future__ import annotations

from analyzer.config import Config
from analyzer.extract.infra.yamltree import get as node_get
from analyzer.extract.infra.yamltree import parse, reference
from analyzer.extract.source import extract
from analyzer.model import PATH_REF, Family, FileFacts, Kind
from analyzer.vocabulary import Names

NAMES = Names.from_config(Config())

SAM = b"""\
AWSTemplateFormatVersion: "2010-09-09"
Transform: AWS::Serverless-2016-10-31
Globals:
  Function:
    Runtime: python3.12
    Environment:
      Variables:
        BUS: !Ref Bus
Resources:
  Jobs:
    Type: AWS::SQS::Queue
    Properties:
      QueueName: jobs
  Alerts:
    Type: AWS::SNS::Topic
  Bus:
    Type: AWS::Events::EventBus
    Properties:
      Name: shop
  Worker:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: src/worker/
      Handler: pkg.app.handler
      Environment:
        Variables:
          JOBS_URL: !GetAtt Jobs.QueueUrl
          TABLE: !Ref Table
      Events:
        Q:
          Type: SQS
          Properties:
            Queue: !GetAtt Jobs.Arn
        A:
          Type: SNS
          Properties:
            Topic: !Ref Alerts
        R:
          Type: EventBridgeRule
          Properties:
            EventBusName: !Ref Bus
            Pattern:
              detail-type: [OrderPlaced, OrderCancelled]
        S:
          Type: Schedule
          Properties:
            Schedule: rate(1 day)
  Table:
    Type: AWS::DynamoDB::Table
  NodeFn:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: nodejs20.x
      Handler: index.handler
      Events:
        Q:
          Type: SQS
          Properties:
            Queue: !GetAtt Jobs.Arn
"""


def facts_of(source: bytes, path: str = "infra/template.yaml") -> FileFacts:
    return extract(source, path, path, False, NAMES)


def test_a_sam_template_gives_channels_handlers_and_environment() -> None:
    facts = facts_of(SAM)
    assert facts.problem is None
    assert [
        (d.channel.transport, d.channel.text, d.kind, d.location.line) for d in facts.channels
    ] == [
        ("sqs", "jobs", Kind.COMMAND, 10),
        ("sns", "Alerts", Kind.EVENT, 14),
    ]
    handler = f"{PATH_REF}infra/src/worker/pkg/app.py:handler"
    assert [
        (r.handler.dotted, r.channel.text if r.channel else None, r.family, r.location.line)
        for r in facts.registrations
    ] == [
        (handler, "jobs", Family.POINT_TO_POINT, 33),
        (handler, "Alerts", Family.BROADCAST, 37),
        (handler, "shop/OrderPlaced", Family.BROADCAST, 43),
        (handler, "shop/OrderCancelled", Family.BROADCAST, 43),
    ]
    assert [(v.name, v.value, v.scope) for v in facts.environment] == [
        ("BUS", "shop", "infra"),
        ("JOBS_URL", "jobs", "infra/src/worker"),
    ]


def test_short_and_long_intrinsic_forms_are_data() -> None:
    root = parse(
        b"a: !Ref Q\nb: !GetAtt Q.Arn\nc: !GetAtt [Q, Arn]\nd: !Sub '${Q.Arn}'\n"
        b'e: {"Fn::GetAtt": [Q, Arn]}\nf: {Ref: Q}\ng: !Sub "${AWS::Region}-x"\n'
        b"h: !ImportValue other-stack-queue\n"
    )
    assert [reference(node_get(root, key)) for key in "abcdefgh"] == [
        "Q", "Q", "Q", "Q", "Q", "Q", None, None,
    ]  # fmt: skip


def test_an_unsafe_tag_is_never_constructed() -> None:
    facts = facts_of(b"Resources: !!python/object/apply:os.system ['touch /tmp/pwned']\n")
    assert facts.problem is None and facts.channels == ()


def test_a_broken_template_is_a_problem_at_its_line() -> None:
    facts = facts_of(b"Resources:\n  Q:\n    Type: x\n   Properties: {}\n")
    assert facts.problem is not None
    assert facts.problem.location.line == 4
    assert "cannot be parsed" in facts.problem.message
    assert facts_of(b"\xff\xfe\x00").problem is not None


def test_a_json_template_with_tabs_and_its_line_numbers() -> None:
    source = (
        b'{\n\t"Resources": {\n\t\t"Q": {"Type": "AWS::SQS::Queue"},\n'
        b'\t\t"F": {"Type": "AWS::Lambda::Function", "Properties": {"Runtime": "python3.12",'
        b' "Handler": "app.main"}},\n'
        b'\t\t"M": {"Type": "AWS::Lambda::EventSourceMapping", "Properties": '
        b'{"EventSourceArn": {"Fn::GetAtt": ["Q", "Arn"]}, "FunctionName": {"Ref": "F"}}}\n\t}\n}\n'
    )
    facts = facts_of(source, "stack.json")
    assert [(d.channel.text, d.location.line) for d in facts.channels] == [("Q", 3)]
    assert [(r.handler.dotted, r.location.line) for r in facts.registrations] == [
        (f"{PATH_REF}app.py:main", 5)
    ]


SERVERLESS = b"""\
service: pay
custom:
  bus: ${self:service}-bus
provider:
  runtime: python3.11
  environment:
    BUS: ${self:custom.bus}
functions:
  capture:
    handler: handlers/capture.handler
    environment:
      QUEUE_URL: {Ref: Jobs}
    events:
      - sqs:
          arn: !GetAtt Jobs.Arn
      - sns: alerts
      - eventBridge:
          eventBus: ${self:custom.bus}
          pattern:
            detail-type: [Paid]
      - schedule: rate(1 hour)
  other:
    handler: handlers/other.handler
    environment:
      QUEUE_URL: arn:aws:sqs:eu-west-1:123:other
  web:
    handler: index.handler
    runtime: nodejs20.x
    events:
      - sqs: arn:aws:sqs:eu-west-1:123:pay-jobs
resources:
  Resources:
    Jobs:
      Type: AWS::SQS::Queue
      Properties:
        QueueName: ${self:service}-jobs
"""


def test_a_serverless_service_gives_functions_events_and_variables() -> None:
    facts = facts_of(SERVERLESS, "svc/serverless.yml")
    assert [(d.channel.text, d.kind) for d in facts.channels] == [
        ("pay-jobs", Kind.COMMAND),
        ("alerts", Kind.EVENT),
    ]
    assert [
        (r.handler.dotted, r.channel.text if r.channel else None) for r in facts.registrations
    ] == [
        (f"{PATH_REF}svc/handlers/capture.py:handler", "pay-jobs"),
        (f"{PATH_REF}svc/handlers/capture.py:handler", "alerts"),
        (f"{PATH_REF}svc/handlers/capture.py:handler", "pay-bus/Paid"),
    ]
    assert [(v.name, v.value, v.scope) for v in facts.environment] == [
        ("BUS", "pay-bus", "svc"),
        ("QUEUE_URL", "pay-jobs", "svc/handlers/capture.py"),
        ("QUEUE_URL", "arn:aws:sqs:eu-west-1:123:other", "svc/handlers/other.py"),
    ]
