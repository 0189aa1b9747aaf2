"""results.json: the evaluation record, written atomically with reproducible bytes.

Schema: docs/results.md. Decimals are strings (exact unrounded figures without exponent or
trailing zeros; rounded figures keep the rubric's places). No time stamp except dates that come
from the inputs.
"""

from __future__ import annotations

import json
import os
from decimal import Decimal
from json.encoder import encode_basestring as _string
from pathlib import Path
from typing import Any, cast

from .. import __version__
from ..atomic import write_bytes_atomic
from ..errors import InputError, display_path
from ..rubric.model import Criterion, Rubric
from ..rubric.show import describe_method
from ..scoring.arith import exact, fixed, plain
from ..scoring.ranking import rule_label
from ..scoring.result import (
    BidderResult,
    CriterionResult,
    Evaluation,
    Flag,
    MeasureLine,
    PartResult,
)

SCHEMA_VERSION = "1.0"
SCHEMA_MAJOR = SCHEMA_VERSION.split(".")[0]

Json = dict[str, Any]


def num(value: Decimal | None) -> str | None:
    """An exact figure as a string (None stays None)."""
    return None if value is None else plain(value)


def rnd(value: Decimal | None) -> str | None:
    """A rounded figure as a string keeping its places."""
    return None if value is None else fixed(value)


# ---------------------------------------------------------------- methodology and provenance


def _criterion_method(rubric: Rubric, c: Criterion, section_id: str) -> Json:
    marks = rubric.criterion_marks(c)
    subs_total = sum((s.weight for s in c.sub_criteria), Decimal(0))
    m = c.method
    return {
        "id": c.id,
        "title": c.title,
        "type": c.type,
        "section": section_id,
        "weight": num(c.weight),
        "marks": num(marks),
        "share_percent": num(marks / rubric.total_marks * 100),
        "question": c.question,
        "guidance": c.guidance,
        "scale": c.scale,
        "word_limit": c.word_limit,
        "rollup": c.rollup if c.qualitative else None,
        "minimum": (
            {"score": num(c.minimum.score), "disqualifies": c.minimum.disqualifies}
            if c.minimum
            else None
        ),
        "sub_criteria": [
            {
                "id": s.id,
                "title": s.title,
                "weight": num(s.weight),
                "share": num(s.weight / subs_total) if subs_total else "0",
                "guidance": s.guidance,
            }
            for s in c.sub_criteria
        ],
        "measures": [
            {
                "id": ms.id,
                "title": ms.title,
                "unit": ms.unit,
                "guidance": ms.guidance,
                "record_only": ms.record_only,
                "min_quantity": num(ms.min_quantity),
                "max_quantity": num(ms.max_quantity),
                "evidence_required": ms.evidence_required,
            }
            for ms in c.measures
        ],
        "method": (
            {
                "kind": m.kind,
                "bands": [{"at_least": num(b.at_least), "score": num(b.score)} for b in m.bands],
                "target_percent": num(m.target_percent),
                "criterion": m.criterion,
                "cap_percent_of_contract": num(m.cap_percent_of_contract),
            }
            if m
            else None
        ),
        "method_text": describe_method(m) if m else None,
    }


def rubric_json(rubric: Rubric) -> Json:
    """The published methodology, complete enough to print."""
    w = rubric.weighting
    th = rubric.threshold
    cred = rubric.credibility
    r = rubric.rounding
    return {
        "id": rubric.id,
        "title": rubric.title,
        "version": rubric.version,
        "policy": rubric.policy,
        "description": rubric.description,
        "currency": rubric.currency,
        "weights": rubric.weights,
        "total_marks": num(rubric.total_marks),
        "proxy_set": rubric.proxy_set,
        "source": rubric.source,
        "sha256": rubric.sha256,
        "notes": list(rubric.notes),
        "weighting": {
            "social_value_percent": num(w.social_value_percent),
            "policy_minimum_percent": num(w.policy_minimum_percent),
            "exception": w.exception,
        },
        "scales": [
            {
                "id": s.id,
                "title": s.title,
                "minimum": num(s.minimum),
                "maximum": num(s.maximum),
                "step": num(s.step),
                "levels": [
                    {"score": num(lv.score), "label": lv.label, "descriptor": lv.descriptor}
                    for lv in s.levels
                ],
            }
            for s in rubric.scales
        ],
        "sections": [
            {
                "id": s.id,
                "title": s.title,
                "description": s.description,
                "weight": num(s.weight),
                "marks": num(rubric.section_marks(s)),
                "criteria": [_criterion_method(rubric, c, s.id) for c in s.criteria],
            }
            for s in rubric.sections
        ],
        "moderation": {
            "final_score": rubric.moderation.final_score,
            "mandatory_spread_steps": rubric.moderation.mandatory_spread_steps,
        },
        "tie_breaks": [
            {"rule": t.rule, "criterion": t.criterion, "text": rule_label(t)}
            for t in rubric.tie_breaks
        ],
        "rounding": {"places": r.places, "rule": r.rule, "stage": r.stage, "rank_on": r.rank_on},
        "threshold": (
            {
                "minimum_percent": num(th.minimum_percent),
                "basis": th.basis,
                "disqualifies": th.disqualifies,
            }
            if th
            else None
        ),
        "credibility": {
            "max_share_of_contract_percent": num(cred.max_share_of_contract_percent),
            "annual_fte_cost": num(cred.annual_fte_cost),
            "outlier_multiple": num(cred.outlier_multiple),
        },
    }


