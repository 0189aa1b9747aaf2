"""``socialvalue contract init``: a contract folder made from a tender's award.

Reads the tender's ``out/results.json`` (written by ``socialvalue evaluate``), takes the
winner's bid (or the bidder named), turns each counted commitment into a KPI with an even
delivery profile, and writes a commented ``contract.yaml`` and the folders ``returns/``,
``verification/`` and ``out/``. The results file's SHA-256 is recorded, so the chain from
the bid to the contract can be checked later.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from decimal import Decimal
from pathlib import Path

from ..atomic import write_bytes_atomic
from ..errors import InputError, display_path
from ..formatting import plain_decimal
from ..model import Tender
from ..names import TenderFolder
from ..results import RESULTS_JSON
from ..results.json_io import read_record
from ..results.record import BidderRecord, Record
from ..rubric.model import Measure, is_money
from ..scoring.result import MeasureLine
from ..tender.config import OUT as TENDER_OUT
from ..tender.config import load_tender
from ..tender.scaffold import yaml_text
from ..yamlnodes import CONTROL_CHARACTER, suggest
from .load import load_contract
from .local_plan import local_yaml
from .model import (
    CONTRACT_FILE,
    DEFAULT_ANNUAL_FTE_COST,
    DEFAULT_GRACE_DAYS,
    OUT,
    RETURNS,
    VERIFICATION,
    Decision,
)
from .periods import (
    MONTH_NAMES,
    Calendar,
    next_start,
    spread_evenly,
    term_end,
)

HEADER = """\
# contract.yaml: a contract's social value commitments after the award. See docs/delivery.md.
# Made by `socialvalue contract init` from the tender's results.json; edit it as the contract
# says (the start, the profiles), then check it with `socialvalue contract check .`.
# Every return is bound to this file's reference, term, KPIs and profiles: change them before
# the first return is sent, not after.
"""


def init_contract(
    contract_dir: str | Path,
    tender_dir: str | Path,
    bidder: str | None = None,
    start: dt.date | None = None,
    *,
    years: Decimal | None = None,
    reference: str | None = None,
    force: bool = False,
    calendar: Calendar | None = None,
) -> Path:
    """Create ``contract_dir`` with ``contract.yaml``, ``returns/``, ``verification/``, ``out/``
    from the evaluation in ``tender_dir/out/results.json``; returns contract.yaml's path.

    The bid is the winner's unless ``bidder`` names another ranked bid (a framework with several
    awards). A provisional evaluation, or results older than tender.yaml (its SHA-256 differs
    from the one they record), is refused unless ``force`` (a provisional one is recorded so).
    ``calendar`` is the reporting (quarterly by calendar year by default; :mod:`.periods`): the
    profiles are spread evenly over its periods. ``start`` defaults to the first day of the
    quarter after tender.yaml's ``dates.award`` (of the month after, for monthly reporting);
    the term to ``contract.years``; ``reference`` to the tender's reference and the bidder's
    key (``ABC-2026-017-greenway``). An existing contract.yaml is kept.
    """
    calendar = calendar or Calendar()
    contract_dir, tender_dir = Path(contract_dir), Path(tender_dir)
    target = contract_dir / CONTRACT_FILE
    if target.exists():
        raise InputError.single(display_path(target), "already exists; not overwritten")
    names = TenderFolder(tender_dir)
    try:
        tender = load_tender(tender_dir)
    except InputError as exc:
        raise InputError([names.show(p) for p in exc.problems], exc.advice) from None
    tender_file = names.shown(tender.file)
    results = tender_dir / TENDER_OUT / RESULTS_JSON
    shown = names.shown(f"{TENDER_OUT}/{RESULTS_JSON}")
    if not results.is_file():
        raise InputError.single(
            shown, "no results yet: run `socialvalue evaluate` on the tender first"
        )
    raw = results.read_bytes()
    record = read_record(results, raw=raw)  # the bytes hashed below are the bytes parsed
    if record.tender.reference != tender.reference:
        raise InputError.single(
            shown,
            f'made for tender "{record.tender.reference}", not this tender '
            f'"{tender.reference}": run `socialvalue evaluate` again',
        )
    if record.tender.sha256 != tender.sha256 and not force:
        raise InputError.single(
            shown,
            "tender.yaml has changed since these results were written: run `socialvalue "
            "evaluate` again, or use --force to make the contract from them as they are",
        )
    if record.status.provisional and not force:
        reasons = "; ".join(record.status.reasons) or "see the pack"
        raise InputError.single(
            shown,
            f"the evaluation is provisional ({reasons}): a contract is made from a final "
            "result; finish the evaluation, or use --force to make it now (recorded as "
            "provisional)",
        )
    bid = _bid(record, bidder, shown)
    award = tender.dates.get("award")
    if start is None:
        if award is None:
            raise InputError.single(
                tender_file, "tender.yaml gives no dates.award: give the contract's --start date"
            )
        start = next_start(award, calendar)
    given_years = years
    years = years if years is not None else tender.contract_years
    if years is None:
        raise InputError.single(
            tender_file, "tender.yaml gives no contract.years: give the contract's --years"
        )
    end = term_end(start, years)
    if end is None:
        raise InputError.single(
            tender_file if given_years is None else "--years",
            f"a term of {plain_decimal(years)} years is not a whole number of months",
        )
    if reference is not None and (not reference.strip() or CONTROL_CHARACTER.search(reference)):
        raise InputError.single("--reference", "the reference must be printable text")
    rel = Path(os.path.relpath(results.resolve(), contract_dir.resolve())).as_posix()
    fte_cost, fte_from = _fte_cost(tender.annual_fte_cost, record)
    text = _yaml(
        record,
        bid,
        reference=reference or f"{tender.reference}-{bid.key}",
        results=rel,
        digest=hashlib.sha256(raw).hexdigest(),
        start=start,
        end=end,
        fte=(fte_cost, fte_from),
        calendar=calendar,
    ) + _local(tender, bid)
    for sub in (RETURNS, VERIFICATION, OUT):
        (contract_dir / sub).mkdir(parents=True, exist_ok=True)
    write_bytes_atomic(target, text.encode("utf-8"))
    try:
        load_contract(contract_dir)  # what was written must load
    except InputError:
        target.unlink()  # nothing half-made is left behind
        raise
    return target


def _local(tender: Tender, bid: BidderRecord) -> str:
    """The tender's local area and LM3 declaration, copied (see :mod:`.local_plan`)."""
    money = [
        m.id
        for c in bid.criteria
        for m in c.measures or ()
        if m.quantity > 0 and is_money(m.unit, tender.currency)
    ]
    # The bid's whole plan (recorded whenever the rubric asks for one): its local, VCSE and SME
    # GBP, whichever shares the rubric scores; LM3 is derived from them, not planned spend.
    planned: dict[str, Decimal] = {}
    if bid.spend is not None:
        planned = {s.share: s.amount for s in bid.spend.shares}
        if bid.spend.lm3.local_wages_given:
            planned["local_wages"] = bid.spend.lm3.local_wages  # the bid's wage bill, for LM3
    lines = local_yaml(tender.local_area, tender.local_multiplier, money, planned)
    return "\n".join(lines) + "\n" if lines else ""


