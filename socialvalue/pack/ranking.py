"""The pack's Summary section: ranking table, chart and the chart's numbers as a table."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from ..results.record import BidderRecord, CriterionMethod, Record
from .chart import Bar, bar_chart_svg
from .common import rank_text, status_text
from .figures import at_most_places, money, percent, points, record_decimal, rounded

Context = dict[str, Any]


def _criterion_columns(results: Record) -> list[CriterionMethod]:
    return [c for s in results.rubric.sections for c in s.criteria]


def counted_value(results: Record, bidder: BidderRecord, places: int) -> Context:
    """The GBP value scored (after caps) and its % of contract value, with the committed value
    beside it where a cap made them differ (``committed``, else None)."""
    currency = results.tender.currency
    committed = record_decimal(bidder.totals.social_value_gbp)
    counted = sum(
        (
            record_decimal(c.counted_gbp_value)
            for c in bidder.criteria
            if c.type == "quantitative" and c.counted_gbp_value is not None
        ),
        Decimal(0),
    )
    contract = record_decimal(results.tender.contract_value)
    share = counted / contract * 100 if contract else Decimal(0)
    return {
        "gbp": money(counted, currency),
        "committed": money(committed, currency) if counted != committed else None,
        "percent_of_contract": percent(share, places),
    }


def ranking_context(results: Record, places: int) -> Context:
    """Ranking table, chart and chart table, tie-breaks."""
    winner = results.outcome.winner
    ranked = [b for b in results.bidders if b.status == "ranked"]
    columns = _criterion_columns(results)
    first = results.bidders[0].totals if results.bidders else None
    out_of = record_decimal(first.out_of) if first else record_decimal(results.rubric.total_marks)
    rows = []
    for b in results.bidders:
        t = b.totals
        rows.append(
            {
                "rank": rank_text(b),
                "name": b.name,
                "total": rounded(t.total_rounded),
                "out_of": at_most_places(t.out_of, places),
                "evaluation_points": rounded(t.evaluation_points_rounded),
                "evaluation_out_of": at_most_places(t.evaluation_points_out_of, places),
                **counted_value(results, b, places),
                "status": status_text(b, winner),
                "winner": b.key == winner,
            }
        )
    chart_rows = []
    bars = []
    for b in ranked:
        by_id = {c.id: c for c in b.criteria}
        values = [record_decimal(by_id[c.id].weighted_points) for c in columns]
        total_text = rounded(b.totals.total_rounded)
        bars.append(Bar(label=b.name, values=tuple(values), total_text=total_text))
        chart_rows.append(
            {
                "name": b.name,
                "cells": [points(v, places) for v in values],
                "total": total_text,
            }
        )
    legend = [f"{c.id} {c.title}" for c in columns]
    return {
        "rows": rows,
        "chart": bar_chart_svg(bars, legend, out_of) if bars else None,
        "chart_columns": [{"id": c.id, "title": c.title} for c in columns],
        "chart_rows": chart_rows,
        "out_of": at_most_places(out_of, places),
        "tie_breaks": [t.text for t in results.tie_breaks],
        "ties": [t.text for t in results.ties],
        "not_assessed": [f"{n.name} ({n.status})" for n in results.not_assessed],
        "weighting_text": results.weighting.text,
        "meets_policy_minimum": results.weighting.meets_policy_minimum,
    }
