"""The delivery-report benchmark's stages (run by :mod:`bench.run` in fresh processes, as every
stage is), on a contract folder from :mod:`bench.delivery_gen`: the raw reading floor, the
report (``socialvalue contract report``'s library call), and the WeasyPrint floor for as many
pages as the report's delivery.pdf has.

Each returns a dict with ``seconds`` (its own time) and what is worth reporting.
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

from . import floors

Json = dict[str, Any]
PAGES = "delivery-pages.json"


def contract_workbooks(folder: Path) -> list[Path]:
    """Every workbook ``contract report`` reads: the returns and the verification workbook."""
    from socialvalue.delivery.model import RETURNS, VERIFICATION

    return sorted((folder / RETURNS).glob("*.xlsx")) + sorted(
        (folder / VERIFICATION).glob("*.xlsx")
    )


def stage_delivery_floor(folder: Path, work: Path) -> Json:
    """python-calamine reading every sheet of the returns and the verification workbook, no
    checks: what any reader of the contract must pay."""
    return floors.read_workbooks(contract_workbooks(folder))


def stage_delivery_report(folder: Path, work: Path) -> Json:
    """``write_report`` as ``socialvalue contract report`` runs it: every return and the
    verification read and checked, the KPIs rated, delivery.json, .xlsx and .pdf written."""
    import pypdf

    from socialvalue.delivery.report import PDF, write_report

    started = time.perf_counter()
    written = write_report(folder)
    seconds = time.perf_counter() - started
    pdf = next(p for p in written.paths if p.name == PDF)
    pages = len(pypdf.PdfReader(pdf).pages)
    (work / PAGES).write_text(json.dumps([pages]), encoding="utf-8")  # for the render floor
    return {
        "seconds": seconds,
        "kpis": len(written.record.kpis),
        "pages": pages,
        "outputs_bytes": sum(p.stat().st_size for p in written.paths),
    }


def stage_delivery_floor_render(folder: Path, work: Path) -> Json:
    """Plain WeasyPrint pages, as many as the report's delivery.pdf (written by the report
    stage), in one document."""
    documents = json.loads((work / PAGES).read_text(encoding="utf-8"))
    return floors.render_floor(documents, work)


#: The order the stages must run in: the render floor renders as many pages as the report made.
DELIVERY_ORDER = ("delivery_floor", "delivery_report", "delivery_floor_render")
DELIVERY_STAGES = {
    "delivery_floor": stage_delivery_floor,
    "delivery_report": stage_delivery_report,
    "delivery_floor_render": stage_delivery_floor_render,
}
DELIVERY_LABELS = {
    "delivery_floor": "floor: calamine reads the returns and verification",
    "delivery_report": "contract report (delivery.json, .xlsx, .pdf)",
    "delivery_floor_render": "floor: WeasyPrint plain pages, as many as delivery.pdf",
}
