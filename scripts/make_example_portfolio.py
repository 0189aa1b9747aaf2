"""Regenerate examples/portfolio: the example tender, its contract (the delivery example) and
three generated contracts, with portfolio.yaml.

    .venv/bin/python scripts/make_example_portfolio.py

Built in a temporary folder and put in place whole; the members' out/ folders (delivery
reports) are left out, except the tender's results.json, which the contracts are made from.
Same code, same bytes.
"""

from __future__ import annotations

import datetime as dt
import shutil
import tempfile
from decimal import Decimal
from pathlib import Path

from socialvalue.delivery.example import make_example_contract
from socialvalue.portfolio.config import PORTFOLIO_FILE
from socialvalue.portfolio.generate import make_generated_contract
from socialvalue.workflow import copy_example, score_tender

ROOT = Path(__file__).resolve().parents[1]
TARGET = ROOT / "examples" / "portfolio"
KEEP = {"tender/out/results.json"}

PORTFOLIO_YAML = """\
# The example portfolio: Ashcombe's social value report for 2026-27 (docs/portfolio.md).
organisation: Ashcombe Borough Council
year_start: 2026-04-01
year_end: 2027-03-31
local_area: Ashcombe
# A KPI belongs to the first theme one of whose prefixes begins its id; else to Other.
themes:
  Jobs: [LA-JOBS]
  Growth: [LA-GROWTH]
  Communities: [LA-COMM]
  Environment: [LA-ENV]
members:
  - tender
  - contract
  - grounds
  - libraries
  - transport
"""

#: Generated contracts: (folder, reference, start, share of what was due in each period).
GENERATED = (
    (
        "grounds",
        "ABC-2026-021-grounds",
        dt.date(2026, 4, 1),
        {
            "2026-Q2": Decimal(1),
            "2026-Q3": Decimal("1.1"),
            "2026-Q4": Decimal("0.9"),
            "2027-Q1": Decimal(1),
        },
    ),
    (
        "libraries",
        "ABC-2026-030-libraries",
        dt.date(2026, 7, 1),
        {"2026-Q3": Decimal("0.6"), "2026-Q4": Decimal("0.75")},
    ),
    (
        "transport",
        "ABC-2025-044-transport",
        dt.date(2025, 10, 1),
        {
            "2025-Q4": Decimal(1),
            "2026-Q1": Decimal(1),
            "2026-Q2": Decimal("0.95"),
            "2026-Q3": Decimal("0.8"),
            "2026-Q4": Decimal("0.85"),
            "2027-Q1": Decimal("0.9"),
        },
    ),
)


def make_example_portfolio(target: str | Path) -> Path:
    """Make the example portfolio in ``target`` (which must not exist); returns it."""
    target = Path(target)
    target.mkdir(parents=True)
    tender = copy_example(target / "tender")
    score_tender(tender)
    make_example_contract(tender, target / "contract")
    for folder, reference, start, shares in GENERATED:
        make_generated_contract(tender, target / folder, reference, start, shares)
    (target / PORTFOLIO_FILE).write_text(PORTFOLIO_YAML, encoding="utf-8")
    return target


def main() -> None:
    with tempfile.TemporaryDirectory() as scratch:
        made = make_example_portfolio(Path(scratch) / "portfolio")
        for out in sorted(made.glob("*/out")):
            for path in sorted(out.rglob("*")):
                if path.is_file() and path.relative_to(made).as_posix() not in KEEP:
                    path.unlink()
        for path in sorted(made.rglob("*"), reverse=True):
            if path.is_dir() and path.name != "out" and not any(path.iterdir()):
                path.rmdir()
        shutil.rmtree(TARGET, ignore_errors=True)
        shutil.copytree(made, TARGET)
    print(f"wrote {TARGET.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
