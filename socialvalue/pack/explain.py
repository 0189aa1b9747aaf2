"""Explanations of a bidder's scores, by reference to its tender, for assessment summaries.

A qualitative part is explained by the moderation panel's consensus rationale, or failing that
by the evaluators' own rationales. A quantitative criterion is explained from the bidder's
commitments and the published method. An explanation is never invented: when there is no
rationale at all the result is empty and the caller must refuse to issue the summary.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from .figures import at_most_places, fraction_percent, money, percent, points, record_decimal

Json = Mapping[str, Any]

BASIS_TEXT = {
    "consensus": "consensus score agreed at moderation",
    "mean": "mean of the evaluators' scores (the rubric's policy)",
    "mean_no_consensus": "mean of the evaluators' scores (no consensus recorded or required)",
    "mean_stand_in": "mean of the evaluators' scores standing in: a consensus is required but "
    "not yet recorded (provisional)",
    "consensus_only": "consensus score standing in: no evaluator scores recorded (provisional)",
    "missing": "no score recorded: the scale minimum stands in (provisional)",
    "sub_criteria": "rolled up from the sub-criteria by weight",
}


def basis_text(basis: str | None) -> str:
    """How a final score was reached, in words."""
    if basis is None:
        return ""
    return BASIS_TEXT.get(basis, basis.replace("_", " "))


def _clean(text: object) -> str:
    return " ".join(str(text or "").split())


def rationale(part: Json) -> str:
    """The reasons for a scored part: the consensus rationale, else the evaluators' (deduped)."""
    consensus = part.get("consensus")
    if consensus and _clean(consensus.get("rationale")):
        return "Agreed at moderation: " + _clean(consensus["rationale"])
    texts: list[str] = []
    for score in part["evaluator_scores"]:
        text = _clean(score.get("rationale"))
        if text and text not in texts:
            texts.append(text)
    if not texts:
        return ""
    label = "Evaluator's comment" if len(texts) == 1 else "Evaluators' comments"
    return f"{label}: " + " / ".join(texts)


def _measure_phrase(measure: Json, currency: str) -> str:
    title = _clean(measure["title"])
    quantity = f"{at_most_places(measure['quantity'])} {_clean(measure['unit'])}"
    if not measure["entered"]:
        return f"{title}: no entry (counted as 0)"
    if measure["record_only"] or measure["gbp_value"] is None:
        return f"{title}: {quantity} (recorded, not valued)"
    return f"{title}: {quantity} ({money(measure['gbp_value'], currency)})"


def quantitative_explanation(
    criterion: Json, contract_value: object, currency: str, places: int
) -> str:
    """E.g. "GBP 90,000 of social value committed (4.5% of contract value): ...; 72.3% of the
    highest eligible bid (GBP 124,500)."
    """
    gbp = record_decimal(criterion["gbp_value"])
    sentences = [
        f"{money(gbp, currency)} of social value committed "
        f"({percent(criterion['percent_of_contract'], places)} of contract value "
        f"{money(contract_value, currency)})"
        + (
            ": " + "; ".join(_measure_phrase(m, currency) for m in criterion["measures"]) + "."
            if criterion["measures"]
            else "."
        )
    ]
    cap = criterion.get("cap")
    counted = record_decimal(criterion["counted_gbp_value"])
    if cap and counted < gbp:
        sentences.append(
            f"Value counted for scoring is capped at {percent(cap['percent'], places)} of "
            f"contract value: {money(counted, currency)}."
        )
    sentences.append(_method_sentence(criterion, counted, currency, places))
    return " ".join(s for s in sentences if s)


def _method_sentence(criterion: Json, counted: Decimal, currency: str, places: int) -> str:
    method = criterion["method"]
    if method is None:
        return ""
    kind = method["kind"]
    share = fraction_percent(criterion["fraction"])
    reference = method.get("reference_value")
    if kind == "relative_to_best":
        if reference is None or record_decimal(reference) == 0:
            return f"No eligible bid committed any valued social value: {share} of the marks."
        if counted > record_decimal(reference):
            return (
                f"More than the highest eligible bid ({money(reference, currency)}): "
                f"{share} of the marks."
            )
        return f"{share} of the highest eligible bid ({money(reference, currency)})."
    if kind == "contract_value_target":
        return (
            f"Against a target of {percent(method['target_percent'], places)} of contract "
            f"value: {share} of the marks."
        )
    if kind == "contract_value_bands":
        band = method.get("band")
        if band is None:
            return f"Below the lowest published band: {share} of the marks."
        return (
            f"In the band of at least {percent(band['at_least'], places)} of contract value, "
            f"which earns {percent(band['score'], places)} of the marks."
        )
    if kind == "credibility_adjusted":
        adjusted = method.get("adjusted_value")
        text = (
            f"Adjusted by the quality score on {method['credibility_criterion']} "
            f"({fraction_percent(method['credibility_fraction'] or '0')})"
        )
        if adjusted is not None:
            text += f" to {money(adjusted, currency)}"
        if reference is not None and record_decimal(reference) != 0:
            text += (
                f"; {share} of the highest eligible adjusted value ({money(reference, currency)})"
            )
        return text + "."
    return _clean(method.get("text"))


def qualitative_explanations(criterion: Json) -> list[tuple[Json, str]]:
    """Each scored part of a qualitative criterion with its rationale ('' when none)."""
    return [(part, rationale(part)) for part in criterion["parts"] or []]


def score_sentence(criterion: Json, places: int) -> str:
    """ "Score 60 of 100 (consensus ...): 3.000 of 5 marks." for a qualitative criterion."""
    scale = criterion["scale"]
    final = criterion["final_score"]
    head = (
        f"Score {at_most_places(final, places)} of {at_most_places(scale['maximum'], places)}"
        if scale and final is not None
        else "Score"
    )
    return (
        f"{head} ({basis_text(criterion['basis'])}): "
        f"{points(criterion['weighted_points'], places)} of "
        f"{at_most_places(criterion['marks'], places)} marks."
    )


def excerpt(text: object, words: int) -> tuple[str, bool]:
    """The first ``words`` words of ``text`` and whether it was shortened."""
    parts = str(text or "").split()
    if len(parts) <= words:
        return " ".join(parts), False
    return " ".join(parts[:words]) + " …", True


def join_names(names: Sequence[str]) -> str:
    """``["A", "B", "C"]`` -> ``A, B and C``."""
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]
