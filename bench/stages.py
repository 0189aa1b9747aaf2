"""The benchmark's stages on a synthetic tender, and the table of every stage (``STAGES``):
each runs in its own process (:func:`child`, started by :func:`bench.measure.measure`) as
``stage(folder, work)``, returning a dict with ``seconds`` (its own time) and anything else
worth reporting.
"""

from __future__ import annotations

import json
import os
import pickle
import shutil
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

from . import floors
from .delivery_stages import DELIVERY_LABELS, DELIVERY_STAGES
from .measure import CORES, Json
from .portfolio_stages import PORTFOLIO_LABELS, PORTFOLIO_STAGES


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
    **PORTFOLIO_STAGES,  # on a portfolio (bench/portfolio_gen.py), not a tender
    **DELIVERY_STAGES,  # on a contract (bench/delivery_gen.py)
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
    **DELIVERY_LABELS,
    "check_rerun": "check rerun, one response changed (cache warm)",
    "evaluate_rerun": "evaluate rerun, one consensus score changed (caches warm)",
}
#: Stages cheap enough to repeat (the fastest run is kept), when a run takes under
#: REPEAT_UNDER seconds.
REPEATED = {"floor_read", "check", "score", "score_tender", "prepare", "portfolio_floor"}
REPEATED |= {"delivery_floor", "delivery_report"}
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
