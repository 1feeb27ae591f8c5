"""--kind, --context and --focus: what each keeps, and the errors a user sees for bad names."""

from __future__ import annotations

import dataclasses
import re

import pytest

from analyzer.errors import UsageError
from analyzer.export import ExportOptions, GraphFilter, package_depth
from analyzer.export.filters import apply, find
from analyzer.graph import MessageGraph
from analyzer.model import Kind
from tests.helpers import FIXTURES, graph_of
from tests.unit.export.hostile import hostile_graph

PLACED = "message:shop.domain.events.OrderPlaced"


@pytest.fixture(scope="module")
def shop() -> MessageGraph:
    return graph_of(FIXTURES / "shop")


def ids(graph: MessageGraph) -> set[str]:
    return set(graph.nx.nodes)


def test_one_top_package_is_grouped_by_its_subpackages(shop: MessageGraph) -> None:
    assert package_depth(shop) == 2


def test_kind_keeps_messages_of_that_kind_and_the_code_around_them(shop: MessageGraph) -> None:
    events = apply(shop, GraphFilter(kind=Kind.EVENT), ExportOptions(package_depth=2))
    assert {m.kind for m in events.messages()} == {Kind.EVENT}
    assert {m.name for m in events.messages()} == {
        "CustomerSignup",
        "OrderCancelled",
        "OrderPlaced",
        "OrderShipped",
        "PaymentSucceeded",
        "StockReserved",
        "VoucherIssued",
    }
    assert "endpoint:shop.notifications.subscribers.send_tracking" in ids(events)
    assert "endpoint:shop.domain.model.Order.place" in ids(events)
    # a command handler that touches no event is gone, and so are edges to dropped nodes
    assert "endpoint:shop.service_layer.handlers.cancel_order" not in ids(events)
    assert all(e.source in ids(events) and e.target in ids(events) for e in events.edges())


def test_focus_keeps_the_message_its_producers_and_its_handlers(shop: MessageGraph) -> None:
    near = apply(shop, GraphFilter(focus="OrderPlaced"), ExportOptions())
    assert ids(near) == {
        PLACED,
        "endpoint:shop.domain.model.Order.place",
        "endpoint:shop.entrypoints.api.backfill_endpoint",
        "endpoint:shop.entrypoints.api.place_order_sync_endpoint",
        "endpoint:shop.entrypoints.api.replay_endpoint",
        "endpoint:shop.notifications.subscribers.send_confirmation",
        "endpoint:shop.service_layer.handlers.record_history",
        "endpoint:shop.service_layer.handlers.request_stock",
    }
    assert ids(apply(shop, GraphFilter(focus=PLACED, depth=0), ExportOptions())) == {PLACED}
    wider = apply(
        shop, GraphFilter(focus="shop.domain.events.OrderPlaced", depth=2), ExportOptions()
    )
    assert "endpoint:shop.service_layer.handlers.place_order" in ids(wider)  # calls Order.place
    assert "message:shop.domain.events.OrderCancelled" in ids(wider)  # record_history's other event


def test_context_keeps_its_nodes_and_the_nodes_linked_to_them(shop: MessageGraph) -> None:
    options = ExportOptions(contexts={"notify": ("shop.notifications",)}, package_depth=2)
    notify = apply(shop, GraphFilter(context="notify"), options)
    assert ids(notify) == {
        "endpoint:shop.notifications.subscribers.send_confirmation",
        "endpoint:shop.notifications.subscribers.send_tracking",
        PLACED,
        "message:shop.domain.events.OrderShipped",
    }
    payments = apply(shop, GraphFilter(context="shop.payments"), ExportOptions(package_depth=2))
    assert "endpoint:shop.payments.handlers.take_payment" in ids(payments)
    assert "message:shop.domain.events.StockReserved" in ids(payments)


def test_filters_combine_kind_then_context_then_focus(shop: MessageGraph) -> None:
    graph_filter = GraphFilter(kind=Kind.COMMAND, context="shop.payments", focus="RefundPayment")
    result = apply(shop, graph_filter, ExportOptions(package_depth=2))
    assert ids(result) == {
        "message:shop.domain.commands.RefundPayment",
        "endpoint:shop.payments.handlers.refund_cancelled",
    }


@pytest.mark.parametrize(
    ("graph_filter", "message"),
    [
        (GraphFilter(focus="OrderPlace"), "no such message in the graph; did you mean OrderPlaced"),
        (
            GraphFilter(context="nowhere"),
            "the contexts and packages are: shop.domain, shop.entrypoints",
        ),
        (GraphFilter(depth=2), "--depth needs --focus MESSAGE"),
        (GraphFilter(focus="OrderPlaced", depth=-1), "--depth must be 0 or more"),
    ],
)
def test_bad_filters_say_what_is_valid(
    shop: MessageGraph, graph_filter: GraphFilter, message: str
) -> None:
    with pytest.raises(UsageError, match=re.escape(message)):
        apply(shop, graph_filter, ExportOptions(package_depth=2))


def test_a_name_is_found_case_insensitively_and_an_ambiguous_one_is_refused() -> None:
    graph = hostile_graph()
    assert find(graph, "order{placed}") == "message:app.events.Order{Placed}"
    copies = tuple(
        dataclasses.replace(m, id=m.id + "2", qualname=m.qualname + "2")
        for m in graph.model.messages
    )
    doubled = MessageGraph(dataclasses.replace(graph.model, messages=graph.model.messages + copies))
    with pytest.raises(UsageError, match=r"ambiguous: app\.queries\.Get"):
        find(doubled, "Get[Order]")
