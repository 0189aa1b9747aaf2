"""Reading one member folder (a contract or a tender) into a summary the index can keep.

A contract folder is read as ``contract report`` reads it (:func:`~..delivery.report.delivery_record`,
as of the reporting year's end); a tender folder is checked as ``socialvalue check`` does. A
member with problems is a summary with ``status: broken`` and its problems, never an exception:
the other members are still read. Decimals are kept as exact strings.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Iterable, Mapping
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

import attrs

from ..delivery.local_spend import LocalSpend, PeriodSpend
from ..delivery.model import CONTRACT_FILE, OUT
from ..delivery.record import DeliveryRecord
from ..delivery.report import delivery_record
from ..errors import InputError, Location, Problem
from ..formatting import plain_decimal
from ..results.json_io import read_results_json
from ..tender.inputs import check_tender

Summary = dict[str, Any]
#: The outcome of a KPI whose award's results.json does not name one.
OTHER_OUTCOME = "(outcome not known)"
#: Sub-folders whose files do not change what a member is (its own outputs).
SKIPPED = {OUT}


def _s(value: Decimal | None) -> str | None:
    return None if value is None else plain_decimal(value)


def member_files(folder: Path) -> list[Path]:
    """The member's input files, sorted: everything but out/ and hidden entries."""
    found = []
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder).parts
        if rel[0] in SKIPPED or any(p.startswith(".") for p in rel):
            continue
        if path.is_file():
            found.append(path)
    return found


def file_sha256(path: Path) -> str:
    """SHA-256 of the file's bytes."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def member_sha256(folder: Path, as_of: dt.date, digest: Callable[[Path], str] = file_sha256) -> str:
    """SHA-256 of every input file's name and SHA-256 (``digest``, which may take it from the
    index when the file's size, mtime and inode are as recorded) and the day it is read as of."""
    h = hashlib.sha256(f"as_of {as_of}\n".encode())
    for path in member_files(folder):
        h.update(f"{path.relative_to(folder).as_posix()} {digest(path)}\n".encode())
    return h.hexdigest()


def _problems(problems: Iterable[Problem], name: str) -> Summary:
    """``problems`` (text) and ``problem_at`` (where, as :meth:`Problem.to_json`), each file
    joined to the member's path in the portfolio (``libraries/contract.yaml``)."""
    moved = [
        attrs.evolve(p, where=attrs.evolve(p.where, file=f"{name}/{p.where.file}"))
        for p in problems
    ]
    return {"problems": [str(p) for p in moved], "problem_at": [p.to_json() for p in moved]}


def broken(kind: str, name: str, message: str) -> Summary:
    """A member that cannot be read at all: one problem naming its folder."""
    problem = Problem(Location(name), message)
    return {
        "kind": kind,
        "status": "broken",
        "problems": [str(problem)],
        "problem_at": [problem.to_json()],
    }


def problem_from(item: Mapping[str, Any]) -> Problem:
    """The :class:`Problem` of one ``problem_at`` entry."""
    where = Location(item["file"], item["line"], item["column"], item["cell"], item["context"])
    return Problem(where, item["message"], item["severity"])


def _in_year(end: dt.date, start: dt.date, last: dt.date) -> bool:
    return start <= end <= last


def outcomes(folder: Path, record: DeliveryRecord) -> dict[str, str]:
    """Measure id -> the outcome (the rubric criterion) it counts towards, from the award's
    results.json; empty when that is not there (the chain's own warning says so)."""
    path = folder / record.chain.results
    if not path.is_file():
        return {}
    try:
        results = read_results_json(path, record.chain.results)
    except InputError:
        return {}
    winner = next((b for b in results["bidders"] if b["key"] == record.supplier_key), None)
    found: dict[str, str] = {}
    for criterion in (winner or {}).get("criteria") or ():
        for measure in criterion.get("measures") or ():
            found[measure["id"]] = f"{criterion['id']}: {criterion['title']}"
    return found


