"""Write documents as self-contained HTML folders for reading on screen, beside the PDFs.

Each document is a folder ``<name>/index.html`` with ``assets/`` beside it: our screen
stylesheet, the pack stylesheet and the bundled font (and a tender's own assets, which override
ours, as for the PDFs). Nothing else is reached: the page holds no script and a
Content-Security-Policy (:data:`CSP`) forbids any request outside the folder.

The HTML is made by the same templates from the same contexts as the PDFs (the caller passes the
context it renders the PDF from), in the same sandboxed environment; only the global
``html_output`` (true) lets the templates add what a screen needs (a skip link, ``<main>``, the
ranking in other orders, the CSP). So a figure cannot differ between the PDF and the HTML.

A set of documents is written as a set: into a staging folder that takes the place of the
``html/`` folder in one step (:func:`socialvalue.publish.output_set`). Same inputs, same bytes.

To add another document kind (the portfolio report, say), build its template context as for its
PDF and call::

    write_html_set(out / HTML_DIR, [HtmlDocument("portfolio", TEMPLATE, context)],
                   template_dirs=[templates_dir()], asset_dirs=[templates_dir() / "assets"])
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import attrs
from markupsafe import Markup

from ..atomic import remove_tree
from ..publish import exchange, output_set
from .pdf import make_environment

#: The folder (in a tender's or contract's ``out/``) that holds the HTML documents.
HTML_DIR = "html"
INDEX = "index.html"
ASSETS = "assets"
#: Nothing but the folder's own stylesheets, fonts and images (and data: images); no script.
CSP = (
    "default-src 'none'; style-src 'self'; font-src 'self'; img-src 'self' data:; "
    "base-uri 'none'; form-action 'none'"
)
#: Asset files never copied: the PDF-only stylesheet (screen.css declares the fonts itself).
PDF_ONLY_ASSETS = frozenset({"print.css"})

_H2 = re.compile(r"<h2(?P<attrs>[^>]*)>(?P<inner>.*?)</h2>", re.DOTALL)
_ID = re.compile(r'\sid="(?P<id>[^"]+)"')
_TAG = re.compile(r"<[^>]+>")
_TABLE = re.compile(r"<table\b")
_CONTENTS_MARK = "<!--html-contents-->"
#: Where a generated contents nav goes: after the title (and its subtitle), so the page reads
#: title first; at the mark when the document has no ``<h1>``.
_TITLE_END = re.compile(r'</h1>\s*(?:<p class="subtitle">.*?</p>)?', re.DOTALL)


@attrs.frozen
class HtmlDocument:
    """One document: its folder name below ``html/`` (``pack``, ``summaries/acme-ltd``), the
    template and the context its PDF is rendered from."""

    name: str
    template: str
    context: dict[str, Any] = attrs.field(repr=False)


def render_html(
    document: HtmlDocument, template_dirs: Sequence[Path], *, contents: bool = True
) -> str:
    """The document's ``index.html`` text: the PDF's template rendered for a screen.

    With ``contents``, a document with no contents of its own gets a contents nav of its
    ``<h2>`` sections, after its ``<h1>`` (and subtitle)."""
    env = make_environment(template_dirs)
    env.globals["html_output"] = True
    env.globals["html_csp"] = CSP
    html = env.get_template(document.template).render(**document.context)
    html = _scrollable_tables(html)
    if contents:
        html = _add_contents(html)
    return html.replace(_CONTENTS_MARK, "")


def _scrollable_tables(html: str) -> str:
    """Wrap each table in a focusable box that scrolls sideways on a narrow screen (the page
    itself never does). Labels are generic: no document text goes into an attribute."""
    count = 0

    def wrap(match: re.Match[str]) -> str:
        nonlocal count
        count += 1
        return (
            f'<div class="table-scroll" role="region" tabindex="0" '
            f'aria-label="Table {count} (scrolls sideways on a narrow screen)"><table'
        )

    return _TABLE.sub(wrap, html).replace("</table>", "</table></div>")


def _add_contents(html: str) -> str:
    """Give every ``<h2>`` an id (``section-N`` when it has none) and, where the document has
    no ``<nav>`` yet, list them in a contents nav after the title (at the mark when there is
    no ``<h1>``). Heading text is copied as the
    escaped text it already is, with tags removed; ids are ours, never the document's text."""
    if _CONTENTS_MARK not in html or "<nav" in html:
        return html
    entries: list[tuple[str, str]] = []

    def number(match: re.Match[str]) -> str:
        found = _ID.search(match["attrs"])
        anchor = found["id"] if found else f"section-{len(entries) + 1}"
        entries.append((anchor, _TAG.sub("", match["inner"]).strip()))
        attributes = match["attrs"] if found else f'{match["attrs"]} id="{anchor}"'
        return f"<h2{attributes}>{match['inner']}</h2>"

    html = _H2.sub(number, html)
    if not entries:
        return html
    items = "\n".join(f'<li><a href="#{a}">{text}</a></li>' for a, text in entries)
    nav = (
        '<nav class="contents screen-contents" aria-labelledby="contents-title">\n'
        '<h2 id="contents-title">Contents</h2>\n'
        f"<ol>\n{items}\n</ol>\n</nav>\n"
    )
    title = _TITLE_END.search(html)
    if title is None:
        return html.replace(_CONTENTS_MARK, Markup(nav), 1)
    return f"{html[: title.end()]}\n{nav}{html[title.end() :]}"


