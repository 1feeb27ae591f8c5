"""`--statistics`: how many findings per rule, as a table or as JSON."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence

from analyzer.model import Finding


def counts(findings: Sequence[Finding]) -> list[tuple[str, str, str, int]]:
    """(code, name, severity, count), most frequent first, then by code."""
    tally = Counter((f.code, f.name, f.severity.value) for f in findings)
    return sorted(((*key, n) for key, n in tally.items()), key=lambda row: (-row[3], row[0]))


def table(findings: Sequence[Finding]) -> str:
    rows = counts(findings)
    width = max((len(str(n)) for *_, n in rows), default=1)
    return "".join(
        f"{n:>{width}}  {code}  {name} ({severity})\n" for code, name, severity, n in rows
    )


def as_json(findings: Sequence[Finding]) -> str:
    rows = [
        {"code": c, "name": name, "severity": s, "count": n} for c, name, s, n in counts(findings)
    ]
    return json.dumps(rows, indent=2) + "\n"
