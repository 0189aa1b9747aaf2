"""Worker processes' start-up, shared by every pool the toolkit starts (rendering, reading):
a Ctrl-C ends a worker quietly, and a worker ends with the process that started it.

Kept apart from the pools so that importing it loads nothing heavy (the CLI's ``--help`` must
not load WeasyPrint).
"""

from __future__ import annotations

import ctypes
import os
import signal
import sys


def quiet_interrupts() -> None:
    """In a worker: Ctrl-C (sent to the whole process group) ends it without a traceback.

    The parent gets the same Ctrl-C and reports it once; an idle worker's KeyboardInterrupt
    would otherwise print a traceback of the process pool's internals. SystemExit is quiet.
    """
    signal.signal(signal.SIGINT, _exit_quietly)


def _exit_quietly(signum: int, frame: object) -> None:
    raise SystemExit(128 + signum)


_PR_SET_PDEATHSIG = 1


def die_with_parent(parent: int) -> None:
    """In a worker: end when ``parent`` (the process that started it) ends, even by SIGKILL.

    On Linux the kernel is asked to send SIGKILL when the parent dies (``PR_SET_PDEATHSIG``): at
    once, with no thread to poll and whatever the worker is doing (a long render holds the
    interpreter). A parent that died before the request leaves the worker orphaned already:
    then it ends here. Elsewhere an idle worker ends when its job queue closes with the parent.
    (The signal follows the thread that started the worker: pools here are started by threads
    that outlive them, the main thread or one of :func:`~socialvalue.render.parallel.run_each_alone`'s.)
    """
    if sys.platform == "linux":
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent:
        os._exit(1)


def start_worker(parent: int) -> None:
    """A pool's initializer: quiet on Ctrl-C, and gone with ``parent``."""
    quiet_interrupts()
    die_with_parent(parent)
