"""Complete WeasyPrint's tagged PDF: every table header cell says what it heads.

WeasyPrint 70 tags ``<th>`` as a ``/TH`` structure element with an ``/ID`` and lists those ids
in each ``/TD``'s ``/Headers``, but it writes no ``/Scope`` on the ``/TH`` itself (Kozea/
WeasyPrint#2508, still open), although the HTML says ``scope="col"`` or ``scope="row"``. A
screen reader (and the pdfua checker, rule UA-15-003) then cannot tell whether a header cell
heads a column or a row. :func:`scope_table_headers` runs as a ``write_pdf`` finisher, after
the structure tree is built and before it is written, and copies each ``<th>``'s ``scope``
into its ``/TH`` element's table attributes (``/O /Table``).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pydyf

#: HTML ``scope`` -> PDF ``/Scope``. A ``<th>`` without one heads its column, as WeasyPrint
#: itself assumes when it fills the data cells' ``/Headers``.
SCOPES = {"row": "/Row", "rowgroup": "/Row", "col": "/Column", "colgroup": "/Column"}
DEFAULT_SCOPE = "/Column"


def scope_table_headers(document: Any, pdf: pydyf.PDF) -> int:
    """Give every ``/TH`` element of ``pdf`` the ``/Scope`` of its ``<th>``; return how many.

    ``document`` is the rendered WeasyPrint document whose ``write_pdf`` is running: its
    table-cell boxes hold (as ``mark``) the structure element WeasyPrint made for them. Any
    ``/TH`` not reached that way gets the default column scope, so that none is left without.
    """
    done = 0
    for box in _header_boxes(document):
        scope = str(box.element.get("scope", "")).strip().lower()
        _set_scope(box.mark, SCOPES.get(scope, DEFAULT_SCOPE))
        done += 1
    for obj in pdf.objects:
        if _is_header(obj) and not _has_scope(obj):
            _set_scope(obj, DEFAULT_SCOPE)
            done += 1
    return done


def _header_boxes(document: Any) -> Iterator[Any]:
    """The laid-out ``<th>`` boxes that carry their ``/TH`` structure element."""
    for page in document.pages:
        for box in page._page_box.descendants():
            element = getattr(box, "element", None)
            if (
                element is not None
                and box.element_tag == "th"
                and _is_header(getattr(box, "mark", None))
            ):
                yield box


def _is_header(obj: object) -> bool:
    return isinstance(obj, pydyf.Dictionary) and obj.get("S") == "/TH"


def _has_scope(element: pydyf.Dictionary) -> bool:
    attributes = element.get("A")
    found = attributes if isinstance(attributes, pydyf.Array) else [attributes]
    return any(isinstance(a, pydyf.Dictionary) and "Scope" in a for a in found)


def _set_scope(element: pydyf.Dictionary, scope: str) -> None:
    """Set ``/Scope`` in the element's table attributes (made if it has none)."""
    attributes = element.get("A")
    if isinstance(attributes, pydyf.Dictionary):
        attributes["Scope"] = scope
        return
    table = pydyf.Dictionary({"O": "/Table", "Scope": scope})
    if isinstance(attributes, pydyf.Array):
        attributes.append(table)
    else:
        element["A"] = table
