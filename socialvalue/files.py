"""Reading a file a user named: a regular file, of bounded size, opened without waiting.

``tender.yaml`` names a rubric and a proxy set by path, and those paths may point anywhere: a
council's shared rubric folder is a real need, so paths outside the tender folder are allowed.
What is refused is anything that is not a plain file: ``rubric: /dev/zero`` once read without
bound, ``rubric: fifo.yaml`` (a named pipe) hung ``check`` for ever. :func:`read_regular_file`
opens without blocking, checks what the open file is (so a symbolic link is judged by what it
reaches, and a file swapped in after a check is the one judged) and reads at most its limit.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from .errors import InputError

_KINDS = (
    (stat.S_ISFIFO, "a named pipe"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


def read_regular_file(path: Path, name: str, limit: int, missing: str = "file not found") -> bytes:
    """The bytes of the regular file at ``path``, at most ``limit`` of them.

    Every refusal is an :class:`InputError` naming the file as ``name``: not found, a folder, a
    pipe or device ("is a named pipe, not a regular file"), larger than ``limit``, unreadable.
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except FileNotFoundError:
        raise InputError.single(name, missing) from None
    except IsADirectoryError:
        raise InputError.single(name, "is a folder, expected a file") from None
    except OSError as exc:
        raise InputError.single(name, f"cannot read: {exc.strerror or exc}") from None
    info = os.fstat(fd)
    if stat.S_ISDIR(info.st_mode):
        os.close(fd)
        raise InputError.single(name, "is a folder, expected a file")
    with os.fdopen(fd, "rb") as handle:
        if not stat.S_ISREG(info.st_mode):
            kind = next((k for test, k in _KINDS if test(info.st_mode)), "a special file")
            raise InputError.single(name, f"is {kind}, not a regular file: name a file")
        if info.st_size > limit:
            raise InputError.single(name, _too_large(info.st_size, limit))
        try:
            data = handle.read(limit + 1)
        except OSError as exc:
            raise InputError.single(name, f"cannot read: {exc.strerror or exc}") from None
    if len(data) > limit:  # it grew while being read
        raise InputError.single(name, _too_large(len(data), limit))
    return data


def _too_large(size: int, limit: int) -> str:
    return f"file is {size:,} bytes; the limit is {limit:,}"
