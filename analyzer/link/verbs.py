"""English verb forms in message names: is an event named in the past tense, a command in the imperative?

A heuristic, not a grammar: it knows regular and irregular past participles, nouns made from
verbs (``Placement``, ``Creation``, ``Processing``) and the suffixes messages carry
(``…Event``, ``…Command``, ``…Cmd``). It only reports what it is sure of; an allow-list in the
configuration settles the rest.
"""

from __future__ import annotations

import re

from analyzer.link.classify import is_past_participle, words

EVENT_SUFFIXES = frozenset({"Event", "Evt", "Notification", "Message", "Msg"})
EVENT_QUALIFIERS = frozenset({"Domain", "Integration", "Public", "Internal", "External"})
COMMAND_SUFFIXES = frozenset({"Command", "Cmd", "Request", "Message", "Msg"})
PARTICLES = frozenset({"Up", "Out", "In", "Off", "Over", "Back", "Down", "Away", "On", "Through"})
SAME_AS_BASE_FORM = frozenset(
    """Set Put Cut Shut Hit Read Run Split Quit Come Become Found Lit Let Spread Cast Cost Hurt
    Burst Bet Fit Upset Reset Offset Bound""".split()  # noqa: SIM905
)
"""Participles spelled like the verb itself: in a command they are more likely the verb."""
MORE_PARTICIPLES = frozenset(
    """Awoken Beaten Bent Bitten Bled Blown Bred Burnt Clung Dreamt Drunk Dwelt Flung Forgiven
    Forsaken Hung Knelt Laid Learnt Leapt Mistaken Mown Overcome Overdrawn Overrun Overtaken
    Proven Rebound Remade Resold Retold Rewritten Rung Said Sewn Shaken Shone Shrunk Slain Slid
    Slung Smelt Sown Sped Spelt Spilt Spoilt Sprung Stood Strewn Striven Strung Stung Stunk Sung
    Sunk Swollen Swum Swung Trodden Understood Undertaken Woken Wound Woven Wrung""".split()  # noqa: SIM905
)
"""Irregular participles beyond the ones classification uses (IRREGULAR_PARTICIPLES): only the
naming rules read these, so they never change a message's kind."""
NOMINAL_SUFFIXES = ("tion", "sion", "ment", "ance", "ence", "ing")
NOMINAL_WORDS = frozenset(
    """Approval Removal Renewal Arrival Refusal Withdrawal Dismissal Disposal Proposal Rental
    Denial Reversal Referral Retrieval Failure Closure Departure Signature Delivery
    Discovery Recovery""".split()  # noqa: SIM905
)
VERBS_THAT_LOOK_NOMINAL = frozenset(
    """Comment Document Implement Increment Decrement Segment Augment Fragment Supplement
    Complement Experiment Advance Balance Enhance Finance Reference Influence Commence
    Silence Evidence Experience Sentence Fence Dance Mention Question Function Position
    Auction Partition Petition Provision Commission Condition Section Sanction Caution
    Ration Version Envision Station Bring Ping String Swing Spring Sting Fling Cling Thing
    King Wing Ring Sing""".split()  # noqa: SIM905
)
VERB_ENDINGS = ("ate", "ize", "ise", "ify", "yse", "yze")
COMMON_VERBS = frozenset(
    """Accept Activate Add Adjust Allocate Apply Approve Archive Assign Attach Authorise
    Authorize Ban Bill Block Book Build Buy Calculate Cancel Capture Change Charge Check Claim
    Clear Clone Close Collect Complete Compute Confirm Connect Convert Copy Create Deactivate
    Deallocate Decline Delete Deliver Deny Deposit Detach Disable Dispatch Do Download
    Downgrade Drop Edit Enable End Enqueue Enroll Enrol Escalate Expire Export Extend Fetch
    File Finish Flag Follow Fork Freeze Fulfil Fulfill Get Give Grant Handle Hide Hold Import
    Index Invite Invoice Issue Join Keep Kick Launch Leave Like Link Load Lock Log Make Mark
    Merge Migrate Modify Move Notify Open Pause Pay Pin Place Post Prepare Print Process
    Promote Prune Publish Purchase Purge Push Put Queue Raise Rate Rebuild Recalculate Receive
    Reconcile Record Redeem Refresh Refund Register Reindex Reject Release Reload Remove
    Rename Renew Reopen Repair Replace Reply Report Request Reschedule Reserve Reset Resend
    Resolve Restart Restock Restore Resume Retire Retry Return Review Revoke Rollback Rotate
    Run Save Schedule Sell Send Set Share Ship Show Sign Sort Split Start Stop Store Submit
    Subscribe Suspend Swap Switch Sync Tag Take Track Transfer Trigger Unban Unblock Unfollow
    Unlink Unlock Unpin Unsubscribe Untag Update Upgrade Upload Use Verify Void Watch Withdraw
    Write""".split()  # noqa: SIM905
)
_VERSION = re.compile(r"V?\d+")
_DIGITS = re.compile(r"(?<=[a-z])(\d+)")


