"""Loading one criterion: its type, then its question and scale, or its measures and method."""

from __future__ import annotations

from typing import Any

from ..bounds import QUANTITY_MAX
from ..yamlnodes import Fields, YMap
from . import methods
from . import model as m
from .keys import (
    CRITERION_KEYS,
    MEASURE_KEYS,
    MINIMUM_KEYS,
    NOT_FOR,
    SUB_KEYS,
    method_keys,
)
from .load_state import LoadState, hint
from .model import ZERO


def read_criterion(state: LoadState, node: YMap, scales: dict[str, m.Scale]) -> m.Criterion | None:
    """A criterion, or ``None`` when it has a problem (reported)."""
    f = state.fields(node, "a criterion", CRITERION_KEYS)
    cid = state.unique_id(f, "a criterion")
    title = f.text("title", required=True)
    weight = f.decimal("weight", required=True, positive=True)
    ctype = f.choice("type", m.CRITERION_TYPES, required=True)
    if cid:
        state.criterion_ids.add(cid)
    if cid and ctype:
        state.types[cid] = ctype
    if ctype:
        for key in NOT_FOR[ctype]:
            if f.has(key):
                f.error(
                    f.node.key_node(key) or node,
                    f"`{key}` does not apply to a {ctype} criterion",
                )
    guidance = f.text("guidance", default="") or ""
    if ctype == "qualitative":
        return _qualitative(state, f, cid, title, weight, guidance, scales)
    if ctype == "quantitative":
        return _quantitative(state, f, cid, title, weight, guidance)
    if ctype == "spend_plan":
        return _spend_plan(state, f, cid, title, weight, guidance)
    return None


# ------------------------------------------------------------------ qualitative
def _qualitative(
    state: LoadState, f: Fields, cid, title, weight, guidance, scales
) -> m.Criterion | None:
    question = f.text("question", required=True)
    scale_id = f.ident("scale", required=True)
    scale = scales.get(scale_id) if scale_id else None
    if scale_id and scale is None and scale_id not in state.scale_ids:
        f.error(
            f.where("scale"),
            f"scale `{scale_id}` is not defined in this rubric's scales" + hint(scale_id, scales),
        )
    word_limit = f.integer("word_limit", minimum=1)
    rollup = f.choice("rollup", m.ROLLUPS, default="weighted") or "weighted"
    subs = _sub_criteria(state, f)
    minimum = _minimum(state, f, scale)
    if cid is None or title is None or weight is None or question is None or scale is None:
        return None
    return m.Criterion(
        id=cid,
        title=title,
        weight=weight,
        type="qualitative",
        question=question,
        guidance=guidance,
        scale=scale_id,
        word_limit=word_limit,
        sub_criteria=subs,
        rollup=rollup,
        minimum=minimum,
    )


def _sub_criteria(state: LoadState, f: Fields) -> tuple[m.SubCriterion, ...]:
    subs = []
    for snode in f.maps("sub_criteria"):
        sf = state.fields(snode, "a sub-criterion", SUB_KEYS)
        sid = state.unique_id(sf, "a sub-criterion")
        stitle = sf.text("title", required=True)
        sweight = sf.decimal("weight", required=True, positive=True)
        sguid = sf.text("guidance", default="") or ""
        if sid and stitle and sweight is not None:
            subs.append(m.SubCriterion(sid, stitle, sweight, sguid))
    return tuple(subs)


def _minimum(state: LoadState, f: Fields, scale: m.Scale | None) -> m.Minimum | None:
    mnode = f.mapping("minimum")
    if mnode is None:
        return None
    mf = state.fields(mnode, "a minimum", MINIMUM_KEYS)
    mscore = mf.decimal("score", required=True)
    disq = mf.boolean("disqualifies", default=True)
    if mscore is not None and scale is not None and not (scale.minimum <= mscore <= scale.maximum):
        mf.error(
            mf.where("score"),
            f"minimum score {mscore} is outside scale `{scale.id}` "
            f"({scale.minimum} to {scale.maximum})",
        )
    elif mscore is not None:
        return m.Minimum(mscore, disq)
    return None


# ------------------------------------------------------------------ quantitative
def _quantitative(state: LoadState, f: Fields, cid, title, weight, guidance) -> m.Criterion | None:
    measure_nodes = f.maps("measures", required=True)
    measures = [ms for ms in (_measure(state, n) for n in measure_nodes) if ms is not None]
    complete = len(measures) == len(measure_nodes)
    if measures and complete and all(ms.record_only for ms in measures):
        f.error(
            f.where("measures"),
            f"criterion `{cid}` has only record-only measures, so it can never score",
        )
    method = _method(state, f, cid or "?")
    if cid is None or title is None or weight is None or method is None:
        return None
    return m.Criterion(
        id=cid,
        title=title,
        weight=weight,
        type="quantitative",
        guidance=guidance,
        measures=tuple(measures),
        method=method,
    )


def _spend_plan(state: LoadState, f: Fields, cid, title, weight, guidance) -> m.Criterion | None:
    """A share of the contract value from the bid's spend plan, scored by its method."""
    share = f.choice("share", m.SPEND_SHARES, required=True)
    method = _method(state, f, cid or "?")
    if cid is None or title is None or weight is None or method is None or share is None:
        return None
    return m.Criterion(
        id=cid,
        title=title,
        weight=weight,
        type="spend_plan",
        guidance=guidance,
        method=method,
        share=share,
    )


def _measure(state: LoadState, mnode: YMap) -> m.Measure | None:
    mf = state.fields(mnode, "a measure", MEASURE_KEYS)
    mid = state.unique_id(mf, "a measure")
    mtitle = mf.text("title", required=True)
    unit = mf.text("unit")
    if unit is None or not unit.strip():
        mf.error(
            mf.where("unit") if mf.has("unit") else mnode,
            f"measure `{mid}` needs a unit (FTE, weeks, hours, GBP, tCO2e, people...)",
        )
    lo = mf.decimal("min_quantity", minimum=ZERO, maximum=QUANTITY_MAX)
    hi = mf.decimal("max_quantity", minimum=ZERO, maximum=QUANTITY_MAX)
    if lo is not None and hi is not None and lo > hi:
        mf.error(mf.where("max_quantity"), f"max_quantity {hi} is below min_quantity {lo}")
    mguidance = mf.text("guidance", default="") or ""
    record_only = mf.boolean("record_only")
    evidence_required = mf.boolean("evidence_required", default=True)
    if not (mid and mtitle and unit):
        return None
    return m.Measure(
        id=mid,
        title=mtitle,
        unit=unit.strip(),
        guidance=mguidance,
        record_only=record_only,
        min_quantity=lo,
        max_quantity=hi,
        evidence_required=evidence_required,
    )


def _method(state: LoadState, cf: Fields, owner: str) -> m.Method | None:
    """The method's kind, then each registered setting: required by its own kinds only."""
    node = cf.mapping("method", required=True)
    if node is None:
        return None
    f = state.fields(node, "a method", method_keys())
    kind = f.choice("kind", methods.kinds(), required=True)
    values: dict[str, Any] = {}
    owned = methods.settings()
    for setting, owners in owned:
        values[setting.key] = setting.read(f, kind in owners, state, owner, kind or "")
    cap = f.decimal("cap_percent_of_contract", positive=True)
    for setting, owners in owned:
        if kind and kind not in owners and f.has(setting.key):
            f.error(
                f.node.key_node(setting.key) or node,
                f"`{setting.key}` only applies to method {' or '.join(owners)}",
            )
    if kind is None:
        return None
    return m.Method(kind, cap_percent_of_contract=cap, **values)