def _bid(record: Record, key: str | None, shown: str) -> BidderRecord:
    keys = [b.key for b in record.bidders]
    if key is None:
        if record.outcome.kind != "winner" or record.outcome.winner is None:
            raise InputError.single(
                shown,
                f"no single winner ({record.outcome.text}): name the bid with --bidder KEY",
            )
        key = record.outcome.winner
    if key not in keys:
        raise InputError.single(
            shown, f"no bid `{key}` in the results{suggest(key, keys)}; the bids: {', '.join(keys)}"
        )
    bid = record.bidder(key)
    if not bid.eligible:
        raise InputError.single(shown, f"bid `{key}` is {bid.status}: it cannot be awarded")
    return bid


def _fte_cost(tender_cost: Decimal | None, record: Record) -> tuple[Decimal, str]:
    if tender_cost is not None:
        return tender_cost, "tender.yaml's contract.annual_fte_cost"
    rubric_cost = record.rubric.credibility.annual_fte_cost
    if rubric_cost is not None:
        return rubric_cost, f"rubric {record.rubric.id}'s credibility.annual_fte_cost"
    return DEFAULT_ANNUAL_FTE_COST, "socialvalue's default (docs/delivery.md)"


def _decisions(bid: BidderRecord) -> dict[str, Decision]:
    """The panel's decisions by measure: on the measure's own flag, or changing its quantity."""
    found: dict[str, Decision] = {}
    for flag in bid.flags:
        result = flag.decision
        if result is None:
            continue
        changed = {c.measure: c.committed for c in result.changes}
        for measure in ([flag.measure] if flag.measure else []) + list(changed):
            decision = Decision(
                result.decision, flag.code, result.reason, changed.get(measure), result.reference
            )
            kept = found.get(measure)
            if kept is None or (kept.bid_quantity is None and decision.bid_quantity is not None):
                found[measure] = decision  # the one that changed the quantity, if any
    return found


