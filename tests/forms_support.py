"""Shared builders for the workbook-form tests: a small tender folder with its own rubric, and
ways to fill and tamper with the forms as bidders and evaluators do."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import zipfile
from collections.abc import Mapping
from decimal import Decimal
from pathlib import Path

import attrs
import pytest
from openpyxl import load_workbook

from socialvalue.forms import ResponseValues, fill_by_names, fill_response
from socialvalue.rubric import load_rubric
from socialvalue.rubric.model import Rubric
from socialvalue.tender.forms import make_moderation, make_scoresheets
from socialvalue.testing import fill_scoresheet, make_tender_folder, response_values, rewrite_zip
from socialvalue.workbook.writer import save_workbook

REFERENCE = "TST-2026-001"

RUBRIC = """\
id: forms-test
title: Forms test rubric
version: "2.1"
policy: test
currency: GBP
weights: points
proxy_set: test-proxies
weighting:
  social_value_percent: 10
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
  - id: hundred
    title: Zero to hundred
    levels:
      - {score: 0, label: None, descriptor: No answer.}
      - {score: 20, label: Poor, descriptor: Generic.}
      - {score: 40, label: Limited, descriptor: Some detail.}
      - {score: 60, label: Adequate, descriptor: Credible plan.}
      - {score: 80, label: Good, descriptor: Specific and evidenced.}
      - {score: 100, label: Excellent, descriptor: Track record.}
sections:
  - id: S1
    title: Jobs and environment
    criteria:
      - id: Q1
        title: Commitments
        weight: 4
        type: quantitative
        measures:
          - {id: M1, title: Local people employed, unit: FTE}
          - {id: M2, title: Apprenticeship weeks, unit: weeks, max_quantity: 520}
          - {id: M3, title: Trees planted, unit: trees, record_only: true, evidence_required: false}
          - {id: M4, title: Local spend, unit: GBP, min_quantity: 1000}
        method: {kind: relative_to_best}
      - id: W1
        title: Method statement
        weight: 3
        type: qualitative
        question: How will you recruit and retain local people?
        guidance: Who, how many, when.
        scale: hundred
        word_limit: 20
        sub_criteria:
          - {id: W1a, title: Recruitment, weight: 2, guidance: Routes into work.}
          - {id: W1b, title: Retention, weight: 1}
      - id: W2
        title: Environment
        weight: 3
        type: qualitative
        question: How will you cut emissions?
        scale: five
moderation:
  final_score: consensus
  mandatory_spread_steps: 1
"""

PROXIES = """\
id: test-proxies
name: Test proxies (illustrative only)
source: tests
version: "1"
licence: CC0-1.0
price_year: 2026
currency: GBP
example: true
values:
  - {measure: M1, unit: FTE, value: 30000}
  - {measure: M2, unit: weeks, value: 250}
  - {measure: M4, unit: GBP, value: 0.1}
"""

TENDER = f"""\
reference: {REFERENCE}
title: Test contract
buyer: Test Council
contract:
  value: 2000000
  currency: GBP
rubric: rubric.yaml
proxy_set: proxies.yaml
evaluators:
  - {{id: ann, name: Ann Evans}}
  - {{id: bob, name: Bob Khan}}
  - {{id: cat, name: Cat Jones}}
"""

EVALUATORS = ("ann", "bob", "cat")


def make_tender(folder: Path, rubric_text: str = RUBRIC, tender_text: str = TENDER) -> Path:
    """A tender folder with tender.yaml, its own rubric and proxies, and the template made."""
    make_tender_folder(folder, tender_text, {"rubric.yaml": rubric_text, "proxies.yaml": PROXIES})
    return folder


def rubric_of(folder: Path) -> Rubric:
    return load_rubric(folder / "rubric.yaml")


def good_values(name: str = "Acme Ltd", **changes: object) -> ResponseValues:
    values = response_values(
        name,
        quantities={"M1": 3, "M2": 104, "M3": 250, "M4": 15000},
        evidence={
            "M1": "Three local hires through the Jobcentre, named in our plan.",
            "M2": "Two apprentices for a year each.",
            "M3": "",
            "M4": "Local suppliers listed in appendix B.",
        },
        answers={
            "W1": "We recruit through local colleges and keep staff with paid training.",
            "W2": "Electric vans from year one and a measured carbon plan.",
        },
    )
    for key, value in changes.items():
        if key in ("quantities", "evidence", "answers"):
            merged = dict(getattr(values, key))
            merged.update(value)  # type: ignore[call-overload]
            value = merged
        values = attrs.evolve(values, **{key: value})
    return values


def add_response(folder: Path, key: str = "acme", values: ResponseValues | None = None) -> Path:
    """Fill the tender's template as bidder ``key`` and put it in responses/."""
    out = folder / "responses" / f"{key}.xlsx"
    fill_response(
        folder / "out" / "response-template.xlsx", out, values or good_values(), rubric_of(folder)
    )
    return out


