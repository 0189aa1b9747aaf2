"""Synthetic tenders for the benchmarks: a rubric with 40 quantitative measures and 10 qualitative
questions, a matching proxy set, 3 to 5 evaluators and any number of bidders, with every form
filled in as people would (responses, scoresheets made from those responses, moderation).

Everything is deterministic for a (bidders, evaluators, seed): the text is pseudo-prose drawn
from a fixed vocabulary with :class:`random.Random` seeded by strings. Tenders are cached under
``bench/out/`` by size, evaluators, seed and :data:`GENERATOR_VERSION`; a tender is built in a
``.partial`` folder and renamed only when complete, so an interrupted run is never reused.

    python -m bench.generate --sizes 10,100 [--seed 1] [--evaluators 4] [--force]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import shutil
import statistics
import sys
import time
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import attrs

#: Bump when the generated files change, so cached tenders are rebuilt.
GENERATOR_VERSION = 1
OUT = Path(__file__).resolve().parent / "out"
COMPLETE = ".complete"
REFERENCE = "BENCH-2026-001"
GENERATED = "2026-03-20"

# ------------------------------------------------------------------------------- the rubric
#: (measure title, unit, typical high quantity, max_quantity or None, record only)
THEMES = (
    (
        "jobs",
        "Local jobs and skills",
        "credibility_adjusted",
        (
            ("Local people employed on the contract", "FTE", 40, 200, False),
            ("Local people facing barriers to work employed", "FTE", 12, 100, False),
            ("Apprenticeship weeks on the contract", "weeks", 1500, 10000, False),
            ("Graduate placement weeks", "weeks", 400, 5000, False),
            ("Work placement weeks for local students", "weeks", 300, 5000, False),
            ("Hours of employability support for jobseekers", "hours", 2500, 50000, False),
            ("Care leavers employed on the contract", "FTE", 4, 50, False),
            ("Local residents trained to a recognised qualification", "people", 60, None, True),
        ),
    ),
    (
        "community",
        "Stronger communities",
        "relative_to_best",
        (
            ("Staff volunteering hours with local organisations", "hours", 6000, 100000, False),
            ("Donations to local community organisations", "GBP", 60000, None, False),
            ("In-kind support to local community organisations", "GBP", 30000, None, False),
            ("Hours of mentoring for local young people", "hours", 1500, 50000, False),
            ("Hours of support for local schools", "hours", 800, 50000, False),
            ("Community events run for residents", "events", 24, 500, False),
            ("Hours of digital skills sessions for older residents", "hours", 600, 20000, False),
            ("Residents taking part in community activities", "people", 900, None, True),
        ),
    ),
    (
        "growth",
        "A thriving local economy",
        "contract_value_target",
        (
            ("Spend with local small and medium-sized suppliers", "GBP", 900000, None, False),
            ("Spend with voluntary and social enterprises", "GBP", 300000, None, False),
            ("Spend with supported businesses", "GBP", 120000, None, False),
            ("Hours of business support for local start-ups", "hours", 500, 20000, False),
            ("Subcontracts advertised on the local portal", "contracts", 20, 1000, False),
            ("Meet-the-buyer events for local suppliers", "events", 6, 200, False),
            ("Spend with suppliers paying the real living wage", "GBP", 700000, None, False),
            (
                "Local businesses given subcontracting opportunities",
                "organisations",
                30,
                None,
                True,
            ),
        ),
    ),
    (
        "environment",
        "A cleaner, greener area",
        "contract_value_bands",
        (
            ("Carbon emissions saved in delivering the contract", "tCO2e", 900, 20000, False),
            ("Contract waste diverted from landfill", "tonnes", 1200, 50000, False),
            ("Fleet miles moved to zero-emission vehicles", "miles", 150000, None, False),
            ("Trees planted in the area", "trees", 2000, 100000, False),
            ("Energy saved in buildings used for the contract", "MWh", 400, 20000, False),
            ("Single-use plastic removed from the supply chain", "tonnes", 20, 5000, False),
            ("Hours of environmental volunteering", "hours", 900, 50000, False),
            ("Sites with a biodiversity plan", "sites", 10, None, True),
        ),
    ),
    (
        "wellbeing",
        "Healthier, safer and more resilient communities",
        "relative_to_best",
        (
            ("Staff given mental health first aid training", "people", 40, 5000, False),
            ("Hours of health and wellbeing sessions for residents", "hours", 700, 20000, False),
            ("Donations to local health charities", "GBP", 25000, None, False),
            ("Hours of support for carers", "hours", 400, 20000, False),
            ("Hours of crime prevention work with young people", "hours", 300, 20000, False),
            ("Hours of support for people facing homelessness", "hours", 350, 20000, False),
            ("Hours of befriending for isolated residents", "hours", 500, 20000, False),
            ("Residents reached by health campaigns", "people", 3000, None, True),
        ),
    ),
)
#: Proxy value per unit (GBP).
PROXY_PER_UNIT = {
    "FTE": 30000,
    "people": 400,
    "weeks": 250,
    "hours": 17,
    "GBP": 1,
    "events": 800,
    "contracts": 1500,
    "tCO2e": 250,
    "tonnes": 60,
    "miles": 0.2,
    "trees": 15,
    "MWh": 90,
}
QUESTIONS = (
    ("Recruiting and keeping local people", "How will you recruit, train and keep local people, including those furthest from work?"),
    ("Skills and careers", "How will you create lasting skills and careers for local people through this contract?"),
    ("Working with the voluntary sector", "How will you find out what local communities need and work with local organisations?"),
    ("Volunteering and community support", "How will you plan, deliver and evidence your staff volunteering and community support?"),
    ("Local supply chain", "How will you open your supply chain to local small businesses and social enterprises?"),
    ("Fair work", "How will you make sure everyone working on the contract has fair pay and conditions?"),
    ("Cutting emissions", "What is your baseline for the contract's emissions, and how will you reduce them?"),
    ("Waste and materials", "How will you reduce waste and keep materials in use?"),
    ("Health and wellbeing", "How will you improve the health and wellbeing of staff and residents?"),
    ("Delivering and reporting", "Who will be accountable for the commitments, and how will you evidence and report them?"),
)  # fmt: skip
#: Questions (by index) with two weighted sub-criteria.
SUB_CRITERIA = {0: (("a", "Recruitment", 3), ("b", "Retention", 2)), 6: (("a", "Baseline", 2), ("b", "Actions", 3))}  # fmt: skip
#: Questions (by index) scored on the 0-5 scale; the others use 0-100 in steps of 20.
FIVE_POINT = {3, 8}


def measure_id(theme: int, index: int) -> str:
    return f"{THEMES[theme][0][:3].upper()}-{index + 1}"


def rubric_yaml() -> str:
    """The rubric: five sections, each one quantitative criterion of eight measures (10 points)
    and two qualitative questions (5 points each): 40 measures, 10 questions, 100 points."""
    lines = [
        "id: bench-framework",
        "title: Social value - synthetic national framework (benchmark)",
        'version: "1.0"',
        "policy: Benchmark policy (synthetic), 10% minimum weighting",
        "currency: GBP",
        "weights: points",
        "proxy_set: bench-proxies",
        "weighting:",
        "  social_value_percent: 10",
        "  policy_minimum_percent: 10",
        "scales:",
        "  - id: quality",
        "    title: Quality (0-100 in steps of 20)",
        "    levels:",
    ]
    for score, label, descriptor in (
        (0, "No response", "No answer, or one that does not address the question."),
        (20, "Poor", "General statements only, with no plan or evidence for this contract."),
        (40, "Limited", "Some relevant commitments, but a thin plan and gaps in the answer."),
        (60, "Adequate", "Relevant commitments with a credible plan and some evidence."),
        (80, "Good", "Specific, timed and evidenced commitments with named partners."),
        (100, "Excellent", "As Good, with a verified track record and managed risks."),
    ):
        lines.append(f'      - {{score: {score}, label: {label}, descriptor: "{descriptor}"}}')
    lines += ["  - id: five", "    title: Zero to five", "    levels:"]
    for score, label, descriptor in (
        (0, "None", "Nothing relevant."),
        (1, "Poor", "Little that is relevant."),
        (2, "Limited", "Some relevant points."),
        (3, "Adequate", "Relevant and credible."),
        (4, "Good", "Specific and evidenced."),
        (5, "Excellent", "Proven and verified."),
    ):
        lines.append(f'      - {{score: {score}, label: {label}, descriptor: "{descriptor}"}}')
    lines.append("sections:")
    for t, (key, title, method, measures) in enumerate(THEMES):
        lines += [
            f"  - id: {key}",
            f'    title: "Theme: {title}"',
            "    weight: 20",
            "    criteria:",
            f"      - id: {key.upper()}-Q",
            f"        title: Commitments for {title.lower()}",
            "        weight: 10",
            "        type: quantitative",
            "        measures:",
        ]
        for i, (mtitle, unit, _high, maximum, record_only) in enumerate(measures):
            lines.append(f"          - id: {measure_id(t, i)}")
            lines.append(f"            title: {mtitle}")
            lines.append(f"            unit: {unit}")
            lines.append("            min_quantity: 0")
            if maximum is not None:
                lines.append(f"            max_quantity: {maximum}")
            if record_only:
                lines.append("            record_only: true")
                lines.append("            evidence_required: false")
        lines.append("        method:")
        lines.append(f"          kind: {method}")
        if method == "credibility_adjusted":
            lines.append(f"          criterion: {key.upper()}-MS1")
        elif method == "contract_value_target":
            lines.append("          target_percent: 5")
        elif method == "contract_value_bands":
            lines.append("          bands:")
            for at_least, score in ((0, 0), (0.25, 25), (0.5, 50), (1, 75), (2, 100)):
                lines.append(f"            - {{at_least: {at_least}, score: {score}}}")
        elif t == 1:
            lines.append("          cap_percent_of_contract: 5")
        for j in (0, 1):
            q = 2 * t + j
            qtitle, question = QUESTIONS[q]
            lines += [
                f"      - id: {key.upper()}-MS{j + 1}",
                f'        title: "Method statement: {qtitle}"',
                "        weight: 5",
                "        type: qualitative",
                f"        question: {question}",
                "        guidance: Name partners, dates and how each commitment is evidenced.",
                f"        scale: {'five' if q in FIVE_POINT else 'quality'}",
                "        word_limit: 600",
            ]
            if q in SUB_CRITERIA:
                lines.append("        sub_criteria:")
                for suffix, stitle, weight in SUB_CRITERIA[q]:
                    lines.append(
                        f"          - {{id: {key.upper()}-MS{j + 1}{suffix}, title: {stitle}, "
                        f"weight: {weight}}}"
                    )
    lines += [
        "moderation:",
        "  final_score: consensus",
        "  mandatory_spread_steps: 1",
        "tie_breaks:",
        "  - rule: qualitative_total",
        "  - rule: social_value_gbp",
        "rounding:",
        "  places: 2",
        "  rule: half_up",
        "  stage: total",
        "  rank_on: unrounded",
        "threshold:",
        "  minimum_percent: 30",
        "  basis: qualitative",
        "  disqualifies: true",
        "credibility:",
        "  max_share_of_contract_percent: 50",
        "  annual_fte_cost: 28000",
        "  outlier_multiple: 3",
    ]
    return "\n".join(lines) + "\n"


def proxies_yaml() -> str:
    lines = [
        "id: bench-proxies",
        "name: Benchmark proxy values (synthetic, illustrative only)",
        "source: Invented for the socialvalue benchmarks",
        'version: "1"',
        "licence: CC0-1.0",
        "price_year: 2026",
        "currency: GBP",
        "example: true",
        "values:",
    ]
    for t, (_key, _title, _method, measures) in enumerate(THEMES):
        for i, (_mtitle, unit, _high, _max, record_only) in enumerate(measures):
            if not record_only:
                value = PROXY_PER_UNIT[unit]
                lines.append(f"  - {{measure: {measure_id(t, i)}, unit: {unit}, value: {value}}}")
    return "\n".join(lines) + "\n"


EVALUATOR_NAMES = (
    ("Ann Evans", "Social value lead"),
    ("Bob Khan", "Service manager"),
    ("Cat Jones", "Procurement officer"),
    ("Dev Patel", "Finance business partner"),
    ("Eve Okafor", "Community engagement officer"),
)


def tender_yaml(evaluators: int) -> str:
    lines = [
        f"reference: {REFERENCE}",
        "title: Synthetic national framework for facilities services (benchmark)",
        "buyer: Benchmark Borough Council",
        "contract:",
        "  value: 20000000",
        "  currency: GBP",
        "  years: 4",
        "rubric: rubric.yaml",
        "proxy_set: proxies.yaml",
        "evaluators:",
    ]
    for i in range(evaluators):
        name, role = EVALUATOR_NAMES[i]
        lines.append(f"  - {{id: evaluator-{i + 1}, name: {name}, role: {role}}}")
    lines += [
        "dates:",
        "  published: 2026-01-12",
        "  deadline: 2026-02-27",
        "marking: OFFICIAL-SENSITIVE",
        "pack:",
        "  archival: false",
        f"  generated: {GENERATED}",
    ]
    return "\n".join(lines) + "\n"


# ------------------------------------------------------------------------------ pseudo-text
def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


VOCABULARY = _words(
    "local residents apprentices partners council contract delivery plan training support "
    "employment skills community organisations suppliers spend evidence report quarterly "
    "targets outcomes monitoring schools colleges jobcentre charities volunteers mentoring "
    "carbon emissions baseline vehicles electric waste recycling materials energy buildings "
    "wellbeing health staff managers accountable named board commitment measure verified "
    "independent audit records payroll postcode register agreed milestones review risk "
    "mitigation steering group year months weeks hours sessions placements graduates "
    "leavers veterans disabled unemployed young older people families neighbourhood ward "
    "borough district partnership network social enterprises cooperative small business "
    "subcontract opportunities portal events workshops engagement survey feedback needs "
    "priorities baseline conversion factors fleet mileage diesel solar heating insulation "
    "trees biodiversity habitat parks green spaces litter reuse repair supply chain living "
    "wage fair conditions contracts hours flexible inclusive diverse recruitment retention "
    "induction coaching progression qualification level certificate accredited provider"
)
CONNECTIVES = (
    "We will",
    "Our team will",
    "In the first year we will",
    "Each quarter we will",
    "Working with partners, we will",
    "Our contract manager will",
    "To evidence this we will",
    "From mobilisation we will",
)


def prose(rng: random.Random, low: int, high: int) -> str:
    """Between ``low`` and ``high`` words of deterministic pseudo-prose, in sentences."""
    target = rng.randint(low, high)
    sentences: list[str] = []
    count = 0
    while count < target:
        start = rng.choice(CONNECTIVES).split()
        length = min(rng.randint(9, 22), max(target - count - len(start), 1))
        words = start + [rng.choice(VOCABULARY) for _ in range(length)]
        words = words[: max(target - count, 1)]
        sentences.append(" ".join(words) + ".")
        count += len(words)
    return " ".join(sentences)


def rng_for(seed: int, *parts: object) -> random.Random:
    return random.Random(":".join(str(p) for p in (seed, *parts)))


NAME_FIRST = _words(
    "Harbour Northgate Riverside Meadow Summit Oakfield Greenway Beacon Cedar Granite Kestrel "
    "Lighthouse Millbrook Pennine Quayside Redwood Silverline Thornbury Unity Valley Westfield "
    "Ashdown Bramble Castle Elmstead Foxglove Heathrow Ironbridge Juniper Lakeside"
)
NAME_SECOND = _words(
    "Facilities Services Maintenance Property Cleaning Estates Care Support Works Solutions "
    "Partnerships Logistics Grounds Building Energy Environmental Catering Security Housing "
    "Transport"
)
NAME_SUFFIX = ("Ltd", "Limited", "plc", "LLP", "CIC", "Group Ltd")


def bidder_names(count: int, seed: int) -> list[str]:
    """``count`` distinct company names, deterministic for ``seed``."""
    combos = [(a, b, c) for a in NAME_FIRST for b in NAME_SECOND for c in NAME_SUFFIX]
    rng_for(seed, "names").shuffle(combos)
    if count > len(combos):
        raise ValueError(f"at most {len(combos)} bidders")
    return [f"{a} {b} {c}" for a, b, c in combos[:count]]


def bidder_key(index: int) -> str:
    return f"bidder-{index + 1:04d}"


def quality(seed: int, key: str) -> float:
    """A bidder's underlying quality, 0.25 to 0.95: scores and commitments follow it."""
    return rng_for(seed, key, "quality").uniform(0.25, 0.95)


