"""A content-addressed cache of rendered PDFs, so a rerun renders only what changed.

An entry is keyed by a SHA-256 of everything that shapes a document's bytes: the HTML (the
template sources as rendered with their jinja context, so both are in it exactly), every file
under the asset folders (stylesheets, fonts, images), the attachments, the variant, the
creation date, the anchors asked for, and the versions of the toolkit, its rendering code and
the libraries that write the PDF. Identical keys give identical bytes (rendering is
reproducible), so a hit is the document a fresh render would write.

The cache lives in the user's private cache folder (:mod:`socialvalue.caches`), never in the
tender folder or the published outputs; it is safe to delete. An entry is ``<key>.pdf`` plus ``<key>.json`` (the
render's facts and the PDF's SHA-256, written last): an entry that is incomplete, unreadable or
whose PDF no longer matches its hash is removed and the document rendered again, never served.
:func:`prune` keeps the folder under a size bound, dropping the least recently used entries.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable, Sequence
from contextlib import suppress
from datetime import datetime
from functools import cache
from importlib import metadata
from pathlib import Path
from typing import Any

from .. import __version__
from ..atomic import write_bytes_atomic
from ..caches import cache_folder, write_entry
from ..caches import prune as prune_folder
from .pdf import AttachmentSpec, Bookmark, RenderInfo, Variant

#: Default bound on the render cache's size; least recently used entries go first.
MAX_BYTES = 1024 * 1024 * 1024
_CODE = ("pdf.py", "tagging.py", "fetcher.py", "cache.py")
_LIBRARIES = ("weasyprint", "pydyf", "fonttools", "tinycss2", "cssselect2", "pillow")

LOG_ENV = "SOCIALVALUE_RENDER_LOG"
#: Hits and misses in this process (for tests and the benchmark).
stats = {"hits": 0, "misses": 0}


def render_cache_dir() -> Path | None:
    """The user's render cache (:func:`socialvalue.caches.cache_folder`), or None when off."""
    return cache_folder("render")


@cache
def _toolkit() -> str:
    """The toolkit's version, its rendering code and the PDF libraries' versions."""
    digest = hashlib.sha256(__version__.encode())
    here = Path(__file__).parent
    for name in _CODE:
        digest.update((here / name).read_bytes())
    for library in _LIBRARIES:
        with suppress(metadata.PackageNotFoundError):
            digest.update(f"{library}={metadata.version(library)}".encode())
    return digest.hexdigest()


@cache
def _file_sha256(path: str, size: int, mtime_ns: int, inode: int) -> str:
    """A file's SHA-256, remembered while its size, modification time and inode stay."""
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def _assets(asset_dirs: Sequence[Path]) -> list[tuple[str, str]]:
    """(folder index/relative path, SHA-256) of every regular file under the asset folders."""
    found = []
    for index, folder in enumerate(asset_dirs):
        if not folder.is_dir():
            continue
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                stat = path.stat()
                digest = _file_sha256(str(path), stat.st_size, stat.st_mtime_ns, stat.st_ino)
                found.append((f"{index}/{path.relative_to(folder).as_posix()}", digest))
    return found


def key(
    html: str,
    *,
    asset_dirs: Sequence[Path],
    variant: Variant | None,
    attachments: Iterable[AttachmentSpec],
    created: datetime,
    anchors: Iterable[str],
    write: bool,
) -> str:
    """The SHA-256 naming the document these inputs render to."""
    digest = hashlib.sha256()
    head = {
        "toolkit": _toolkit(),
        "assets": _assets(asset_dirs),
        "variant": variant,
        "created": created.isoformat(),
        "anchors": sorted(anchors),
        "write": write,
        "attachments": [
            [name, hashlib.sha256(content).hexdigest(), description]
            for name, content, description in attachments
        ],
    }
    digest.update(json.dumps(head, sort_keys=True).encode())
    digest.update(b"\0")
    digest.update(html.encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


def _info_json(info: RenderInfo, pdf_sha256: str | None) -> bytes:
    facts: dict[str, Any] = {
        "pages": info.pages,
        "anchors": [list(a) for a in info.anchors],
        "bookmarks": [[b.page, b.level, b.label, b.x, b.y, b.open] for b in info.bookmarks],
        "pdf_sha256": pdf_sha256,
    }
    return json.dumps(facts, sort_keys=True).encode()


def _info(facts: dict[str, Any], out_path: Path) -> RenderInfo:
    return RenderInfo(
        path=out_path,
        pages=int(facts["pages"]),
        anchors=tuple((str(name), int(page)) for name, page in facts["anchors"]),
        bookmarks=tuple(
            Bookmark(int(p), int(lv), str(lb), float(x), float(y), bool(o))
            for p, lv, lb, x, y, o in facts["bookmarks"]
        ),
    )


def _drop(folder: Path, name: str) -> None:
    for suffix in (".json", ".pdf"):
        with suppress(OSError):
            (folder / f"{name}{suffix}").unlink()


def fetch(folder: Path, name: str, out_path: Path, write: bool) -> RenderInfo | None:
    """The cached render ``name`` (its PDF copied to ``out_path`` if ``write``), or None.

    A damaged entry (unreadable, malformed, or a PDF that does not match its hash) is removed.
    """
    entry = folder / f"{name}.json"
    if not entry.is_file():
        return None
    try:
        facts = json.loads(entry.read_bytes())
        info = _info(facts, out_path)
        if write:
            data = (folder / f"{name}.pdf").read_bytes()
            if hashlib.sha256(data).hexdigest() != facts["pdf_sha256"]:
                raise ValueError("the PDF does not match its hash")
            write_bytes_atomic(out_path, data)
        os.utime(entry)  # recently used: kept longest by prune
    except (OSError, ValueError, KeyError, TypeError, json.JSONDecodeError):
        _drop(folder, name)
        return None
    stats["hits"] += 1
    return info


def store(folder: Path, name: str, info: RenderInfo, write: bool, seconds: float = 0.0) -> None:
    """Keep a fresh render (its PDF at ``info.path`` if ``write``); failures are ignored.

    With ``$SOCIALVALUE_RENDER_LOG`` naming a file, a line (seconds, file name) is added to it
    for each render (the benchmark times the documents a rerun had to render this way)."""
    stats["misses"] += 1
    log = os.environ.get(LOG_ENV)
    if log:
        with suppress(OSError), open(log, "a", encoding="utf-8") as out:
            out.write(f"{seconds:.3f}\t{info.path.name}\n")
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        digest = None
        if write:
            data = info.path.read_bytes()
            digest = hashlib.sha256(data).hexdigest()
            write_entry(folder / f"{name}.pdf", data)
        facts = _info_json(info, digest)
        write_entry(folder / f"{name}.json", facts)
    except OSError:
        _drop(folder, name)


def prune(folder: Path, max_bytes: int = MAX_BYTES) -> list[str]:
    """Keep the cache under ``max_bytes``, least recently used entries first out."""
    return prune_folder(folder, max_bytes)