def _proxy_json(ev: Evaluation) -> Json | None:
    p = ev.inputs.proxies
    if p is None:
        return None
    used = [m.id for _, m in ev.inputs.rubric.measures() if p.value(m.id) is not None]
    return {
        "id": p.id,
        "name": p.name,
        "source": p.source,
        "version": p.version,
        "licence": p.licence,
        "price_year": p.price_year,
        "currency": p.currency,
        "example": p.example,
        "label": p.label,
        "file": p.file,
        "sha256": p.sha256,
        "values": [
            {
                "measure": pv.measure,
                "unit": pv.unit,
                "value": num(pv.value),
                "note": pv.note,
            }
            for pv in (p.values[m] for m in used)
        ],
    }


def _tender_json(ev: Evaluation) -> Json:
    t = ev.inputs.tender
    return {
        "reference": t.reference,
        "title": t.title,
        "buyer": t.buyer,
        "contract_value": num(t.contract_value),
        "currency": t.currency,
        "contract_years": num(t.contract_years),
        "marking": t.marking,
        "dates": {k: t.dates[k].isoformat() for k in sorted(t.dates)},
        "evaluators": [{"id": e.id, "name": e.name, "role": e.role} for e in t.evaluators],
        "rubric": t.rubric,
        "proxy_set": t.proxy_set,
        "file": t.file,
        "sha256": t.sha256,
    }


# ---------------------------------------------------------------- bidders


def flag_json(f: Flag) -> Json:
    return {
        "code": f.code,
        "bidder": f.bidder,
        "criterion": f.criterion,
        "part": f.part,
        "measure": f.measure,
        "evaluator": f.evaluator,
        "reason": f.reason,
    }


def _part_json(p: PartResult) -> Json:
    return {
        "id": p.id,
        "title": p.title,
        "share": num(p.share),
        "evaluator_scores": [
            {
                "evaluator": s.evaluator,
                "evaluator_name": s.evaluator_name,
                "score": num(s.score),
                "rationale": s.rationale,
                "source": s.source,
                "conflict_declared": s.conflict_declared,
            }
            for s in p.scores
        ],
        "mean": num(p.mean),
        "spread": num(p.spread),
        "spread_steps": num(p.spread_steps),
        "moderation_required": p.moderation_required,
        "consensus": (
            {
                "score": num(p.consensus.score),
                "rationale": p.consensus.rationale,
                "source": p.consensus.source,
            }
            if p.consensus
            else None
        ),
        "final_score": num(p.final_score),
        "basis": p.basis,
        "fraction": num(p.fraction),
        "provisional": p.provisional,
        "explanation": p.explanation,
    }


def _measure_json(m: MeasureLine) -> Json:
    return {
        "id": m.id,
        "title": m.title,
        "unit": m.unit,
        "record_only": m.record_only,
        "entered": m.entered,
        "quantity": num(m.quantity),
        "proxy_value": num(m.proxy_value),
        "gbp_value": num(m.gbp_value),
        "evidence": m.evidence,
        "evidence_required": m.evidence_required,
        "source": m.source,
    }


