"""Write a file so that readers see the old file or the whole new one, never half of one."""

from __future__ import annotations

import os
import shutil
import stat
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path


def write_bytes_atomic(path: str | os.PathLike[str], data: bytes) -> Path:
    """Write ``data`` to a temporary file beside ``path``, flush it to disk, then move it into
    place. An existing file keeps its permissions; on any failure the temporary file is removed
    and ``path`` is left as it was."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    mode = path.stat().st_mode & 0o777 if path.exists() else 0o644
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def process_alive(pid: int) -> bool:
    """Whether process ``pid`` is running (someone else's counts)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process
        return True
    return True


def remove_dead_folders(folder: Path, prefixes: Iterable[str]) -> list[Path]:
    """Remove ``<prefix><pid>`` scratch folders in ``folder`` left by processes that died.

    A folder whose process is still running (another run on the same tender) is left.
    """
    removed = []
    for prefix in prefixes:
        for path in sorted(folder.glob(f"{prefix}*")):
            pid = path.name[len(prefix) :]
            if pid.isdigit() and int(pid) != os.getpid() and process_alive(int(pid)):
                continue
            remove_tree(path)
            removed.append(path)
    return removed


def remove_tree(path: str | os.PathLike[str]) -> None:
    """Remove the folder ``path`` and everything in it, if it can; never raises.

    An output folder a user made read-only (``chmod a-w summaries``) is made writable first:
    the folder being removed is a set of outputs already replaced, or never published.
    """

    def writable_then_retry(func: Callable[..., object], name: str, _: object) -> None:
        try:
            for folder in {os.path.dirname(name), name}:
                if os.path.isdir(folder) and not os.path.islink(folder):
                    os.chmod(folder, stat.S_IMODE(os.stat(folder).st_mode) | stat.S_IRWXU)
            func(name)
        except OSError:
            pass  # left for the next run to try again

    if os.path.isdir(path) and not os.path.islink(path):
        shutil.rmtree(path, onerror=writable_then_retry)
