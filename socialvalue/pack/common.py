"""Pieces shared by the pack and the summaries: tender, status, outcome, ranks."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ..results.record import BidderRecord, Record
from .figures import at_most_places, long_date, money

Context = dict[str, Any]


def places_of(results: Record) -> int:
    """The rubric's rounding places (how unrounded figures are printed)."""
    return int(results.rubric.rounding.places)


def names_by_key(results: Record) -> dict[str, str]:
    return {b.key: b.name for b in results.bidders}


def tender_context(results: Record, generated: dt.datetime) -> Context:
    """Tender, status, outcome and dates: shared by the pack and the summaries."""
    tender = results.tender
    status = results.status
    outcome = results.outcome
    names = names_by_key(results)
    proxy = results.proxy_set
    final = status.state == "final"
    return {
        "reference": tender.reference,
        "title": tender.title,
        "buyer": tender.buyer,
        "currency": tender.currency,
        "contract_value": money(tender.contract_value, tender.currency),
        "contract_years": (
            at_most_places(tender.contract_years) if tender.contract_years is not None else None
        ),
        "marking": tender.marking or "",
        "dates": [
            {"name": name.replace("_", " ").capitalize(), "date": long_date(value)}
            # In date order, then by name for the same day.
            for name, value in sorted(tender.dates.items(), key=lambda kv: (kv[1], kv[0]))
        ],
        "generated": long_date(generated),
        "state": "FINAL" if final else "PROVISIONAL",
        "final": final,
        "status_reasons": list(status.reasons),
        "missing": [m.text for m in status.missing],
        "outcome_kind": outcome.kind,
        "outcome_text": outcome.text,
        "winner": outcome.winner,
        "winner_name": names.get(outcome.winner or "", None),
        "tied_names": [names.get(k, k) for k in outcome.tied_for_first],
        "example_label": proxy.label if proxy and proxy.example else None,
        "rubric_title": results.rubric.title,
        "rubric_version": results.rubric.version,
    }


def rank_text(bidder: BidderRecord) -> str:
    """``1``, ``=2`` for a shared rank, ``-`` when not ranked."""
    if bidder.rank is None:
        return "–"
    return f"={bidder.rank}" if bidder.rank_shared else str(bidder.rank)


def status_text(bidder: BidderRecord, winner: str | None) -> str:
    if bidder.status == "disqualified":
        return "Disqualified"
    if bidder.key == winner:
        return "Most advantageous"
    if bidder.rank == 1:
        return "Tied first"
    return "Ranked"
