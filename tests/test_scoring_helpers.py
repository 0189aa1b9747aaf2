"""Builders for TenderInputs used by the scoring and results tests (no tests here)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal

from socialvalue.model import (
    Answer,
    Commitment,
    Conflict,
    Consensus,
    Evaluator,
    FlagDecision,
    InputFile,
    Moderation,
    Response,
    Score,
    Scoresheet,
    Source,
    Tender,
    TenderInputs,
)
from socialvalue.rubric import load_rubric_text
from socialvalue.rubric.proxies import ProxySet, ProxyValue

D = Decimal

EXAMPLE_PROXIES = {"M1": ("FTE", "30000"), "M2": ("weeks", "250"), "M3": ("hours", "17")}


def proxy_set(values: Mapping[str, tuple[str, str]] = EXAMPLE_PROXIES, **kw: object) -> ProxySet:
    fields: dict[str, object] = {
        "id": "example-proxies",
        "name": "Example proxies",
        "source": "tests",
        "version": "1",
        "licence": "CC0-1.0",
        "price_year": 2026,
        "currency": "GBP",
        "example": True,
        "file": "proxies.yaml",
        "sha256": "a" * 64,
    }
    fields.update(kw)
    return ProxySet(
        values={m: ProxyValue(m, unit, D(v)) for m, (unit, v) in values.items()},
        **fields,  # type: ignore[arg-type]
    )


def rubric(body: str, **top: str) -> object:
    """A rubric from YAML; ``body`` holds scales/sections/etc."""
    head = {
        "id": "t",
        "title": "Test rubric",
        "version": '"1.0"',
        "policy": "test",
        "weights": "points",
    }
    head.update(top)
    text = "".join(f"{k}: {v}\n" for k, v in head.items())
    if "weighting:" not in body:
        text += "weighting:\n  social_value_percent: 10\n"
    return load_rubric_text(text + body, "test.yaml")


SCALE_100 = """
scales:
  - id: s100
    title: 0-100
    levels:
      - {score: 0, label: None, descriptor: d}
      - {score: 20, label: Poor, descriptor: d}
      - {score: 40, label: Limited, descriptor: d}
      - {score: 60, label: Adequate, descriptor: d}
      - {score: 80, label: Good, descriptor: d}
      - {score: 100, label: Excellent, descriptor: d}
