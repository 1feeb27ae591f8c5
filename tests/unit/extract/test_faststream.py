"""FastStream: subscribers and publishers on every transport, and how each decides a channel's kind."""

from __future__ import annotations

from pathlib import Path

from analyzer.graph import MessageGraph
from analyzer.model import Channel, Kind, Relation
from tests.helpers import graph_of, write_project

MESSAGES = (
    "from pydantic import BaseModel\n"
    "class PlaceOrder(BaseModel):\n    id: str\n"
    "class OrderPlaced(BaseModel):\n    id: str\n"
)


def channel(graph: MessageGraph, node_id: str) -> Channel:
    node = graph.node(node_id)
    assert isinstance(node, Channel)
    return node


def test_kafka_topics_are_queues_for_one_group_and_broadcasts_for_several(tmp_path: Path) -> None:
    graph = graph_of(
        write_project(
            tmp_path,
            {
                "app/__init__.py": "",
                "app/messages.py": MESSAGES,
                "app/topics.py": "from enum import Enum\nPREFIX = 'shop'\n"
                "class Topics(str, Enum):\n    ORDERS = 'shop.orders'\n",
                "app/broker.py": "from faststream.kafka import KafkaBroker\nbroker = KafkaBroker()\n",
                "app/a.py": (
                    "from faststream.kafka import KafkaRouter\n"
                    "from app.messages import PlaceOrder, OrderPlaced\n"
                    "from app.topics import PREFIX, Topics\n"
                    "router = KafkaRouter()\n"
                    "@router.subscriber(Topics.ORDERS, group_id='orders')\n"
                    "@router.publisher(f'{PREFIX}.events')\n"
                    "async def place(cmd: PlaceOrder) -> OrderPlaced: ...\n"
                    "@router.subscriber(f'{PREFIX}.events', group_id='mail')\n"
                    "async def mail(e: OrderPlaced) -> None: ...\n"
                    "@router.subscriber(f'{PREFIX}.events', group_id='stats')\n"
                    "async def stats(e: OrderPlaced) -> None: ...\n"
                ),
                "app/api.py": (
                    "from app.broker import broker\nfrom app.messages import PlaceOrder\n"
                    "async def create():\n    await broker.publish(PlaceOrder(id='1'), 'shop.orders')\n"
                ),
            },
        )
    )
    orders = channel(graph, "channel:kafka:shop.orders")
    events = channel(graph, "channel:kafka:shop.events")
    assert (orders.kind, events.kind) == (Kind.COMMAND, Kind.EVENT)
    assert ("endpoint:app.api.create", Relation.SENDS) in {
        (e.source, e.relation) for e in graph.in_edges(orders.id)
    }  # the broker imported from app.broker: its transport comes from that module
    assert {e.target for e in graph.out_edges(events.id, Relation.SUBSCRIBES)} == {
        "endpoint:app.a.mail",
        "endpoint:app.a.stats",
    }
    assert {
        e.target for e in graph.out_edges("message:app.messages.OrderPlaced", Relation.ROUTES)
    } == {events.id}


def test_rabbit_queues_are_point_to_point_and_fanout_exchanges_broadcast(tmp_path: Path) -> None:
    graph = graph_of(
        write_project(
            tmp_path,
            {
                "svc.py": (
                    "from faststream.rabbit import RabbitBroker, RabbitExchange, RabbitQueue, ExchangeType\n"
                    "broker = RabbitBroker()\n"
                    "fan = RabbitExchange('news', type=ExchangeType.FANOUT)\n"
                    "@broker.subscriber(RabbitQueue('work'))\n"
                    "async def work(m): ...\n"
                    "@broker.subscriber('a', fan)\n"
                    "async def a(m): ...\n"
                    "@broker.subscriber(RabbitQueue('b'), exchange=fan)\n"
                    "async def b(m): ...\n"
                    "@broker.subscriber('c', exchange=RabbitExchange('direct-x'))\n"
                    "async def c(m): ...\n"
                ),
            },
        )
    )
    kinds = {c.id: c.kind for c in graph.channels()}
    assert kinds == {
        "channel:rabbitmq:work": Kind.COMMAND,
        "channel:rabbitmq:news": Kind.EVENT,
        "channel:rabbitmq:c": Kind.COMMAND,
    }


def test_nats_and_redis_kinds(tmp_path: Path) -> None:
    graph = graph_of(
        write_project(
            tmp_path,
            {
                "n.py": (
                    "from faststream.nats import NatsBroker\nbroker = NatsBroker()\n"
                    "@broker.subscriber('jobs', queue='workers')\nasync def j(m): ...\n"
                    "@broker.subscriber('news')\nasync def n(m): ...\n"
                ),
                "r.py": (
                    "from faststream.redis import RedisBroker, StreamSub\nbroker = RedisBroker()\n"
                    "@broker.subscriber(list='tasks')\nasync def t(m): ...\n"
                    "@broker.subscriber(channel='chat')\nasync def c(m): ...\n"
                    "@broker.subscriber(stream=StreamSub('log', group='g1'))\nasync def l1(m): ...\n"
                    "@broker.subscriber(stream=StreamSub('log', group='g2'))\nasync def l2(m): ...\n"
                ),
            },
        )
    )
    assert {c.id: c.kind for c in graph.channels()} == {
        "channel:nats:jobs": Kind.COMMAND,
        "channel:nats:news": Kind.EVENT,
        "channel:redis:tasks": Kind.COMMAND,
        "channel:redis:chat": Kind.EVENT,
        "channel:redis:log": Kind.EVENT,
    }


def test_publisher_objects_and_the_generic_bus_stays_out(tmp_path: Path) -> None:
    graph = graph_of(
        write_project(
            tmp_path,
            {
                "app/__init__.py": "",
                "app/messages.py": MESSAGES,
                "app/svc.py": (
                    "from faststream.kafka import KafkaBroker\n"
                    "from app.messages import PlaceOrder, OrderPlaced\n"
                    "broker = KafkaBroker()\n"
                    "placed = broker.publisher('events')\n"
                    "@broker.subscriber('orders', group_id='svc')\n"
                    "@placed\n"
                    "async def place(cmd: PlaceOrder) -> OrderPlaced: ...\n"
                    "async def replay(e: OrderPlaced) -> None:\n"
                    "    await placed.publish(e)\n"
                ),
            },
        )
    )
    producers = {
        (e.source, e.relation.value, e.via)
        for e in graph.in_edges("channel:kafka:events", Relation.SENDS, Relation.EMITS)
    }
    assert producers == {
        ("endpoint:app.svc.place", "sends", "kafka publisher"),
        ("endpoint:app.svc.replay", "sends", "kafka publish"),
    }  # nobody reads the topic: its kind is unknown and the neutral publish is a plain send
    assert not [
        e for e in graph.edges() if e.via.startswith("placed.") or e.via == "broker.publish"
    ]
