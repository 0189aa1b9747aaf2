"""Regenerate tests/data/results-sample.json from the engine.

Files are named as in a real record: relative to the tender folder, shipped files as
``socialvalue:rubrics/...``.

A 4-bidder tender under the tutorial rubric with a qualitative threshold added (so one bid is
disqualified), flags (three of them decided by the panel, one not), sensitivity, and a missing
consensus score (provisional status). The PDF
templates are developed against this file; run this script after any change to the engine or the
schema and commit the result.

    .venv/bin/python scripts/make_results_sample.py [OUT]
"""

from __future__ import annotations

import datetime as dt
import hashlib
import sys
from decimal import Decimal
from pathlib import Path

from socialvalue.model import (
    Answer,
    Clarification,
    Commitment,
    Conflict,
    Consensus,
    Evaluator,
    FlagDecision,
    InputFile,
    Moderation,
    Response,
    Resubmission,
    Score,
    Scoresheet,
    Source,
    Tender,
    TenderInputs,
)
from socialvalue.results.json_io import write_results_json
from socialvalue.rubric import load_rubric_text
from socialvalue.rubric.proxies import load_proxy_set
from socialvalue.scoring import evaluate

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "tests" / "data" / "results-sample.json"
D = Decimal

EVALUATORS = (
    Evaluator("e1", "Priya Shah", "Social value lead"),
    Evaluator("e2", "Tom Evans", "Procurement officer"),
    Evaluator("e3", "Jo Adeyemi", "Grounds service manager"),
)

# key: name, (FTE, weeks, hours), evidence per measure, W1 scores by e1/e2/e3, consensus, answer
BIDS = {
    "acme": (
        "Acme Services Ltd",
        (3, 104, 500),
        (
            "Payroll data for 3 local FTE on the current contract; letter from the jobcentre.",
            "Two apprentices enrolled with Northgate College (52 weeks each).",
            "Volunteering policy; 2025 log of 480 hours with Friends of Riverside Park.",
        ),
        (40, 40, 60),
        ("40", "Plan relies on agency recruitment; no named training partner beyond the college."),
        "We will advertise every vacancy through the local jobcentre first and partner with "
        "Northgate College for two grounds-maintenance apprenticeships.",
    ),
    "brightway": (
        "Brightway CIC",
        (2, 52, 1000),
        (
            "Two supervisors recruited locally in 2024 (contracts attached).",
            "Apprenticeship agreement with Green Skills Ltd.",
            "Volunteering days with Smith & Sons Community Gardens <monthly>, as in our 2025 report.",
        ),
        (60, 80, 40),
        None,
        "Brightway is a community interest company: 70% of our staff live within 5 miles. "
        'We run a "grow your own" programme with Smith & Sons Community Gardens.',
    ),
    "civic": (
        "Civic Works LLP",
        (1, 0, 200),
        ("One local operative already employed.", "", "Team volunteering day each quarter."),
        (60, 60, 60),
        None,
        "We will keep our local operative and add volunteering days.",
    ),
    "dunmore": (
        "Dunmore Group plc",
        (40, 500, 20000),
        ("Group-wide headcount figures.", "Group apprenticeship levy statement.", ""),
        (20, 20, 20),
        ("20", "Generic statements with no specific commitment for this contract."),
        "Dunmore is committed to social value across all our contracts.",
    ),
}
CONFLICTS = {("e2", "civic"): "Worked for Civic Works LLP until 2023"}
# The panel's decisions on Dunmore's credibility flags; its evidence_missing flag on M3 is left
# undecided (the result is provisional for it too).
DECISIONS = tuple(
    FlagDecision(
        "dunmore",
        "outlier_commitment",
        measure,
        decision,
        figure,
        reason,
        reference,
        Source("moderation.xlsx", f"Flags!H{row}"),
    )
    for row, (measure, decision, figure, reason, reference) in enumerate(
        (
            ("M1", "capped", D(3), "Group-wide headcount: the contract employs 3 local FTE.", ""),
            ("M2", "accepted", None, "The levy statement covers apprenticeships on site.", ""),
            ("M3", "not counted", None, "No volunteering plan for this contract.", ""),
        ),
        start=7,
    )
)


