"""Builders for the tests, the benchmarks and the example scripts: tender folders, responses and
filled forms, made the way a buyer, bidders and evaluators make them.

The toolkit itself never imports this module. It lives in the package so that ``tests/``,
``bench/`` and ``scripts/`` all import the same code (``from socialvalue.testing import ...``)
from a fresh clone, an installed wheel or CI, with no path set-up.
"""

from __future__ import annotations

import datetime as dt
import io
import shutil
import zipfile
import zlib
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from click.testing import CliRunner
from openpyxl import load_workbook

from .delivery.model import Contract
from .delivery.return_layout import return_fields
from .forms import ResponseValues, fill_by_names
from .forms.fields import NAME_PREFIX, bidder_slug, name_part
from .tender.config import OUT, RESPONSES, SCORES, TENDER_FILE
from .tender.forms import write_template_for
from .workflow import copy_example, score_tender

TENDER_SUBFOLDERS = (RESPONSES, SCORES, OUT)
"""The folders of a tender that the buyer, bidders and evaluators fill."""

Cells = dict[str, object]
"""Defined name -> value, as :func:`~socialvalue.forms.fill_by_names` takes them."""


def make_tender_folder(
    folder: Path,
    tender_yaml: str,
    files: Mapping[str, str] | None = None,
    *,
    fresh: bool = False,
    template: bool = True,
) -> Path | None:
    """A tender folder: ``tender.yaml``, other ``files`` (name -> text: a rubric, proxies), the
    empty responses/, scores/ and out/, and the response template made (its path is returned,
    or None with ``template=False``). ``fresh`` deletes what the folder held first."""
    if fresh and folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / TENDER_FILE).write_text(tender_yaml, encoding="utf-8")
    for name, text in (files or {}).items():
        (folder / name).write_text(text, encoding="utf-8")
    for sub in TENDER_SUBFOLDERS:
        (folder / sub).mkdir(exist_ok=True)
    return write_template_for(folder) if template else None


def response_values(
    name: str,
    quantities: Mapping[str, object],
    evidence: Mapping[str, object],
    answers: Mapping[str, object],
    *,
    company_number: str | None = None,
    contact_name: str = "Jo Bloggs",
    contact_email: str = "jo@acme.example",
    position: str = "Director",
    date: dt.date = dt.date(2026, 3, 1),
) -> ResponseValues:
    """A bidder's filled-in response: its commitments, evidence and answers, signed by the
    contact and confirmed. The company number is made from ``name`` unless given (two bids with
    one company number are one company bidding twice, an error)."""
    if company_number is None:
        company_number = f"{zlib.crc32(name.encode('utf-8')) % 100_000_000:08d}"
    return ResponseValues(
        bidder_name=name,
        company_number=company_number,
        contact_name=contact_name,
        contact_email=contact_email,
        quantities=dict(quantities),
        evidence=dict(evidence),
        answers=dict(answers),
        declaration_name=contact_name,
        declaration_position=position,
        declaration_date=date,
        declaration_confirm="Yes",
    )


def _name(*parts: str) -> str:
    return NAME_PREFIX + "_".join(parts)


def score_cells(
    scores: Mapping[tuple[str, str], tuple[object, object]],
    conflicts: Mapping[str, tuple[object, object]] | None = None,
) -> Cells:
    """A scoresheet's cells: (bidder, part) -> (score, rationale), and bidder -> (Yes or No,
    note; a None note is left alone). Names as the scoresheet gives them (no two ids in the
    rubric or bidders differing only in case or punctuation)."""
    cells: Cells = {}
    for bidder, (declared, note) in (conflicts or {}).items():
        cells[_name("coi", bidder_slug(bidder))] = declared
        if note is not None:
            cells[_name("coi_note", bidder_slug(bidder))] = note
    for (bidder, part), (score, rationale) in scores.items():
        slug, pid = bidder_slug(bidder), name_part(part)
        cells[_name("score", slug, pid)] = score
        cells[_name("rationale", slug, pid)] = rationale
    return cells


