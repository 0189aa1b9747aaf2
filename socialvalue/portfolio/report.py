"""``socialvalue portfolio report``: portfolio.json, portfolio.xlsx and portfolio.pdf (and, on
request, the HTML folder ``html/portfolio/``), written as a set (:func:`~..publish.output_set`):
a failure leaves the previous outputs as they were, and a run without HTML removes an earlier
``html/`` (which would disagree with the new PDF)."""

from __future__ import annotations

from pathlib import Path

import attrs

from ..errors import InputError
from ..publish import output_set
from ..render.html import HTML_DIR
from ..results.json_io import dumps
from .aggregate import kpi_rows
from .reading import PortfolioRead, read_portfolio
from .record import FILE, portfolio_record
from .report_html import write_portfolio_html
from .report_pdf import write_portfolio_pdf
from .report_xlsx import write_portfolio_xlsx
from .unchanged import inputs_sha256, outputs_current, remember_outputs

XLSX, PDF = "portfolio.xlsx", "portfolio.pdf"
OUTPUTS = (FILE, XLSX, PDF)
DEFAULT_OUT = "out"


@attrs.frozen
class PortfolioReport:
    """What ``portfolio report`` read and wrote."""

    found: PortfolioRead
    paths: tuple[Path, ...]
    #: False when the outputs in place were already these bytes (nothing was rewritten).
    written: bool = True


def write_portfolio_report(
    folder: str | Path,
    out: str | Path | None = None,
    *,
    rehash: bool = False,
    html: bool = False,
) -> PortfolioReport:
    """Read the portfolio in ``folder`` and write its three outputs to ``out`` (default
    ``folder``/out), with ``html`` also ``html/portfolio/index.html`` and its assets (from the
    same context as the PDF); the paths end with that index. Outputs already in place that are
    the bytes they would be are left alone (not with ``html``, or while a stale ``html/`` is
    there to remove; ``rehash``: hash every file and write them anyway). InputError if any
    member has a problem (``portfolio check`` lists them), each naming the member's file and
    line."""
    folder = Path(folder)
    found = read_portfolio(folder, rehash=rehash)
    if not found.ok:
        raise InputError(
            found.problem_items,
            (
                "Fix these first (socialvalue portfolio check lists them): the report counts every member.",
            ),
        )
    record = portfolio_record(found)
    rows = kpi_rows(found.portfolio, list(found.members))
    themes = [t["theme"] for t in record["themes"]]
    target = Path(out) if out is not None else folder / DEFAULT_OUT
    paths = tuple(target / n for n in OUTPUTS)
    inputs = inputs_sha256(record, rows, themes)
    unchanged = not rehash and not html and not (target / HTML_DIR).exists()
    if unchanged and outputs_current(folder, target, inputs, OUTPUTS):
        return PortfolioReport(found, paths, written=False)
    with output_set(target, lambda name: name in OUTPUTS or name == HTML_DIR) as stage:
        (stage / FILE).write_bytes(dumps(record).encode("utf-8"))
        write_portfolio_xlsx(rows, themes, stage / XLSX)
        write_portfolio_pdf(record, stage / PDF)
        if html:
            index = write_portfolio_html(record, stage / HTML_DIR)
            paths += (target / index.relative_to(stage),)
    remember_outputs(folder, target, inputs, OUTPUTS)
    return PortfolioReport(found, paths)


__all__ = ["OUTPUTS", "PDF", "XLSX", "PortfolioReport", "write_portfolio_report"]
