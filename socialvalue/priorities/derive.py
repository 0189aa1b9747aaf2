"""Derive a rubric's weights from a consultation, with the provenance record published beside it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Literal

import attrs

from ..errors import InputError, display_path
from ..files import read_regular_file
from ..rubric.load import load_rubric_text
from ..rubric.model import Rubric, consultation_dates
from ..yamlnodes import MAX_BYTES
from . import ahp
from .constraints import Limits, apply, problems_with
from .items import By, items_of
from .methods import METHOD_NAMES, RANKING_METHODS, Method, from_points, from_rankings
from .note import PREFIX
from .reading import Answers, read_answers
from .rewrite import rewrite
from .weights import spread, whole

Inconsistent = Literal["exclude", "keep"]


@attrs.frozen
class Consultation:
    """Who was asked and when, as the pack will say it."""

    name: str
    first: dt.date
    last: dt.date
    who: str = "residents"

    def dates(self) -> str:
        return consultation_dates(self.first, self.last)


@attrs.frozen
class Derived:
    """The weights before and after, what was set aside, and the texts to publish."""

    before: dict[str, int]
    after: dict[str, int]
    weights: dict[str, int]
    shares: dict[str, Fraction]
    read: int
    used: int
    set_aside: list[tuple[str, str]]
    consistency: dict[str, str]
    note: str
    provenance: dict[str, object]
    #: The rubric's ``weights_provenance`` key (docs/priorities.md), as plain data.
    declared: dict[str, object] = attrs.field(factory=dict)


def shares_of(
    method: Method, ids: Sequence[str], answers: Answers, inconsistent: Inconsistent
) -> tuple[dict[str, Fraction], list[tuple[str, str]], dict[str, str]]:
    """Shares summing to 1, the respondents set aside (with why) and, for AHP, each CR."""
    if method == "points":
        return from_points(ids, list(answers.rows.values())), [], {}
    if method != "ahp":
        ranks = [{k: int(v) for k, v in row.items()} for row in answers.rows.values()]
        return from_rankings(method, ids, ranks), [], {}
    aside: list[tuple[str, str]] = []
    kept = []
    crs: dict[str, str] = {}
    for who, judged in answers.pairs.items():
        cr = ahp.eigen(ids, ahp.matrix(ids, judged)).cr
        crs[who] = f"{cr:.4f}"
        if cr > ahp.CR_LIMIT and inconsistent == "exclude":
            aside.append((who, f"consistency ratio {cr:.4f} above {ahp.CR_LIMIT}"))
        else:
            kept.append(judged)
    if not kept:
        raise InputError.single(answers.file, "every respondent's consistency ratio is above 0.10")
    group = ahp.eigen(ids, ahp.geometric_mean(ids, kept))
    crs["aggregate"] = f"{group.cr:.4f}"
    return {k: Fraction(v) for k, v in group.weights.items()}, aside, crs


def _alternative(
    alternative: Method | None,
    method: Method,
    ids: Sequence[str],
    answers: Answers,
    inconsistent: Inconsistent,
    before: dict[str, int],
    total: int,
    limits: Limits,
) -> dict[str, int] | None:
    """The weights the alternative method gives from the same answers (rankings give any ranking
    method; points and pairwise answers only their own), for the pack's sensitivity check."""
    if alternative is None:
        return None
    same_kind = (
        alternative in RANKING_METHODS and method in RANKING_METHODS
    ) or alternative == method
    if not same_kind:
        raise InputError.single(
            answers.file,
            f"the alternative method {alternative} cannot be applied to {method} answers",
        )
    shares, _, _ = shares_of(alternative, ids, answers, inconsistent)
    return apply(shares, before, total, limits)