def sample_inputs() -> TenderInputs:
    """The sample tender's inputs (in memory; no files are read except the shipped ones)."""
    text = (ROOT / "rubrics" / "tutorial.yaml").read_text(encoding="utf-8")
    text = text.replace('version: "1.0"', 'version: "1.0+sample-threshold"')
    text += "\nthreshold:\n  minimum_percent: 40\n  basis: qualitative\n  disqualifies: true\n"
    rubric = load_rubric_text(text, "socialvalue:rubrics/tutorial.yaml (sample: threshold added)")
    proxies = load_proxy_set(
        ROOT / "rubrics" / "proxies" / "example-proxies.yaml",
        "socialvalue:rubrics/proxies/example-proxies.yaml",
    )
    tender = Tender(
        reference="EDC-2026-014",
        title="Grounds maintenance 2026-2030",
        buyer="Example District Council",
        contract_value=D("2000000"),
        currency="GBP",
        rubric="tutorial",
        evaluators=EVALUATORS,
        proxy_set="example-proxies",
        contract_years=D("4"),
        dates={"deadline": dt.date(2026, 3, 2), "award": dt.date(2026, 5, 1)},
        marking="OFFICIAL-SENSITIVE",
        folder="tenders/edc-2026-014",
        file="tender.yaml",
        sha256=hashlib.sha256(b"sample tender.yaml").hexdigest(),
        clarifications=(
            Clarification(
                id="CQ-01",
                bidder="acme",
                criterion="M1",
                asked=dt.date(2026, 3, 9),
                question="Are the 3 local FTE new posts on this contract, or existing staff?",
                answered=dt.date(2026, 3, 12),
                answer="New posts; the corrected response names the jobcentre route for each.",
                resubmitted=Resubmission(
                    hashlib.sha256(b"sample original acme.xlsx").hexdigest(), "acme-original.xlsx"
                ),
            ),
        ),
    )
    responses = []
    scores: dict[str, list[Score]] = {e.id: [] for e in EVALUATORS}
    entries = []
    files = [
        InputFile(tender.file, tender.sha256, "tender"),
        InputFile(rubric.source, rubric.sha256, "rubric"),
        InputFile(proxies.file, proxies.sha256, "proxy_set"),
    ]
    for row, (key, (name, qty, evidence, w1, consensus, answer)) in enumerate(BIDS.items()):
        path = f"responses/{key}.xlsx"
        digest = hashlib.sha256(path.encode()).hexdigest()
        commitments = tuple(
            Commitment(m, D(q), ev, Source(path, f"Commitments!D{5 + i}"))
            for i, (m, q, ev) in enumerate(zip(("M1", "M2", "M3"), qty, evidence, strict=True))
        )
        answers = (Answer("W1", answer, len(answer.split()), Source(path, "Questions!B4")),)
        responses.append(
            Response(
                key,
                name,
                f"0{row + 1}234567",
                f"bids@{key}.example",
                commitments,
                answers,
                path,
                digest,
            )
        )
        files.append(InputFile(path, digest, "response"))
        for e, s in zip(EVALUATORS, w1, strict=True):
            rationale = {
                20: "Generic; no commitment specific to this contract.",
                40: "Some relevant commitments; little on delivery.",
                60: "Credible plan with some evidence.",
                80: "Specific, evidenced commitments with named partners.",
            }[s]
            scores[e.id].append(
                Score(
                    e.id,
                    key,
                    "W1",
                    D(s),
                    rationale,
                    Source(f"scores/{e.id}.xlsx", f"Scores!D{5 + row}"),
                )
            )
        if consensus:
            entries.append(
                Consensus(
                    key,
                    "W1",
                    D(consensus[0]),
                    consensus[1],
                    Source("moderation.xlsx", f"Moderation!F{5 + row}"),
                )
            )
    sheets = []
    for e in EVALUATORS:
        path = f"scores/{e.id}.xlsx"
        digest = hashlib.sha256(path.encode()).hexdigest()
        conflicts = tuple(
            Conflict(ev, b, True, note, Source(path, "Declarations!C4"))
            for (ev, b), note in CONFLICTS.items()
            if ev == e.id
        )
        sheets.append(Scoresheet(e.id, tuple(scores[e.id]), conflicts, path, digest))
        files.append(InputFile(path, digest, "scoresheet"))
    mod_path = "moderation.xlsx"
    mod_digest = hashlib.sha256(mod_path.encode()).hexdigest()
    files.append(InputFile(mod_path, mod_digest, "moderation"))
    return TenderInputs(
        tender=tender,
        rubric=rubric,
        proxies=proxies,
        responses=tuple(responses),
        scoresheets=tuple(sheets),
        moderation=Moderation(tuple(entries), mod_path, mod_digest, DECISIONS),
        files=tuple(files),
    )


def main(argv: list[str]) -> int:
    out = Path(argv[1]) if len(argv) > 1 else OUT
    write_results_json(evaluate(sample_inputs()), out)
    print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
