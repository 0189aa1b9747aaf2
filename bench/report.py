"""The benchmark's report: the targets (issues 8 and 21) computed from the figures, and the
Markdown tables written between the figures markers of ``bench/RESULTS.md``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from .measure import BENCH, CORES, Json
from .stages import LABELS, STAGES

RESULTS_MD = BENCH / "RESULTS.md"
START, END = "<!-- figures:start -->", "<!-- figures:end -->"

# Targets from issues 8 and 21.
READ_TARGET = 8.0  # reading + checking + scoring within 8x the raw reading floor (issue 21)
RERUN_TARGET = 1.3  # an evaluate rerun within 1.3x of rendering just the changed documents
CHECK_RERUN_TARGET = 1.0  # a check rerun at 500 bidders within 1.0x of the calamine floor
PARALLEL_TARGET = 1.7  # pack + summaries in parallel at least 1.7x faster than serial
MEMORY_TARGET_MB = 1024.0  # evaluate under 1 GB at 500 bidders
EVALUATE_TARGET = 1.3  # evaluate within 1.3x of (WeasyPrint floor / cores) at 100 bidders
SPLIT_TARGET = 1.1  # evaluate within 1.1x of (real renders in 1 process / cores) (issue 21)


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
                SPLIT_TARGET,
                "<=",
            )
            row["note"] = "how far from a perfect split of the real rendering"
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


def _target(n: int | str, name: str, value: float, target: float | None, op: str) -> Json:
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
    return stage_table([(f"{s['bidders']} bidders", s) for s in sizes])


def stage_table(columns: Sequence[tuple[str, Json]]) -> str:
    """One row per stage run in any column (``(heading, {"stages": ...})``), one column each."""
    head = "| Stage |" + "".join(f" {heading} |" for heading, _ in columns)
    rule = "|---|" + "---|" * len(columns)
    lines = [head, rule]
    names = [n for n in STAGES if any(n in c["stages"] for _, c in columns)]
    for name in names:
        cells = []
        for _, c in columns:
            m = c["stages"].get(name)
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


def tables(results: Json) -> list[str]:
    """The stage tables of the tenders, the portfolios and the delivery reports that ran."""
    out = [table(results["sizes"])] if results["sizes"] else []
    for group in CONTRACT_GROUPS:
        if results.get(group):
            out.append(stage_table([(c["label"], c) for c in results[group]]))
    return out


def contract_ratios(results: Json) -> list[Json]:
    """Each portfolio and delivery-report stage against its floors (issues 16, 19, 21 set no
    figure for these: they are reported, not judged)."""
    out: list[Json] = []
    for group, measures in CONTRACT_RATIOS.items():
        for column in results.get(group, []):
            for stage, floor_names, name in measures:
                s = _stage(column, stage)
                floor = [_stage(column, f) for f in floor_names]
                if s and all(floor):
                    value = s["seconds"] / sum(f["seconds"] for f in floor)  # type: ignore[index]
                    row = _target(column["label"], name, value, None, "<=")
                    row["size"] = column["label"]
                    row["note"] = "no figure set by the issues"
                    out.append(row)
    return out


def targets(results: Json) -> list[Json]:
    """Every target row: the tenders' (:func:`ratios`), then the portfolio's and delivery's."""
    return ratios(results["sizes"]) + contract_ratios(results)


def _short_error(error: str) -> str:
    line = [x for x in error.strip().splitlines() if x.strip()][-1]
    return line.replace("|", "/")[:120]


def targets_table(rows: list[Json]) -> str:
    lines = ["| Size | Measure | Value | Target | Met |", "|---|---|---|---|---|"]
    for r in rows:
        size = r.get("size") or f"{r['bidders']} bidders"
        met = "-" if r["met"] is None else ("yes" if r["met"] else "**no**")
        value = f"{r['value']:.2f}" if isinstance(r["value"], float) else str(r["value"])
        note = f" ({r['note']})" if r["note"] else ""
        lines.append(f"| {size} | {r['name']} | {value}{note} | {r['target'] or '-'} | {met} |")
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


