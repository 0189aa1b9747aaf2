"""The jinja2 environment every pack and summary is rendered in: sandboxed, autoescaped, strict.

A tender's own ``templates/`` folder is searched before ours, and tender folders are shared and
copied between officers and template suppliers, so a template is untrusted code:

* it runs in jinja2's :class:`~jinja2.sandbox.ImmutableSandboxedEnvironment`, which refuses
  access to unsafe attributes (``__globals__``, ``__subclasses__``, ...) and to methods that
  modify the context (``list.append``), so ``{{ cycler.__init__.__globals__.os }}`` raises
  :class:`jinja2.exceptions.SecurityError` instead of reaching ``os``;
* :class:`SafeTemplateLoader` reads only regular files reached without a symbolic link and of
  bounded size, as the asset fetcher serves only regular files below the asset folders.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import jinja2
import jinja2.sandbox
from jinja2.loaders import split_template_path

#: The largest template file read, in bytes (ours are under 20 kB).
MAX_TEMPLATE_BYTES = 1_000_000


class TemplateRefused(jinja2.TemplateError):
    """A template file that the safe loader will not read; names the file and why."""

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(f"{path} {reason}")
        self.path = path
        self.reason = reason


class SafeTemplateLoader(jinja2.BaseLoader):
    """Load ``name`` from the first folder that holds it: a regular file, no symbolic link on
    the way from the folder to the file, at most :data:`MAX_TEMPLATE_BYTES`, UTF-8."""

    def __init__(self, folders: Iterable[Path]) -> None:
        self.folders = [Path(f) for f in folders]

    def get_source(
        self, environment: jinja2.Environment, template: str
    ) -> tuple[str, str, Callable[[], bool]]:
        pieces = split_template_path(template)  # refuses ".." and absolute names
        for folder in self.folders:
            path = folder.joinpath(*pieces)
            info = _lstat(path)
            if info is None:
                continue
            _refuse_links(folder, pieces)
            return _read(path, info)
        raise jinja2.TemplateNotFound(template)


def _read(path: Path, info: os.stat_result) -> tuple[str, str, Callable[[], bool]]:
    """The source of the template file ``path`` (``info``: its lstat), with jinja's up-to-date
    check."""
    if not stat.S_ISREG(info.st_mode):
        raise TemplateRefused(path, "is not a regular file")
    if info.st_size > MAX_TEMPLATE_BYTES:
        raise TemplateRefused(
            path, f"is larger than {MAX_TEMPLATE_BYTES:,} bytes, too large for a template"
        )
    try:
        source = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError:
        raise TemplateRefused(path, "is not UTF-8 text") from None
    mtime = info.st_mtime_ns
    return source, str(path), lambda: _mtime(path) == mtime


def _lstat(path: Path) -> os.stat_result | None:
    try:
        return path.lstat()
    except OSError:
        return None


def _mtime(path: Path) -> int | None:
    info = _lstat(path)
    return info.st_mtime_ns if info else None


def _refuse_links(folder: Path, pieces: list[str]) -> None:
    """Refuse a template reached through a symbolic link below ``folder`` (or the file itself)."""
    path = folder
    for piece in pieces:
        path = path / piece
        if path.is_symlink():
            raise TemplateRefused(
                path, "is a symbolic link; templates are read only as regular files"
            )


def sandboxed_environment(
    template_dirs: Iterable[Path], filters: dict[str, Callable[..., Any]]
) -> jinja2.Environment:
    """A sandboxed jinja2 environment over ``template_dirs`` (searched in order)."""
    env = jinja2.sandbox.ImmutableSandboxedEnvironment(
        loader=SafeTemplateLoader(template_dirs),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
    )
    env.filters.update(filters)
    return env
