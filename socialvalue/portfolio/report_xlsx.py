"""portfolio.xlsx: every KPI of every contract, and the sums by theme as live formulas.

* **KPIs**: one row per KPI: contract, supplier, theme, measure, unit, proxy value, committed,
  delivered and verified (year and to date) as the engine read them; the GBP columns are
  formulas (quantity x proxy value).
* **Themes**: per theme, ``SUMIFS`` over KPIs of each GBP column, rounded to the penny as the
  engine; the verified share rounded to one place; a totals row.

LibreOffice recalculates it to portfolio.json's figures (tests/test_portfolio_xlsx.py).
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

from ..workbook.printing import SheetLayout, lay_out_sheet
from ..workbook.writer import BOLD, new_workbook, save_workbook, set_formula, set_text

KPIS, THEMES = "KPIs", "Themes"
TEXT_COLUMNS = ("Contract", "Supplier", "Theme", "Measure", "Unit", "Rating")
NUMBER_COLUMNS = (
    "Proxy value",
    "Committed",
    "Delivered (year)",
    "Verified (year)",
    "Delivered (to date)",
    "Verified (to date)",
)
#: GBP formulas on KPIs: (heading, the quantity column it values).
GBP_COLUMNS = (
    ("GBP committed", "H"),
    ("GBP delivered (year)", "I"),
    ("GBP verified (year)", "J"),
    ("GBP delivered (to date)", "K"),
    ("GBP verified (to date)", "L"),
)
THEME_COLUMNS = (
    "Theme",
    *tuple(h for h, _ in GBP_COLUMNS),
    "Verified share (year) %",
    "Verified share (to date) %",
)


def _head(ws: Any, names: tuple[str, ...]) -> None:
    for col, name in enumerate(names, 1):
        set_text(ws.cell(1, col), name)
        ws.cell(1, col).font = BOLD


def write_portfolio_xlsx(rows: list[dict[str, Any]], themes: list[str], path: Path) -> None:
    """Write portfolio.xlsx from the KPI rows (:func:`~.aggregate.kpi_rows`) and the themes in
    report order (reproducibly, atomically)."""
    wb = new_workbook()
    ws = wb.create_sheet(KPIS)
    _head(ws, TEXT_COLUMNS + NUMBER_COLUMNS + tuple(h for h, _ in GBP_COLUMNS))
    for r, row in enumerate(rows, 2):
        for c, key in enumerate(("contract", "supplier", "theme", "measure", "unit", "rating"), 1):
            set_text(ws.cell(r, c), str(row[key]))
        ws.cell(r, 7).value = row["proxy_value"]
        for c, key in enumerate(
            (
                "committed",
                "delivered_year",
                "verified_year",
                "delivered_to_date",
                "verified_to_date",
            ),
            8,
        ):
            ws.cell(r, c).value = Decimal(row[key])
        for c, (_, col) in enumerate(GBP_COLUMNS, 13):
            set_formula(ws.cell(r, c), f'=IF($G{r}="",0,{col}{r}*$G{r})')
    last = max(len(rows) + 1, 2)
    ts = wb.create_sheet(THEMES)
    _head(ts, THEME_COLUMNS)
    gbp_cols = "MNOPQ"
    for r, theme in enumerate([*themes, "Total"], 2):
        set_text(ts.cell(r, 1), theme)
        for c, col in enumerate(gbp_cols, 2):
            rng = f"{KPIS}!${col}$2:${col}${last}"
            if theme == "Total":
                f = f"=ROUND(SUM({rng}),2)"
            else:
                f = f"=ROUND(SUMIFS({rng},{KPIS}!$C$2:$C${last},$A{r}),2)"
            set_formula(ts.cell(r, c), f)
        for c, (verified, delivered) in ((7, ("D", "C")), (8, ("F", "E"))):
            set_formula(
                ts.cell(r, c), f'=IF({delivered}{r}=0,"",ROUND({verified}{r}/{delivered}{r}*100,1))'
            )
    lay_out_sheet(ws, SheetLayout(header_row=1))
    lay_out_sheet(ts, SheetLayout(header_row=1))
    save_workbook(wb, path)


__all__ = ["KPIS", "THEMES", "write_portfolio_xlsx"]
