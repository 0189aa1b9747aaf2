"""The floors the stages are compared with, measured in the same run on the same files.

* :func:`read_floor`: python-calamine (the fastest maintained reader) reading every sheet of
  every workbook of a tender, with no checks at all: what any reader must pay.
* :func:`render_floor`: WeasyPrint rendering plain table pages, as many as the real pack and
  summaries have and split into documents of the same page counts, one after another in one
  process, with WeasyPrint's defaults: what any PDF output of that size must pay.
"""

from __future__ import annotations

import html
import random
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

#: Rows per plain table page: fills most of an A4 page without spilling onto the next.
ROWS_PER_PAGE = 28
PLAIN_CSS = """
@page { size: A4; margin: 18mm 15mm; @bottom-right { content: counter(page); font-size: 8pt } }
body { font-family: sans-serif; font-size: 9pt; }
section { break-after: page; }
section:last-child { break-after: auto; }
h2 { font-size: 12pt; margin: 0 0 4pt 0; }
table { width: 100%; border-collapse: collapse; }
th, td { border: 0.5pt solid #999; padding: 2pt 3pt; text-align: left; vertical-align: top; }
"""
_VOCABULARY = (
    "local residents partners training support employment skills community suppliers spend "
    "evidence report quarterly targets outcomes monitoring carbon waste wellbeing staff plan"
)
_WORDS = tuple(_VOCABULARY.split())


def workbook_paths(folder: Path) -> list[Path]:
    """Every workbook the tender check reads: responses, scoresheets, the moderation workbook."""
    paths = sorted((folder / "responses").glob("*.xlsx")) + sorted(
        (folder / "scores").glob("*.xlsx")
    )
    moderation = folder / "moderation.xlsx"
    if moderation.is_file():
        paths.append(moderation)
    return paths


def read_floor(folder: Path) -> dict[str, object]:
    """Read every sheet of every workbook of the tender with python-calamine, values only, no
    checks."""
    return read_workbooks(workbook_paths(folder))


def read_workbooks(paths: Sequence[Path]) -> dict[str, object]:
    """Read every sheet of every workbook in ``paths`` with python-calamine, values only, no
    checks: its own time, the workbooks, the cells and the bytes read."""
    import python_calamine

    started = time.perf_counter()
    cells = 0
    for path in paths:
        book = python_calamine.CalamineWorkbook.from_path(str(path))
        try:
            for name in book.sheet_names:
                rows = book.get_sheet_by_name(name).to_python(skip_empty_area=False)
                cells += sum(len(row) for row in rows)
        finally:
            book.close()
    seconds = time.perf_counter() - started
    size = sum(p.stat().st_size for p in paths)
    return {"seconds": seconds, "workbooks": len(paths), "cells": cells, "bytes": size}


def plain_html(pages: int, seed: int = 0) -> str:
    """A plain document of ``pages`` A4 pages, one table of short text on each."""
    rng = random.Random(seed)
    parts = [
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Floor</title>',
        f"<style>{PLAIN_CSS}</style></head><body>",
    ]
    for page in range(pages):
        parts.append(f"<section><h2>Table {page + 1}</h2><table>")
        parts.append("<tr><th>Ref</th><th>Item</th><th>Value</th><th>Note</th></tr>")
        for row in range(ROWS_PER_PAGE):
            item = " ".join(rng.choice(_WORDS) for _ in range(4))
            note = " ".join(rng.choice(_WORDS) for _ in range(6))
            parts.append(
                f"<tr><td>{page + 1}.{row + 1}</td><td>{html.escape(item)}</td>"
                f"<td>{rng.randint(0, 99999):,}</td><td>{html.escape(note)}</td></tr>"
            )
        parts.append("</table></section>")
    parts.append("</body></html>")
    return "".join(parts)


def render_plain(pages: int, out: Path) -> int:
    """Render a plain document of ``pages`` pages to ``out``; the page count WeasyPrint made."""
    from weasyprint import HTML

    document = HTML(string=plain_html(pages)).render()
    document.write_pdf(out)
    return len(document.pages)


def render_floor(documents: Sequence[int], work: Path | None = None) -> dict[str, object]:
    """Render plain documents of these page counts one after another in this process."""
    with tempfile.TemporaryDirectory(dir=work) as tmp:
        out = Path(tmp) / "floor.pdf"
        started = time.perf_counter()
        made = 0
        for pages in documents:
            if pages > 0:
                made += render_plain(pages, out)
        seconds = time.perf_counter() - started
    wanted = sum(documents)
    return {
        "seconds": seconds,
        "pages": made,
        "pages_wanted": wanted,
        "documents": len([p for p in documents if p > 0]),
        "pages_per_second": made / seconds if seconds else 0.0,
    }
