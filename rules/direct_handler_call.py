"""BUS015: code that calls a registered handler directly instead of sending the message through the bus."""

from __future__ import annotations

from collections.abc import Iterator

from analyzer.graph import INBOUND, MessageGraph
from analyzer.model import Edge, Endpoint, Finding, Location, Relation, Severity
from rules.base import Example, Rule, where

TEST_MODULES = ("tests", "test", "testing", "conftest")


class DirectHandlerCall(Rule):
    """
    ## What it does
    Reports a call, resolved statically, to a function or method that is registered as a
    handler or subscriber — from another handler or from any other code — instead of sending
    or emitting the message through the bus. Calls from test modules (`tests/`, `test_*.py`,
    `*_test.py`, `conftest.py`) are not reported: unit tests call handlers directly on purpose.
    Building a handler class (`PlaceOrderHandler(repo)`) is not calling it.

    ## Why is this bad?
    The bus is where cross-cutting behaviour lives: the unit of work and its transaction,
    retries, the outbox, collecting the events the handler records, logging, authorisation.
    A direct call skips all of it, runs the handler in the caller's transaction, hides the flow
    from the message graph, and couples the caller to one particular handler.

    ## Example
    ```python
    def place_order(cmd: PlaceOrder, uow) -> None:
        ...
        reserve_stock(ReserveStock(cmd.order_id, cmd.skus), uow)   # a registered handler
    ```

    ## Use instead
    ```python
    def place_order(cmd: PlaceOrder, uow) -> None:
        ...
        bus.send(ReserveStock(cmd.order_id, cmd.skus))
    ```
    """

    code = "BUS015"
    name = "direct-handler-call"
    severity = Severity.WARNING
    summary = "code calls a registered handler directly instead of going through the bus"
    invalid = (
        Example(
            "a handler calling another handler, and an endpoint calling a handler method",
            {
                "shop/commands.py": (
                    "class Command: ...\nclass PlaceOrder(Command): ...\nclass ReserveStock(Command): ...\n"
                ),
                "shop/handlers.py": (
                    "from shop.commands import PlaceOrder, ReserveStock\n"
                    "def reserve_stock(cmd: ReserveStock, uow) -> None: ...\n"
                    "def place_order(cmd: PlaceOrder, uow) -> None:\n"
                    "    reserve_stock(ReserveStock(), uow)  # expect: BUS015\n"
                    "COMMAND_HANDLERS = {PlaceOrder: place_order, ReserveStock: reserve_stock}\n"
                ),
                "shop/api.py": (
                    "from shop.commands import PlaceOrder\n"
                    "from shop import handlers\n"
                    "def endpoint(uow):\n"
                    "    handlers.place_order(PlaceOrder(), uow)  # expect: BUS015\n"
                ),
            },
        ),
    )
    valid = (
        Example(
            "a test calling a handler, a handler class built for registration, a shared helper",
            {
                "shop/commands.py": "class Command: ...\nclass PlaceOrder(Command): ...\n",
                "shop/handlers.py": (
                    "from shop.commands import PlaceOrder\n"
                    "def price(skus):\n"
                    "    return len(skus)\n"
                    "class CommandHandler: ...\n"
                    "class PlaceOrderHandler(CommandHandler[PlaceOrder]):\n"
                    "    def __init__(self, repo):\n"
                    "        self.repo = repo\n"
                    "    def handle(self, cmd: PlaceOrder) -> None:\n"
                    "        price(cmd.skus)\n"
                ),
                "shop/bootstrap.py": (
                    "from shop.commands import PlaceOrder\n"
                    "from shop.handlers import PlaceOrderHandler, price\n"
                    "def wire(bus, repo):\n"
                    "    bus.register(PlaceOrder, PlaceOrderHandler(repo))\n"
                    "    price(())\n"
                ),
                "tests/test_handlers.py": (
                    "from shop.commands import PlaceOrder\n"
                    "from shop.handlers import PlaceOrderHandler\n"
                    "def test_place():\n"
                    "    PlaceOrderHandler(None).handle(PlaceOrder())\n"
                    "    handler = PlaceOrderHandler(None)\n"
                    "    handler.handle(PlaceOrder())\n"
                ),
            },
        ),
        Example(
            "a consumer loop handing each message it reads to its handler: the delivery itself",
            {
                "shop/consumer.py": (
                    "import redis\n"
                    "r = redis.Redis()\n"
                    "def main():\n"
                    "    p = r.pubsub()\n"
                    "    p.subscribe('restock')\n"
                    "    for m in p.listen():\n"
                    "        restock(m)\n"
                    "def restock(m): ...\n"
                    "def refill(): r.publish('restock', '{}')\n"
                ),
            },
        ),
    )

    def check(self, graph: MessageGraph) -> Iterator[Finding]:
        registered: dict[str, list[Edge]] = {}
        for edge in graph.edges(*INBOUND):
            registered.setdefault(edge.target, []).append(edge)
        for call in sorted(graph.edges(Relation.CALLS), key=lambda e: e.location):
            if call.target not in registered or _in_tests(graph.label(call.source)):
                continue
            registrations = sorted(registered[call.target], key=lambda e: e.location)
            if any(edge.location == call.location for edge in registrations):
                continue  # the call is the delivery itself (``for m in p.listen(): handle(m)``)
            messages = ", ".join(
                dict.fromkeys(graph.label(edge.source).rsplit(".", 1)[-1] for edge in registrations)
            )
            handler = graph.node(call.target)
            related: list[tuple[Location, str]] = []
            if isinstance(handler, Endpoint) and handler.location:
                related.append((handler.location, f"handler {handler.qualname}"))
            related += [(edge.location, f"registered with {edge.via}") for edge in registrations]
            caller = graph.label(call.source)
            yield self.finding(
                f"{caller} calls {graph.label(call.target)} directly, a handler of {messages} "
                f"(registered at {where(registrations[0].location)}); send the message through "
                "the bus instead",
                call.location,
                (call.source, call.target),
                tuple(related),
            )


def _in_tests(qualname: str) -> bool:
    parts = qualname.split(".")
    return any(
        part in TEST_MODULES or part.startswith("test_") or part.endswith("_test")
        for part in parts[:-1]
    )
