"""The English verb-form heuristic behind the naming rules (BUS009, BUS010)."""

from __future__ import annotations

import pytest

from analyzer.link.verbs import not_imperative, not_past_tense


@pytest.mark.parametrize(
    "name",
    [
        "OrderPlaced",
        "PaymentSent",
        "InvoicePaid",
        "HouseBuilt",
        "TrapSprung",
        "MoneyWithdrawn",
        "PasswordReset",
        "OrderPlacedEvent",
        "PaymentSucceededDomainEvent",
        "UserSignedUp",
        "ItemAddedToCart",
        "OrderPlacedV2",
        "ParcelApproved0",
    ],
)
def test_past_tense_event_names(name: str) -> None:
    assert not_past_tense(name) is None


@pytest.mark.parametrize(
    ("name", "why"),
    [
        ("PlaceOrderEvent", "no word of PlaceOrder is a past participle"),
        ("OrderPlace", "no word of OrderPlace is a past participle"),
        ("PriceChange", "no word of PriceChange is a past participle"),
        ("ShipOrderCommand", "it ends with Command"),
    ],
)
def test_event_names_not_in_the_past_tense(name: str, why: str) -> None:
    assert not_past_tense(name) == why


@pytest.mark.parametrize(
    "name",
    [
        "PlaceOrder",
        "CancelOrderCommand",
        "AllocateCmd",
        "CreateUserRequest",
        "SetPrice",
        "ResetPassword",
        "CancelRun",
        "IncrementCounter",
        "CommentOnPost",
        "InitiateTransaction",
        "StartProcessing",
        "SendNotification",
        "CheckOut",
        "OrderPizza",
    ],
)
def test_imperative_command_names(name: str) -> None:
    assert not_imperative(name) is None


@pytest.mark.parametrize(
    ("name", "why"),
    [
        (
            "OrderPlacedCommand",
            "Placed is a past participle: it names what happened, not what to do",
        ),
        ("Paid", "Paid is a past participle: it names what happened, not what to do"),
        ("Placement", "Placement is a noun, not a verb"),
        ("PaymentRefund", "Payment is a noun, not a verb"),
        ("OrderCreation", "OrderCreation is a noun phrase, not a verb"),
        ("StockReplenishmentCmd", "StockReplenishment is a noun phrase, not a verb"),
        ("PlaceOrderEvent", "it ends with Event, like an event"),
    ],
)
def test_command_names_not_imperative(name: str, why: str) -> None:
    assert not_imperative(name) == why
