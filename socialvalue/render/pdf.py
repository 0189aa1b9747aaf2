"""Render HTML to a PDF file: safely, reproducibly, atomically; and the jinja2 environment.

* Safe: every URL goes through :class:`~socialvalue.render.fetcher.SafeURLFetcher` (``data:``
  and bundled assets only); presentational hints are off.
* Reproducible: same HTML, assets, attachments and ``created`` give identical bytes. Dates come
  from ``created`` (document metadata when the HTML has none, attachment dates, and
  ``SOURCE_DATE_EPOCH`` for font subsetting through fontTools); the PDF ``/ID`` is a hash of the
  content.
* Atomic: the PDF is written to a temporary file beside ``out_path`` and moved into place only
  when complete.
"""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from contextlib import contextmanager, suppress
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any, Literal

import attrs
import jinja2
import pydyf
from markupsafe import Markup, escape
from weasyprint import HTML
from weasyprint import Attachment as WeasyAttachment
from weasyprint.urls import FatalURLFetchingError

from .. import formatting
from .environment import sandboxed_environment
from .fetcher import DOCUMENT_BASE_URL, SafeURLFetcher
from .tagging import scope_table_headers

Variant = Literal["pdf/ua-1", "pdf/a-3a"]
#: An attachment: (file name, content, description).
AttachmentSpec = tuple[str, bytes, str]
#: PDF points per CSS pixel.
PT_PER_PX = 0.75


@attrs.frozen
class Bookmark:
    """One outline entry of a rendered document (from ``bookmark-level``, e.g. h2/h3)."""

    page: int  #: 0-based page index in the document
    level: int  #: CSS bookmark-level (2 for h2, 3 for h3, ...)
    label: str
    x: float  #: PDF points from the page's left edge
    y: float  #: PDF points from the page's bottom edge
    open: bool = True


#: Both are tagged (structure tree, language, title shown): PDF/UA-1 for reading, PDF/A-3a
#: (archival, level A: accessible) for keeping with attachments. WeasyPrint writes one
#: conformance claim per file, so a PDF/A-3a file does not also declare PDF/UA-1.
VARIANTS: tuple[Variant, ...] = ("pdf/ua-1", "pdf/a-3a")
#: The figure filters templates use: :mod:`socialvalue.formatting` under its own names, and
#: ``num`` (:func:`~socialvalue.formatting.fixed_places`) and ``pct``
#: (:func:`~socialvalue.formatting.fraction_as_percent`) under the names tenders' templates know.
FILTERS: dict[str, Callable[..., str]] = {
    "money": formatting.money,
    "num": formatting.fixed_places,
    "pct": formatting.fraction_as_percent,
    "plain_decimal": formatting.plain_decimal,
    "fixed_places": formatting.fixed_places,
    "at_most_places": formatting.at_most_places,
    "percent": formatting.percent,
    "fraction_as_percent": formatting.fraction_as_percent,
}


@attrs.frozen
class RenderInfo:
    """What one render produced."""

    path: Path
    pages: int
    #: URLs the fetcher refused (always empty after a strict render, which fails instead).
    refused: tuple[str, ...] = ()
    #: (anchor, 0-based page index) for the anchors asked for that the document holds.
    anchors: tuple[tuple[str, int], ...] = ()
    #: The document's outline entries, in document order.
    bookmarks: tuple[Bookmark, ...] = ()


class RenderError(Exception):
    """Rendering one output file failed; names the file."""

    def __init__(self, path: Path | str, message: str) -> None:
        super().__init__(str(path), message)
        self.path = Path(path)
        self.message = message

    def __str__(self) -> str:
        return f"rendering {self.path} failed: {self.message}"


def render_pdf(
    html: str,
    out_path: Path,
    *,
    asset_dirs: Sequence[Path],
    variant: Variant | None = "pdf/ua-1",
    attachments: Sequence[AttachmentSpec] = (),
    created: datetime,
    strict: bool = True,
    anchors: Collection[str] = (),
    write: bool = True,
) -> RenderInfo:
    """Render ``html`` to ``out_path`` as a tagged PDF/UA-1 (default) or PDF/A-3a file.

    ``asset_dirs`` are searched in order for ``assets/...`` URLs (put a tender's own first).
    ``attachments`` are embedded with relationship ``Data``. ``created`` (timezone-aware) fixes
    every date in the file. With ``strict`` (default) a refused URL fails the render; otherwise
    the resource is skipped and listed in :attr:`RenderInfo.refused`. ``variant=None`` writes
    an untagged PDF (for page-number overlays only). The pages of the ``anchors`` named are
    reported in :attr:`RenderInfo.anchors`; ``write=False`` lays the document out (page count,
    anchors, bookmarks) without writing a file.
    """
    out_path = Path(out_path)
    if variant is not None and variant not in VARIANTS:
        raise ValueError(f"unsupported PDF variant {variant!r}; use one of {VARIANTS}")
    stamp = _utc(created)
    fetcher = SafeURLFetcher(asset_dirs, fatal=strict)
    try:
        with _source_date_epoch(stamp):
            document = HTML(string=html, base_url=DOCUMENT_BASE_URL, url_fetcher=fetcher).render(
                pdf_variant=variant, presentational_hints=False
            )
            metadata = document.metadata
            metadata.created = metadata.created or w3cdate(stamp)
            metadata.modified = metadata.modified or metadata.created
            if variant is not None and not (metadata.title and metadata.lang):
                raise RenderError(
                    out_path, f"{variant.upper()} needs a non-empty <title> and <html lang>"
                )
            if strict and fetcher.refused:  # refusals inside SVG are swallowed by WeasyPrint
                raise RenderError(out_path, f"refused URLs: {', '.join(fetcher.refused)}")
            info = RenderInfo(
                path=out_path,
                pages=len(document.pages),
                refused=tuple(fetcher.refused),
                anchors=_anchor_pages(document.pages, anchors),
                bookmarks=_bookmarks(document.pages),
            )
            if not write:
                return info
            files = [
                WeasyAttachment(
                    string=content,
                    name=name,
                    description=description,
                    created=stamp,
                    modified=stamp,
                    relationship="Data",
                    url_fetcher=fetcher,
                )
                for name, content, description in attachments
            ]
            _write_atomically(
                out_path,
                lambda target: document.write_pdf(
                    target,
                    finisher=_finish,
                    pdf_variant=variant,
                    attachments=files,
                    presentational_hints=False,
                ),
            )
    except FatalURLFetchingError as exc:  # a BaseException: turn it into an ordinary error
        raise RenderError(out_path, str(exc)) from exc
    return info