def consensus_cells(consensus: Mapping[tuple[str, str], tuple[object, object]]) -> Cells:
    """The moderation workbook's cells: (bidder, part) -> (consensus score, rationale)."""
    cells: Cells = {}
    for (bidder, part), (score, rationale) in consensus.items():
        slug, pid = bidder_slug(bidder), name_part(part)
        cells[_name("consensus", slug, pid)] = score
        cells[_name("consensus_rationale", slug, pid)] = rationale
    return cells


def fill_scoresheet(
    path: Path,
    scores: Mapping[tuple[str, str], tuple[object, object]],
    conflicts: Mapping[str, tuple[object, object]] | None = None,
    out: Path | None = None,
) -> Path:
    """Fill a scoresheet as its evaluator would (see :func:`score_cells`); in place unless
    ``out`` is given."""
    return fill_by_names(path, out or path, score_cells(scores, conflicts))


def fill_moderation(
    path: Path, consensus: Mapping[tuple[str, str], tuple[object, object]], out: Path | None = None
) -> Path:
    """Record the panel's consensus in a moderation workbook; in place unless ``out`` is given."""
    return fill_by_names(path, out or path, consensus_cells(consensus))


Decision = tuple[object, object, object, object]
"""A panel decision on a flag as typed: (decision, figure, reason, clarification reference)."""


def flag_rows(path: Path) -> dict[tuple[str, str, str | None], int]:
    """The flags a moderation workbook's Flags sheet lists: (bidder, flag code, measure or None)
    -> its row number on the sheet (1, 2, ...)."""
    wb = load_workbook(path)

    def value(name: str) -> object:
        [(sheet, coordinate)] = list(wb.defined_names[name].destinations)
        return wb[sheet][coordinate.replace("$", "")].value

    rows: dict[tuple[str, str, str | None], int] = {}
    for n in range(1, int(value(_name("flag", "count"))) + 1):  # type: ignore[call-overload]
        measure = value(_name("flag", str(n), "measure"))
        key = (
            str(value(_name("flag", str(n), "bidder"))),
            str(value(_name("flag", str(n), "code"))),
            None if measure == "(whole bid)" else str(measure),
        )
        rows[key] = n
    return rows


def flag_decision_cells(
    path: Path, decisions: Mapping[tuple[str, str, str | None], Decision]
) -> Cells:
    """The Flags sheet's cells of a moderation workbook: (bidder, flag code, measure or None)
    -> a :data:`Decision`. KeyError for a flag the sheet does not list."""
    rows = flag_rows(path)
    cells: Cells = {}
    for key, typed in decisions.items():
        n = rows[key]
        for field, v in zip(("decision", "figure", "reason", "reference"), typed, strict=True):
            cells[_name("flag", str(n), field)] = v
    return cells


def accept_every_flag(path: Path, reason: str) -> Path:
    """Record "accepted", with ``reason``, for every flag the moderation workbook lists."""
    decided = {key: ("accepted", None, reason, None) for key in flag_rows(path)}
    return fill_flag_decisions(path, decided)


def fill_flag_decisions(
    path: Path, decisions: Mapping[tuple[str, str, str | None], Decision], out: Path | None = None
) -> Path:
    """Record the panel's decisions on credibility flags in a moderation workbook (see
    :func:`flag_decision_cells`); in place unless ``out`` is given."""
    return fill_by_names(path, out or path, flag_decision_cells(path, decisions))


def rewrite_zip(
    path: Path, change: Callable[[zipfile.ZipInfo, bytes], tuple[zipfile.ZipInfo, bytes]]
) -> None:
    """Rewrite a zip (an .xlsx) in place, entry by entry through ``change(info, data)``, keeping
    the entries' order; each is written with the compression its returned info names."""
    source = path.read_bytes()
    buffer = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(source)) as zin,
        zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zout,
    ):
        for info in zin.infolist():
            zout.writestr(*change(info, zin.read(info)))
    path.write_bytes(buffer.getvalue())