def _criterion_json(c: CriterionResult) -> Json:
    q = c.qualitative
    m = c.method
    return {
        "id": c.id,
        "title": c.title,
        "type": c.type,
        "section": c.section,
        "marks": num(c.marks),
        "fraction": num(c.fraction),
        "weighted_points": num(c.weighted_points),
        "weighted_points_rounded": rnd(c.weighted_points_rounded),
        "explanation": c.explanation,
        # qualitative
        "scale": (
            {"id": c.scale_id, "maximum": num(c.scale_maximum), "step": num(c.scale_step)}
            if q
            else None
        ),
        "final_score": num(c.final_score),
        "basis": c.basis,
        "minimum": (
            {
                "score": num(c.minimum.score),
                "disqualifies": c.minimum.disqualifies,
                "met": c.minimum.met,
            }
            if c.minimum
            else None
        ),
        "answer": (
            {"text": c.answer.text, "words": c.answer.words, "source": c.answer.source}
            if c.answer
            else None
        ),
        "parts": [_part_json(p) for p in c.parts] if q else None,
        # quantitative
        "measures": None if q else [_measure_json(ml) for ml in c.measures],
        "gbp_value": num(c.gbp_value),
        "cap": (
            {"percent": num(c.cap_percent), "amount": num(c.cap_amount)}
            if c.cap_percent is not None
            else None
        ),
        "counted_gbp_value": num(c.counted_gbp_value),
        "percent_of_contract": num(c.percent_of_contract),
        "counted_percent_of_contract": num(c.counted_percent_of_contract),
        "method": (
            {
                "kind": m.kind,
                "reference_bidder": m.reference_bidder,
                "reference_value": num(m.reference_value),
                "credibility_criterion": m.credibility_criterion,
                "credibility_fraction": num(m.credibility_fraction),
                "adjusted_value": num(m.adjusted_value),
                "band": (
                    {"at_least": num(m.band.at_least), "score": num(m.band.score)}
                    if m.band
                    else None
                ),
                "target_percent": num(m.target_percent),
                "text": m.text,
            }
            if m
            else None
        ),
    }


def _bidder_json(b: BidderResult) -> Json:
    t = b.totals
    return {
        "key": b.key,
        "name": b.name,
        "company_number": b.company_number,
        "contact": b.contact,
        "file": b.file,
        "sha256": b.sha256,
        "status": b.status,
        "disqualification": (
            {
                "reasons": [
                    {"code": r.code, "criterion": r.criterion, "round": r.round, "text": r.text}
                    for r in b.disqualification
                ]
            }
            if b.disqualification
            else None
        ),
        "rank": b.rank,
        "rank_shared": b.rank_shared,
        "totals": {
            "qualitative": num(t.qualitative),
            "quantitative": num(t.quantitative),
            "social_value_gbp": num(t.social_value_gbp),
            "percent_of_contract": num(t.percent_of_contract),
            "total": num(t.total),
            "total_rounded": rnd(t.total_rounded),
            "out_of": num(t.out_of),
            "total_percent": num(t.total_percent),
            "evaluation_points": num(t.evaluation_points),
            "evaluation_points_rounded": rnd(t.evaluation_points_rounded),
            "evaluation_points_out_of": num(t.evaluation_points_out_of),
        },
        "sections": [
            {
                "id": s.id,
                "title": s.title,
                "marks": num(s.marks),
                "points": num(s.points),
                "points_rounded": rnd(s.points_rounded),
            }
            for s in b.sections
        ],
        "criteria": [_criterion_json(c) for c in b.criteria],
        "flags": [flag_json(f) for f in b.flags],
    }


# ---------------------------------------------------------------- the whole record


def to_json(ev: Evaluation) -> Json:
    """The evaluation as a JSON-ready dict, keys in schema order (docs/results.md)."""
    with exact():
        return _to_json(ev)