def fill_scores(
    path: Path,
    scores: Mapping[tuple[str, str], tuple[object, object]],
    conflicts: Mapping[str, tuple[object, object]],
) -> Path:
    """Fill a scoresheet in place: (bidder, part) -> (score, rationale); bidder -> (Yes/No, note)."""
    return fill_scoresheet(path, scores, conflicts)


def patch_part(path: Path, part: str, pattern: str, replacement: str, count: int = 1) -> None:
    """Edit one XML part of an .xlsx in place with a regular expression (must match)."""

    def change(info: zipfile.ZipInfo, data: bytes) -> tuple[zipfile.ZipInfo, bytes]:
        if info.filename == part:
            text, n = re.subn(pattern, replacement, data.decode("utf-8"), count=count)
            assert n, f"{pattern!r} not found in {part}"
            data = text.encode("utf-8")
        return info, data

    rewrite_zip(path, change)


def sheet_part(path: Path, sheet: str) -> str:
    """The zip part of the named sheet (openpyxl writes sheets as sheet1.xml... in order)."""
    wb = load_workbook(path, read_only=True)
    index = wb.sheetnames.index(sheet) + 1
    wb.close()
    return f"xl/worksheets/sheet{index}.xml"


def edit_workbook(path: Path, edit) -> Path:  # type: ignore[no-untyped-def]
    """Open with openpyxl, apply ``edit(wb)``, save in place (as a spreadsheet program would)."""
    wb = load_workbook(path)
    edit(wb)
    return save_workbook(wb, path)


def as_decimal(text: str) -> Decimal:
    return Decimal(text)


def set_string(path: Path, name: str, text: str) -> Path:
    """Put ``text`` in the named cell as a string even when it starts with ``=`` (as a person
    typing '=... in Excel gets), which openpyxl would otherwise write as a formula."""

    def edit(wb) -> None:  # type: ignore[no-untyped-def]
        [(sheet, coord)] = list(wb.defined_names[name].destinations)
        cell = wb[sheet][coord.replace("$", "")]
        cell.value = text
        cell.data_type = "s"

    return edit_workbook(path, edit)


def soffice() -> str:
    """LibreOffice's path; skip when it is absent (fail under CI=true)."""
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found is None:
        if os.environ.get("CI") == "true":
            pytest.fail("LibreOffice (soffice) is required in CI: .ci/run installs it")
        pytest.skip("LibreOffice (soffice) is not installed; install libreoffice-calc to run this")
    return found


def convert(files: list[Path], out: Path, profile: Path, to: str = "xlsx") -> None:
    """Open every file in one LibreOffice run and save it as ``to`` (``xlsx``: recalculated
    formulas; ``pdf``: printed with each sheet's print set-up) into ``out``."""
    out.mkdir()
    subprocess.run(
        [
            soffice(),
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            to,
            "--outdir",
            str(out),
            *map(str, files),
        ],
        check=True,
        capture_output=True,
        timeout=240,
    )
    missing = [f.name for f in files if not (out / f.with_suffix(f".{to}").name).is_file()]
    assert not missing, f"LibreOffice did not write {missing}"


def complete_tender(
    folder: Path,
    rubric_text: str = RUBRIC,
    tender_text: str = TENDER,
    spend_plans: tuple[tuple[Mapping[str, object], ...], ...] = ((), ()),
    local_wages: tuple[object, object] = (None, None),
) -> Path:
    """A small tender with every input complete: two bidders, three evaluators, moderated
    (``spend_plans``, ``local_wages``: each bidder's Spend plan lines and local wage bill, for a
    rubric that asks for them)."""
    folder = make_tender(folder, rubric_text, tender_text)
    add_response(folder, "acme", good_values(spend_plan=spend_plans[0], local_wages=local_wages[0]))
    add_response(
        folder,
        "bravo",
        good_values(
            "Bravo plc",
            quantities={"M1": "2.5"},
            spend_plan=spend_plans[1],
            local_wages=local_wages[1],
        ),
    )
    make_scoresheets(folder)
    parts = ("W1a", "W1b", "W2")
    for evaluator in EVALUATORS:
        scores = {
            (b, p): (3 if p == "W2" else 60, f"{evaluator} on {b} {p}")
            for b in ("acme", "bravo")
            for p in parts
        }
        fill_scores(
            folder / "scores" / f"{evaluator}.xlsx",
            scores,
            {"acme": ("No", None), "bravo": ("No", None)},
        )
    make_moderation(folder)
    cells: dict[str, object] = {}
    for b in ("acme", "bravo"):
        for p in parts:
            cells[f"sv_consensus_{b}_{p}"] = 3 if p == "W2" else 60
            cells[f"sv_consensus_rationale_{b}_{p}"] = "Agreed."
    fill_by_names(folder / "moderation.xlsx", folder / "moderation.xlsx", cells)
    return folder
