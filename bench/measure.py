"""Measuring one benchmark stage: run it in a fresh Python process (``python -m bench.run
--child``), time it, and sample the peak memory of its whole process tree; and the machine the
figures come from.

The stage's own time is measured inside its process (interpreter start and imports excluded);
the wall time outside it is also recorded. Peak memory is given twice: the largest single
process (``ru_maxrss`` from ``wait4``, exact) and the whole process tree (render workers
included), the sum of RSS sampled every 50 ms (conservative: shared pages are counted in every
process). A stage over its memory limit or its timeout is stopped and reported as such.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import platform
import signal
import subprocess
import sys
import threading
import time
from contextlib import suppress
from pathlib import Path
from typing import Any

import attrs

BENCH = Path(__file__).resolve().parent
CORES = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1

Json = dict[str, Any]


def _children(pid: int) -> list[int]:
    out: list[int] = []
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children", encoding="ascii") as f:
                out += [int(c) for c in f.read().split()]
    except OSError:
        pass
    return out


def _rss_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def _cpu_busy_seconds() -> float:
    """CPU time the whole machine has been busy (all cores), from /proc/stat."""
    try:
        with open("/proc/stat", encoding="ascii") as f:
            fields = [int(x) for x in f.readline().split()[1:]]
    except (OSError, ValueError):
        return 0.0
    idle = fields[3] + (fields[4] if len(fields) > 4 else 0)  # idle + iowait
    return (sum(fields[:8]) - idle) / os.sysconf("SC_CLK_TCK")


def tree_rss_mb(root: int) -> float:
    """The summed RSS of ``root`` and all its descendants, in MB."""
    total, todo, seen = 0, [root], set()
    while todo:
        pid = todo.pop()
        if pid in seen:
            continue
        seen.add(pid)
        total += _rss_kb(pid)
        todo += _children(pid)
    return total / 1024


@attrs.define
class Measured:
    stage: str
    seconds: float | None = None  # the stage's own time (inside its process)
    wall: float = 0.0  # the whole process, from outside
    max_rss_mb: float = 0.0  # the largest single process (ru_maxrss)
    tree_peak_mb: float = 0.0  # the whole process tree, sampled
    runs: int = 0
    extra: Json = attrs.field(factory=dict)
    error: str | None = None

    def to_json(self) -> Json:
        return attrs.asdict(self)


def measure(
    stage: str,
    folder: Path,
    work: Path,
    *,
    timeout: float,
    max_memory_mb: float,
    profile: bool = False,
) -> Measured:
    """Run ``stage`` in a fresh process and measure it."""
    result = work / f"{stage}.json"
    result.unlink(missing_ok=True)
    log = (work / f"{stage}.log").open("w", encoding="utf-8")
    command = [sys.executable, "-m", "bench.run", "--child", stage, str(folder), str(work)]
    command += [str(result)] + (["--profile-child"] if profile else [])
    started = time.perf_counter()
    busy_before = _cpu_busy_seconds()
    proc = subprocess.Popen(
        command, cwd=BENCH.parent, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
    )
    peak = 0.0
    stopped: str | None = None
    done = threading.Event()
    series: list[tuple[float, float]] = []  # (seconds, tree MB), about once a second

    def sample() -> None:
        nonlocal peak, stopped
        while not done.wait(0.05):
            now = tree_rss_mb(proc.pid)
            peak = max(peak, now)
            elapsed = time.perf_counter() - started
            if not series or elapsed - series[-1][0] >= 1.0:
                series.append((round(elapsed, 1), round(now, 1)))
            if stopped is None and (now > max_memory_mb or elapsed > timeout):
                stopped = (
                    f"stopped at {now:.0f} MB after {elapsed:.0f} s (limit "
                    f"{max_memory_mb:.0f} MB, {timeout:.0f} s)"
                )
                with suppress(ProcessLookupError, PermissionError):
                    os.killpg(proc.pid, signal.SIGKILL)  # the stage's own process group

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - started
    done.set()
    sampler.join()
    proc.returncode = os.waitstatus_to_exitcode(status)
    with suppress(
        ProcessLookupError, PermissionError
    ):  # render workers left behind by a stopped stage
        os.killpg(proc.pid, signal.SIGKILL)
    log.close()
    # Linux reports ru_maxrss in KB.
    m = Measured(stage, wall=wall, max_rss_mb=usage.ru_maxrss / 1024, tree_peak_mb=peak, runs=1)
    # CPU time spent outside this stage's processes meanwhile (other work on the machine): a
    # stage whose figure is disturbed shows a large value here.
    own = usage.ru_utime + usage.ru_stime
    m.extra["other_cpu_seconds"] = round(max(0.0, _cpu_busy_seconds() - busy_before - own), 1)
    data: Json = {}
    if result.is_file():
        data = json.loads(result.read_text(encoding="utf-8"))
    m.extra["memory_series"] = series
    if stopped:
        m.error = stopped
    elif "error" in data or proc.returncode != 0:
        tail = (work / f"{stage}.log").read_text(encoding="utf-8", errors="replace")[-2000:]
        m.error = str(data.get("error") or f"exit {proc.returncode}: {tail}").strip()
    else:
        m.seconds = float(data.pop("seconds"))
        m.extra.update(data)
    return m


def measure_best(
    stage: str,
    folder: Path,
    work: Path,
    *,
    repeats: int,
    repeat_under: float,
    timeout: float,
    max_memory_mb: float,
    profile: bool = False,
) -> Measured:
    """:func:`measure` up to ``repeats`` times, while a run succeeds within ``repeat_under``
    seconds; the best of them (:func:`best_of`)."""
    runs: list[Measured] = []
    while True:
        runs.append(
            measure(
                stage, folder, work, timeout=timeout, max_memory_mb=max_memory_mb, profile=profile
            )
        )
        last = runs[-1]
        if len(runs) >= repeats or last.error is not None or (last.seconds or 0.0) > repeat_under:
            return best_of(runs)


def best_of(runs: list[Measured]) -> Measured:
    """The fastest successful run, with the highest memory seen across runs."""
    good = [r for r in runs if r.error is None and r.seconds is not None]
    if not good:
        return runs[-1]
    best = min(good, key=lambda r: r.seconds or 0.0)
    best.max_rss_mb = max(r.max_rss_mb for r in good)
    best.tree_peak_mb = max(r.tree_peak_mb for r in good)
    best.runs = len(runs)
    return best


def machine() -> Json:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = 0.0
    try:
        for line in Path("/proc/meminfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("MemTotal:"):
                memory = int(line.split()[1]) / 1024 / 1024
    except OSError:
        pass
    versions = {}
    for module in ("weasyprint", "python_calamine", "openpyxl", "socialvalue"):
        try:
            from importlib.metadata import version

            versions[module] = version(module.replace("_", "-"))
        except Exception:
            versions[module] = "?"
    commit = "?"
    with suppress(OSError, subprocess.CalledProcessError):  # read-only
        commit = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            cwd=BENCH.parent,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    return {
        "cpu": cpu,
        "cores": CORES,
        "memory_gb": round(memory, 1),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "versions": versions,
        "commit": commit,
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
    }
