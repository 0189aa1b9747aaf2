"""portfolio.xlsx recalculated by LibreOffice (headless) gives portfolio.json's figures: the
GBP by theme and in total, and the verified shares, are live formulas over the KPI rows."""

from __future__ import annotations

import json
import shutil
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from forms_support import convert

from socialvalue.portfolio.index import INDEX_FILE
from socialvalue.portfolio.report import write_portfolio_report
from socialvalue.portfolio.report_xlsx import THEMES

pytestmark = pytest.mark.slow
EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "portfolio"
KEYS = (
    "gbp_committed",
    "gbp_delivered_year",
    "gbp_verified_year",
    "gbp_delivered_to_date",
    "gbp_verified_to_date",
    "verified_share_year",
    "verified_share_to_date",
)


def test_libreoffice_recalculates_the_workbook_to_the_engines_figures(tmp_path):
    folder = tmp_path / "portfolio"
    shutil.copytree(EXAMPLE, folder, ignore=shutil.ignore_patterns(INDEX_FILE, "out"))
    shutil.copytree(EXAMPLE / "tender" / "out", folder / "tender" / "out")
    write_portfolio_report(folder)
    data = json.loads((folder / "out" / "portfolio.json").read_text(encoding="utf-8"))
    convert([folder / "out" / "portfolio.xlsx"], tmp_path / "lo", tmp_path / "profile")
    ws = openpyxl.load_workbook(tmp_path / "lo" / "portfolio.xlsx", data_only=True)[THEMES]
    rows = {str(r[0]): r[1:] for r in ws.iter_rows(min_row=2, values_only=True) if r[0]}
    expected = {t["theme"]: t for t in data["themes"]} | {"Total": data["totals"]}
    assert set(rows) == set(expected)
    for name, want in expected.items():
        for key, got in zip(KEYS, rows[name], strict=True):
            if want[key] is None:
                assert got in (None, ""), (name, key)
            else:
                assert round(Decimal(str(got)), 2) == Decimal(want[key]), (name, key, got)