# ------------------------------------------------------------------------------ the forms
@attrs.frozen
class Spec:
    """One synthetic tender."""

    bidders: int
    evaluators: int = 4
    seed: int = 1

    def __attrs_post_init__(self) -> None:
        if self.bidders < 1:
            raise ValueError("bidders must be at least 1")
        if not 3 <= self.evaluators <= 5:
            raise ValueError("evaluators must be 3 to 5")

    @property
    def name(self) -> str:
        return f"tender-{self.bidders}b-{self.evaluators}e-s{self.seed}-v{GENERATOR_VERSION}"


def tender_dir(spec: Spec, root: Path = OUT) -> Path:
    return root / spec.name


def response_values(spec: Spec, index: int, name: str):  # type: ignore[no-untyped-def]
    from socialvalue import testing

    key = bidder_key(index)
    q = quality(spec.seed, key)
    rng = rng_for(spec.seed, key, "response")
    quantities: dict[str, object] = {}
    evidence: dict[str, object] = {}
    for t, (_key, _title, _method, measures) in enumerate(THEMES):
        for i, (_mtitle, unit, high, maximum, _record_only) in enumerate(measures):
            mid = measure_id(t, i)
            if rng.random() < 0.15:
                quantity: float = 0
            else:
                quantity = high * q * rng.uniform(0.3, 1.6)
                if maximum is not None:
                    quantity = min(quantity, maximum)
                quantity = round(quantity, 2 if unit in ("GBP", "tCO2e", "tonnes", "MWh") else 0)
                if unit not in ("GBP", "tCO2e", "tonnes", "MWh"):
                    quantity = int(quantity)
            quantities[mid] = quantity
            evidence[mid] = prose(rng, 30, 80) if quantity else ""
    answers = {}
    for key_, _title, _method, _measures in THEMES:
        for j in (0, 1):
            answers[f"{key_.upper()}-MS{j + 1}"] = prose(rng, 200, 500)
    return testing.response_values(
        name,
        quantities,
        evidence,
        answers,
        company_number=f"{rng.randint(0, 99_999_999):08d}",
        contact_name=f"Contact {index + 1}",
        contact_email=f"bids{index + 1}@{key}.example",
        position="Bid director",
        date=dt.date(2026, 2, 20),
    )