def _measures(record: Record) -> dict[str, Measure]:
    return {m.id: m for s in record.rubric.sections for c in s.criteria for m in c.measures}


def _yaml(
    record: Record,
    bid: BidderRecord,
    *,
    reference: str,
    results: str,
    digest: str,
    start: dt.date,
    end: dt.date,
    fte: tuple[Decimal, str],
    calendar: Calendar,
) -> str:
    t = record.tender
    proxies = record.proxy_set
    periods = [p.label for p in calendar.periods_between(start, end)]
    each = calendar.period_name
    lines = [
        HEADER,
        "# The contract's reference and title (the tender's unless the contract differs).",
        f"reference: {yaml_text(reference)}",
        f"title: {yaml_text(t.title)}",
        f"buyer: {yaml_text(t.buyer)}",
        "",
        "# Who delivers it: the bid the KPIs come from.",
        "supplier:",
        f"  bidder: {yaml_text(bid.key)}",
        f"  name: {yaml_text(bid.name)}",
        f"  company_number: {yaml_text(bid.company_number)}",
        "",
        "# The evaluation it was made from: results.json (relative to this folder) and its",
        "# SHA-256, so the chain from the bid to the contract can be checked.",
        "source:",
        f"  tender: {yaml_text(t.reference)}",
        f"  results: {yaml_text(results)}",
        f"  results_sha256: {digest}",
    ]
    if proxies is not None:
        lines += [
            f"  proxy_set: {yaml_text(proxies.id)}",
            f"  proxy_set_version: {yaml_text(proxies.version)}",
        ]
    lines += [
        f"  status: {record.status.state}",
        "",
        "# The term (YYYY-MM-DD). By default it starts on the first day of the quarter (monthly",
        "# reporting: the month) after the award and runs for the tender's contract.years.",
        f"start: {start.isoformat()}",
        f"end: {end.isoformat()}",
        "# The contract's value over the term: the most a return's spend could be.",
        f"value: {plain_decimal(t.contract_value)}",
        f"currency: {yaml_text(t.currency)}",
        "# How often returns are due: monthly, quarterly, half-yearly or annual, and the month",
        "# the reporting year starts (1, January: calendar years; 4, April: the UK financial",
        "# year). Periods are named like 2026-05, 2026-Q2, 2026-H1 and 2026 by calendar year,",
        "# 2026/27-Q1, 2026/27-H1 and 2026/27 by a year from April (docs/delivery.md).",
        f"# Here: {calendar.describe()}.",
        f"reporting: {calendar.frequency}",
        f"year_start: {calendar.year_start}  # {MONTH_NAMES[calendar.year_start - 1]}",
        "# The cost of one FTE a year: a return reporting more FTE than the contract's value",
        f"# for the {each} could pay for is refused. From {fte[1]}.",
        f"annual_fte_cost: {plain_decimal(fte[0])}",
        f"# Days after a {each}'s end by which its return is due: later, it is overdue.",
        f"grace_days: {DEFAULT_GRACE_DAYS}",
        "# To value delivery at a newer proxy set too (beside the award's, above), name it by id",
        "# or by a path relative to this folder; the ratings stay on quantities:",
        "# newer_proxy_set: our-2027-values",
        "",
        "# Rating bands, declared in advance (Procurement Regulations 2024 reg 39(5)): the least",
        "# percent of the profile to date, delivered and verified, for each rating. Below",
        "# requires_improvement is Inadequate; Other is given with a reason.",
        "ratings:",
        "  good: 100",
        "  approaching_target: 90",
        "  requires_improvement: 70",
        "",
        "# One KPI per counted commitment of the bid: the quantity as counted after the panel's",
        "# decisions, its value at the award, the evidence the bid promised, and the profile:",
        f"# the quantity due in each {each} (spread evenly; edit it to the delivery plan, keeping",
        "# its sum equal to `committed`).",
        "kpis:",
    ]
    decisions = _decisions(bid)
    measures = _measures(record)
    left_out: list[str] = []
    for criterion in bid.criteria:
        for line in criterion.measures or ():
            if line.quantity <= 0:
                if line.committed:
                    decision = decisions.get(line.id)
                    why = f": {decision.reason}" if decision else ""
                    left_out.append(
                        f"#   {line.id}: {plain_decimal(line.committed)} {line.unit} in the "
                        f"bid, not counted by the panel{why}"
                    )
                continue
            lines += _kpi_lines(line, measures.get(line.id), decisions.get(line.id), periods)
    if left_out:
        lines += ["", "# Commitments of the bid that are not KPIs:", *left_out]
    return "\n".join(lines) + "\n"