def _kpis(
    record: DeliveryRecord, start: dt.date, end: dt.date, outcome: dict[str, str]
) -> list[Summary]:
    kpis = []
    for k in record.kpis:
        year = [p for p in k.periods if _in_year(p.end, start, end)]
        delivered = sum((p.delivered or Decimal(0) for p in year), Decimal(0))
        verified = sum((p.verified for p in year), Decimal(0))
        due = sum((p.due for p in year), Decimal(0))
        value = k.proxy_value
        kpis.append(
            {
                "id": k.id,
                "title": k.title,
                "outcome": outcome.get(k.id, OTHER_OUTCOME),
                "unit": k.unit,
                "proxy_value": _s(value),
                "committed": _s(k.committed),
                "profile_to_date": _s(k.profile_to_date),
                "delivered_to_date": _s(k.delivered_to_date),
                "verified_to_date": _s(k.verified_to_date),
                "due_year": _s(due),
                "delivered_year": _s(delivered),
                "verified_year": _s(verified),
                "rating": k.rating,
            }
        )
    return kpis


def _local(
    record: DeliveryRecord, ends: dict[str, dt.date], start: dt.date, end: dt.date
) -> Summary | None:
    spend = record.local_spend
    if spend is None:
        return None
    out: Summary = {"area": spend.area}
    for scope, periods in (
        ("to_date", spend.periods),
        (
            "year",
            [p for p in spend.periods if p.period in ends and _in_year(ends[p.period], start, end)],
        ),
    ):
        value = sum((p.value for p in periods if p.reported), Decimal(0))
        shares = {
            c: sum((p.category(c).actual for p in periods if p.reported), Decimal(0))
            for c in ("local", "vcse", "sme")
        }
        out[scope] = {
            "value": _s(value),
            **{c: _s(v) for c, v in shares.items()},
            "lm3": _s(summed_lm3(spend, [p for p in periods if p.reported])),
        }
    return out


def summed_lm3(spend: LocalSpend, periods: list[PeriodSpend]) -> Decimal | None:
    """LM3 of ``periods`` together: (R1 + R2 + R3) / R1 with each round summed over them
    (R1 the periods' contract value, R2 the verified local spend plus the planned local wages,
    R3 their re-spend at the declared shares), to 2 places ROUND_HALF_UP; None when no
    re-spend is declared or R1 is 0."""
    s, e = spend.respend_suppliers, spend.respend_employees
    r1 = sum((p.value for p in periods), Decimal(0))
    if s is None or e is None or not r1:
        return None
    local = [(p.category("local").actual, p.local_wages or Decimal(0)) for p in periods]
    r2 = sum((a + w for a, w in local), Decimal(0))
    r3 = sum((a * s + w * e for a, w in local), Decimal(0))
    return ((r1 + r2 + r3) / r1).quantize(Decimal("0.01"), ROUND_HALF_UP)


def read_contract(folder: Path, name: str, start: dt.date, end: dt.date) -> Summary:
    """A contract member's summary as of ``end``; ``status: broken`` with its problems."""
    try:
        record = delivery_record(folder, as_of=end)
    except InputError as exc:
        return {"kind": "contract", "status": "broken", **_problems(exc.problems, name)}
    ends = {p.period: p.end for k in record.kpis for p in k.periods}
    return {
        "kind": "contract",
        "status": "ok",
        **_problems((), name),
        "results": record.chain.results,
        "reference": record.contract,
        "title": record.title,
        "supplier": record.supplier,
        "currency": record.currency,
        "kpis": _kpis(record, start, end, outcomes(folder, record)),
        "overdue": len(record.overdue),
        "local": _local(record, ends, start, end),
    }


def read_tender(folder: Path, name: str) -> Summary:
    """A tender member's summary: checked as ``socialvalue check`` does."""
    try:
        found = check_tender(folder)
    except InputError as exc:
        return {"kind": "tender", "status": "broken", **_problems(exc.problems, name)}
    return {
        "kind": "tender",
        "status": "ok" if found.ok else "broken",
        **_problems(found.problems, name),
    }


def read_member(folder: Path, name: str, start: dt.date, end: dt.date) -> Summary:
    """The summary of the member in ``folder`` (``name`` in the portfolio): a contract, a
    tender, or broken."""
    if (folder / CONTRACT_FILE).is_file():
        return read_contract(folder, name, start, end)
    if (folder / "tender.yaml").is_file():
        return read_tender(folder, name)
    return broken(
        "unknown", name, "not a contract folder (contract.yaml) or a tender folder (tender.yaml)"
    )


__all__ = [
    "Summary",
    "broken",
    "file_sha256",
    "member_files",
    "member_sha256",
    "problem_from",
    "read_member",
    "summed_lm3",
]
