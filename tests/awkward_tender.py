"""A tender built for awkward fractions (issue 14): thirds and sevenths everywhere.

Three evaluators whose mean scores are thirds, three sub-criteria weighted a third each, a
contract value of GBP 2,100,000 (percentages in sevenths), a 3% target, a credibility factor
that is a third, and two bids tied for the best eligible value on a relative criterion.
"""

from __future__ import annotations

from pathlib import Path

from forms_support import PROXIES, add_response, good_values

from socialvalue.tender.forms import make_scoresheets
from socialvalue.testing import fill_scoresheet, make_tender_folder

RUBRIC = """\
id: awkward
title: Awkward fractions
version: "1"
policy: test
currency: GBP
weights: points
proxy_set: test-proxies
weighting:
  social_value_percent: 7
  policy_minimum_percent: 7
scales:
  - id: five
    title: Zero to five
    levels:
      - {score: 0, label: None, descriptor: Nothing relevant.}
      - {score: 1, label: Poor, descriptor: Little relevant.}
      - {score: 2, label: Limited, descriptor: Some relevant.}
      - {score: 3, label: Adequate, descriptor: Relevant.}
      - {score: 4, label: Good, descriptor: Specific and evidenced.}
      - {score: 5, label: Excellent, descriptor: Proven.}
sections:
  - id: S1
    title: Commitments
    criteria:
      - id: Q1
        title: Local jobs
        weight: 7
        type: quantitative
        measures:
          - {id: M1, title: Local people employed, unit: FTE}
        method: {kind: relative_to_best}
      - id: Q2
        title: Apprenticeships
        weight: 3
        type: quantitative
        measures:
          - {id: M2, title: Apprenticeship weeks, unit: weeks}
        method: {kind: credibility_adjusted, criterion: W1}
      - id: Q3
        title: Local spend
        weight: 7
        type: quantitative
        measures:
          - {id: M4, title: Local spend, unit: GBP}
        method: {kind: contract_value_target, target_percent: 3}
  - id: S2
    title: Method statements
    criteria:
      - id: W1
        title: Recruitment and retention
        weight: 3
        type: qualitative
        question: How will you recruit and keep local people?
        scale: five
        sub_criteria:
          - {id: W1a, title: Recruitment, weight: 1}
          - {id: W1b, title: Training, weight: 1}
          - {id: W1c, title: Retention, weight: 1}
      - id: W2
        title: Environment
        weight: 7
        type: qualitative
        question: How will you cut emissions?
        scale: five
moderation:
  final_score: mean
  mandatory_spread_steps: 5
rounding:
  places: 2
  rule: half_up
  stage: total
"""

TENDER = """\
reference: AWK-2026-007
title: Awkward fractions contract
buyer: Test Council
contract:
  value: 2100000
  currency: GBP
rubric: rubric.yaml
proxy_set: proxies.yaml
evaluators:
  - {id: ann, name: Ann Evans}
  - {id: bob, name: Bob Khan}
  - {id: cat, name: Cat Jones}
pack:
  generated: 2026-04-01
"""

#: bidder key -> (name, M1 FTE, M2 weeks, M4 GBP of local spend)
BIDDERS = {
    "acme": ("Acme Ltd", 3, 100, 10000),
    "bravo": ("Bravo plc", 7, 52, 70000),
    "civic": ("Civic Works LLP", 7, 13, 200000),
}
#: (bidder, part) -> the three evaluators' scores (their means are thirds)
SCORES = {
    ("acme", "W1a"): (1, 2, 2),
    ("acme", "W1b"): (3, 4, 4),
    ("acme", "W1c"): (0, 1, 1),
    ("acme", "W2"): (2, 3, 3),
    ("bravo", "W1a"): (4, 4, 5),
    ("bravo", "W1b"): (2, 3, 3),
    ("bravo", "W1c"): (5, 5, 4),
    ("bravo", "W2"): (1, 1, 2),
    ("civic", "W1a"): (3, 3, 4),
    ("civic", "W1b"): (2, 2, 3),
    ("civic", "W1c"): (1, 2, 2),
    ("civic", "W2"): (4, 5, 5),
}
EVALUATORS = ("ann", "bob", "cat")


def make_awkward_tender(folder: Path) -> Path:
    """The tender folder with three responses and three filled scoresheets (no moderation: the
    rubric's final score is the mean)."""
    make_tender_folder(folder, TENDER, {"rubric.yaml": RUBRIC, "proxies.yaml": PROXIES})
    for key, (name, fte, weeks, spend) in BIDDERS.items():
        values = good_values(
            name,
            quantities={"M1": fte, "M2": weeks, "M4": spend},
            evidence={"M1": f"{fte} local hires.", "M2": f"{weeks} weeks.", "M4": "Suppliers."},
            answers={"W1": f"{name} recruits locally.", "W2": f"{name} uses electric vans."},
        )
        add_response(folder, key, values)
    make_scoresheets(folder)
    for index, evaluator in enumerate(EVALUATORS):
        fill_scoresheet(
            folder / "scores" / f"{evaluator}.xlsx",
            {
                (b, p): (s[index], f"{evaluator} gives {s[index]}: see the answer.")
                for (b, p), s in SCORES.items()
            },
            {b: ("No", None) for b in BIDDERS},
        )
    return folder
