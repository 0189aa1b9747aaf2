"""Join tagged PDFs rendered separately into one tagged PDF, and stamp page numbers on it.

WeasyPrint keeps every laid-out page of a document in memory and slows down as a document
grows, so a long pack is rendered as several documents ("parts") in parallel and joined here
with pikepdf (qpdf). A plain page concatenation would drop what makes the result accessible, so
the join also carries over:

* the structure tree: each part's top ``Document`` element's children become children of one
  ``Document`` element; the parent tree's keys (``/StructParents`` of pages, ``/StructParent``
  of link annotations) are shifted so that they stay unique;
* named destinations (the targets of internal links), so a link in one part reaches an anchor
  in another; a later part's definition wins over an earlier one's (the front matter holds
  stand-in anchors for the contents entries that point further on);
* the outline (bookmarks), rebuilt from every part's headings by level, so that entries from
  different parts nest as if the document had been rendered whole;
* the first part's catalogue entries: language, marked-content flag, viewer preferences, XMP
  metadata, output intents and PDF/A attachments, and its document information.

Parts are rendered without numbers in the bottom-right page-margin box, because a part cannot
know on which page it starts. An overlay document (one page per joined page, with only "Page X
of Y" in that box, laid out by the same stylesheets) is drawn over each page as a form XObject
marked as a pagination artifact, so screen readers skip it as they skip every running header.

The output depends only on the inputs: qpdf writes a deterministic ``/ID``.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable, Mapping, Sequence
from contextlib import ExitStack
from pathlib import Path
from typing import Any, BinaryIO, cast

import attrs
import pikepdf
from pikepdf import Array, Dictionary, Name, NameTree, NumberTree, OutlineItem, Page

from .pdf import Bookmark, RenderError, RenderInfo, _write_atomically

#: The page-number overlay's name in each page's XObject resources.
STAMP = "/SVPageNumber"
#: Catalogue entries taken from the first part.
CATALOG_KEYS = ("/Lang", "/MarkInfo", "/ViewerPreferences", "/Metadata", "/OutputIntents", "/AF")


def _paths(items: Iterable[Path | str]) -> tuple[Path, ...]:
    return tuple(Path(item) for item in items)


def _bookmarks(items: Iterable[Bookmark]) -> tuple[Bookmark, ...]:
    return tuple(items)


@attrs.frozen
class MergeJob:
    """Join ``parts`` (in order) into ``out_path``; picklable for a worker process.

    ``bookmarks`` are the outline entries of all parts with page indices in the joined
    document. ``overlay``, if given, is the page-number overlay (as many pages as the parts
    together).
    """

    parts: tuple[Path, ...] = attrs.field(converter=_paths)
    out_path: Path = attrs.field(converter=Path)
    bookmarks: tuple[Bookmark, ...] = attrs.field(default=(), converter=_bookmarks)
    overlay: Path | None = None

    def run(self) -> RenderInfo:
        """Join here; any failure becomes a :class:`RenderError` naming the output file."""
        try:
            pages = merge_pdfs(self.parts, self.out_path, self.bookmarks, self.overlay)
            return RenderInfo(path=self.out_path, pages=pages)
        except RenderError:
            raise
        except Exception as exc:
            raise RenderError(self.out_path, f"joining parts: {type(exc).__name__}: {exc}") from exc


def merge_pdfs(
    parts: Sequence[Path],
    out_path: Path,
    bookmarks: Sequence[Bookmark] = (),
    overlay: Path | None = None,
) -> int:
    """Join ``parts`` into ``out_path`` (written atomically); return the number of pages.

    See the module documentation for what is carried over. ``overlay`` must have exactly one
    page per joined page; each is drawn over its page as a pagination artifact.
    """
    if not parts:
        raise ValueError("nothing to join")
    with ExitStack() as stack:
        out = stack.enter_context(pikepdf.new())
        sources = [stack.enter_context(pikepdf.open(p)) for p in parts]
        _copy_catalog(sources[0], out)
        structure = _Structure(out) if "/StructTreeRoot" in sources[0].Root else None
        dests: dict[str, pikepdf.Object] = {}
        for src in sources:
            start = len(out.pages)
            with warnings.catch_warnings():  # named destinations are carried over below
                warnings.simplefilter("ignore", pikepdf.PageCopyWarning)
                out.pages.extend(src.pages)
            page_map = {
                src.pages[i].obj.objgen: out.pages[start + i].obj for i in range(len(src.pages))
            }
            if structure is not None:
                structure.add(src, out.pages[start:])
            dests.update(_named_dests(src, page_map))
        if structure is not None:
            structure.finish()
        if dests:
            tree = NameTree.new(out)
            for name in sorted(dests):
                tree[name] = dests[name]
            if "/Names" not in out.Root:
                out.Root.Names = Dictionary()
            out.Root.Names.Dests = tree.obj
        _outline(out, bookmarks)
        if overlay is not None:
            numbers = stack.enter_context(pikepdf.open(overlay))
            _stamp(out, numbers)
        _write_atomically(
            out_path,
            lambda target: out.save(
                cast(BinaryIO, target),
                deterministic_id=True,
                compress_streams=True,
                object_stream_mode=pikepdf.ObjectStreamMode.generate,
            ),
        )
        return len(out.pages)


def _copy_catalog(src: pikepdf.Pdf, out: pikepdf.Pdf) -> None:
    for key in CATALOG_KEYS:
        if key in src.Root:
            out.Root[key] = _copy(out, src.Root[key])
    embedded = src.Root.get("/Names", Dictionary()).get("/EmbeddedFiles")
    if embedded is not None:
        out.Root.Names = Dictionary(EmbeddedFiles=_copy(out, embedded))
    out.docinfo = _copy(out, src.docinfo)


def _copy(out: pikepdf.Pdf, value: Any) -> Any:
    """``value`` from another PDF, usable in ``out`` (indirect objects via ``copy_foreign``)."""
    if not isinstance(value, pikepdf.Object):  # pikepdf gives scalars as Python values
        return value
    if value.is_indirect:
        return out.copy_foreign(value)
    if isinstance(value, Dictionary):
        return Dictionary({key: _copy(out, item) for key, item in value.items()})
    if isinstance(value, Array):
        return Array([_copy(out, item) for item in value])
    return value


class _Structure:
    """The joined structure tree, built part by part."""

    def __init__(self, out: pikepdf.Pdf) -> None:
        self.out = out
        self.root = out.make_indirect(Dictionary(Type=Name.StructTreeRoot))
        self.document = out.make_indirect(
            Dictionary(Type=Name.StructElem, S=Name.Document, P=self.root, K=Array())
        )
        self.root.K = Array([self.document])
        self.parents = NumberTree.new(out)
        self.next_key = 0

    def add(self, src: pikepdf.Pdf, pages: Sequence[Page]) -> None:
        """Graft ``src``'s structure under the joined Document element (pages already copied)."""
        tree = src.Root.get("/StructTreeRoot")
        if tree is None:
            raise ValueError("a part is not tagged: every part of a tagged PDF must be")
        for top in _kids(tree):
            children = _kids(top) if top.get("/S") == Name.Document else [top]
            for child in children:
                copied = _copy(self.out, child)
                copied.P = self.document
                self.document.K.append(copied)
        shift = self.next_key
        for key, value in NumberTree(tree.ParentTree).items():
            self.parents[key + shift] = _copy(self.out, value)
        for page in pages:
            if "/StructParents" in page.obj:
                page.obj.StructParents = int(page.obj.StructParents) + shift
            for annot in page.obj.get("/Annots", []):
                if "/StructParent" in annot:
                    annot.StructParent = int(annot.StructParent) + shift
        recorded = tree.get("/ParentTreeNextKey")
        self.next_key = shift + (int(recorded) if recorded is not None else _next_key(tree))

    def finish(self) -> None:
        self.root.ParentTree = self.parents.obj
        self.root.ParentTreeNextKey = self.next_key
        self.out.Root.StructTreeRoot = self.root