def asset_files(asset_dirs: Sequence[Path]) -> dict[str, bytes]:
    """Every asset file (relative name -> bytes), the first folder's winning, as the PDF
    fetcher serves them: regular files only, reached without a symbolic link."""
    files: dict[str, bytes] = {}
    for base in reversed([Path(d) for d in asset_dirs]):
        if not base.is_dir():
            continue
        for path in sorted(base.rglob("*")):
            relative = path.relative_to(base)
            if (
                path.is_symlink()
                or not path.is_file()
                or any(p.is_symlink() for p in path.parents if p.is_relative_to(base))
                or relative.as_posix() in PDF_ONLY_ASSETS
            ):
                continue
            files[relative.as_posix()] = path.read_bytes()
    return dict(sorted(files.items()))


def write_documents(
    folder: Path,
    documents: Iterable[HtmlDocument],
    *,
    template_dirs: Sequence[Path],
    asset_dirs: Sequence[Path],
) -> list[Path]:
    """Write each document's folder into ``folder`` (which must be new or empty); returns the
    ``index.html`` paths in order."""
    assets = asset_files(asset_dirs)
    written = []
    for document in documents:
        target = folder.joinpath(*document.name.split("/"))
        target.mkdir(parents=True, exist_ok=False)
        for name, content in assets.items():
            path = target / ASSETS / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(content)
        index = target / INDEX
        index.write_bytes(render_html(document, template_dirs).encode("utf-8"))
        written.append(index)
    return written


def write_html_set(
    root: Path,
    documents: Iterable[HtmlDocument],
    *,
    template_dirs: Sequence[Path],
    asset_dirs: Sequence[Path],
) -> list[Path]:
    """Replace the folder ``root`` (``out/html``) with the documents, whole or not at all;
    returns the ``index.html`` paths (in ``root``) in order."""
    with output_set(root, lambda name: True) as stage:
        staged = write_documents(
            stage, documents, template_dirs=template_dirs, asset_dirs=asset_dirs
        )
    return [root / path.relative_to(stage) for path in staged]


def replace_folder(new: Path, target: Path) -> None:
    """Put the folder ``new`` in ``target``'s place in one step where the system can
    (``renameat2``), else by two renames; the previous ``target`` is removed."""
    if not (target.is_dir() and not target.is_symlink()):
        if os.path.lexists(target):
            target.unlink()
        os.rename(new, target)
        return
    if exchange(new, target):
        remove_tree(new)
        return
    aside = new.with_name(f"{new.name}.previous")
    os.rename(target, aside)
    try:
        os.rename(new, target)
    except BaseException:
        os.rename(aside, target)
        raise
    remove_tree(aside)


def remove_stale(root: Path) -> bool:
    """Remove an earlier run's ``html/`` folder (which would disagree with new PDFs)."""
    if root.is_dir() and not root.is_symlink():
        remove_tree(root)
        return True
    return False


__all__ = [
    "CSP",
    "HTML_DIR",
    "HtmlDocument",
    "asset_files",
    "remove_stale",
    "render_html",
    "replace_folder",
    "write_documents",
    "write_html_set",
]