def _anchor_pages(pages: Sequence[Any], wanted: Collection[str]) -> tuple[tuple[str, int], ...]:
    """(anchor, first page index) for each wanted anchor present in the laid-out pages."""
    wanted = set(wanted)
    found: dict[str, int] = {}
    for index, page in enumerate(pages):
        for name in page.anchors:
            if name in wanted and name not in found:
                found[name] = index
    return tuple(found.items())


def _bookmarks(pages: Sequence[Any]) -> tuple[Bookmark, ...]:
    """Every page's bookmarks, with positions converted to PDF points (origin bottom-left)."""
    return tuple(
        Bookmark(
            page=index,
            level=level,
            label=label,
            x=round(x * PT_PER_PX, 6),
            y=round((page.height - y) * PT_PER_PX, 6),
            open=state != "closed",
        )
        for index, page in enumerate(pages)
        for level, label, (x, y), state in page.bookmarks
    )


def _finish(document: object, pdf: pydyf.PDF) -> None:
    """Last touches before the PDF is written: header scopes, one /AF entry per attachment."""
    scope_table_headers(document, pdf)
    _dedupe_associated_files(document, pdf)


def _dedupe_associated_files(document: object, pdf: pydyf.PDF) -> None:
    """WeasyPrint 70 lists each PDF/A-3 attachment twice in the catalog's /AF: once is enough."""
    if "AF" in pdf.catalog:
        pdf.catalog["AF"] = pydyf.Array(dict.fromkeys(pdf.catalog["AF"]))


def _write_atomically(out_path: Path, write: Callable[[IO[bytes]], object]) -> None:
    """Call ``write`` on a temp file beside ``out_path``; move it into place only on success."""
    fd, tmp_name = tempfile.mkstemp(prefix=f".{out_path.name}.", suffix=".tmp", dir=out_path.parent)
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as target:
            write(target)
            target.flush()
            os.fsync(target.fileno())
        tmp.chmod(0o644)
        os.replace(tmp, out_path)
    except BaseException:
        with suppress(FileNotFoundError):
            tmp.unlink()
        raise


@contextmanager
def _source_date_epoch(stamp: datetime) -> Iterator[None]:
    """Set ``SOURCE_DATE_EPOCH`` (read by fontTools when subsetting) for the duration."""
    old = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = str(int(stamp.timestamp()))
    try:
        yield
    finally:
        if old is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
        else:
            os.environ["SOURCE_DATE_EPOCH"] = old


def _utc(value: datetime) -> datetime:
    if not isinstance(value, datetime) or value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"need a timezone-aware datetime, got {value!r}")
    return value.astimezone(UTC).replace(microsecond=0)


# --- jinja2 -------------------------------------------------------------------------------


def make_environment(template_dirs: Iterable[Path]) -> jinja2.Environment:
    """A sandboxed jinja2 environment: autoescape on, StrictUndefined, our filters; templates
    read only as regular files (see :mod:`socialvalue.render.environment`).

    ``template_dirs`` are searched in order: put a tender's own ``templates/`` before ours
    (``socialvalue.resources.templates_dir()``) to override a template.
    """
    return sandboxed_environment(
        template_dirs, {**FILTERS, "w3cdate": w3cdate, "keep_ids": keep_ids}
    )


def keep_ids(text: str, ids: Iterable[str]) -> Markup:
    """``text`` escaped, with each of ``ids`` it names marked ``<span class="id">`` (which the
    stylesheet keeps on one line), so that a sentence never breaks a line inside an id.

    For text written by the toolkit or the rubric (never a bidder's: an unbreakable run of
    untrusted text could overflow its column)."""
    names = sorted({i for i in ids if i}, key=len, reverse=True)
    escaped = escape(text)
    if not names:
        return escaped
    pattern = re.compile(
        r"(?<![\w-])(" + "|".join(re.escape(str(escape(n))) for n in names) + r")(?![\w-])"
    )
    return Markup(pattern.sub(r'<span class="id">\1</span>', str(escaped)))


def w3cdate(value: datetime) -> str:
    """A timezone-aware datetime as UTC ``2026-01-31T12:00:00Z`` (for dcterms meta tags)."""
    return _utc(value).strftime("%Y-%m-%dT%H:%M:%SZ")
