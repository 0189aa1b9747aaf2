"""The benchmark runner (``make bench``): time and peak memory of every stage of evaluating a
synthetic tender, at several sizes, of a portfolio's report (issue 19: 500 contracts) and of
contracts' delivery reports (issue 16), with the floors measured in the same run on the same
files.

    python -m bench.run [--sizes 10,100,500] [--quick] [--stages ...] [--results PATH]
                        [--portfolio-contracts 500 | --no-portfolio]
                        [--delivery typical,large | --no-delivery]

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
from typing import Any

from . import floors
from .delivery_gen import DELIVERY_SPECS, describe, generate_delivery
from .delivery_stages import DELIVERY_ORDER
from .generate import OUT, Spec, evaluators_for, generate
from .measure import Json, Measured, machine, measure_best
from .portfolio_gen import generate_portfolio
from .portfolio_stages import PORTFOLIO_ORDER
from .report import RESULTS_MD, report, tables, targets, targets_table, write_results
from .stages import REPEAT_UNDER, REPEATED, STAGES, child

Say = Callable[[str], None]

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
#: A stage that uses what another wrote in the work folder, and that other stage.
NEEDS = {"delivery_floor_render": "delivery_report"}


def plan(size: int, args: argparse.Namespace) -> list[str]:
    """The stages to run at ``size``: everything up to --render-up-to bidders; above it, the
    reading and scoring stages and evaluate (within --large-memory-gb and --large-timeout,
    unless --no-evaluate-large)."""
    stages = _chosen(args, ALL_STAGES)
    if size > args.render_up_to:
        keep = {"floor_read", "check", "score", "score_tender", "check_rerun"}
        if not args.no_evaluate_large:
            keep.add("evaluate")
        stages = [s for s in stages if s in keep]
    return stages


def _chosen(args: argparse.Namespace, stages: Sequence[str], ordered: bool = False) -> list[str]:
    """Of ``stages``, those --stages names (in its order, or in theirs if ``ordered``), or all
    of them without --stages."""
    if not args.stages:
        return list(stages)
    named = [s for s in (s.strip() for s in args.stages.split(",")) if s in stages]
    return [s for s in stages if s in named] if ordered else named


def _measure(
    stage: str,
    folder: Path,
    work: Path,
    args: argparse.Namespace,
    *,
    timeout: float | None = None,
    memory: float | None = None,
) -> Measured:
    """``stage`` measured in fresh processes, repeated if it is cheap (REPEATED)."""
    return measure_best(
        stage,
        folder,
        work,
        repeats=args.repeats if stage in REPEATED else 1,
        repeat_under=REPEAT_UNDER,
        timeout=args.stage_timeout if timeout is None else timeout,
        max_memory_mb=args.max_memory_gb * 1024 if memory is None else memory,
        profile=stage in args.profile,
    )


def _measure_all(
    stages: Sequence[str], folder: Path, work: Path, args: argparse.Namespace, say: Say
) -> Json:
    """Each of ``stages`` in turn on ``folder``, with a fresh ``work`` folder; their figures."""
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    measured: Json = {}
    for stage in stages:
        needed = NEEDS.get(stage)
        if needed and (measured.get(needed) or {"error": "not run"})["error"] is not None:
            m = Measured(stage, error=f"not run: it needs the {needed} stage, which did not run")
        else:
            m = _measure(stage, folder, work, args)
        say("   " + _line(m))
        measured[stage] = m.to_json()
    return measured


def run_portfolio(contracts: int, args: argparse.Namespace, say: Say) -> Json:
    """The portfolio stages on ``contracts`` generated contracts (issue 19)."""
    started = time.perf_counter()
    say(f"== portfolio of {contracts} contracts")
    folder = generate_portfolio(contracts, args.out)
    generated = time.perf_counter() - started
    stages = _chosen(args, PORTFOLIO_ORDER, ordered=True)
    work = args.out / "work" / folder.name
    return {
        "contracts": contracts,
        "label": f"{contracts} contracts",
        "folder": str(folder),
        "generate_seconds": generated,
        "stages": _measure_all(stages, folder, work, args, say),
    }


def run_delivery(name: str, args: argparse.Namespace, say: Say) -> Json:
    """The delivery-report stages on the generated contract ``name`` (issue 16)."""
    started = time.perf_counter()
    say(f"== delivery report: {name} contract")
    folder = generate_delivery(DELIVERY_SPECS[name], args.out)
    generated = time.perf_counter() - started
    size = describe(folder)
    stages = _chosen(args, DELIVERY_ORDER, ordered=True)
    work = args.out / "work" / folder.parent.name
    return {
        "contract": name,
        "label": f"{name}: {size['kpis']} KPIs, {size['returns']} quarterly returns",
        **size,
        "folder": str(folder),
        "generate_seconds": generated,
        "stages": _measure_all(stages, folder, work, args, say),
    }


def run_size(size: int, args: argparse.Namespace, say: Say) -> Json:
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
        measured[stage] = _measure(stage, folder, work, args, timeout=timeout, memory=memory)
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
        return f"{m.stage:<21} {m.error.splitlines()[-1][:150]}"
    pages = f", {m.extra['pages']} pages" if "pages" in m.extra else ""
    other = m.extra.get("other_cpu_seconds", 0.0)
    return (
        f"{m.stage:<21} {m.seconds:8.2f} s  (wall {m.wall:.1f} s)  max process "
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
        help="one run per stage, 10 bidders unless --sizes is given, a portfolio of 20 "
        "contracts unless --portfolio-contracts is, the typical delivery contract unless "
        "--delivery is (a few minutes)",
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
    p.add_argument("--portfolio-contracts", default=None, metavar="N[,N]",
                   help="portfolio stages on N generated contracts (default 500, issue 19; "
                   "--quick: 20)")  # fmt: skip
    p.add_argument("--no-portfolio", action="store_true", help="skip the portfolio stages")
    p.add_argument("--delivery", default=None, metavar="CONTRACTS",
                   help=f"delivery-report stages on these generated contracts, of "
                   f"{','.join(DELIVERY_SPECS)} (default all; --quick: typical)")  # fmt: skip
    p.add_argument("--no-delivery", action="store_true", help="skip the delivery-report stages")
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
    if args.portfolio_contracts is None:
        args.portfolio_contracts = "20" if args.quick else "500"
    if args.delivery is None:
        args.delivery = "typical" if args.quick else ",".join(DELIVERY_SPECS)
    unknown_contracts = set(_names(args.delivery)) - set(DELIVERY_SPECS)
    if unknown_contracts:
        p.error(f"unknown --delivery contract(s): {', '.join(sorted(unknown_contracts))}")
    if not all(s.isdigit() and int(s) > 0 for s in _names(args.portfolio_contracts)):
        p.error("--portfolio-contracts: positive whole numbers, e.g. 500 or 20,500")
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
        info, merged = merge_runs(args.report_only)
        finish(info, merged, args.results, None, say)
        return 0
    sizes = _numbers(args.sizes) if _chosen(args, ALL_STAGES) else []
    info = machine()
    say(f"{info['cpu']}, {info['cores']} cores, {info['memory_gb']} GB; {info['date']}")
    command = "python -m bench.run " + " ".join(argv if argv is not None else sys.argv[1:])
    run = {"command": command.strip(), "date": info["date"], "commit": info["commit"]}
    results: Json = {"sizes": [], "portfolio": [], "delivery": []}
    name = ["results", *(str(n) for n in sizes)]
    for n in sizes:
        results["sizes"].append({**run_size(n, args, say), "run": run})
    if not args.no_portfolio and _chosen(args, PORTFOLIO_ORDER):
        for n in _numbers(args.portfolio_contracts):
            results["portfolio"].append({**run_portfolio(n, args, say), "run": run})
            name += ["portfolio", str(n)]
    if not args.no_delivery and _chosen(args, DELIVERY_ORDER):
        for contract in _names(args.delivery):
            results["delivery"].append({**run_delivery(contract, args, say), "run": run})
        name.append("delivery")
    finish(info, results, args.results, args.out / ("-".join(name) + ".json"), say)
    return 0


def _numbers(text: str) -> list[int]:
    return [int(s) for s in _names(text)]


def _names(text: str) -> list[str]:
    return [s for s in re.split(r"[,\s]+", text.strip()) if s]


#: The results' groups of contracts: the key that tells their columns apart.
CONTRACT_KEYS = {"portfolio": "contracts", "delivery": "contract"}


def merge_runs(paths: Sequence[Path]) -> tuple[Json, Json]:
    """The sizes (and the portfolio and delivery columns) of several results JSON files, merged
    stage by stage (a later file wins for the same column and stage), and the machine of the
    last one."""
    info: Json = {}
    groups: dict[str, dict[Any, Json]] = {"sizes": {}, **{g: {} for g in CONTRACT_KEYS}}
    keys = {"sizes": "bidders", **CONTRACT_KEYS}
    for path in paths:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        info = data["machine"]
        for group, columns in groups.items():
            for column in data.get(group, []):
                run = column.get("run") or {
                    "command": "python -m bench.run (command not recorded)",
                    "date": info["date"],
                    "commit": info["commit"],
                }
                for stage in column["stages"].values():
                    stage["run"] = run
                key = column[keys[group]]
                if key in columns:
                    columns[key]["stages"].update(column["stages"])
                else:
                    columns[key] = column
    return info, {
        group: [c[k] for k in sorted(c, key=_column_order)] for group, c in groups.items()
    }


def _column_order(key: Any) -> tuple[int, Any]:
    """Sizes and portfolios by their numbers, delivery contracts as DELIVERY_SPECS lists them."""
    if isinstance(key, int):
        return (0, key)
    names = list(DELIVERY_SPECS)
    return (names.index(key) if key in names else len(names), key)


def finish(
    info: Json,
    results: Json,
    markdown: Path,
    json_path: Path | None,
    say: Say,
) -> None:
    """Write the Markdown (and the JSON), print the tables."""
    write_results(markdown, report(info, results))
    if json_path is not None:
        json_path.parent.mkdir(parents=True, exist_ok=True)
        data = {"machine": info, **results, "targets": targets(results)}
        json_path.write_text(json.dumps(data, indent=2), encoding="utf-8")
    for text in tables(results):
        print(text)
        print()
    print(targets_table(targets(results)))
    say(f"wrote {markdown}" + (f" and {json_path}" if json_path else ""))


if __name__ == "__main__":
    raise SystemExit(main())
