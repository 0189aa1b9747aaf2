"""A synthetic portfolio for the benchmark: ``contracts`` contracts with 12 quarterly returns
each, all verified, beside the scored example tender they are made from.

One contract is made with the delivery scaffolding (:mod:`socialvalue.portfolio.generate`) and
copied to every member folder (a copy reads exactly as long as the original), so generating 500
takes seconds, not the hour 6,000 separately written returns would. Kept in
``bench/out/portfolio-<contracts>`` and reused when it is there.
"""

from __future__ import annotations

import datetime as dt
import shutil
from decimal import Decimal
from pathlib import Path

from socialvalue.delivery.periods import periods_between
from socialvalue.portfolio.generate import fill_return, make_generated_contract
from socialvalue.workflow import copy_example, score_tender

from .generate import OUT

START = dt.date(2026, 4, 1)
YEARS = Decimal(3)  # 12 quarters
YEAR_END = dt.date(2029, 3, 31)
SHARES = (Decimal(1), Decimal("0.9"), Decimal("1.1"), Decimal("0.75"))


def portfolio_yaml() -> str:
    return (
        "organisation: Benchmark Borough Council\n"
        f"year_start: 2028-04-01\nyear_end: {YEAR_END}\n"
        "themes:\n  Jobs: [LA-JOBS]\n  Growth: [LA-GROWTH]\n  Communities: [LA-COMM]\n"
        "  Environment: [LA-ENV]\n"
        "contains: true\n"
    )


def member(i: int) -> str:
    return f"c{i:04d}"


def generate_portfolio(contracts: int, out: Path = OUT) -> Path:
    """The portfolio folder of ``contracts`` members (made unless already there)."""
    folder = out / f"portfolio-{contracts}"
    if (folder / "portfolio.yaml").is_file():
        return folder
    scratch = out / f"portfolio-{contracts}.making"
    shutil.rmtree(scratch, ignore_errors=True)
    scratch.mkdir(parents=True)
    tender = copy_example(scratch / "tender")
    score_tender(tender)
    labels = [p.label for p in periods_between(START, dt.date(2029, 3, 31))]
    shares = {label: SHARES[i % len(SHARES)] for i, label in enumerate(labels)}
    first = scratch / member(0)
    make_generated_contract(tender, first, "BENCH-0000", START, shares, years=YEARS)
    shutil.rmtree(first / "out", ignore_errors=True)
    for i in range(1, contracts):
        shutil.copytree(first, scratch / member(i))
    (scratch / "portfolio.yaml").write_text(portfolio_yaml(), encoding="utf-8")
    shutil.rmtree(folder, ignore_errors=True)
    scratch.rename(folder)
    return folder


def change_one_return(folder: Path) -> Path:
    """Fill the first member's first return again with another figure: what a supplier's
    corrected return does."""
    first = folder / member(0)
    label = periods_between(START, START + dt.timedelta(days=80))[0].label
    counter = folder / ".changed"
    n = int(counter.read_text()) + 1 if counter.is_file() else 1
    counter.write_text(str(n))
    share = Decimal(50 + n % 40) / 100  # a different figure each time
    return fill_return(first, label, share, START + dt.timedelta(days=100))


__all__ = ["change_one_return", "generate_portfolio"]
