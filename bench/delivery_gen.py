"""Synthetic contracts for the delivery-report benchmark: a contract made from a scored tender's
winner with the delivery scaffolding (``contract init``, ``returns``, ``contract
verification``), a return for every quarter of its term filled with a share of what was due,
and every figure verified.

Issue 16 names no size for the benchmark, so two contracts a council meets:

* ``typical``: the example tender's winner, 12 KPIs, 12 quarterly returns over three years,
  exactly one member of issue 19's portfolio (``bench/portfolio_gen.py``);
* ``large``: the winner of a 3-bidder synthetic tender (``bench/generate.py``: 40 measures),
  32 KPIs, 20 quarterly returns over five years. That tender's credibility flags have no panel
  decision, so the contract is made from its provisional result (``contract init --force``).

Kept in ``bench/out/delivery-<name>-v<version>/`` (the tender copy beside the contract) and
reused when complete.
"""

from __future__ import annotations

import shutil
from decimal import Decimal
from pathlib import Path

import attrs

from socialvalue.delivery.load import load_contract
from socialvalue.delivery.model import CONTRACT_FILE, RETURNS
from socialvalue.portfolio.generate import make_generated_contract
from socialvalue.workflow import copy_example, score_tender

from .generate import OUT, Spec, generate
from .portfolio_gen import START, made_once, quarterly_shares

#: Bump when the generated contracts change (a cached one is then made again).
VERSION = 1
CONTRACT = "contract"


@attrs.frozen
class DeliverySpec:
    """One synthetic contract: where its KPIs come from and how many years of returns."""

    name: str
    synthetic_tender: bool  # False: the example tender
    years: int

    @property
    def folder_name(self) -> str:
        return f"delivery-{self.name}-v{VERSION}"


DELIVERY_SPECS = {
    "typical": DeliverySpec("typical", synthetic_tender=False, years=3),
    "large": DeliverySpec("large", synthetic_tender=True, years=5),
}


def generate_delivery(spec: DeliverySpec, out: Path = OUT) -> Path:
    """The contract folder for ``spec`` (made unless already there)."""

    def make(scratch: Path) -> None:
        tender = scratch / "tender"
        if spec.synthetic_tender:
            shutil.copytree(generate(Spec(3, evaluators=3), out), tender)
        else:
            copy_example(tender)
        score_tender(tender)
        years = Decimal(spec.years)
        make_generated_contract(
            tender,
            scratch / CONTRACT,
            f"BENCH-DELIVERY-{spec.name.upper()}",
            START,
            quarterly_shares(years),
            years=years,
            force=spec.synthetic_tender,
        )
        shutil.rmtree(scratch / CONTRACT / "out", ignore_errors=True)

    return made_once(out / spec.folder_name, f"{CONTRACT}/{CONTRACT_FILE}", make) / CONTRACT


def describe(folder: Path) -> dict[str, int]:
    """The contract's size: its KPIs and its returns."""
    return {
        "kpis": len(load_contract(folder).kpis),
        "returns": len(list((folder / RETURNS).glob("*.xlsx"))),
    }


__all__ = ["DELIVERY_SPECS", "DeliverySpec", "describe", "generate_delivery"]
