"""The portfolio report as an HTML folder (``out/html/portfolio/``), from the very context its
PDF is rendered from (:func:`~socialvalue.portfolio.report_pdf.portfolio_context`; see
:mod:`socialvalue.render.html`)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..render.html import HtmlDocument, write_documents
from ..resources import templates_dir
from .report_pdf import TEMPLATE, portfolio_context

DOCUMENT = "portfolio"


def write_portfolio_html(record: dict[str, Any], folder: Path) -> Path:
    """Write ``folder/portfolio/index.html`` and its assets for portfolio.json's content
    ``record`` (``folder`` new or empty); returns the index file."""
    shipped = templates_dir()
    (index,) = write_documents(
        folder,
        [HtmlDocument(DOCUMENT, TEMPLATE, portfolio_context(record))],
        template_dirs=[shipped],
        asset_dirs=[shipped / "assets"],
    )
    return index


__all__ = ["DOCUMENT", "write_portfolio_html"]