def _words(name: str) -> list[str]:
    """The words of a name, with numbers apart: ``OrderPlaced2`` → Order, Placed, 2."""
    return words(_DIGITS.sub(r"_\1", name))


def _core(name: str, suffixes: frozenset[str]) -> list[str]:
    """The words of a name without its message suffixes and version numbers."""
    parts = _words(name)
    stripped = True
    while parts and stripped:
        stripped = False
        if parts[-1] in suffixes or _VERSION.fullmatch(parts[-1]):
            parts.pop()
            stripped = True
            while parts and parts[-1] in EVENT_QUALIFIERS:
                parts.pop()
    return parts


def _without_particles(parts: list[str]) -> list[str]:
    while len(parts) > 1 and parts[-1] in PARTICLES:
        parts = parts[:-1]
    return parts


def is_nominal(word: str) -> bool:
    """A noun made from a verb: ``Placement``, ``Creation``, ``Processing``, ``Approval``."""
    singular = word[:-1] if word.endswith("s") and not word.endswith("ss") else word
    if singular in VERBS_THAT_LOOK_NOMINAL or len(singular) <= 5:
        return singular in NOMINAL_WORDS
    return singular in NOMINAL_WORDS or singular.endswith(NOMINAL_SUFFIXES)


def past_participle(word: str) -> bool:
    """``Placed``, ``Paid``, ``Sprung``: a regular or irregular past participle."""
    return is_past_participle(word) or word in MORE_PARTICIPLES


def looks_like_verb(word: str) -> bool:
    return word in COMMON_VERBS or (len(word) > 4 and word.endswith(VERB_ENDINGS))


def not_past_tense(name: str) -> str | None:
    """Why an event's name is not in the past tense, or None when it is (``OrderPlaced``,
    ``PaymentSucceededEvent``, ``UserSignedUp``, ``MoneyWithdrawnFromAccount``)."""
    core = _core(name, EVENT_SUFFIXES)
    if not core:
        return None
    if any(past_participle(word) or word in SAME_AS_BASE_FORM for word in core):
        return None
    last = _words(name)[-1]
    if last in ("Command", "Cmd"):
        return f"it ends with {last}"
    return f"no word of {''.join(core)} is a past participle"


def not_imperative(name: str) -> str | None:
    """Why a command's name is not an imperative, or None when nothing says so (``PlaceOrder``,
    ``CancelOrderCommand``, ``SetPrice``)."""
    every = _words(name)
    if every and every[-1] in ("Event", "Evt"):
        return f"it ends with {every[-1]}, like an event"
    core = _without_particles(_core(name, COMMAND_SUFFIXES))
    if not core:
        return None
    first, last = core[0], core[-1]
    if is_nominal(first) and not looks_like_verb(first):
        return f"{first} is a noun, not a verb"
    if len(core) == 1 or looks_like_verb(first):
        if len(core) == 1 and past_participle(last) and last not in SAME_AS_BASE_FORM:
            return f"{last} is a past participle: it names what happened, not what to do"
        return None
    if past_participle(last) and last not in SAME_AS_BASE_FORM:
        return f"{last} is a past participle: it names what happened, not what to do"
    if is_nominal(last):
        return f"{''.join(core)} is a noun phrase, not a verb"
    return None
