"""Open clarifications: a question asked of a bidder and not yet answered keeps the result
provisional (docs/scoring.md, "Status"): the panel should not finalise while it waits on a
bidder's answer."""

from __future__ import annotations

from collections.abc import Mapping

from ..model import Tender


def open_clarification_reasons(tender: Tender, names: Mapping[str, str]) -> list[str]:
    """One sentence for the pack's cover for each clarification with no answer, in tender.yaml
    order; ``names``: bidder key -> name."""
    reasons = []
    for c in tender.clarifications:
        if not c.open:
            continue
        on = f" on {c.criterion}" if c.criterion else ""
        reasons.append(
            f"Clarification {c.id}, asked of {names.get(c.bidder, c.bidder)}{on} on "
            f"{c.asked.isoformat()}, has no answer recorded (tender.yaml `clarifications`): the "
            "result stays provisional until the bidder's answer is recorded."
        )
    return reasons
