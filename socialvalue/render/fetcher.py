"""A WeasyPrint URL fetcher that serves only ``data:`` URLs and our bundled assets.

Bidder text in a pack is untrusted, and WeasyPrint's default fetcher opens ``file://``,
``http://`` and anything else urllib knows. This one refuses everything except:

* ``data:`` URLs;
* files under one of the asset directories, addressed below :data:`ASSET_BASE_URL`
  (``https://socialvalue.invalid/assets/``; ``.invalid`` is a reserved name that never resolves,
  and nothing is ever sent there). Documents are rendered with the base URL
  :data:`DOCUMENT_BASE_URL`, so templates write ``href="assets/print.css"`` and print.css writes
  ``url(fonts/x.woff2)``, mirroring the layout of ``templates/`` on disk.

A refused URL raises :class:`weasyprint.urls.FatalURLFetchingError` (stopping the render) and is
recorded in :attr:`SafeURLFetcher.refused`.
"""

from __future__ import annotations

import mimetypes
from collections.abc import Iterable
from pathlib import Path
from urllib.parse import unquote, urlsplit

from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse

DOCUMENT_BASE_URL = "https://socialvalue.invalid/"
ASSET_BASE_URL = DOCUMENT_BASE_URL + "assets/"

_ASSET_HOST = urlsplit(ASSET_BASE_URL).netloc
_ASSET_PREFIX = urlsplit(ASSET_BASE_URL).path

_CONTENT_TYPES = {
    ".css": "text/css",
    ".woff2": "font/woff2",
    ".woff": "font/woff",
    ".ttf": "font/ttf",
    ".otf": "font/otf",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".icc": "application/vnd.iccprofile",
}


class RefusedURLError(FatalURLFetchingError):
    """A URL the safe fetcher will not open. Fatal: WeasyPrint stops rendering."""


class SkippedURLError(ValueError):
    """A URL the safe fetcher will not open, non-fatal: WeasyPrint logs it and goes on."""


class SafeURLFetcher(URLFetcher):
    """Serve ``data:`` URLs and files below the asset directories; refuse everything else.

    ``asset_dirs`` are searched in order, first match wins, so put a tender's own
    ``templates/assets`` before ours to override a bundled file. With ``fatal`` (default) a
    refusal stops the render; otherwise WeasyPrint skips the resource with a warning.
    """

    def __init__(self, asset_dirs: Iterable[Path], *, fatal: bool = True) -> None:
        super().__init__(allowed_protocols=("data",), allow_redirects=False, fail_on_errors=fatal)
        self.fatal = fatal
        self.asset_dirs: tuple[Path, ...] = tuple(Path(d).resolve() for d in asset_dirs)
        #: Every URL refused, in the order asked for.
        self.refused: list[str] = []
        #: Every URL served (data: URLs shortened), in the order asked for.
        self.served: list[str] = []

    def fetch(self, url: str, headers: dict[str, str] | None = None) -> URLFetcherResponse:
        """Return the asset or data for ``url``; raise :class:`RefusedURLError` otherwise."""
        if url[:5].lower() == "data:":
            self.served.append(url[:40])
            return super().fetch(url, headers)
        path = self.resolve(url)
        if path is None:
            self.refused.append(url)
            message = f"refused {url!r}: not a data: URL or a bundled asset"
            raise RefusedURLError(message) if self.fatal else SkippedURLError(message)
        self.served.append(url)
        content_type = _CONTENT_TYPES.get(path.suffix.lower()) or (
            mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        )
        return URLFetcherResponse(url, path.read_bytes(), headers={"Content-Type": content_type})

    def resolve(self, url: str) -> Path | None:
        """The asset file ``url`` names, or None if it is not an existing asset."""
        try:
            parts = urlsplit(url)
        except ValueError:
            return None
        if (
            parts.scheme != "https"
            or parts.netloc != _ASSET_HOST
            or parts.query
            or not parts.path.startswith(_ASSET_PREFIX)
        ):
            return None
        relative = unquote(parts.path[len(_ASSET_PREFIX) :])
        segments = relative.split("/")
        if (
            not relative
            or "\\" in relative
            or "\x00" in relative
            or any(s in ("", ".", "..") for s in segments)
        ):
            return None
        for base in self.asset_dirs:
            candidate = base.joinpath(*segments)
            try:
                real = candidate.resolve(strict=True)
            except (OSError, RuntimeError):
                continue
            # resolve() follows symlinks: one pointing out of the asset dir is refused.
            if real.is_relative_to(base) and real.is_file():
                return real
        return None
