"""The delivery report as an HTML folder (``out/html/delivery/``), from the very context its
PDF is rendered from (:func:`~socialvalue.delivery.report_pdf.delivery_context`; see
:mod:`socialvalue.render.html`)."""

from __future__ import annotations

from pathlib import Path

from ..render.html import HtmlDocument, write_documents
from ..resources import templates_dir
from .record import DeliveryRecord
from .report_pdf import TEMPLATE, delivery_context

DOCUMENT = "delivery"


def write_delivery_html(record: DeliveryRecord, folder: Path) -> Path:
    """Write ``folder/delivery/index.html`` and its assets (``folder`` new or empty); returns
    the index file."""
    shipped = templates_dir()
    (index,) = write_documents(
        folder,
        [HtmlDocument(DOCUMENT, TEMPLATE, delivery_context(record))],
        template_dirs=[shipped],
        asset_dirs=[shipped / "assets"],
    )
    return index


__all__ = ["DOCUMENT", "write_delivery_html"]
