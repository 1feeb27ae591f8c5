"""BUS018: a query handler that sends, emits or writes."""

from __future__ import annotations

from collections.abc import Iterator

from analyzer.graph import MessageGraph
from analyzer.model import Endpoint, Finding, Kind, Location, Relation, Severity
from rules.base import Example, Rule, where


class QueryWithSideEffects(Rule):
    """
    ## What it does
    Reports a query handler that changes something: it sends a command or emits an event
    (itself or through the functions it calls, followed statically to a bounded depth), or
    writes through an obvious mutation of what it was given — `.save()`, `.add()`,
    `.commit()`, `.delete()`, `.flush()` and kin on an injected parameter or on an attribute of
    `self` (`uow.commit()`, `self.repo.save(x)`), or an assignment to an attribute of one
    (`repo.last_read = now`). Changes of the handler's own locals are not writes. The finding
    is at the first side effect and lists all of them. A message that only its module's name
    or its own name calls a query is not judged.

    ## Why is this bad?
    A query reads and changes nothing (CQRS): callers run it as often as they like, cache it,
    retry it, send it to a read replica. A query with side effects changes state every time
    someone looks, and the write is hidden where nobody expects one.

    ## Example
    ```python
    def get_order(query: GetOrder, uow) -> OrderView:
        order = uow.orders.get(query.order_id)
        order.last_viewed = now()
        uow.commit()
        return OrderView.of(order)
    ```

    ## Use instead
    Keep the query read-only; make the write a command of its own (`RecordOrderViewed`), or
    emit nothing and record views elsewhere.
    """

    code = "BUS018"
    name = "query-with-side-effects"
    severity = Severity.WARNING
    summary = "a query handler that sends, emits or writes"
    invalid = (
        Example(
            "a query handler that commits, and one that emits",
            {
                "shop/queries.py": "class Query: ...\nclass GetOrder(Query): ...\nclass ListOrders(Query): ...\n",
                "shop/events.py": "class Event: ...\nclass OrdersListed(Event): ...\n",
                "shop/handlers.py": (
                    "from shop.queries import GetOrder, ListOrders\n"
                    "from shop.events import OrdersListed\n"
                    "def get_order(query: GetOrder, uow):\n"
                    "    order = uow.orders.get(query.order_id)\n"
                    "    uow.views.add(order)  # expect: BUS018\n"
                    "    uow.commit()\n"
                    "    return order\n"
                    "def list_orders(query: ListOrders, bus):\n"
                    "    notify(bus)\n"
                    "    return []\n"
                    "def notify(bus):\n"
                    "    bus.publish(OrdersListed())  # expect: BUS018\n"
                    "QUERY_HANDLERS = {GetOrder: get_order, ListOrders: list_orders}\n"
                ),
            },
        ),
        Example(
            "a query handler class that assigns to its repository",
            {
                "shop/queries.py": "class Query: ...\nclass GetOrder(Query): ...\n",
                "shop/handlers.py": (
                    "from shop.queries import GetOrder\n"
                    "class QueryHandler: ...\n"
                    "class GetOrderHandler(QueryHandler[GetOrder]):\n"
                    "    def __init__(self, repo):\n"
                    "        self.repo = repo\n"
                    "    def handle(self, query: GetOrder):\n"
                    "        self.repo.last_read = query.order_id  # expect: BUS018\n"
                    "        return self.repo.get(query.order_id)\n"
                ),
            },
        ),
    )
    valid = (
        Example(
            "a query that builds and changes only its own objects; a command handler that writes",
            {
                "shop/queries.py": "class Query: ...\nclass GetOrder(Query): ...\n",
                "shop/commands.py": "class Command: ...\nclass PlaceOrder(Command): ...\n",
                "shop/handlers.py": (
                    "from shop.queries import GetOrder\n"
                    "from shop.commands import PlaceOrder\n"
                    "def get_order(query: GetOrder, uow):\n"
                    "    order = uow.orders.get(query.order_id)\n"
                    "    seen = set()\n"
                    "    seen.add(order)\n"
                    "    view = {}\n"
                    "    view.update(id=query.order_id)\n"
                    "    query.cache_hit = True\n"
                    "    return view\n"
                    "def place_order(cmd: PlaceOrder, uow):\n"
                    "    uow.orders.add(cmd)\n"
                    "    uow.commit()\n"
                    "QUERY_HANDLERS = {GetOrder: get_order}\n"
                    "COMMAND_HANDLERS = {PlaceOrder: place_order}\n"
                ),
            },
        ),
    )

    def check(self, graph: MessageGraph) -> Iterator[Finding]:
        for message in graph.addressables(Kind.QUERY, settled=True):
            for endpoint_id in graph.handler_endpoints(message.id):
                endpoint = graph.node(endpoint_id)
                if not isinstance(endpoint, Endpoint) or endpoint.external:
                    continue
                effects: list[tuple[Location, str]] = [
                    (write.location, f"writes {write.what}") for write in endpoint.writes
                ]
                for outcome in graph.outcomes(endpoint_id):
                    verb = "emits" if outcome.edge.relation is Relation.EMITS else "sends"
                    target = graph.label(outcome.edge.target).rsplit(".", 1)[-1]
                    through = (
                        f" through {graph.label(outcome.through[-1].target)}"
                        if outcome.through
                        else ""
                    )
                    effects.append((outcome.edge.location, f"{verb} {target}{through}"))
                if not effects:
                    continue
                effects.sort()
                listed = "; ".join(f"{what} ({where(loc)})" for loc, what in effects)
                related = tuple(effects[1:])
                if endpoint.location:
                    related += ((endpoint.location, f"query handler {endpoint.qualname}"),)
                yield self.finding(
                    f"query handler {endpoint.qualname} of {message.name} has side effects: "
                    f"{listed}; a query reads and changes nothing",
                    effects[0][0],
                    (message.id, endpoint_id),
                    related,
                )