def derive(
    rubric: Rubric,
    survey: Path,
    method: Method,
    consultation: Consultation,
    *,
    by: By = "themes",
    limits: Limits | None = None,
    inconsistent: Inconsistent = "exclude",
    fields: Sequence[str] = (),
    alternative: Method | None = None,
) -> Derived:
    """Read ``survey``, derive the weights by ``method`` and keep ``limits``."""
    limits = limits or Limits()
    items = items_of(rubric, by)
    before = {i.id: whole(rubric, i.weight, i.id) for i in items}
    total = sum(before.values())
    bad = problems_with(limits, before, total)
    if bad:
        raise InputError([InputError.single(rubric.source, b).problems[0] for b in bad])
    ids = [i.id for i in items]
    answers = read_answers(survey, ids, method, fields)
    shares, aside, crs = shares_of(method, ids, answers, inconsistent)
    after = apply(shares, before, total, limits)
    read = len(answers.rows) + len(answers.pairs)
    used = read - len(aside)
    note = (
        f"{PREFIX}{used} {consultation.who}' "
        f"{'point allocations' if method == 'points' else 'comparisons' if method == 'ahp' else 'rankings'}"
        f" collected {consultation.dates()} ({consultation.name}), {METHOD_NAMES[method]}"
        f"; survey SHA-256 {answers.sha256}."
    )
    other = _alternative(alternative, method, ids, answers, inconsistent, before, total, limits)
    if alternative and other:
        listed = ", ".join(f"{k} {v}" for k, v in other.items())
        note += f" The alternative declared, {METHOD_NAMES[alternative]}, would give {listed}."
    provenance: dict[str, object] = {
        "consultation": consultation.name,
        "who": consultation.who,
        "first_day": consultation.first.isoformat(),
        "last_day": consultation.last.isoformat(),
        "survey": {"file": Path(answers.file).name, "sha256": answers.sha256},
        "method": method,
        "method_name": METHOD_NAMES[method],
        "alternative_method": alternative,
        "alternative_weights": other,
        "ranked": by,
        "responses": {
            "read": read,
            "used": used,
            "set_aside": [{"respondent": w, "reason": r} for w, r in aside],
        },
        "consistency_ratios": crs,
        "shares": {
            k: f"{Decimal(v.numerator) / Decimal(v.denominator):.6f}" for k, v in shares.items()
        },
        "limits": {
            "fixed": sorted(limits.fixed),
            "minimum": dict(sorted(limits.minimum.items())),
            "maximum": dict(sorted(limits.maximum.items())),
        },
        "rounding": "largest remainder; equal remainders to the item published first",
        "social_value_percent": f"{rubric.weighting.social_value_percent}",
        "policy_minimum_percent": f"{rubric.weighting.policy_minimum_percent}",
        "weights_before": before,
        "weights_after": after,
    }
    criteria = [c.id for _, c in rubric.criteria()]
    declared: dict[str, object] = {
        "method": method,
        "who": consultation.who,
        "responses": used,
        "first_day": consultation.first.isoformat(),
        "last_day": consultation.last.isoformat(),
        "consultation": consultation.name,
    }
    if alternative and other:
        spread_other = spread(rubric, by, other)
        declared["alternative"] = {
            "method": alternative,
            "weights": {c: spread_other[c] for c in criteria},
        }
    return Derived(
        before,
        after,
        spread(rubric, by, after),
        shares,
        read,
        used,
        aside,
        crs,
        note,
        provenance,
        declared,
    )


def read_rubric(path: Path) -> tuple[Rubric, str]:
    """The rubric at ``path`` and its text, read once (bounded): the text rewritten is the text
    whose weights were derived."""
    name = display_path(path)
    data = read_regular_file(path, name, MAX_BYTES)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError.single(name, f"is not UTF-8 text (byte {exc.start})") from None
    return load_rubric_text(text, name), text


def new_rubric_text(text: str, name: str, derived: Derived, version: str) -> str:
    """The rubric ``text`` as a new version carrying the derived weights (checked by loading)."""
    out = rewrite(text, name, derived.weights, version, derived.note, derived.declared)
    load_rubric_text(out, f"{name} (derived)")
    return out


__all__ = ["Consultation", "Derived", "derive", "new_rubric_text", "read_rubric", "shares_of"]
