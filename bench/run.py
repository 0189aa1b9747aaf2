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
import json
import re
import shutil
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from . import floors
from .generate import OUT, Spec, evaluators_for, generate
from .measure import Json, Measured, best_of, machine, measure
from .report import RESULTS_MD, ratios, report, table, targets_table, write_results
from .stages import REPEAT_UNDER, REPEATED, STAGES, child

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