"""


def inputs(
    rub: object,
    bids: Mapping[str, Mapping[str, object]],
    *,
    contract_value: str = "2000000",
    proxies: ProxySet | str | None = "default",
    scores: Mapping[str, Mapping[tuple[str, str], object]] | None = None,
    consensus: Mapping[tuple[str, str], object] | None = None,
    conflicts: Sequence[tuple[str, str]] = (),
    evaluators: Sequence[str] = ("e1", "e2", "e3"),
    sv_percent: str | None = None,
    order: Sequence[str] | None = None,
    decisions: Mapping[tuple[str, str, str | None], tuple[str, object, str]] | None = None,
    annual_fte_cost: str | None = None,
) -> TenderInputs:
    """``bids``: key -> {"name", "q": {measure: qty}, "evidence": {measure: text}, "answers": {}}.

    ``scores``: evaluator -> {(bidder, part): score or (score, rationale)};
    ``consensus``: (bidder, part) -> score or (score, rationale);
    ``decisions``: (bidder, flag code, measure) -> (decision, figure, reason), the panel's
    decisions on credibility flags (as the moderation workbook's Flags sheet records them).
    """
    tender = Tender(
        reference="T-1",
        title="Test tender",
        buyer="Test Council",
        contract_value=D(contract_value),
        currency="GBP",
        rubric="t",
        evaluators=tuple(Evaluator(e, f"Evaluator {e}") for e in evaluators),
        social_value_percent=D(sv_percent) if sv_percent is not None else None,
        annual_fte_cost=D(annual_fte_cost) if annual_fte_cost is not None else None,
        file="tender.yaml",
        sha256="b" * 64,
    )
    responses = []
    for key in order or list(bids):
        spec = bids[key]
        evidence = spec.get("evidence", {})
        q = spec.get("q", {})
        commitments = tuple(
            Commitment(
                m,
                D(str(v)),
                evidence.get(m, "Evidence and delivery plan."),  # type: ignore[attr-defined]
                Source(f"responses/{key}.xlsx", f"Commitments!C{i + 4}"),
            )
            for i, (m, v) in enumerate(q.items())  # type: ignore[attr-defined]
        )
        answers = tuple(
            Answer(cid, text, len(text.split()), Source(f"responses/{key}.xlsx", "Answers!B3"))
            for cid, text in spec.get("answers", {}).items()  # type: ignore[attr-defined]
        )
        responses.append(
            Response(
                key=key,
                name=str(spec.get("name", key.title())),
                company_number="00000000",
                contact=f"bids@{key}.example",
                commitments=commitments,
                answers=answers,
                file=f"responses/{key}.xlsx",
                sha256="c" * 64,
            )
        )
    sheets = []
    for ev, table in (scores or {}).items():
        rows = []
        for i, ((bidder, part), value) in enumerate(table.items()):
            score, rationale = value if isinstance(value, tuple) else (value, f"{ev} rationale")
            rows.append(
                Score(
                    ev,
                    bidder,
                    part,
                    None if score is None else D(str(score)),
                    rationale,
                    Source(f"scoresheets/{ev}.xlsx", f"Scores!D{i + 5}"),
                )
            )
        cfs = tuple(
            Conflict(
                e, b, True, "Former employee", Source(f"scoresheets/{ev}.xlsx", "Conflicts!C3")
            )
            for e, b in conflicts
            if e == ev
        )
        sheets.append(Scoresheet(ev, tuple(rows), cfs, f"scoresheets/{ev}.xlsx", "d" * 64))
    moderation = None
    if consensus is not None or decisions is not None:
        entries = []
        for i, ((bidder, part), value) in enumerate((consensus or {}).items()):
            score, rationale = value if isinstance(value, tuple) else (value, "Panel consensus")
            entries.append(
                Consensus(
                    bidder,
                    part,
                    None if score is None else D(str(score)),
                    rationale,
                    Source("moderation.xlsx", f"Moderation!E{i + 4}"),
                )
            )
        recorded = tuple(
            FlagDecision(
                bidder,
                code,
                measure,
                decision,
                None if figure is None else D(str(figure)),
                reason,
                "CQ-1" if decision == "clarified" else "",
                Source("moderation.xlsx", f"Flags!H{i + 6}"),
            )
            for i, ((bidder, code, measure), (decision, figure, reason)) in enumerate(
                (decisions or {}).items()
            )
        )
        moderation = Moderation(tuple(entries), "moderation.xlsx", "e" * 64, recorded)
    ps = proxy_set() if proxies == "default" else proxies
    files = (InputFile("tender.yaml", "b" * 64, "tender"),)
    return TenderInputs(
        tender=tender,
        rubric=rub,  # type: ignore[arg-type]
        proxies=ps,  # type: ignore[arg-type]
        responses=tuple(responses),
        scoresheets=tuple(sheets),
        moderation=moderation,
        files=files,
    )


QUANT = """
  - id: M1
    title: Local FTE
    unit: FTE
  - id: M2
    title: Apprenticeship weeks
    unit: weeks
  - id: M3
    title: Volunteering hours
    unit: hours
"""

EXAMPLE1_BIDS = {
    "a": {"name": "Bidder A", "q": {"M1": 3, "M2": 104, "M3": 500}},
    "b": {"name": "Bidder B", "q": {"M1": 2, "M2": 52, "M3": 1000}},
    "c": {"name": "Bidder C", "q": {"M1": 1, "M2": 0, "M3": 200}},
}


def simple_rubric(
    *,
    quant: str | None = "5",
    qual: str | None = "5",
    method: str = "{kind: relative_to_best}",
    extra: str = "",
    qual_extra: str = "",
    measures: str = QUANT,
    weights: str = "points",
) -> object:
    """One section: Q1 (quantitative, M1-M3) and/or W1 (qualitative on 0-100), in points."""
    crits = ""
    if quant is not None:
        crits += f"""
      - id: Q1
        title: Commitments
        weight: {quant}
        type: quantitative
        measures:{measures.replace(chr(10) + "  ", chr(10) + "          ")}
        method: {method}"""
    if qual is not None:
        crits += f"""
      - id: W1
        title: Method statement
        weight: {qual}
        type: qualitative
        question: How?
        scale: s100{qual_extra}"""
    section_weight = "    weight: 100\n" if weights == "percent" else ""
    body = (
        SCALE_100
        + f"""
sections:
  - id: s
    title: Section
{section_weight}    criteria:{crits}
{extra}
"""
    )
    return rubric(body, weights=weights)


def panel(
    scores: Mapping[str, object], part: str = "W1"
) -> dict[str, dict[tuple[str, str], object]]:
    """Three evaluators giving each bidder the same score, or a tuple of three scores."""
    out: dict[str, dict[tuple[str, str], object]] = {"e1": {}, "e2": {}, "e3": {}}
    for bidder, value in scores.items():
        values = value if isinstance(value, list) else [value] * 3
        for ev, v in zip(("e1", "e2", "e3"), values, strict=True):
            out[ev][(bidder, part)] = v
    return out


def rounding_rubric(stage: str, rule: str, places: int = 2, rank_on: str = "unrounded") -> object:
    """Three target-method criteria whose points are quantity / 10 (GBP 1 proxies, contract 100).

    Sections: s1 = Q1 + Q2, s2 = Q3; 10 points each. Used with :data:`ROUNDING_BIDS`.
    """

    def crit(cid: str, mid: str) -> str:
        return f"""
      - id: {cid}
        title: Criterion {cid}
        weight: 10
        type: quantitative
        measures:
          - {{id: {mid}, title: Measure {mid}, unit: GBP}}
        method: {{kind: contract_value_target, target_percent: 100}}"""

    body = f"""
sections:
  - id: s1
    title: One
    criteria:{crit("Q1", "M1")}{crit("Q2", "M2")}
  - id: s2
    title: Two
    criteria:{crit("Q3", "M3")}
rounding: {{places: {places}, rule: {rule}, stage: {stage}, rank_on: {rank_on}}}
"""
    return rubric(body)


ROUNDING_PROXIES = {"M1": ("GBP", "1"), "M2": ("GBP", "1"), "M3": ("GBP", "1")}
# Points: Q1 1.065, Q2 1.06 (section s1 2.125), Q3 1.14; total 3.265.
ROUNDING_BIDS = {"a": {"q": {"M1": D("10.65"), "M2": D("10.6"), "M3": D("11.4")}}}