def _kids(element: pikepdf.Object) -> list[pikepdf.Object]:
    kids = element.get("/K")
    if kids is None:
        return []
    return list(kids) if isinstance(kids, Array) else [kids]


def _next_key(tree: pikepdf.Object) -> int:
    keys = [key for key, _ in NumberTree(tree.ParentTree).items()]
    return max(keys, default=-1) + 1


def _named_dests(
    src: pikepdf.Pdf, page_map: Mapping[tuple[int, int], pikepdf.Object]
) -> dict[str, pikepdf.Object]:
    """``src``'s named destinations, pointing at the joined document's pages."""
    names = src.Root.get("/Names", Dictionary()).get("/Dests")
    if names is None:
        return {}
    found: dict[str, pikepdf.Object] = {}
    for name, dest in NameTree(names).items():
        if isinstance(dest, Dictionary):  # << /D [...] >> form
            dest = dest.D
        page = page_map.get(dest[0].objgen)
        if page is not None:
            found[str(name)] = Array([page, *list(dest)[1:]])
    return found


def _outline(out: pikepdf.Pdf, bookmarks: Sequence[Bookmark]) -> None:
    """Build the outline from bookmarks in document order, nesting by level."""
    if not bookmarks:
        return
    with out.open_outline() as outline:
        stack: list[tuple[int, OutlineItem]] = []
        for mark in bookmarks:
            item = OutlineItem(mark.label, mark.page, "XYZ", left=mark.x, top=mark.y, zoom=0)
            while stack and stack[-1][0] >= mark.level:
                stack.pop()
            (stack[-1][1].children if stack else outline.root).append(item)
            stack.append((mark.level, item))
            item.is_closed = not mark.open


def _stamp(out: pikepdf.Pdf, numbers: pikepdf.Pdf) -> None:
    """Draw overlay page i over page i, as a pagination artifact."""
    if len(numbers.pages) != len(out.pages):
        raise ValueError(
            f"page-number overlay has {len(numbers.pages)} pages for {len(out.pages)} pages"
        )
    for page, stamp in zip(out.pages, numbers.pages, strict=True):
        # Pages may share one resource dictionary: give each its own, with one more XObject.
        resources = Dictionary(dict(page.obj.get("/Resources", Dictionary()).items()))
        xobjects = Dictionary(dict(resources.get("/XObject", Dictionary()).items()))
        xobjects[STAMP] = out.copy_foreign(stamp.as_form_xobject())
        resources.XObject = xobjects
        page.obj.Resources = resources
        page.contents_add(pikepdf.Stream(out, b"q\n"), prepend=True)
        page.contents_add(
            pikepdf.Stream(
                out, b"\nQ\n/Artifact <</Type /Pagination>> BDC\n" + STAMP.encode() + b" Do\nEMC\n"
            )
        )
