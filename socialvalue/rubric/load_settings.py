"""Loading the settings that apply rubric-wide: weighting, moderation, rounding and the rest."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from ..yamlnodes import Fields
from . import model as m
from .keys import (
    ALTERNATIVE_KEYS,
    CREDIBILITY_KEYS,
    MODERATION_KEYS,
    PROVENANCE_KEYS,
    ROUNDING_KEYS,
    THRESHOLD_KEYS,
    TIE_KEYS,
    WEIGHTING_KEYS,
)
from .load_state import LoadState, hint
from .model import HUNDRED, ZERO


def read_weighting(state: LoadState, f: Fields) -> m.Weighting | None:
    node = f.mapping("weighting", required=True)
    if node is None:
        return None
    wf = state.fields(node, "weighting", WEIGHTING_KEYS)
    value = wf.decimal("social_value_percent", required=True, positive=True, maximum=HUNDRED)
    minimum = wf.decimal("policy_minimum_percent", minimum=ZERO, maximum=HUNDRED)
    # Absent or null: the default. (A value with a problem was reported and stays None.)
    if minimum is None and wf.raw("policy_minimum_percent") is None:
        minimum = Decimal(10)
    exception = wf.text("exception")
    if value is None or minimum is None:
        return None
    if value < minimum and not (exception and exception.strip()):
        wf.error(
            wf.where("social_value_percent"),
            f"social value is weighted {value}%, below the policy minimum of {minimum}%; "
            "raise it or state an `exception`",
        )
    return m.Weighting(value, minimum, exception)


def read_moderation(state: LoadState, f: Fields) -> m.Moderation:
    node = f.mapping("moderation")
    if node is None:
        return m.Moderation()
    mf = state.fields(node, "moderation", MODERATION_KEYS)
    steps = mf.integer("mandatory_spread_steps", minimum=0)
    return m.Moderation(
        mf.choice("final_score", m.FINAL_SCORES, default="consensus") or "consensus",
        steps if steps is not None else 1,
    )


def read_rounding(state: LoadState, f: Fields) -> m.Rounding:
    node = f.mapping("rounding")
    if node is None:
        return m.Rounding()
    rf = state.fields(node, "rounding", ROUNDING_KEYS)
    places = rf.integer("places", minimum=0)
    if places is not None and places > 6:
        rf.error(rf.where("places"), f"places must be at most 6, got {places}")
    return m.Rounding(
        places=places if places is not None and places <= 6 else 2,
        rule=rf.choice("rule", m.ROUNDING_RULES, default="half_up") or "half_up",
        stage=rf.choice("stage", m.ROUNDING_STAGES, default="total") or "total",
        rank_on=rf.choice("rank_on", m.RANK_ON, default="unrounded") or "unrounded",
    )


def read_threshold(state: LoadState, f: Fields) -> m.Threshold | None:
    node = f.mapping("threshold")
    if node is None:
        return None
    tf = state.fields(node, "threshold", THRESHOLD_KEYS)
    value = tf.decimal("minimum_percent", required=True, minimum=ZERO, maximum=HUNDRED)
    basis = tf.choice("basis", m.THRESHOLD_BASES, default="qualitative") or "qualitative"
    disq = tf.boolean("disqualifies", default=True)
    return m.Threshold(value, basis, disq) if value is not None else None


def read_credibility(state: LoadState, f: Fields) -> m.Credibility:
    node = f.mapping("credibility")
    if node is None:
        return m.Credibility()
    cf = state.fields(node, "credibility", CREDIBILITY_KEYS)
    share = cf.decimal("max_share_of_contract_percent", positive=True)
    cost = cf.decimal("annual_fte_cost", positive=True)
    multiple = cf.decimal("outlier_multiple", positive=True)
    defaults = m.Credibility()
    return m.Credibility(
        share if share is not None else defaults.max_share_of_contract_percent,
        cost,
        multiple if multiple is not None else defaults.outlier_multiple,
    )


def read_tie_breaks(state: LoadState, f: Fields) -> tuple[m.TieBreak, ...]:
    """The tie-breaks, in order; read after the sections, so a named criterion can be checked."""
    out = []
    for node in f.maps("tie_breaks"):
        tf = state.fields(node, "a tie-break", TIE_KEYS)
        rule = tf.choice("rule", m.TIE_RULES, required=True)
        cid = tf.ident("criterion", required=rule == "criterion")
        if rule != "criterion" and tf.has("criterion"):
            tf.error(tf.where("criterion"), "`criterion` only applies to rule criterion")
        if cid and cid not in state.criterion_ids:
            tf.error(
                tf.where("criterion"),
                f"tie-break names criterion `{cid}`, which does not exist"
                + hint(cid, sorted(state.criterion_ids)),
            )
        if rule:
            out.append(m.TieBreak(rule, cid))
    return tuple(out)


def _day(pf: Fields, key: str) -> str | None:
    value = pf.text(key, required=True)
    if value is None:
        return None
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        pf.error(pf.where(key), f'{key} must be a date such as 2026-02-01, got "{value}"')
        return None
    return value


def read_weights_provenance(
    state: LoadState, f: Fields
) -> tuple[m.WeightsProvenance | None, m.AlternativeWeights | None]:
    """The ``weights_provenance`` key that ``priorities derive`` writes (docs/priorities.md),
    and its alternative weights (read, to be checked against the criteria, even when another
    of its values has a problem)."""
    node = f.mapping("weights_provenance")
    if node is None:
        return None, None
    pf = state.fields(node, "weights_provenance", PROVENANCE_KEYS)
    method = pf.choice("method", m.PRIORITY_METHODS, required=True)
    who = pf.text("who", required=True)
    responses = pf.integer("responses", required=True, minimum=1)
    first, last = _day(pf, "first_day"), _day(pf, "last_day")
    if first and last and last < first:
        pf.error(pf.where("last_day"), f"last_day {last} is before first_day {first}")
    consultation = pf.text("consultation", default="") or ""
    alternative = _alternative(state, pf)
    if None in (method, who, responses, first, last) or (last or "") < (first or ""):
        return None, alternative
    provenance = m.WeightsProvenance(
        method or "", who or "", responses or 0, first or "", last or "", consultation, alternative
    )
    return provenance, alternative


def _alternative(state: LoadState, pf: Fields) -> m.AlternativeWeights | None:
    node = pf.mapping("alternative")
    if node is None:
        return None
    af = state.fields(node, "weights_provenance.alternative", ALTERNATIVE_KEYS)
    method = af.choice("method", m.PRIORITY_METHODS, required=True)
    wnode = af.mapping("weights", required=True)
    weights: dict[str, int] = {}
    if wnode is not None:
        keys = wnode.keys()
        wf = state.fields(wnode, "the alternative weights", tuple(keys))
        for key in keys:
            value = wf.integer(key, required=True, minimum=0)
            if value is not None:
                weights[key] = value
        if not keys:
            af.error(af.where("weights"), "the alternative weights list no criterion")
    if method is None or wnode is None:
        return None
    return m.AlternativeWeights(method, weights)
