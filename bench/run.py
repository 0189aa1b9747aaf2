"""The benchmark runner (``make bench``): time and peak memory of every stage of evaluating a
synthetic tender, at several sizes, with the floors measured in the same run on the same files.

    python -m bench.run [--sizes 10,100,500] [--quick] [--stages ...] [--results PATH]

Each stage runs in a fresh Python process (so its memory high-water mark is its own): the
stage's own time is measured inside the process (interpreter start and imports excluded, the
same for the floors); the wall time outside it is also recorded. Peak memory is given twice:
the largest single process (``ru_maxrss`` from ``wait4``, exact) and the whole process tree
(render workers included), the sum of RSS sampled every 50 ms (conservative: shared pages are
counted in every process). A stage over ``--max-memory-gb`` or ``--stage-timeout`` is stopped
and reported as such.

Figures go to ``bench/RESULTS.md`` (between the figures markers; the notes around them are
kept) and to ``bench/out/results-<size list>.json``; a table is printed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import pickle
import platform
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
import traceback
from collections.abc import Callable, Sequence
from contextlib import suppress
from pathlib import Path
from typing import Any

import attrs

from . import floors
from .generate import OUT, Spec, evaluators_for, generate
from .portfolio_stages import PORTFOLIO_LABELS, PORTFOLIO_STAGES

BENCH = Path(__file__).resolve().parent
RESULTS_MD = BENCH / "RESULTS.md"
START, END = "<!-- figures:start -->", "<!-- figures:end -->"
CORES = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1

# Targets from issues 8 and 21.
READ_TARGET = 8.0  # reading + checking + scoring within 8x the raw reading floor (issue 21)
RERUN_TARGET = 1.3  # an evaluate rerun within 1.3x of rendering just the changed documents
CHECK_RERUN_TARGET = 1.0  # a check rerun at 500 bidders within 1.0x of the calamine floor
PARALLEL_TARGET = 1.7  # pack + summaries in parallel at least 1.7x faster than serial
MEMORY_TARGET_MB = 1024.0  # evaluate under 1 GB at 500 bidders
EVALUATE_TARGET = 1.3  # evaluate within 1.3x of (WeasyPrint floor / cores) at 100 bidders

Json = dict[str, Any]


# =============================================================================== the stages
# Each stage runs in its own process: stage(folder, work) -> a dict with "seconds" (its own
# time) and anything else worth reporting.
def _inputs_path(work: Path) -> Path:
    return work / "inputs.pickle"


def _jobs_path(work: Path) -> Path:
    return work / "jobs.pickle"


def stage_floor_read(folder: Path, work: Path) -> Json:
    return floors.read_floor(folder)


def stage_check(folder: Path, work: Path) -> Json:
    """check_tender: every workbook read, checked and turned into TenderInputs."""
    from socialvalue.tender.inputs import check_tender

    started = time.perf_counter()
    report = check_tender(folder)
    seconds = time.perf_counter() - started
    if not report.ok or report.inputs is None:
        problems = "; ".join(str(p) for p in report.problems[:5])
        raise RuntimeError(f"the generated tender does not pass check_tender: {problems}")
    with _inputs_path(work).open("wb") as f:  # for the scoring stage (not timed)
        pickle.dump(report.inputs, f, protocol=pickle.HIGHEST_PROTOCOL)
    return {
        "seconds": seconds,
        "files": len(report.files),
        "warnings": len(report.warnings),
        "responses": len(report.inputs.responses),
    }


def stage_score(folder: Path, work: Path) -> Json:
    """evaluate + results.json + results.xlsx, from the inputs the check stage read."""
    from socialvalue.results import score_inputs
    from socialvalue.tender.config import OUT as OUT_DIR

    with _inputs_path(work).open("rb") as f:
        inputs = pickle.load(f)
    started = time.perf_counter()
    evaluation = score_inputs(inputs, folder / OUT_DIR)
    seconds = time.perf_counter() - started
    return {"seconds": seconds, "bidders": len(evaluation.bidders)}


def stage_score_tender(folder: Path, work: Path) -> Json:
    """score_tender as the CLI runs it: read, check, evaluate, write the results files."""
    from socialvalue.workflow import score_tender

    started = time.perf_counter()
    score_tender(folder)
    return {"seconds": time.perf_counter() - started}


def stage_prepare(folder: Path, work: Path) -> Json:
    """build_pack up to rendering: read results.json, build every context and every HTML.

    The render plan is captured (``render_plan`` is replaced for the call) and saved for the
    render stages, so they render exactly what build_pack would, split as build_pack splits it.
    """
    from socialvalue.pack import build as pack_build
    from socialvalue.pack.assemble import RenderedPack
    from socialvalue.render import RenderInfo

    captured: list[Any] = []

    def capture(plan: Any, processes: int | None = None, progress: Any = None) -> Any:
        captured.append(plan)
        return RenderedPack(
            volumes=(RenderInfo(plan.out_path, 0),),
            summaries=tuple(RenderInfo(job.out_path, 0) for job in plan.summaries),
        )

    original = pack_build.render_plan
    pack_build.render_plan = capture  # type: ignore[assignment]
    try:
        started = time.perf_counter()
        pack_build.build_pack(folder, processes=1)
        seconds = time.perf_counter() - started
    finally:
        pack_build.render_plan = original
    (plan,) = captured
    with _jobs_path(work).open("wb") as f:
        pickle.dump(plan, f, protocol=pickle.HIGHEST_PROTOCOL)
    return {
        "seconds": seconds,
        "pack_parts": len(plan.parts) + 1,
        "summary_jobs": len(plan.summaries),
    }


def _load_plan(work: Path) -> Any:
    """The captured plan, with its scratch and output folders made again (build_pack removed
    the scratch folder when it returned)."""
    with _jobs_path(work).open("rb") as f:
        plan = pickle.load(f)
    for job in (*plan.parts, *plan.summaries):
        job.out_path.parent.mkdir(parents=True, exist_ok=True)
    return plan


def _timed(render: Callable[[], tuple[list[int], int, int]]) -> Json:
    started = time.perf_counter()
    documents, pack_pages, summary_pages = render()
    seconds = time.perf_counter() - started
    pages = pack_pages + summary_pages
    return {
        "seconds": seconds,
        "documents": len(documents),
        "pages": pages,
        "pack_pages": pack_pages,
        "summary_pages": summary_pages,
        "page_counts": documents,
        "pages_per_second": pages / seconds if seconds else 0.0,
    }


def _render_plan(plan: Any, processes: int) -> tuple[list[int], int, int]:
    from socialvalue.pack.assemble import render_plan

    rendered = render_plan(plan, processes=processes)
    summaries = [info.pages for info in rendered.summaries]
    return [*rendered.part_pages, *summaries], rendered.pages, sum(summaries)


def stage_pack(folder: Path, work: Path) -> Json:
    """The pack alone (its parts, the front matter, the joins), in one process."""
    import attrs

    plan = attrs.evolve(_load_plan(work), summaries=())
    return _timed(lambda: _render_plan(plan, processes=1))


def stage_summaries(folder: Path, work: Path) -> Json:
    """Every assessment summary, one after another in one process."""
    from socialvalue.render import render_many

    def render() -> tuple[list[int], int, int]:
        pages = [info.pages for info in render_many(_load_plan(work).summaries, processes=1)]
        return pages, 0, sum(pages)

    return _timed(render)


def stage_render_parallel(folder: Path, work: Path) -> Json:
    """The pack and the summaries together, as build_pack renders them, in CORES processes."""
    plan = _load_plan(work)
    return _timed(lambda: _render_plan(plan, processes=CORES))


def stage_floor_render(folder: Path, work: Path) -> Json:
    """Plain WeasyPrint pages: as many, in documents as long, as the real ones (pages.json)."""
    documents = json.loads((work / "pages.json").read_text(encoding="utf-8"))
    return floors.render_floor(documents, work)


def stage_evaluate(folder: Path, work: Path) -> Json:
    """The whole evaluation: ``workflow.evaluate_tender`` when it exists; until then, what it
    will run, composed from the public API (check and score, then the pack and summaries)."""
    from socialvalue import workflow

    evaluate_tender = getattr(workflow, "evaluate_tender", None)
    started = time.perf_counter()
    if evaluate_tender is not None:
        evaluate_tender(folder)
        mode = "workflow.evaluate_tender"
        parts: Json = {}
    else:
        from socialvalue.pack import build_pack

        workflow.score_tender(folder)
        scored = time.perf_counter()
        build_pack(folder)
        mode = "composed: score_tender + build_pack (evaluate_tender not yet in workflow.py)"
        parts = {"score_seconds": scored - started, "pack_seconds": time.perf_counter() - scored}
    return {"seconds": time.perf_counter() - started, "mode": mode, **parts}


def _rerun_copy(folder: Path, work: Path, caches: Path) -> Path:
    """A copy of the tender to change, with the rerun caches (``caches``) turned on."""
    copy = work / "rerun-tender"
    shutil.rmtree(copy, ignore_errors=True)
    shutil.rmtree(caches, ignore_errors=True)
    shutil.copytree(folder, copy, symlinks=True)
    os.environ["SOCIALVALUE_CACHE"] = str(caches)
    return copy


def stage_check_rerun(folder: Path, work: Path) -> Json:
    """check_tender again after one response changed (its contact name), the check cache warm
    from a first check (untimed)."""
    from socialvalue.forms import fill_by_names
    from socialvalue.tender import checkcache
    from socialvalue.tender.inputs import check_tender

    copy = _rerun_copy(folder, work, work / "caches-check")
    first = time.perf_counter()
    check_tender(copy)
    cold = time.perf_counter() - first
    response = sorted((copy / "responses").glob("*.xlsx"))[0]
    fill_by_names(response, response, {"sv_contact_name": "A changed contact"})
    before = dict(checkcache.stats)
    started = time.perf_counter()
    report = check_tender(copy)
    seconds = time.perf_counter() - started
    counts = {k: checkcache.stats[k] - before[k] for k in before}
    # Not ok: the scoresheets' fingerprints name the response's old bytes, as they would
    # for an officer's real change; the rerun reports that as a fresh check would.
    return {
        "seconds": seconds,
        "cold_seconds": cold,
        "parsed": counts["misses"],
        "ok": report.ok,
        **counts,
    }


def stage_evaluate_rerun(folder: Path, work: Path) -> Json:
    """evaluate_tender again after one bidder's consensus score changed, the caches warm from
    a first evaluation (untimed). ``changed_render_seconds``: the renders the rerun had to do,
    each timed where it ran; ``changed_floor``: those spread over the cores (the time rendering
    just the changed documents takes)."""
    from openpyxl import load_workbook

    from socialvalue.forms import fill_by_names
    from socialvalue.workflow import evaluate_tender

    copy = _rerun_copy(folder, work, work / "caches-evaluate")
    first = time.perf_counter()
    evaluate_tender(copy)
    cold = time.perf_counter() - first
    names = load_workbook(copy / "moderation.xlsx", read_only=False).defined_names
    consensus = sorted(n for n in names if n.startswith("sv_consensus_") and "rationale" not in n)
    moderation = copy / "moderation.xlsx"
    fill_by_names(moderation, moderation, {consensus[0]: 0})
    log = work / "rerun-renders.tsv"
    log.unlink(missing_ok=True)
    os.environ["SOCIALVALUE_RENDER_LOG"] = str(log)
    started = time.perf_counter()
    evaluate_tender(copy)
    seconds = time.perf_counter() - started
    renders = (
        [float(line.split("\t")[0]) for line in log.read_text().splitlines()]
        if log.exists()
        else []
    )
    spread = max(renders, default=0.0)
    floor = max(sum(renders) / CORES, spread)
    return {
        "seconds": seconds,
        "cold_seconds": cold,
        "rendered": len(renders),
        "changed_render_seconds": sum(renders),
        "changed_floor": floor,
        "changed": consensus[0],
    }


STAGES: dict[str, Callable[[Path, Path], Json]] = {
    "floor_read": stage_floor_read,
    "check": stage_check,
    "score": stage_score,
    "score_tender": stage_score_tender,
    "prepare": stage_prepare,
    "pack": stage_pack,
    "summaries": stage_summaries,
    "render_parallel": stage_render_parallel,
    "floor_render": stage_floor_render,
    "evaluate": stage_evaluate,
    **PORTFOLIO_STAGES,  # run by bench/portfolio.py
    "check_rerun": stage_check_rerun,
    "evaluate_rerun": stage_evaluate_rerun,
}
LABELS = {
    "floor_read": "floor: calamine reads all workbooks",
    "check": "read + check (check_tender)",
    "score": "score (evaluate + results files)",
    "score_tender": "read + check + score (score_tender)",
    "prepare": "pack HTML (contexts + templates)",
    "pack": "pack PDF (1 process)",
    "summaries": "summaries PDF (1 process, in turn)",
    "render_parallel": f"pack + summaries PDF ({CORES} processes)",
    "floor_render": "floor: WeasyPrint plain pages (1 process)",
    "evaluate": "evaluate (whole)",
    **PORTFOLIO_LABELS,
    "check_rerun": "check rerun, one response changed (cache warm)",
    "evaluate_rerun": "evaluate rerun, one consensus score changed (caches warm)",
}
#: Stages cheap enough to repeat (the fastest run is kept), when a run takes under
#: REPEAT_UNDER seconds.
REPEATED = {"floor_read", "check", "score", "score_tender", "prepare"}
REPEAT_UNDER = 20.0


def child(stage: str, folder: Path, work: Path, result: Path, profile: bool) -> int:
    """Run one stage in this (fresh) process and write its figures to ``result``."""
    os.environ["SOCIALVALUE_CACHE"] = "0"  # first runs are measured cold; reruns set their own
    try:
        if profile:
            import cProfile
            import pstats

            profiler = cProfile.Profile()
            out = profiler.runcall(STAGES[stage], folder, work)
            stats_path = work / f"profile-{stage}.txt"
            with stats_path.open("w", encoding="utf-8") as f:
                stats = pstats.Stats(profiler, stream=f)
                stats.sort_stats("cumulative").print_stats(40)
                stats.sort_stats("tottime").print_stats(25)
            out["profile"] = str(stats_path)
        else:
            out = STAGES[stage](folder, work)
    except BaseException:
        result.write_text(json.dumps({"error": traceback.format_exc()}), encoding="utf-8")
        return 1
    result.write_text(json.dumps(out, default=str), encoding="utf-8")
    return 0


# ============================================================================ the measuring
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


# ================================================================================ the plan
RENDER_STAGES = ("prepare", "pack", "summaries", "render_parallel", "floor_render")
ALL_STAGES = (
    "floor_read",
    "check",
    "score",
    "score_tender",
    *RENDER_STAGES,
    "evaluate",
    "check_rerun",
    "evaluate_rerun",
)


def plan(size: int, args: argparse.Namespace) -> list[str]:
    """The stages to run at ``size``: everything up to --render-up-to bidders; above it, the
    reading and scoring stages and evaluate (within --large-memory-gb and --large-timeout,
    unless --no-evaluate-large)."""
    stages = [s.strip() for s in args.stages.split(",")] if args.stages else list(ALL_STAGES)
    if size > args.render_up_to:
        keep = {"floor_read", "check", "score", "score_tender", "check_rerun"}
        if not args.no_evaluate_large:
            keep.add("evaluate")
        stages = [s for s in stages if s in keep]
    return stages


def run_size(size: int, args: argparse.Namespace, say: Callable[[str], None]) -> Json:
    spec = Spec(size, args.evaluators or evaluators_for(size), args.seed)
    started = time.perf_counter()
    say(f"== {size} bidders: {spec.name}")
    folder = generate(spec, args.out, processes=args.processes, log=say)
    generated = time.perf_counter() - started
    work = args.out / "work" / spec.name
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    stages = plan(size, args)
    measured: dict[str, Measured] = {}
    for stage in stages:
        if stage == "floor_render":
            documents = _document_pages(measured)
            if documents is None:
                measured[stage] = Measured(stage, error="not run: no page counts (pack stages)")
                continue
            (work / "pages.json").write_text(json.dumps(documents), encoding="utf-8")
        if stage in ("pack", "summaries", "render_parallel") and _failed(measured, "prepare"):
            measured[stage] = Measured(stage, error="not run: the prepare stage failed")
            continue
        large = size > args.render_up_to and stage == "evaluate"
        timeout = args.large_timeout if large else args.stage_timeout
        memory = (args.large_memory_gb if large else args.max_memory_gb) * 1024
        runs: list[Measured] = []
        while True:
            runs.append(
                measure(
                    stage,
                    folder,
                    work,
                    timeout=timeout,
                    max_memory_mb=memory,
                    profile=stage in args.profile,
                )
            )
            last = runs[-1]
            if (
                stage not in REPEATED
                or len(runs) >= args.repeats
                or last.error is not None
                or (last.seconds or 0.0) > REPEAT_UNDER
            ):
                break
        measured[stage] = best_of(runs)
        say("   " + _line(measured[stage]))
    return {
        "bidders": size,
        "evaluators": spec.evaluators,
        "seed": spec.seed,
        "tender": str(folder),
        "generate_seconds": generated,
        "inputs_mb": sum(p.stat().st_size for p in floors.workbook_paths(folder)) / 1e6,
        "stages": {name: m.to_json() for name, m in measured.items()},
    }


def _failed(measured: dict[str, Measured], stage: str) -> bool:
    return stage in measured and measured[stage].error is not None


def _document_pages(measured: dict[str, Measured]) -> list[int] | None:
    """Page counts of the real documents: from the parallel render, else pack + summaries."""
    par = measured.get("render_parallel")
    if par and par.error is None:
        return list(par.extra["page_counts"])
    pack, summaries = measured.get("pack"), measured.get("summaries")
    if pack and summaries and pack.error is None and summaries.error is None:
        return list(pack.extra["page_counts"]) + list(summaries.extra["page_counts"])
    return None


def _line(m: Measured) -> str:
    if m.error:
        return f"{m.stage:<16} {m.error.splitlines()[-1][:150]}"
    pages = f", {m.extra['pages']} pages" if "pages" in m.extra else ""
    other = m.extra.get("other_cpu_seconds", 0.0)
    return (
        f"{m.stage:<16} {m.seconds:8.2f} s  (wall {m.wall:.1f} s)  max process "
        f"{m.max_rss_mb:6.0f} MB, tree {m.tree_peak_mb:6.0f} MB{pages}; other CPU {other:.0f} s"
    )


# ================================================================================ reporting
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


def _stage(size: Json, name: str) -> Json | None:
    s = size["stages"].get(name)
    return s if s and s.get("error") is None and s.get("seconds") is not None else None


def ratios(sizes: list[Json]) -> list[Json]:
    """The four targets, per size where measured."""
    out: list[Json] = []
    by_bidders = {s["bidders"]: s for s in sizes}
    for s in sizes:
        n = s["bidders"]
        floor = _stage(s, "floor_read")
        tender = _stage(s, "score_tender")
        check, score = _stage(s, "check"), _stage(s, "score")
        if floor and (tender or (check and score)):
            spent = tender["seconds"] if tender else check["seconds"] + score["seconds"]  # type: ignore[index]
            value = spent / floor["seconds"]
            out.append(
                _target(n, "read+check+score / calamine read floor", value, READ_TARGET, "<=")
            )
        pack, summ, par = _stage(s, "pack"), _stage(s, "summaries"), _stage(s, "render_parallel")
        if pack and summ and par:
            value = (pack["seconds"] + summ["seconds"]) / par["seconds"]
            out.append(
                _target(n, "serial / parallel render (speed-up)", value, PARALLEL_TARGET, ">=")
            )
        ev, floor_r = _stage(s, "evaluate"), _stage(s, "floor_render")
        if ev and pack and summ:
            ideal = (pack["seconds"] + summ["seconds"]) / CORES
            row = _target(
                n,
                f"evaluate / (real renders in 1 process / {CORES} cores)",
                ev["seconds"] / ideal,
                None,
                "<=",
            )
            row["note"] = "no target: how far from a perfect split of the real rendering"
            out.append(row)
        if ev and floor_r:
            value = ev["seconds"] / (floor_r["seconds"] / CORES)
            out.append(
                _target(
                    n,
                    f"evaluate / (WeasyPrint floor / {CORES} cores)",
                    value,
                    EVALUATE_TARGET,
                    "<=",
                )
            )
        rerun = _stage(s, "evaluate_rerun")
        if rerun and rerun["extra"].get("changed_floor"):
            row = _target(
                n,
                "evaluate rerun / rendering just the changed documents",
                rerun["seconds"] / rerun["extra"]["changed_floor"],
                RERUN_TARGET,
                "<=",
            )
            row["note"] = f"{rerun['extra']['rendered']} documents rendered"
            out.append(row)
        check_rerun = _stage(s, "check_rerun")
        if check_rerun and floor:
            row = _target(
                n,
                "check rerun / calamine read floor",
                check_rerun["seconds"] / floor["seconds"],
                CHECK_RERUN_TARGET if n >= 500 else None,
                "<=",
            )
            row["note"] = f"{check_rerun['extra']['parsed']} workbooks parsed"
            out.append(row)
        target = MEMORY_TARGET_MB if n >= 500 else None
        if ev:
            mem = max(ev["tree_peak_mb"], ev["max_rss_mb"])
            out.append(_target(n, "evaluate peak memory, MB (tree)", mem, target, "<"))
        elif (s["stages"].get("evaluate") or {}).get("error", "").startswith("stopped"):
            stopped = s["stages"]["evaluate"]
            row = _target(
                n, "evaluate peak memory, MB (tree)", stopped["tree_peak_mb"], target, "<"
            )
            row["note"] = "at least: stopped unfinished, " + stopped["error"]
            out.append(row)
    evaluated = sorted(
        (n, max(_stage(s, "evaluate")["tree_peak_mb"], _stage(s, "evaluate")["max_rss_mb"]))  # type: ignore[index]
        for n, s in by_bidders.items()
        if _stage(s, "evaluate")
    )
    if len(evaluated) >= 2:
        (n0, m0), (n1, m1) = evaluated[0], evaluated[-1]
        growth = (m1 - m0) / (n1 - n0) if n1 != n0 else 0.0
        out.append(
            {
                "bidders": f"{n0}->{n1}",
                "name": "evaluate memory growth, MB per bidder",
                "value": growth,
                "target": None,
                "met": None,
                "note": f"x{m1 / m0:.1f} memory for x{n1 / n0:.0f} bidders"
                + (" (linear or better)" if m1 / m0 <= n1 / n0 else " (faster than linear)"),
            }
        )
    return out


def _target(n: int, name: str, value: float, target: float | None, op: str) -> Json:
    met = None
    if target is not None:
        met = value <= target if op == "<=" else value >= target if op == ">=" else value < target
    return {
        "bidders": n,
        "name": name,
        "value": value,
        "target": f"{op} {target:g}" if target is not None else None,
        "met": met,
        "note": "",
    }


def table(sizes: list[Json]) -> str:
    """The figures as a Markdown table: one row per stage, one column group per size."""
    head = "| Stage |" + "".join(f" {s['bidders']} bidders |" for s in sizes)
    rule = "|---|" + "---|" * len(sizes)
    lines = [head, rule]
    names = [n for n in STAGES if any(n in s["stages"] for s in sizes)]
    for name in names:
        cells = []
        for s in sizes:
            m = s["stages"].get(name)
            if m is None:
                cells.append("not run")
            elif m.get("error"):
                cells.append(_short_error(m["error"]))
            else:
                extra = m.get("extra", {})
                pages = f", {extra['pages']} p" if "pages" in extra else ""
                other = extra.get("other_cpu_seconds", 0.0)
                load = f", other load {other:.0f} s CPU" if other > 0.1 * m["wall"] + 2 else ""
                cells.append(
                    f"{m['seconds']:.2f} s, {m['max_rss_mb']:.0f} / {m['tree_peak_mb']:.0f} MB"
                    f"{pages}{load}"
                )
        lines.append(f"| {LABELS[name]} |" + "".join(f" {c} |" for c in cells))
    return "\n".join(lines)


def _short_error(error: str) -> str:
    line = [x for x in error.strip().splitlines() if x.strip()][-1]
    return line.replace("|", "/")[:120]


def targets_table(rows: list[Json]) -> str:
    lines = ["| Bidders | Measure | Value | Target | Met |", "|---|---|---|---|---|"]
    for r in rows:
        met = "-" if r["met"] is None else ("yes" if r["met"] else "**no**")
        value = f"{r['value']:.2f}" if isinstance(r["value"], float) else str(r["value"])
        note = f" ({r['note']})" if r["note"] else ""
        lines.append(
            f"| {r['bidders']} | {r['name']} | {value}{note} | {r['target'] or '-'} | {met} |"
        )
    return "\n".join(lines)


def sizes_table(sizes: list[Json]) -> str:
    lines = [
        "| Bidders | Evaluators | Workbooks (MB) | Pack pages | Summary pages | Tender generated |",
        "|---|---|---|---|---|---|",
    ]
    for s in sizes:
        pages = _document_pages_json(s)
        pack_pages = f"{pages[0]}" if pages else "-"
        summary_pages = f"{sum(pages[1:])}" if pages else "-"
        lines.append(
            f"| {s['bidders']} | {s['evaluators']} | {s['inputs_mb']:.1f} | {pack_pages} | "
            f"{summary_pages} | {_generated(s['generate_seconds'])} |"
        )
    return "\n".join(lines)


def _generated(seconds: float) -> str:
    return "cached" if seconds < 1 else f"{seconds:.0f} s"


def _document_pages_json(s: Json) -> list[int] | None:
    """[pack pages, each summary's pages]."""
    pack, summ = _stage(s, "pack"), _stage(s, "summaries")
    if pack and summ:
        return [pack["extra"]["pack_pages"], *summ["extra"]["page_counts"]]
    return None


def report(info: Json, sizes: list[Json]) -> str:
    m = info
    rows = ratios(sizes)
    evaluate_modes = {
        s["stages"]["evaluate"]["extra"].get("mode")
        for s in sizes
        if _stage(s, "evaluate") is not None
    }
    runs: dict[str, list[str]] = {}
    for s in sizes:
        by_run: dict[str, list[str]] = {}
        for name, stage in s["stages"].items():
            run = stage.get("run") or s.get("run") or {}
            key = (
                f"`{run.get('command', '?')}` on {run.get('date', '?')} "
                f"(commit {run.get('commit', '?')})"
            )
            by_run.setdefault(key, []).append(name)
        for key, names in by_run.items():
            which = "" if len(by_run) == 1 else f" ({', '.join(names)})"
            runs.setdefault(key, []).append(f"{s['bidders']}{which}")
    lines = [START, "Runs (uncommitted work included):", ""]
    lines += [f"- {'; '.join(n)} bidders: {key}" for key, n in runs.items()]
    lines += [
        "",
        f"Machine: {m['cpu']}, {m['cores']} cores, {m['memory_gb']} GB memory; Python "
        f"{m['python']}; WeasyPrint {m['versions']['weasyprint']}, python-calamine "
        f"{m['versions']['python_calamine']}, openpyxl {m['versions']['openpyxl']}; "
        f"{m['platform']}.",
        "",
        "Tenders: 40 quantitative measures (5 criteria), 10 qualitative questions (12 scored "
        "parts), answers 200-500 words, rationales 40-120 words, evidence 30-80 words.",
        "",
        sizes_table(sizes),
        "",
        "Each cell: the stage's own time (in its process, imports excluded), then peak memory: "
        "largest single process / whole process tree (render workers included, RSS summed, "
        "sampled every 50 ms), and pages rendered.",
        "",
        table(sizes),
        "",
    ]
    rates = rates_table(sizes)
    if rates:
        lines += ["Rendering rates (pages per second, per process):", "", rates, ""]
    if evaluate_modes:
        lines += [f"`evaluate` ran as: {'; '.join(sorted(str(x) for x in evaluate_modes))}.", ""]
    lines += ["Targets (issues 8 and 21):", "", targets_table(rows), "", END]
    return "\n".join(lines)


def rates_table(sizes: list[Json]) -> str:
    names = ("pack", "summaries", "render_parallel", "floor_render")
    rows = []
    for s in sizes:
        cells = []
        for name in names:
            m = _stage(s, name)
            rate = m["extra"].get("pages_per_second") if m else None
            if rate and name == "render_parallel":
                rate = rate / CORES
            cells.append(f"{rate:.1f}" if rate else "-")
        if any(c != "-" for c in cells):
            rows.append(f"| {s['bidders']} | " + " | ".join(cells) + " |")
    if not rows:
        return ""
    head = "| Bidders | pack | summaries | both, parallel (per core) | plain table floor |"
    return "\n".join([head, "|---|---|---|---|---|", *rows])


def write_results(path: Path, block: str) -> None:
    """Replace the figures block of ``path`` (keep the notes around it); create it if new."""
    if path.is_file():
        text = path.read_text(encoding="utf-8")
        if START in text and END in text:
            before, rest = text.split(START, 1)
            after = rest.split(END, 1)[1]
            path.write_text(before + block + after, encoding="utf-8")
            return
        path.write_text(text.rstrip() + "\n\n" + block + "\n", encoding="utf-8")
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        "# Benchmark results\n\nWritten by `python -m bench.run`.\n\n" + block + "\n",
        encoding="utf-8",
    )


