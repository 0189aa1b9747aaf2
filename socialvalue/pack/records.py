"""The pack's records: moderation, sensitivity, exclusions and the audit appendix."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ..model import Evaluator
from ..results.record import ProblemRecord, Record
from ..scoring.result import Shift
from .clarifications import resubmissions
from .common import names_by_key
from .explain import basis_text
from .figures import at_most_places, long_date, percent, record_decimal, rounded
from .reweighted import alternative_weights_text, equal_weights_text, published_weights_text

Context = dict[str, Any]


def moderation_context(results: Record, places: int) -> Context:
    names = names_by_key(results)
    evaluators = {e.id: e.name for e in results.tender.evaluators}
    departed = {(f.bidder, f.part) for f in results.flags if f.code == "consensus_outside_range"}
    entries = [
        {
            "bidder": names.get(m.bidder, m.bidder),
            "part": m.part if m.part == m.criterion else f"{m.criterion} / {m.part}",
            "scores": [
                f"{evaluators.get(s.evaluator, s.evaluator)}: "
                + (at_most_places(s.score, places) if s.score is not None else "blank")
                for s in m.scores
            ],
            "spread": f"{at_most_places(m.spread, places)} ({at_most_places(m.spread_steps, places)} "
            + ("step)" if record_decimal(m.spread_steps) == 1 else "steps)"),
            "required": m.moderation_required,
            "consensus": at_most_places(m.consensus, places) if m.consensus is not None else None,
            "rationale": m.consensus_rationale or "",
            "departs": (m.bidder, m.part) in departed,
            "final": at_most_places(m.final_score, places),
            "basis": basis_text(m.basis),
        }
        for m in results.moderation
    ]
    conflicts = [
        {
            "evaluator": evaluators.get(c.evaluator, c.evaluator),
            "bidder": names.get(c.bidder, c.bidder),
            "declared": c.declared,
            "note": c.note or "",
            "scored": c.scored,
            "source": c.source,
        }
        for c in results.conflicts
    ]
    return {
        "entries": entries,
        "conflicts": conflicts,
        "evaluators": [
            {
                "name": e.name,
                "role": e.role or "",
                "id": e.id,
                "assignment": assignment_words(e, names),
                "reason": e.assignment_reason,
            }
            for e in results.tender.evaluators
        ],
    }


def assignment_words(e: Evaluator, names: dict[str, str]) -> str:
    """What the evaluator was assigned to score, in words (empty: everything)."""
    if not (e.criteria is not None or e.bidders is not None or e.not_bidders):
        return ""
    what = "every question" if e.criteria is None else ", ".join(e.criteria) + " only"
    if e.bidders is not None:
        whom = ", ".join(names.get(b, b) for b in e.bidders) + " only"
    elif e.not_bidders:
        whom = "every bidder except " + ", ".join(names.get(b, b) for b in e.not_bidders)
    else:
        whom = "every bidder"
    return f"{what}, for {whom}"


def sensitivity_context(results: Record, places: int) -> Context:
    s = results.sensitivity
    names = names_by_key(results)

    def moved(entry: Shift | None) -> str:
        if entry is None:
            return "n/a"
        leaders = ", ".join(names.get(k, k) for k in entry.leaders)
        verdict = "winner holds" if entry.holds else "winner changes"
        return f"{percent(entry.share_percent, places)}: {verdict} ({leaders})"

    return {
        "applicable": s.applicable,
        "reason": s.reason or "",
        "winner": names.get(s.winner or "", ""),
        "assumption": s.assumption or "",
        "published_weights": published_weights_text(results),
        "equal_weights": equal_weights_text(results),
        "alternative_weights": alternative_weights_text(results),
        "criteria": [
            {
                "id": c.criterion,
                "title": c.title,
                "share": percent(c.share_percent, places),
                "break_even": (
                    c.break_even.text
                    if c.break_even
                    else "No change of weight within 0–100% changes the winner."
                ),
                "plus_5": moved(c.plus_5),
                "minus_5": moved(c.minus_5),
                "text": c.text,
            }
            for c in s.criteria
        ],
    }


def exclusions_context(results: Record, places: int) -> Context:
    disqualified = [
        {
            "name": b.name,
            "reasons": [
                r.text + (f" (round {r.round})" if r.round else "")
                for r in (b.disqualification.reasons if b.disqualification else ())
            ],
            "total": rounded(b.totals.total_rounded),
        }
        for b in results.bidders
        if b.status == "disqualified"
    ]
    th = results.thresholds
    return {
        "not_assessed": not_assessed_rows(results),
        "disqualified": disqualified,
        "text": th.text,
        "minimums": [
            f"{m.criterion}: minimum {at_most_places(m.score, places)}"
            + (" (disqualifies)" if m.disqualifies else " (flag only)")
            for m in th.criterion_minimums
        ],
    }


#: How the pack names a status tender.yaml records for a bid not assessed.
STATUS_TITLES = {
    "rejected": "Rejected",
    "non-compliant": "Non-compliant",
    "withdrawn": "Withdrawn",
    "late": "Late",
}


def not_assessed_rows(results: Record) -> list[Context]:
    """Each bid not assessed: who, its status, the reason and date recorded, its file."""
    return [
        {
            "name": n.name,
            "key": n.key,
            "status": STATUS_TITLES.get(n.status, n.status),
            "reason": n.reason,
            "date": long_date(n.date),
            "file": n.file or "No file",
            "sha256": n.sha256 or "",
        }
        for n in results.not_assessed
    ]


def audit_context(
    results: Record, generated: dt.datetime, results_sha256: str, results_name: str
) -> Context:
    rubric = results.rubric
    proxy = results.proxy_set
    return {
        "files": [
            {"path": f.path, "sha256": f.sha256, "kind": _kind(f.kind, f.path, results)}
            for f in results.files
        ],
        "results_name": results_name,
        "results_sha256": results_sha256,
        "rubric": f"{rubric.id} version {rubric.version} ({rubric.source})",
        "rubric_sha256": rubric.sha256,
        "methodology_sha256": rubric.methodology_sha256,
        "proxy": (f"{proxy.id} version {proxy.version} ({proxy.file})" if proxy else None),
        "proxy_sha256": proxy.sha256 if proxy else None,
        "toolkit": f"{results.toolkit.name} {results.toolkit.version}",
        "schema_version": results.schema_version,
        "generated": generated.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M:%S UTC"),
        "warnings": [_warning_text(w) for w in results.warnings],
        "tender_file": results.tender.file,
        "tender_sha256": results.tender.sha256,
        "resubmissions": resubmissions(results),
    }


def _kind(kind: str, path: str, results: Record) -> str:
    """A file's kind in the audit appendix; a response not assessed says so, with its status."""
    status = next((n.status for n in results.not_assessed if n.file == path), None)
    shown = kind.replace("_", " ")
    return f"{shown} (not assessed: {status})" if status else shown


def _warning_text(w: ProblemRecord) -> str:
    where = w.file
    if w.line is not None:
        where += f":{w.line}"
    elif w.cell:
        where += f": {w.cell}"
    return f"{where}: {w.message}"