def _to_json(ev: Evaluation) -> Json:
    rubric = ev.inputs.rubric
    r = rubric.rounding
    w = ev.weighting
    th = rubric.threshold
    s = ev.sensitivity
    return {
        "schema_version": SCHEMA_VERSION,
        "toolkit": {"name": "socialvalue", "version": __version__},
        "status": {
            "state": ev.status.state,
            "reasons": list(ev.status.reasons),
            "missing": [
                {
                    "bidder": m.bidder,
                    "criterion": m.criterion,
                    "part": m.part,
                    "what": m.what,
                    "stand_in": m.stand_in,
                    "stand_in_score": num(m.stand_in_score),
                    "text": m.text,
                }
                for m in ev.status.missing
            ],
        },
        "outcome": {
            "kind": ev.outcome.kind,
            "winner": ev.outcome.winner,
            "tied_for_first": list(ev.outcome.tied_for_first),
            "text": ev.outcome.text,
        },
        "tender": _tender_json(ev),
        "rubric": rubric_json(rubric),
        "proxy_set": _proxy_json(ev),
        "weighting": {
            "social_value_percent": num(w.social_value_percent),
            "source": w.source,
            "rubric_percent": num(w.rubric_percent),
            "policy_minimum_percent": num(w.policy_minimum_percent),
            "exception": w.exception,
            "meets_policy_minimum": w.meets_policy_minimum,
            "text": w.text,
        },
        "arithmetic": {
            "precision": 50,
            "rounding": {
                "places": r.places,
                "rule": r.rule,
                "stage": r.stage,
                "rank_on": r.rank_on,
            },
            "text": (
                "Computed with exact rational arithmetic from the decimal inputs; unrounded "
                "figures are recorded to at most 50 significant digits; "
                f"rounded only at stage {r.stage} to {r.places} places "
                f"({r.rule.replace('_', '-')}); ranked on {r.rank_on} totals."
            ),
        },
        "thresholds": {
            "criterion_minimums": [
                {
                    "criterion": c.id,
                    "score": num(c.minimum.score),
                    "disqualifies": c.minimum.disqualifies,
                }
                for c in rubric.qualitative()
                if c.minimum
            ],
            "threshold": (
                {
                    "minimum_percent": num(th.minimum_percent),
                    "basis": th.basis,
                    "disqualifies": th.disqualifies,
                }
                if th
                else None
            ),
            "rounds": [
                {
                    "round": rd.round,
                    "excluded": [
                        {"bidder": x.bidder, "percent": num(x.percent), "text": x.text}
                        for x in rd.excluded
                    ],
                }
                for rd in ev.threshold_rounds
            ],
            "text": _threshold_text(ev),
        },
        "ranking": [
            {
                "rank": e.rank,
                "shared": e.shared,
                "bidder": e.bidder,
                "name": e.name,
                "total": num(e.total),
                "total_rounded": rnd(e.total_rounded),
                "ranked_on": num(e.ranked_on),
            }
            for e in ev.ranking
        ],
        "tie_breaks": [
            {
                "higher": t.higher,
                "lower": t.lower,
                "rule": t.rule,
                "criterion": t.criterion,
                "higher_value": num(t.higher_value),
                "lower_value": num(t.lower_value),
                "text": t.text,
            }
            for t in ev.tie_breaks
        ],
        "ties": [{"rank": t.rank, "bidders": list(t.bidders), "text": t.text} for t in ev.ties],
        "bidders": [_bidder_json(b) for b in ev.bidders],
        "flags": [flag_json(f) for f in ev.flags],
        "sensitivity": {
            "applicable": s.applicable,
            "reason": s.reason,
            "winner": s.winner,
            "assumption": s.assumption,
            "criteria": [
                {
                    "criterion": c.criterion,
                    "title": c.title,
                    "share_percent": num(c.share_percent),
                    "break_even": (
                        {
                            "change_points": num(c.break_even.change_points),
                            "direction": c.break_even.direction,
                            "new_share_percent": num(c.break_even.new_share_percent),
                            "challenger": c.break_even.challenger,
                            "text": c.break_even.text,
                        }
                        if c.break_even
                        else None
                    ),
                    "plus_5": _shift(c.plus_5),
                    "minus_5": _shift(c.minus_5),
                    "text": c.text,
                }
                for c in s.criteria
            ],
        },
        "moderation": [
            {
                "bidder": m.bidder,
                "criterion": m.criterion,
                "part": m.part,
                "scores": [{"evaluator": e, "score": num(v)} for e, v in m.scores],
                "spread": num(m.spread),
                "spread_steps": num(m.spread_steps),
                "moderation_required": m.moderation_required,
                "consensus": num(m.consensus),
                "consensus_rationale": m.consensus_rationale,
                "final_score": num(m.final_score),
                "basis": m.basis,
            }
            for m in ev.moderation
        ],
        "conflicts": [
            {
                "evaluator": c.evaluator,
                "bidder": c.bidder,
                "declared": c.declared,
                "note": c.note,
                "source": c.source,
                "scored": c.scored,
            }
            for c in ev.conflicts
        ],
        "files": [{"path": f.path, "sha256": f.sha256, "kind": f.kind} for f in ev.inputs.files],
        "warnings": [p.to_json() for p in ev.warnings],
    }