def _fill_responses(folder: str, spec: Spec, indices: Sequence[int]) -> int:
    from socialvalue.forms import fill_response
    from socialvalue.rubric import load_rubric

    root = Path(folder)
    rubric = load_rubric(root / "rubric.yaml")
    names = bidder_names(spec.bidders, spec.seed)
    template = root / "out" / "response-template.xlsx"
    for index in indices:
        values = response_values(spec, index, names[index])
        fill_response(template, root / "responses" / f"{bidder_key(index)}.xlsx", values, rubric)
    return len(indices)


def conflicted(spec: Spec, evaluator: int, key: str) -> bool:
    """About one evaluator-bidder pair in 60 declares a conflict (never the first evaluator, so
    every bidder keeps at least two scores)."""
    return evaluator > 0 and rng_for(spec.seed, key, "coi", evaluator).random() < 1 / 60


def evaluator_score(spec: Spec, evaluator: int, key: str, part_id: str, levels: list) -> object:
    """An evaluator's score: the bidder's quality, give or take a scale step."""
    rng = rng_for(spec.seed, key, part_id, evaluator)
    q = quality(spec.seed, key) + rng.uniform(-0.12, 0.12)
    index = round(q * (len(levels) - 1)) + rng.choice((-1, 0, 0, 0, 1))
    return levels[max(0, min(len(levels) - 1, index))]