def report(info: Json, results: Json) -> str:
    m = info
    sizes = results["sizes"]
    rows = targets(results)
    evaluate_modes = {
        s["stages"]["evaluate"]["extra"].get("mode")
        for s in sizes
        if _stage(s, "evaluate") is not None
    }
    lines = [START, "Runs (uncommitted work included):", ""]
    lines += runs_list(results)
    lines += [
        "",
        f"Machine: {m['cpu']}, {m['cores']} cores, {m['memory_gb']} GB memory; Python "
        f"{m['python']}; WeasyPrint {m['versions']['weasyprint']}, python-calamine "
        f"{m['versions']['python_calamine']}, openpyxl {m['versions']['openpyxl']}; "
        f"{m['platform']}.",
        "",
    ]
    if sizes:
        lines += [
            "Tenders: 40 quantitative measures (5 criteria), 10 qualitative questions (12 scored "
            "parts), answers 200-500 words, rationales 40-120 words, evidence 30-80 words.",
            "",
            sizes_table(sizes),
            "",
        ]
    lines += [
        "Each cell: the stage's own time (in its process, imports excluded), then peak memory: "
        "largest single process / whole process tree (render workers included, RSS summed, "
        "sampled every 50 ms), and pages rendered.",
        "",
    ]
    if sizes:
        lines += [table(sizes), ""]
    rates = rates_table(sizes)
    if rates:
        lines += ["Rendering rates (pages per second, per process):", "", rates, ""]
    if evaluate_modes:
        lines += [f"`evaluate` ran as: {'; '.join(sorted(str(x) for x in evaluate_modes))}.", ""]
    for group, intro in CONTRACT_GROUPS.items():
        columns = results.get(group)
        if columns:
            lines += [intro(columns), "", stage_table([(c["label"], c) for c in columns]), ""]
    lines += ["Targets (issues 8, 16, 19 and 21):", "", targets_table(rows), "", END]
    return "\n".join(lines)


def runs_list(results: Json) -> list[str]:
    """A line for each command the figures come from, with the columns it gave."""
    runs: dict[str, tuple[list[str], list[str]]] = {}  # command -> (tender sizes, others)
    columns = [(str(s["bidders"]), 0, s) for s in results["sizes"]]
    columns += [(f"{g} {c['label']}", 1, c) for g in CONTRACT_GROUPS for c in results.get(g, [])]
    for shown, kind, c in columns:
        by_run: dict[str, list[str]] = {}
        for name, stage in c["stages"].items():
            run = stage.get("run") or c.get("run") or {}
            key = (
                f"`{run.get('command', '?')}` on {run.get('date', '?')} "
                f"(commit {run.get('commit', '?')})"
            )
            by_run.setdefault(key, []).append(name)
        for key, names in by_run.items():
            which = "" if len(by_run) == 1 else f" ({', '.join(names)})"
            runs.setdefault(key, ([], []))[kind].append(shown + which)
    lines = []
    for key, (tenders, others) in runs.items():
        parts = ([f"{'; '.join(tenders)} bidders"] if tenders else []) + others
        lines.append(f"- {'; '.join(parts)}: {key}")
    return lines


def _portfolio_intro(columns: list[Json]) -> str:
    floor = [_stage(c, "portfolio_floor") for c in columns]
    read = "; ".join(
        f"{c['label']}: {f['extra']['workbooks']:,} workbooks, {f['extra']['cells']:,} cells"
        for c, f in zip(columns, floor, strict=True)
        if f
    )
    return (
        "Portfolios (issue 19): each contract the example tender's winner with 12 quarterly "
        "returns, all verified; `portfolio report` with no index, again with nothing changed, "
        "and after one return changed" + (f" ({read})" if read else "") + "."
    )


def _delivery_intro(columns: list[Json]) -> str:
    return (
        "Delivery reports (issue 16): `contract report` on a contract with every return filled "
        "and verified: typical, the example tender's winner (one portfolio member); large, a "
        "40-measure synthetic tender's winner."
    )


#: The results' groups of contracts, each with the sentence that introduces its table.
CONTRACT_GROUPS: dict[str, Callable[[list[Json]], str]] = {
    "portfolio": _portfolio_intro,
    "delivery": _delivery_intro,
}
#: Each group's ratios: (stage, its floors, summed, the measure's name).
CONTRACT_RATIOS = {
    "portfolio": (
        ("portfolio_first", ("portfolio_floor",), "portfolio report, no index / calamine floor"),
        (
            "portfolio_unchanged",
            ("portfolio_floor",),
            "portfolio rerun, nothing changed / calamine floor",
        ),
        (
            "portfolio_rerun",
            ("portfolio_floor",),
            "portfolio rerun, one return changed / calamine floor",
        ),
    ),
    "delivery": (
        ("delivery_report", ("delivery_floor",), "contract report / calamine floor"),
        (
            "delivery_report",
            ("delivery_floor", "delivery_floor_render"),
            "contract report / (calamine floor + WeasyPrint floor for its pages)",
        ),
    ),
}


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
