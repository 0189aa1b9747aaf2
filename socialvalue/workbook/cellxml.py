"""Plain cells written straight as XML text while a workbook is saved.

openpyxl's standard-library writer builds an ElementTree element for every cell and serialises
it through et_xmlfile, which is most of the time results.xlsx takes to save. A plain cell (an
int or float, a text with no leading or trailing white space to preserve, or a formula; with or
without a style; no hyperlink) is written here as the very bytes that writer gives; every other
cell goes to openpyxl's own writer. tests/test_workbook_cellxml.py checks the two give identical
bytes, cell shape by cell shape.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any
from xml.sax.saxutils import escape

from openpyxl.compat import safe_string
from openpyxl.worksheet import _writer as sheet_writer

_ORIGINAL = sheet_writer.write_cell
_NUMBERS = (int, float)


def _text(value: str) -> str | None:
    """``value`` escaped as ElementTree escapes text, or None where openpyxl would mark it
    ``xml:space="preserve"`` (leading or trailing white space around other text)."""
    stripped = value.strip()
    if stripped and stripped != value:
        return None
    return escape(value)


def _element(tag: str, text: str) -> str:
    """``<tag>text</tag>``, or ``<tag />`` for no text, as ElementTree writes them."""
    return f"<{tag}>{escape(text)}</{tag}>" if text else f"<{tag} />"


def write_cell(xf: Any, worksheet: Any, cell: Any, styled: bool | None = None) -> None:
    """openpyxl's ``write_cell``, with plain cells written as text (same bytes)."""
    value = cell._value
    kind = cell.data_type
    if cell.hyperlink or value is None or value == "" or not hasattr(xf, "_file"):
        _ORIGINAL(xf, worksheet, cell, styled)
        return
    style = f' s="{cell.style_id}"' if styled else ""
    head = f'<c r="{cell.coordinate}"{style}'
    if kind == "n" and type(value) in _NUMBERS:
        xml = f'{head} t="n">{_element("v", safe_string(value))}</c>'
    elif kind == "s" and type(value) is str and (text := _text(value)) is not None:
        xml = f'{head} t="inlineStr"><is><t>{text}</t></is></c>'
    elif kind == "f" and type(value) is str:
        xml = f"{head}>{_element('f', value[1:])}<v /></c>"
    else:
        _ORIGINAL(xf, worksheet, cell, styled)
        return
    xf._file(xml)


@contextlib.contextmanager
def plain_cells_as_text() -> Iterator[None]:
    """While open, worksheets are saved with :func:`write_cell` (one thread at a time)."""
    sheet_writer.write_cell = write_cell
    try:
        yield
    finally:
        sheet_writer.write_cell = _ORIGINAL
