"""Messages named by the type written in a literal payload (``{"type": "ShipOrder"}``): their kind."""

from __future__ import annotations

from analyzer.link.classify import name_form, words
from analyzer.model import Evidence, Kind, Tier

IMPERATIVE_VERBS = frozenset(
    {
        "Add",
        "Allocate",
        "Approve",
        "Archive",
        "Assign",
        "Book",
        "Cancel",
        "Capture",
        "Change",
        "Charge",
        "Check",
        "Close",
        "Complete",
        "Confirm",
        "Create",
        "Deactivate",
        "Activate",
        "Deallocate",
        "Delete",
        "Deliver",
        "Dispatch",
        "Enroll",
        "Export",
        "Fulfil",
        "Fulfill",
        "Generate",
        "Import",
        "Invite",
        "Issue",
        "Notify",
        "Open",
        "Pay",
        "Place",
        "Process",
        "Publish",
        "Purge",
        "Refund",
        "Register",
        "Reject",
        "Release",
        "Remove",
        "Rename",
        "Reserve",
        "Resize",
        "Restock",
        "Retry",
        "Return",
        "Schedule",
        "Send",
        "Set",
        "Ship",
        "Start",
        "Stop",
        "Submit",
        "Suspend",
        "Sync",
        "Transfer",
        "Update",
        "Upload",
        "Validate",
        "Verify",
        "Void",
    }
)


def is_imperative(name: str) -> bool:
    """``ShipOrder``, ``ship_order``, ``ReserveStock``: a verb first, and not in the past tense."""
    parts = words(name)
    if len(parts) < 2 or parts[0] not in IMPERATIVE_VERBS:
        return False
    form = name_form(name)
    return form is None or form.kind is Kind.COMMAND


def payload_evidence(name: str) -> Evidence | None:
    """What the type written in a payload says about the message's kind.

    It is stronger than the API the payload is handed to (the point of BUS005/BUS006 is that
    they disagree), weaker than a declaration in code or configuration.
    """
    if is_imperative(name):
        return Evidence(Tier.MODULE, Kind.COMMAND, f"payload type {name} is imperative")
    form = name_form(name)
    if form is None:
        return None
    return Evidence(Tier.MODULE, form.kind, f"payload type {name}: {form.text}")
