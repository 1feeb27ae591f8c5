"""Consumer groups: handlers of one channel in one group share its messages; several groups each get all."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from analyzer.model import Evidence, Kind, Location, Tier


def group_evidence(
    readers: Iterable[tuple[str, str | None, Location]],
) -> list[tuple[str, Evidence]]:
    """The kind each channel's consumer groups give it, from (channel id, group, site) triples.

    Readers without a group (``None``) are ignored: their transport has no groups. A reader in
    the group ``""`` reads alone (a Kafka consumer without ``group_id``), a group of its own.
    A channel read by one group is a queue (a command channel); by several, a broadcast.
    """
    groups: dict[str, set[str]] = defaultdict(set)
    first: dict[str, Location] = {}
    for channel, group, location in readers:
        if group is None or not channel.startswith("channel:"):
            continue
        groups[channel].add(group or f"\x00{location.path}:{location.line}:{location.column}")
        if channel not in first or location < first[channel]:
            first[channel] = location
    found = []
    for channel, names in sorted(groups.items()):
        if len(names) > 1:
            evidence = Evidence(
                Tier.REGISTRY, Kind.EVENT, f"read by {len(names)} consumer groups", first[channel]
            )
        else:
            evidence = Evidence(
                Tier.REGISTRY, Kind.COMMAND, "read by one consumer group", first[channel]
            )
        found.append((channel, evidence))
    return found
