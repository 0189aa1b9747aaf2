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
from collections.abc import Callable
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


def quarterly_shares(years: Decimal) -> dict[str, Decimal]:
    """Each quarter of a term of ``years`` from START -> the share of what was due that its
    return delivers (SHARES in turn)."""
    end = dt.date(START.year + int(years), START.month, START.day) - dt.timedelta(days=1)
    labels = [p.label for p in periods_between(START, end)]
    return {label: SHARES[i % len(SHARES)] for i, label in enumerate(labels)}


def made_once(folder: Path, done: str, make: Callable[[Path], None]) -> Path:
    """``folder``, made by ``make(scratch)`` in a ``.making`` folder renamed when complete,
    unless ``folder/done`` is already there (an interrupted making is never reused)."""
    if (folder / done).is_file():
        return folder
    scratch = folder.with_name(folder.name + ".making")
    shutil.rmtree(scratch, ignore_errors=True)
    scratch.mkdir(parents=True)
    make(scratch)
    shutil.rmtree(folder, ignore_errors=True)
    scratch.rename(folder)
    return folder


def generate_portfolio(contracts: int, out: Path = OUT) -> Path:
    """The portfolio folder of ``contracts`` members (made unless already there)."""

    def make(scratch: Path) -> None:
        tender = copy_example(scratch / "tender")
        score_tender(tender)
        first = scratch / member(0)
        shares = quarterly_shares(YEARS)
        make_generated_contract(tender, first, "BENCH-0000", START, shares, years=YEARS)
        shutil.rmtree(first / "out", ignore_errors=True)
        for i in range(1, contracts):
            shutil.copytree(first, scratch / member(i))
        (scratch / "portfolio.yaml").write_text(portfolio_yaml(), encoding="utf-8")

    return made_once(out / f"portfolio-{contracts}", "portfolio.yaml", make)


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


__all__ = ["change_one_return", "generate_portfolio", "made_once", "quarterly_shares"]
