"""The portfolio benchmark: ``portfolio report`` on N contracts with 12 quarterly returns each,
first with no index and again after one return changes, against the raw reading floor measured
in the same run on the same files.

    python -m bench.portfolio [--contracts 500] [--timeout 3600]

Each stage runs in a fresh process through :func:`bench.run.measure` (its own time, its peak
memory); figures are printed and written to ``bench/out/portfolio-<N>.json``.
"""

from __future__ import annotations

import argparse
import json
import time

from .generate import OUT
from .measure import measure
from .portfolio_gen import generate_portfolio
from .portfolio_stages import PORTFOLIO_LABELS, PORTFOLIO_ORDER


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--contracts", type=int, default=500)
    parser.add_argument("--timeout", type=float, default=3600)
    parser.add_argument("--max-memory-gb", type=float, default=4)
    args = parser.parse_args(argv)
    started = time.perf_counter()
    folder = generate_portfolio(args.contracts)
    generated = time.perf_counter() - started
    work = OUT / f"portfolio-{args.contracts}.work"
    work.mkdir(parents=True, exist_ok=True)
    results = {}
    for stage in PORTFOLIO_ORDER:
        m = measure(
            stage, folder, work, timeout=args.timeout, max_memory_mb=args.max_memory_gb * 1024
        )
        results[stage] = m.to_json()
        shown = f"{m.seconds:8.2f} s" if m.seconds is not None else f"  failed: {m.error}"
        print(
            f"{PORTFOLIO_LABELS[stage]:<45} {shown}  {m.max_rss_mb:7.0f} MB  "
            f"{ {k: v for k, v in m.extra.items() if k != 'memory_series'} }"
        )
    floor = results["portfolio_floor"]["seconds"]
    for stage in PORTFOLIO_ORDER[1:]:
        s = results[stage]["seconds"]
        if floor and s is not None:
            print(f"{stage}: {s / floor:.2f}x the reading floor")
    out = OUT / f"portfolio-{args.contracts}.json"
    out.write_text(
        json.dumps(
            {"contracts": args.contracts, "generate_seconds": generated, "stages": results},
            indent=2,
        ),
        encoding="utf-8",
    )
    print(f"generated in {generated:.1f} s; figures in {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