def _as_cell(value: object) -> object:
    """A scale level as a person would type it: 60, not Decimal('60')."""
    from decimal import Decimal

    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def _write_scoresheet(folder: str, spec: Spec, evaluator: int) -> str:
    from socialvalue.forms.fields import scored_parts
    from socialvalue.forms.scoresheet import write_scoresheet
    from socialvalue.tender.inputs import proxies_in_force, read_responses_for
    from socialvalue.testing import fill_scoresheet

    root = Path(folder)
    tender, rubric, responses = read_responses_for(root)
    target = root / "scores" / f"evaluator-{evaluator + 1}.xlsx"
    proxies = proxies_in_force(tender, rubric)
    write_scoresheet(
        tender, rubric, tender.evaluators[evaluator], responses, target, proxies=proxies
    )
    keys = [r.key for r, _ in responses]
    conflicts: dict[str, tuple[object, object]] = {}
    scores: dict[tuple[str, str], tuple[object, object]] = {}
    for key in keys:
        if conflicted(spec, evaluator, key):
            conflicts[key] = ("Yes", "A former employee of the bidder is a close family member.")
            continue
        conflicts[key] = ("No", None)
        for part in scored_parts(rubric):
            levels = [level.score for level in part.scale.levels]
            score = evaluator_score(spec, evaluator, key, part.id, levels)
            rng = rng_for(spec.seed, key, part.id, evaluator, "why")
            scores[(key, part.id)] = (_as_cell(score), prose(rng, 40, 120))
    fill_scoresheet(target, scores, conflicts)
    return target.name


