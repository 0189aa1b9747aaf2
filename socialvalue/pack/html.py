"""The pack and the assessment summaries as HTML folders (``out/html/``), from the very
contexts their PDFs are rendered from (see :mod:`socialvalue.render.html`).

``html/pack/index.html`` is the whole pack as one page (the PDF is rendered in parts; the
HTML is not paged, so it is rendered from the whole context, as the template allows);
``html/summaries/<bidder>/index.html`` is each summary, named as its PDF is.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import PurePath
from typing import Any

from ..render.html import HtmlDocument

PACK_DOCUMENT = "pack"
SUMMARIES_DOCUMENTS = "summaries"


def pack_html_documents(
    pack_template: str,
    pack_context: dict[str, Any],
    summaries: Sequence[tuple[str, dict[str, Any]]],
    summary_names: Sequence[str],
) -> tuple[HtmlDocument, ...]:
    """The pack's document and one per summary ((template, context) each, with its PDF's file
    name), in the order the PDFs are listed."""
    return (
        HtmlDocument(PACK_DOCUMENT, pack_template, pack_context),
        *(
            HtmlDocument(f"{SUMMARIES_DOCUMENTS}/{PurePath(name).stem}", template, context)
            for (template, context), name in zip(summaries, summary_names, strict=True)
        ),
    )


__all__ = ["PACK_DOCUMENT", "SUMMARIES_DOCUMENTS", "pack_html_documents"]
