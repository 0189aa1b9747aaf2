"""Explanations of a bidder's scores, by reference to its tender, for assessment summaries.

A qualitative part is explained by the moderation panel's consensus rationale, or failing that
by the evaluators' own rationales. A quantitative criterion is explained from the bidder's
commitments and the published method. An explanation is never invented: when there is no
rationale at all the result is empty and the caller must refuse to issue the summary.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..results.record import CriterionRecord
from ..rubric import methods
from ..scoring.quantitative import method_figures
from ..scoring.result import MeasureLine, PartResult
from .figures import at_most_places, money, percent, points, record_decimal
from .methodwords import PackWords

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


def rationale(part: PartResult) -> str:
    """The reasons for a scored part: the consensus rationale, else the evaluators' (deduped)."""
    consensus = part.consensus
    if consensus and _clean(consensus.rationale):
        return "Agreed at moderation: " + _clean(consensus.rationale)
    texts: list[str] = []
    for score in part.scores:
        text = _clean(score.rationale)
        if text and text not in texts:
            texts.append(text)
    if not texts:
        return ""
    label = "Evaluator's comment" if len(texts) == 1 else "Evaluators' comments"
    return f"{label}: " + " / ".join(texts)


def _measure_phrase(measure: MeasureLine, currency: str) -> str:
    title = _clean(measure.title)
    quantity = f"{at_most_places(measure.quantity)} {_clean(measure.unit)}"
    if not measure.entered:
        return f"{title}: no entry (counted as 0)"
    if measure.record_only or measure.gbp_value is None:
        return f"{title}: {quantity} (recorded, not valued)"
    return f"{title}: {quantity} ({money(measure.gbp_value, currency)})"


def quantitative_explanation(
    criterion: CriterionRecord, contract_value: object, currency: str, places: int
) -> str:
    """E.g. "GBP 90,000 of social value committed (4.5% of contract value): ...; 72.3% of the
    highest eligible bid (GBP 124,500)."
    """
    gbp = record_decimal(criterion.gbp_value)
    sentences = [
        f"{money(gbp, currency)} of social value committed "
        f"({percent(criterion.percent_of_contract, places)} of contract value "
        f"{money(contract_value, currency)})"
        + (
            ": " + "; ".join(_measure_phrase(m, currency) for m in criterion.measures) + "."
            if criterion.measures
            else "."
        )
    ]
    cap = criterion.cap
    counted = record_decimal(criterion.counted_gbp_value)
    if cap and counted < gbp:
        sentences.append(
            f"Value counted for scoring is capped at {percent(cap.percent, places)} of "
            f"contract value: {money(counted, currency)}."
        )
    sentences.append(_method_sentence(criterion, currency, places))
    return " ".join(s for s in sentences if s)


SHARE_NAMES = {"local": "local spend", "vcse": "VCSE spend", "sme": "SME spend"}


def spend_arithmetic(criterion: CriterionRecord, currency: str, places: int) -> str:
    """A spend_plan criterion's share with its arithmetic, e.g. "Local spend: GBP 370,000 on 2
    of 5 lines (...) / GBP 1,000,000 contract value x 100 = 37% of contract value (plan total
    GBP 750,000)."."""
    spend = criterion.spend
    if spend is None:
        return ""
    if spend.share == "lm3":
        return (
            f"Local return (LM3 - 1): {money(spend.amount, currency)} ({spend.rule}) / "
            f"{money(spend.contract_value, currency)} contract value x 100 = "
            f"{percent(spend.percent, places)} of contract value."
        )
    name = SHARE_NAMES.get(spend.share, spend.share)
    lines = f"{spend.counted_lines} of {spend.lines} line{'s' if spend.lines != 1 else ''}"
    return (
        f"{name[0].upper()}{name[1:]}: {money(spend.amount, currency)} on {lines} "
        f"({spend.rule}) / {money(spend.contract_value, currency)} contract value x 100 = "
        f"{percent(spend.percent, places)} of contract value (plan total "
        f"{money(spend.planned, currency)})."
    )


def spend_explanation(criterion: CriterionRecord, currency: str, places: int) -> str:
    """The bidder's own spend plan figures for a spend_plan criterion, then its method."""
    sentences = [spend_arithmetic(criterion, currency, places)]
    cap = criterion.cap
    counted = record_decimal(criterion.counted_gbp_value)
    if cap and counted < record_decimal(criterion.gbp_value):
        sentences.append(
            f"The spend counted for scoring is capped at {percent(cap.percent, places)} of "
            f"contract value: {money(counted, currency)}."
        )
    sentences.append(_method_sentence(criterion, currency, places))
    return " ".join(s for s in sentences if s)


def _method_sentence(criterion: CriterionRecord, currency: str, places: int) -> str:
    """The method's own explanation of this bid's fraction (the record's text if unknown)."""
    method = criterion.method
    if method is None:
        return ""
    spec = methods.find(method.kind)
    if spec is None:
        return _clean(method.text)
    return spec.explain(method_figures(criterion), PackWords(currency, places))


def qualitative_explanations(criterion: CriterionRecord) -> list[tuple[PartResult, str]]:
    """Each scored part of a qualitative criterion with its rationale ('' when none)."""
    return [(part, rationale(part)) for part in criterion.parts or ()]


def score_sentence(criterion: CriterionRecord, places: int) -> str:
    """ "Score 60 of 100 (consensus ...): 3.000 of 5 marks." for a qualitative criterion."""
    scale = criterion.scale
    final = criterion.final_score
    head = (
        f"Score {at_most_places(final, places)} of {at_most_places(scale.maximum, places)}"
        if scale and final is not None
        else "Score"
    )
    return (
        f"{head} ({basis_text(criterion.basis)}): "
        f"{points(criterion.weighted_points, places)} of "
        f"{at_most_places(criterion.marks, places)} marks."
    )


#: An excerpt of N words is also cut at N times this many characters: one unbroken "word" of
#: 10,000 characters would otherwise be quoted whole.
EXCERPT_CHARACTERS_PER_WORD = 12


def excerpt(text: object, words: int) -> tuple[str, bool]:
    """The first ``words`` words of ``text`` (and at most ``words`` x
    :data:`EXCERPT_CHARACTERS_PER_WORD` characters) and whether it was shortened."""
    parts = str(text or "").split()
    kept = " ".join(parts[:words])
    most = words * EXCERPT_CHARACTERS_PER_WORD
    shortened = len(parts) > words or len(kept) > most
    if len(kept) > most:
        kept = kept[:most].rstrip()
    return (kept + " …", True) if shortened else (kept, False)


def join_names(names: Sequence[str]) -> str:
    """``["A", "B", "C"]`` -> ``A, B and C``."""
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]