def _moderate(folder: Path, spec: Spec) -> None:
    from socialvalue.forms.fields import scored_parts
    from socialvalue.tender.forms import make_moderation
    from socialvalue.tender.inputs import read_responses_for
    from socialvalue.testing import fill_moderation

    target = make_moderation(folder)
    _tender, rubric, responses = read_responses_for(folder)
    consensus: dict[tuple[str, str], tuple[object, object]] = {}
    for key in (r.key for r, _ in responses):
        for part in scored_parts(rubric):
            levels = [level.score for level in part.scale.levels]
            scores = [
                evaluator_score(spec, e, key, part.id, levels)
                for e in range(spec.evaluators)
                if not conflicted(spec, e, key)
            ]
            middle = statistics.median(scores)
            agreed = min(levels, key=lambda level: (abs(level - middle), level))
            rng = rng_for(spec.seed, key, part.id, "consensus")
            consensus[(key, part.id)] = (_as_cell(agreed), prose(rng, 40, 120))
    fill_moderation(target, consensus)


def _chunks(count: int, parts: int) -> list[list[int]]:
    return [list(range(i, count, parts)) for i in range(parts) if i < count]


def generate(
    spec: Spec,
    root: Path = OUT,
    *,
    processes: int | None = None,
    force: bool = False,
    log=None,  # type: ignore[no-untyped-def]
) -> Path:
    """The tender folder for ``spec`` under ``root``: reused when complete, otherwise built."""
    from socialvalue.testing import make_tender_folder

    final = tender_dir(spec, root)
    if (final / COMPLETE).is_file() and not force:
        return final
    say = log or (lambda _message: None)
    workers = max(1, processes or os.cpu_count() or 1)
    folder = final.with_name(final.name + ".partial")
    make_tender_folder(
        folder,
        tender_yaml(spec.evaluators),
        {"rubric.yaml": rubric_yaml(), "proxies.yaml": proxies_yaml()},
        fresh=True,
    )
    started = time.perf_counter()
    with ProcessPoolExecutor(max_workers=workers) as pool:
        chunks = _chunks(spec.bidders, workers * 4)
        list(pool.map(_fill_responses, [str(folder)] * len(chunks), [spec] * len(chunks), chunks))
        say(f"  {spec.bidders} responses in {time.perf_counter() - started:.1f} s")
        started = time.perf_counter()
        evaluators = range(spec.evaluators)
        list(pool.map(_write_scoresheet, [str(folder)] * spec.evaluators, [spec] * spec.evaluators, evaluators))  # fmt: skip
        say(f"  {spec.evaluators} scoresheets in {time.perf_counter() - started:.1f} s")
    started = time.perf_counter()
    _moderate(folder, spec)
    say(f"  moderation in {time.perf_counter() - started:.1f} s")
    (folder / COMPLETE).write_text(f"{spec}\n", encoding="utf-8")
    shutil.rmtree(final, ignore_errors=True)
    folder.rename(final)
    return final


def evaluators_for(bidders: int) -> int:
    """The default panel: 4 evaluators at every size (so growth is measured against bidders
    alone); ``--evaluators`` picks 3 to 5."""
    return 4


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.generate", description=__doc__)
    parser.add_argument("--sizes", default="10,100", help="bidder counts, comma-separated")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--evaluators", type=int, default=None, help="3 to 5 (default 4)")
    parser.add_argument("--processes", type=int, default=None)
    parser.add_argument("--root", type=Path, default=OUT)
    parser.add_argument("--force", action="store_true", help="rebuild even if cached")
    args = parser.parse_args(argv)
    for size in (int(s) for s in args.sizes.split(",") if s.strip()):
        spec = Spec(size, args.evaluators or evaluators_for(size), args.seed)
        started = time.perf_counter()
        print(f"{spec.name}:", file=sys.stderr)
        path = generate(
            spec,
            args.root,
            processes=args.processes,
            force=args.force,
            log=lambda m: print(m, file=sys.stderr),
        )
        print(f"{path} ({time.perf_counter() - started:.1f} s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
