"""Replace a folder of outputs as a set: a reader sees the whole previous set or the whole new one.

A command that writes several outputs into ``out/`` (``score``: results.json and results.xlsx;
``evaluate``: those, the pack and the summaries) stages them all in a sibling folder,
``.out.staging-<pid>``, then swaps that folder with ``out/`` in one step (see docs/security.md,
"Output sets"):

1. :func:`output_set` creates the staging folder beside ``out/`` (same file system, ``out/``'s
   permissions) and the command writes its outputs there.
2. Entries of the current ``out/`` that the new set does not replace (a response template, the
   pack after a ``score``) are carried over into the staging folder as hard links.
3. On Linux the two folders are exchanged atomically (``renameat2`` with ``RENAME_EXCHANGE``):
   there is no moment at which ``out/`` is missing or mixed. Where that is not available,
   ``out/`` is renamed ``.out.previous-<pid>`` and the staging folder renamed ``out``; if the
   second rename fails the first is undone.
4. The folder now holding the previous set is removed.

A killed run leaves at most a staging folder (an unpublished set, or the previous set after the
exchange) and, between the two fallback renames only, ``.out.previous-<pid>`` with no ``out/``.
:func:`recover` resolves either deterministically: the previous set is moved back when ``out/``
is missing, and every folder of a dead run is removed.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import glob
import os
import re
import shutil
import stat
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

from .atomic import process_alive, remove_tree

STAGING = ".staging-"
PREVIOUS = ".previous-"
#: The empty file that shows ``out/`` can be written, made and removed at once.
PROBE = ".probe-"
#: A temporary file inside ``out/`` (a probe, ``.results.json.abc123.tmp`` being written):
#: never carried over into a new set.
_TEMPORARY = re.compile(r"^\..+\.tmp$")

_AT_FDCWD = -100
_RENAME_EXCHANGE = 2
_UNSUPPORTED = {errno.EINVAL, errno.ENOSYS, errno.ENOTSUP, errno.EOPNOTSUPP}


def sibling(out: Path, kind: str, pid: int | None = None) -> Path:
    """``.out.staging-<pid>`` or ``.out.previous-<pid>`` beside ``out`` (this process's)."""
    return out.parent / f".{out.name}{kind}{os.getpid() if pid is None else pid}"


def exchange(a: Path, b: Path) -> bool:
    """Swap ``a`` and ``b`` atomically; False (nothing done) where the system cannot."""
    if sys.platform != "linux":
        return False
    renameat2 = getattr(ctypes.CDLL(None, use_errno=True), "renameat2", None)
    if renameat2 is None:  # a C library older than glibc 2.28
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p]
    renameat2.argtypes += [ctypes.c_uint]
    renameat2.restype = ctypes.c_int
    if renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in _UNSUPPORTED:  # e.g. a network file system
        return False
    raise OSError(code, os.strerror(code), str(b))


def _swap(stage: Path, out: Path) -> Path:
    """Put ``stage`` in ``out``'s place; returns where the previous set now is."""
    if exchange(stage, out):
        return stage
    previous = sibling(out, PREVIOUS)
    os.rename(out, previous)  # fails (a file in it held open, say): nothing has changed
    try:
        os.rename(stage, out)
    except BaseException:
        os.rename(previous, out)
        raise
    return previous


def _link_or_copy(source: str, target: str) -> None:
    try:
        os.link(source, target, follow_symlinks=False)
    except OSError:
        shutil.copy2(source, target, follow_symlinks=False)


def carry_over(out: Path, stage: Path, replaces: Callable[[str], bool]) -> None:
    """Hard-link into ``stage`` every entry of ``out`` it lacks that ``replaces`` leaves."""
    for entry in sorted(os.scandir(out), key=lambda e: e.name):
        target = stage / entry.name
        if replaces(entry.name) or _TEMPORARY.match(entry.name) or os.path.lexists(target):
            continue
        if entry.is_dir(follow_symlinks=False):
            shutil.copytree(entry.path, target, symlinks=True, copy_function=_link_or_copy)
        else:
            _link_or_copy(entry.path, str(target))


def _check_writable(out: Path) -> None:
    """Refuse a folder the user cannot write (a read-only ``out/``) before anything is made."""
    fd, probe = tempfile.mkstemp(prefix=f"{PROBE}{os.getpid()}.", suffix=".tmp", dir=out)
    os.close(fd)
    os.unlink(probe)


def real_folder(out: Path) -> Path:
    """``out`` itself, or the folder it links to (the swap happens there)."""
    return Path(os.path.realpath(out)) if out.is_symlink() else out


@contextlib.contextmanager
def output_set(out: str | os.PathLike[str], replaces: Callable[[str], bool]) -> Iterator[Path]:
    """Stage a new set of outputs for ``out`` and put it in place whole, or not at all.

    Yields an empty staging folder beside ``out``. When the block ends normally, the entries of
    the current ``out`` that ``replaces(name)`` does not claim are carried over and the staging
    folder takes ``out``'s place in one step. If the block raises, or the swap fails, the
    staging folder is removed and ``out`` is as it was. Folders left by killed runs are
    resolved first (:func:`recover`).
    """
    out = real_folder(Path(out))
    recover(out)
    out.mkdir(parents=True, exist_ok=True)
    _check_writable(out)
    stage = sibling(out, STAGING)
    remove_tree(stage)
    stage.mkdir()
    try:
        os.chmod(stage, stat.S_IMODE(out.stat().st_mode))  # e.g. 0o700 to keep bidders' data
        yield stage
        carry_over(out, stage, replaces)
        previous = _swap(stage, out)
    except BaseException:
        remove_tree(stage)
        raise
    remove_tree(previous)


def recover(out: Path) -> list[Path]:
    """Resolve the folders killed runs left beside ``out``; returns those removed.

    A staging folder of a dead process is removed: it holds a set never published, or the
    previous set after the swap. A previous set moved aside (the fallback's two renames) is
    moved back if ``out`` is missing, else removed. Folders of running processes are left.
    """
    removed = []
    for kind in (PREVIOUS, STAGING):  # a previous set is put back before stages go
        prefix = f".{out.name}{kind}"
        for path in sorted(out.parent.glob(f"{glob.escape(prefix)}*")):
            pid = path.name[len(prefix) :]
            if not pid.isdigit() or (int(pid) != os.getpid() and process_alive(int(pid))):
                continue
            if kind == PREVIOUS and not os.path.lexists(out):
                os.rename(path, out)
                continue
            remove_tree(path)
            removed.append(path)
    for probe in out.glob(f"{PROBE}*.tmp") if out.is_dir() else ():
        pid = probe.name[len(PROBE) :].partition(".")[0]
        if pid.isdigit() and not process_alive(int(pid)):
            probe.unlink(missing_ok=True)
    return removed
