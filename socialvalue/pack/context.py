"""The evaluation pack's template context, built from the results.json dict.

All decisions live in Python (what to show, in which order, how each figure is formatted); the
templates under ``templates/pack/`` only lay the result out. Every figure is a display string
made by :mod:`socialvalue.pack.figures`. One module per part of the pack: :mod:`.ranking`
(Summary), :mod:`.methodology`, :mod:`.bidders`, :mod:`.records` (moderation, sensitivity,
exclusions, audit).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from .bidders import bidder_context
from .common import places_of, tender_context
from .figures import strip_control_chars
from .methodology import methodology_context
from .names import anchor_ids
from .ranking import ranking_context
from .records import audit_context, exclusions_context, moderation_context, sensitivity_context

Json = Mapping[str, Any]
Context = dict[str, Any]

SECTION_TITLES = (
    ("sec-summary", "Summary"),
    ("sec-methodology", "Methodology"),
    ("sec-bidders", "Bidders"),
    ("sec-moderation", "Moderation record"),
    ("sec-sensitivity", "Sensitivity"),
    ("sec-exclusions", "Exclusions"),
    ("sec-audit", "Audit appendix"),
)


# --- the whole pack -------------------------------------------------------------------------


def pack_context(
    results: Json,
    *,
    generated: dt.datetime,
    excerpt_words: int = 60,
    results_sha256: str = "",
    results_name: str = "results.json",
) -> Context:
    """The context for ``templates/pack/pack.html.j2``."""
    results = strip_control_chars(results)
    places = places_of(results)
    anchors = anchor_ids(len(results["bidders"]))
    bidders = [
        bidder_context(results, b, anchor, places, excerpt_words)
        for b, anchor in zip(results["bidders"], anchors, strict=True)
    ]
    contents: list[Context] = []
    for anchor, title in SECTION_TITLES:
        contents.append({"anchor": anchor, "title": title, "level": 1})
        if anchor == "sec-bidders":
            contents.extend(
                {"anchor": b["anchor"], "title": b["name"], "level": 2} for b in bidders
            )
    tender = tender_context(results, generated)
    return {
        "created": generated,
        "lang": "en-GB",
        "tender": tender,
        "places": places,
        "rounding_stage": results["rubric"]["rounding"]["stage"],
        "contents": contents,
        "summary": ranking_context(results, places),
        "methodology": methodology_context(results, places),
        "bidders": bidders,
        "moderation": moderation_context(results, places),
        "sensitivity": sensitivity_context(results, places),
        "exclusions": exclusions_context(results, places),
        "audit": audit_context(results, generated, results_sha256, results_name),
    }
