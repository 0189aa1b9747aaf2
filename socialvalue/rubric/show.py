"""A rubric as a readable tree for the terminal: what a panel member would check at a glance."""

from __future__ import annotations

from ..formatting import plain_decimal
from . import methods
from .model import Criterion, Method, Rubric


def describe_method(method: Method) -> str:
    """One line saying how a quantitative criterion scores (the method's own words), and its cap."""
    cap = ""
    if method.cap_percent_of_contract is not None:
        cap = f"; value counted up to {plain_decimal(method.cap_percent_of_contract)}% of contract value"
    return methods.get(method.kind).describe(method, plain_decimal) + cap


def _criterion_lines(rubric: Rubric, c: Criterion) -> list[str]:
    marks = plain_decimal(rubric.criterion_marks(c))
    lines = [
        f"    {c.id}  {c.title}  [{plain_decimal(c.weight)}{'%' if rubric.weights == 'percent' else ' pts'}"
        f" = {marks} of {plain_decimal(rubric.total_marks)} marks, {c.type}]"
    ]
    if c.qualitative:
        extra = f", word limit {c.word_limit}" if c.word_limit else ""
        lines.append(f"        scale: {c.scale}{extra}")
        if c.minimum:
            effect = "disqualifies" if c.minimum.disqualifies else "flagged only"
            lines.append(f"        minimum score {plain_decimal(c.minimum.score)} ({effect})")
        for s in c.sub_criteria:
            lines.append(f"        {s.id}  {s.title}  [{plain_decimal(s.weight)}] ({c.rollup})")
    else:
        if c.share:
            lines.append(f"        share of contract value: {c.share} (from the spend plan)")
        for m in c.measures:
            tail = " record only" if m.record_only else ""
            lines.append(f"        {m.id}  {m.title} ({m.unit}){tail}")
        assert c.method is not None
        lines.append(f"        method: {describe_method(c.method)}")
    return lines


def render_tree(rubric: Rubric) -> str:
    """The rubric's tree with weights, scales, methods and policies, as plain text."""
    w = rubric.weighting
    out = [
        f"{rubric.title}",
        f"id {rubric.id}, version {rubric.version}, policy {rubric.policy}, currency {rubric.currency}",
        f"social value weight {plain_decimal(w.social_value_percent)}% of the whole evaluation "
        f"(policy minimum {plain_decimal(w.policy_minimum_percent)}%)"
        + (f"; exception: {w.exception}" if w.exception else ""),
        f"weights: {rubric.weights}; proxy set: {rubric.proxy_set or 'none'}",
        "",
    ]
    for section in rubric.sections:
        weight = (
            f"{plain_decimal(section.weight)}{'%' if rubric.weights == 'percent' else ' pts'}"
            if section.weight is not None
            else ""
        )
        out.append(
            f"  {section.id}  {section.title}  [{weight or plain_decimal(rubric.section_marks(section)) + ' pts'}]"
        )
        for c in section.criteria:
            out.extend(_criterion_lines(rubric, c))
    out.append("")
    out.append("Scales:")
    for scale in rubric.scales:
        out.append(f"  {scale.id}  {scale.title}")
        for level in scale.levels:
            out.append(f"    {plain_decimal(level.score):>5}  {level.label}: {level.descriptor}")
    mod = rubric.moderation
    out += [
        "",
        f"Moderation: final score = {mod.final_score}; mandatory when evaluators differ by more "
        f"than {mod.mandatory_spread_steps} scale step(s)",
    ]
    if rubric.threshold:
        effect = "disqualifies" if rubric.threshold.disqualifies else "flagged only"
        out.append(
            f"Threshold: at least {plain_decimal(rubric.threshold.minimum_percent)}% of {rubric.threshold.basis} marks ({effect})"
        )
    ties = ", then ".join(
        f"higher {t.criterion}" if t.rule == "criterion" else f"higher {t.rule.replace('_', ' ')}"
        for t in rubric.tie_breaks
    )
    out.append(f"Tie-breaks: {ties or 'none (tied bids share a rank)'}")
    r = rubric.rounding
    out.append(
        f"Rounding: {r.places} places, {r.rule.replace('_', '-')}, at stage {r.stage}; "
        f"ranking on {r.rank_on} values"
    )
    for note in rubric.notes:
        out.append(f"Note: {note}")
    return "\n".join(out)