# ===================================================================================== main
def parse(argv: Sequence[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(
        prog="python -m bench.run",
        description="Benchmark socialvalue on synthetic tenders (see bench/README.md).",
    )
    p.add_argument("--sizes", default="10,100,500", help="bidder counts (default 10,100,500)")
    p.add_argument(
        "--quick",
        action="store_true",
        help="one run per stage, 10 bidders unless --sizes is given (a few minutes)",
    )
    p.add_argument("--stages", default=None, help=f"comma-separated subset of {','.join(STAGES)}")
    p.add_argument("--render-up-to", type=int, default=100, metavar="N",
                   help="render stages only up to N bidders (default 100)")  # fmt: skip
    p.add_argument("--no-evaluate-large", action="store_true",
                   help="skip evaluate above --render-up-to")  # fmt: skip
    p.add_argument("--large-memory-gb", type=float, default=3.0,
                   help="evaluate above --render-up-to is stopped past this (default 3)")  # fmt: skip
    p.add_argument("--large-timeout", type=float, default=2400.0,
                   help="... or after this many seconds (default 2400)")  # fmt: skip
    p.add_argument("--repeats", type=int, default=3, help="runs of the cheap stages (best kept)")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--evaluators", type=int, default=None, help="3 to 5 (default 4)")
    p.add_argument("--processes", type=int, default=None, help="for generating tenders")
    p.add_argument("--stage-timeout", type=float, default=3600.0, help="seconds per stage")
    p.add_argument("--max-memory-gb", type=float, default=12.0, help="per stage, process tree")
    p.add_argument("--profile", default="", help="stages to run under cProfile (comma-separated)")
    p.add_argument("--out", type=Path, default=OUT, help="cache of generated tenders, work files")
    p.add_argument("--results", type=Path, default=RESULTS_MD, help="the Markdown to update")
    p.add_argument("--report-only", nargs="+", type=Path, metavar="JSON",
                   help="rewrite --results from saved results JSON files (no runs)")  # fmt: skip
    p.add_argument("--child", nargs=4, metavar=("STAGE", "FOLDER", "WORK", "RESULT"),
                   help=argparse.SUPPRESS)  # fmt: skip
    p.add_argument("--profile-child", action="store_true", help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if args.quick:
        args.repeats = 1
        if "--sizes" not in (argv if argv is not None else sys.argv[1:]):
            args.sizes = "10"
    args.profile = {s.strip() for s in args.profile.split(",") if s.strip()}
    unknown = (set(args.stages.split(",")) if args.stages else set()) | args.profile
    unknown -= set(STAGES)
    if unknown:
        p.error(f"unknown stage(s): {', '.join(sorted(unknown))}")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse(argv)
    if args.child:
        stage, folder, work, result = args.child
        return child(stage, Path(folder), Path(work), Path(result), args.profile_child)

    def say(message: str) -> None:
        print(message, file=sys.stderr, flush=True)

    if args.report_only:
        info, results = merge_runs(args.report_only)
        finish(info, results, args.results, None, say)
        return 0
    sizes = [int(s) for s in re.split(r"[,\s]+", args.sizes.strip()) if s]
    info = machine()
    say(f"{info['cpu']}, {info['cores']} cores, {info['memory_gb']} GB; {info['date']}")
    command = "python -m bench.run " + " ".join(argv if argv is not None else sys.argv[1:])
    results = []
    for n in sizes:
        result = run_size(n, args, say)
        result["run"] = {"command": command.strip(), "date": info["date"], "commit": info["commit"]}
        results.append(result)
    name = "results-" + "-".join(str(n) for n in sizes) + ".json"
    finish(info, results, args.results, args.out / name, say)
    return 0


def merge_runs(paths: Sequence[Path]) -> tuple[Json, list[Json]]:
    """The sizes of several results JSON files, merged stage by stage (a later file wins for the
    same size and stage), and the machine of the last one."""
    info: Json = {}
    by_size: dict[int, Json] = {}
    for path in paths:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        info = data["machine"]
        for size in data["sizes"]:
            run = size.get("run") or {
                "command": "python -m bench.run (command not recorded)",
                "date": info["date"],
                "commit": info["commit"],
            }
            for stage in size["stages"].values():
                stage["run"] = run
            if size["bidders"] in by_size:
                by_size[size["bidders"]]["stages"].update(size["stages"])
            else:
                by_size[size["bidders"]] = size
    return info, [by_size[n] for n in sorted(by_size)]


def finish(
    info: Json,
    results: list[Json],
    markdown: Path,
    json_path: Path | None,
    say: Callable[[str], None],
) -> None:
    """Write the Markdown (and the JSON), print the tables."""
    write_results(markdown, report(info, results))
    if json_path is not None:
        json_path.parent.mkdir(parents=True, exist_ok=True)
        data = {"machine": info, "sizes": results, "targets": ratios(results)}
        json_path.write_text(json.dumps(data, indent=2), encoding="utf-8")
    print(table(results))
    print()
    print(targets_table(ratios(results)))
    say(f"wrote {markdown}" + (f" and {json_path}" if json_path else ""))


if __name__ == "__main__":
    raise SystemExit(main())