def _shift(sh: object) -> Json | None:
    if sh is None:
        return None
    return {
        "share_percent": num(sh.share_percent),  # type: ignore[attr-defined]
        "holds": sh.holds,  # type: ignore[attr-defined]
        "leaders": list(sh.leaders),  # type: ignore[attr-defined]
    }


def _threshold_text(ev: Evaluation) -> str:
    rubric = ev.inputs.rubric
    parts = []
    mins = [c for c in rubric.qualitative() if c.minimum]
    for c in mins:
        assert c.minimum is not None
        effect = "disqualifies" if c.minimum.disqualifies else "is flagged only"
        parts.append(f"A final score below {plain(c.minimum.score)} on {c.id} {effect}.")
    th = rubric.threshold
    if th:
        effect = "disqualifies" if th.disqualifies else "is flagged only"
        basis = "qualitative marks" if th.basis == "qualitative" else "the social value total"
        parts.append(f"Less than {plain(th.minimum_percent)}% of {basis} {effect}.")
    n = sum(len(r.excluded) for r in ev.threshold_rounds)
    if th:
        parts.append(
            f"{n} bid(s) excluded by the threshold in {len(ev.threshold_rounds)} round(s)."
        )
    if not parts:
        return "The rubric sets no minimum score or threshold."
    return " ".join(parts)


# ---------------------------------------------------------------- files


def dumps(data: Json) -> str:
    """Canonical text: 2-space indent, UTF-8 (no escapes), newline at the end.

    Exactly ``json.dumps(data, indent=2, ensure_ascii=False)``, which with an indent runs
    Python's pure-Python encoder; :func:`_encode` writes the same text several times faster for
    what results hold (dicts with string keys, lists, strings, integers, booleans, None), and
    anything else goes to ``json.dumps``.
    """
    out: list[str] = []
    try:
        _encode(data, "\n", out)
    except _NotPlain:
        return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    out.append("\n")
    return "".join(out)


class _NotPlain(Exception):
    pass


def _encode(value: object, newline: str, out: list[str]) -> None:
    """Append ``value`` as ``json.dumps(indent=2)`` writes it; ``newline`` is the line break and
    indent of the lines holding ``value``'s own brackets."""
    kind = type(value)
    if kind is str:
        out.append(_string(cast(str, value)))
    elif kind is dict:
        if not value:
            out.append("{}")
            return
        inner = newline + "  "
        separator = "{" + inner
        for key, item in value.items():  # type: ignore[attr-defined]
            if type(key) is not str:
                raise _NotPlain
            out.append(separator)
            out.append(_string(key))
            out.append(": ")
            _encode(item, inner, out)
            separator = "," + inner
        out.append(newline + "}")
    elif kind is list or kind is tuple:
        if not value:
            out.append("[]")
            return
        inner = newline + "  "
        separator = "[" + inner
        for item in value:  # type: ignore[attr-defined]
            out.append(separator)
            _encode(item, inner, out)
            separator = "," + inner
        out.append(newline + "]")
    elif value is None:
        out.append("null")
    elif value is True:
        out.append("true")
    elif value is False:
        out.append("false")
    elif kind is int:
        out.append(int.__repr__(value))
    else:
        raise _NotPlain  # floats, subclasses, anything json.dumps decides on


def write_results_json(ev: Evaluation, path: str | os.PathLike[str]) -> Path:
    """Write results.json atomically; returns the path."""
    path = Path(path)
    write_bytes_atomic(path, dumps(to_json(ev)).encode("utf-8"))
    return path


def read_results_json(path: str | os.PathLike[str]) -> Json:
    """Read results.json, checking it is a JSON object of a supported schema version."""
    name = display_path(path)
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError.single(name, "results file not found") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError.single(name, f"not a results.json file: {exc}") from None
    if not isinstance(data, dict):
        raise InputError.single(name, "not a results.json file: expected a JSON object")
    version = data.get("schema_version")
    if not isinstance(version, str):
        raise InputError.single(name, "no schema_version: not a socialvalue results.json file")
    if version.split(".")[0] != SCHEMA_MAJOR:
        raise InputError.single(
            name,
            f"schema_version {version} is not supported (this toolkit reads {SCHEMA_MAJOR}.x)",
        )
    return data
