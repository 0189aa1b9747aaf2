"""For the kill tests: run socialvalue commands in forked children of one warm interpreter.

Started as ``python tests/kill_driver.py [--fake-pack]``; prints ``ready``, then for each line
``{"args": [...], "kill_after": seconds or null}`` on stdin runs ``socialvalue ARGS`` in a forked
child (its output discarded), sends it SIGKILL after ``kill_after`` seconds if it is still
running, and prints ``{"seconds": ..., "status": ...}`` (the wait status). The driver kills only
its own children, before it has reaped them, so no other process can be hit. Forking a warm
interpreter keeps each run free of the seconds Python takes to import the toolkit.
"""

from __future__ import annotations

import json
import os
import signal
import sys
import time

import socialvalue.workflow
from socialvalue.cli import main

if "--fake-pack" in sys.argv:
    from fake_pack import fake_build_pack

    socialvalue.workflow.build_pack = fake_build_pack  # type: ignore[assignment]


def run(args: list[str], kill_after: float | None) -> dict[str, float | int]:
    started = time.monotonic()
    pid = os.fork()
    if pid == 0:  # the child: the command, as the shell runs it
        code = 1
        try:
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, 1)
            os.dup2(devnull, 2)
            main(args, prog_name="socialvalue")
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else 1
        finally:
            os._exit(code)
    status = None
    while kill_after is not None and status is None:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done == 0:
            status = None
            if time.monotonic() - started >= kill_after:
                os.kill(pid, signal.SIGKILL)  # not reaped yet: still our child
                break
            time.sleep(0.001)
    if status is None:
        status = os.waitpid(pid, 0)[1]
    return {"seconds": time.monotonic() - started, "status": status}


def serve() -> None:
    print("ready", flush=True)
    for line in sys.stdin:
        job = json.loads(line)
        print(json.dumps(run(job["args"], job["kill_after"])), flush=True)


if __name__ == "__main__":
    serve()
