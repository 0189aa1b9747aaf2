"""PDF rendering: a safe URL fetcher, reproducible atomic PDF output, parallel rendering."""

from .fetcher import ASSET_BASE_URL, DOCUMENT_BASE_URL, RefusedURLError, SafeURLFetcher
from .parallel import RenderJob, render_many
from .pdf import (
    AttachmentSpec,
    RenderError,
    RenderInfo,
    Variant,
    make_environment,
    render_pdf,
    w3cdate,
)

__all__ = [
    "ASSET_BASE_URL",
    "DOCUMENT_BASE_URL",
    "AttachmentSpec",
    "RefusedURLError",
    "RenderError",
    "RenderInfo",
    "RenderJob",
    "SafeURLFetcher",
    "Variant",
    "make_environment",
    "render_many",
    "render_pdf",
    "w3cdate",
]