def cli_runner() -> CliRunner:
    """A click test runner that keeps stdout and stderr apart, on any click from 8.1."""
    try:
        return CliRunner(mix_stderr=False)  # type: ignore[call-arg]  # click < 8.2
    except TypeError:
        return CliRunner()  # click >= 8.2 keeps stderr apart by itself


def return_cells(
    contract: Contract,
    delivered: Mapping[str, tuple[object, object]],
    *,
    notes: Mapping[str, object] | None = None,
    spend: tuple[tuple[object, object, object, object, object], ...] = (),
    prepared_by: object = "Sam Carter",
    email: object = "sam@supplier.example",
    date: object = dt.date(2026, 7, 10),
    confirm: object = "Yes",
) -> Cells:
    """A supplier's return as typed: KPI id -> (delivered, evidence), notes by KPI id, spend
    rows as (supplier, postcode, SME/VCSE, amount, KPI id), who prepared it and when."""
    layout = return_fields(contract)
    cells: Cells = dict(
        zip((f.name for f in layout.details), (prepared_by, email, date, confirm), strict=True)
    )
    for kf in layout.kpis:
        quantity, evidence = delivered.get(kf.kpi.id, (None, None))
        cells[kf.delivered.name] = quantity
        cells[kf.evidence.name] = evidence
        cells[kf.note.name] = (notes or {}).get(kf.kpi.id)
    for line, values in zip(layout.spend, spend, strict=False):
        for field, value in zip(line.fields, values, strict=True):
            cells[field.name] = value
    return {k: v for k, v in cells.items() if v is not None}


def fill_return(template: Path, out: Path, contract: Contract, **values: Any) -> Path:
    """Fill a copy of a blank return as the supplier would (see :func:`return_cells`)."""
    return fill_by_names(template, out, return_cells(contract, **values))


def without_yaml_keys(text: str, *keys: str) -> str:
    """``text`` (a tender.yaml or contract.yaml) without the top-level ``keys``' blocks: each
    key's line and the indented, blank or comment lines that follow it up to the next key."""
    out: list[str] = []
    dropping = False
    for line in text.splitlines(keepends=True):
        top = line[:1] not in ("", " ", "\t", "#", "\n")
        if top:
            dropping = line.split(":", 1)[0] in keys
        if not dropping:
            out.append(line)
    return "".join(out)


def scored_example(folder: Path) -> Path:
    """``folder/tender``: a copy of the example tender with out/results.json written (scored,
    not rendered: results.json is all a contract is made from)."""
    tender = copy_example(folder / "tender")
    score_tender(tender)
    return tender


Verified = tuple[object, object, object, object]
"""The officer's record on a figure as typed: (state, note, who, when)."""


def fill_verification(path: Path, records: Mapping[tuple[str, str], Verified]) -> Path:
    """Record the officer's checks in a verification workbook, in place: (period, KPI id) ->
    a :data:`Verified`. KeyError for a figure the workbook does not list."""
    wb = load_workbook(path)

    def value(name: str) -> object:
        [(sheet, coordinate)] = list(wb.defined_names[name].destinations)
        return wb[sheet][coordinate.replace("$", "")].value

    rows = {
        (str(value(f"sv_verify_{n}_period")), str(value(f"sv_verify_{n}_kpi"))): n
        for n in range(1, int(value("sv_verify_count")) + 1)  # type: ignore[call-overload]
    }
    cells: Cells = {}
    for key, typed in records.items():
        n = rows[key]
        for field, v in zip(("decision", "note", "by", "date"), typed, strict=True):
            cells[f"sv_verify_{n}_{field}"] = v
    return fill_by_names(path, path, cells)