def _kpi_lines(
    line: MeasureLine, measure: Measure | None, decision: Decision | None, periods: list[str]
) -> list[str]:
    out = [
        f"  - id: {yaml_text(line.id)}",
        f"    title: {yaml_text(line.title)}",
        f"    unit: {yaml_text(line.unit)}",
        f"    committed: {plain_decimal(line.quantity)}",
    ]
    if line.proxy_value is not None and line.gbp_value is not None:
        out += [
            f"    proxy_value: {plain_decimal(line.proxy_value)}",
            f"    gbp_value: {plain_decimal(line.gbp_value)}",
        ]
    else:
        out.append("    # Record only: not valued at the award.")
    out.append(f"    evidence_required: {'true' if line.evidence_required else 'false'}")
    if line.evidence:
        out.append(f"    evidence: {yaml_text(line.evidence)}")
    if measure is not None and measure.guidance:
        out.append(f"    guidance: {yaml_text(measure.guidance)}")
    if decision is not None:
        out += [
            "    # The panel's decision on a credibility flag, carried over from the award.",
            "    decision:",
            f"      decision: {decision.decision}",
            f"      flag: {decision.flag}",
            f"      reason: {yaml_text(decision.reason)}",
        ]
        if decision.bid_quantity is not None:
            out.append(f"      bid_quantity: {plain_decimal(decision.bid_quantity)}")
        if decision.reference:
            out.append(f"      reference: {yaml_text(decision.reference)}")
    out.append("    profile:")
    for label, share in zip(periods, spread_evenly(line.quantity, len(periods)), strict=True):
        out.append(f"      {yaml_text(label)}: {plain_decimal(share)}")
    return out


__all__ = ["init_contract"]
