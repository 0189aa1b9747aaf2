"""A contract after the award: its supplier, term, reporting periods, rating bands and KPIs.

What ``contract.yaml`` holds once loaded (:mod:`.load`); made from a tender's results.json by
:mod:`.init`. The KPIs are the winning bid's counted commitments: the quantity after the
panel's decisions, its value at the award's proxy set, the evidence the bid promised and a
delivery profile over the periods. See docs/delivery.md.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from decimal import Decimal

import attrs

from ..formatting import plain_decimal
from ..local.lm3 import LocalMultiplier
from ..rubric.model import doc, is_money
from ..rubric.proxies import ProxySet
from .local_plan import AreaDeclared, SpendPlan
from .periods import DEFAULT_FREQUENCY, Calendar, Period

CONTRACT_FILE = "contract.yaml"
RETURNS = "returns"
VERIFICATION = "verification"
OUT = "out"
#: The cost of one FTE a year when neither the tender nor the rubric sets one: about the
#: National Living Wage full time (GBP 12.71 x 37.5 hours x 52 weeks), less on-costs, rounded
#: down so that the check errs on the side of accepting a figure.
DEFAULT_ANNUAL_FTE_COST = Decimal(20000)
#: Days after a period's end by which its return is due, when contract.yaml sets none.
DEFAULT_GRACE_DAYS = 30


@attrs.frozen
class Supplier:
    """Who delivers the contract: the bid it comes from."""

    bidder: str = attrs.field(metadata=doc("The bidder's key in the tender (its response file)."))
    name: str = attrs.field(metadata=doc("The supplier's legal name, as in the bid."))
    company_number: str = attrs.field(default="", metadata=doc("Companies House number, if any."))


@attrs.frozen
class Source:
    """The evaluation a contract was made from: the chain back to the bid."""

    tender: str = attrs.field(metadata=doc("The tender's reference."))
    results: str = attrs.field(
        metadata=doc("results.json the KPIs came from, relative to the contract folder.")
    )
    results_sha256: str = attrs.field(metadata=doc("SHA-256 of that results.json's bytes."))
    proxy_set: str | None = attrs.field(
        default=None, metadata=doc("The proxy set the award valued the commitments with (id).")
    )
    proxy_set_version: str | None = attrs.field(
        default=None, metadata=doc("That proxy set's version.")
    )
    status: str = attrs.field(
        default="final",
        metadata=doc("The evaluation's status: final, or provisional (made with --force)."),
    )


@attrs.frozen
class Bands:
    """The rating bands, declared in advance, as percents of the profile to date.

    Each is the least share of the profile to date, delivered and verified, for its rating;
    below ``requires_improvement`` is Inadequate."""

    good: Decimal = attrs.field(default=Decimal(100), metadata=doc("Good from this percent."))
    approaching_target: Decimal = attrs.field(
        default=Decimal(90), metadata=doc("Approaching target from this percent.")
    )
    requires_improvement: Decimal = attrs.field(
        default=Decimal(70), metadata=doc("Requires improvement from this percent.")
    )


@attrs.frozen
class Decision:
    """The panel's decision on a credibility flag that touched a commitment, carried over."""

    decision: str = attrs.field(metadata=doc("accepted, capped, not counted or clarified."))
    flag: str = attrs.field(metadata=doc("The flag's code."))
    reason: str = attrs.field(metadata=doc("The panel's reason, as recorded."))
    bid_quantity: Decimal | None = attrs.field(
        default=None, metadata=doc("What the bid committed, when the panel counted another.")
    )
    reference: str = attrs.field(default="", metadata=doc("Its clarification reference, if any."))


@attrs.frozen
class KPI:
    """One commitment of the bid as a key performance indicator of the contract."""

    id: str = attrs.field(metadata=doc("The measure's id in the rubric."))
    title: str = attrs.field(metadata=doc("What is measured."))
    unit: str = attrs.field(metadata=doc("The unit of quantity: FTE, weeks, GBP..."))
    committed: Decimal = attrs.field(
        metadata=doc("The quantity committed over the term: as counted after panel decisions.")
    )
    proxy_value: Decimal | None = attrs.field(
        default=None, metadata=doc("The value of one unit at the award (null: record only).")
    )
    gbp_value: Decimal | None = attrs.field(
        default=None, metadata=doc("committed x proxy_value at the award (null: record only).")
    )
    evidence: str = attrs.field(
        default="", metadata=doc("The evidence and delivery plan the bid promised.")
    )
    evidence_required: bool = attrs.field(
        default=True, metadata=doc("Whether each return must give evidence for a figure.")
    )
    guidance: str = attrs.field(default="", metadata=doc("What counts, from the rubric."))
    decision: Decision | None = attrs.field(
        default=None, metadata=doc("The panel decision that changed or accepted it, if any.")
    )
    #: The delivery profile: period label -> quantity due in it (sums to ``committed``), in
    #: period order.
    profile: dict[str, Decimal] = attrs.field(
        factory=dict,
        metadata=doc("Quantity due in each period, by label (2026-Q2); sums to committed."),
    )
    #: Line of the KPI's entry in contract.yaml (0 when not loaded from a file).
    line: int = attrs.field(default=0, eq=False, metadata={"internal": True})

    def due(self, period: str) -> Decimal:
        return self.profile.get(period, Decimal(0))

    def is_money(self, currency: str) -> bool:
        return is_money(self.unit, currency)

    @property
    def is_fte(self) -> bool:
        return self.unit.strip().casefold() == "fte"


@attrs.frozen
class Contract:
    """contract.yaml: a contract made from an award (docs/delivery.md)."""

    reference: str = attrs.field(metadata=doc("The contract's reference."))
    title: str = attrs.field(metadata=doc("The contract's title."))
    buyer: str = attrs.field(metadata=doc("The contracting authority."))
    supplier: Supplier = attrs.field(metadata=doc("Who delivers it."))
    source: Source = attrs.field(metadata=doc("The tender and results.json it was made from."))
    start: dt.date = attrs.field(metadata=doc("The first day of the contract."))
    end: dt.date = attrs.field(metadata=doc("The last day of the contract."))
    value: Decimal = attrs.field(metadata=doc("The contract's value over the term."))
    currency: str = attrs.field(default="GBP", metadata=doc("ISO 4217 code of the money."))
    reporting: str = attrs.field(
        default=DEFAULT_FREQUENCY,
        metadata=doc("How often returns are due: monthly, quarterly, half-yearly or annual."),
    )
    year_start: int = attrs.field(
        default=1,
        metadata=doc(
            "The month (1-12) the reporting year starts: 1, calendar years; 4, the UK "
            "financial year from April. Quarters, halves and years follow it."
        ),
    )
    annual_fte_cost: Decimal = attrs.field(
        default=DEFAULT_ANNUAL_FTE_COST,
        metadata=doc("The cost of one FTE a year: the most FTE a return may report."),
    )
    grace_days: int = attrs.field(
        default=DEFAULT_GRACE_DAYS,
        metadata=doc("Days after a period's end by which its return is due (default 30)."),
    )
    ratings: Bands = attrs.field(factory=Bands, metadata=doc("The rating bands."))
    newer_proxy_set: str | None = attrs.field(
        default=None,
        metadata=doc(
            "A newer proxy set to value delivery with too, beside the award's: its id, or a "
            "path relative to the contract folder. Ratings stay on quantities."
        ),
    )
    kpis: tuple[KPI, ...] = attrs.field(default=(), metadata=doc("The KPIs."))
    local_area: AreaDeclared | None = attrs.field(
        default=None, metadata=doc("The buyer's local area, from tender.yaml (null: none).")
    )
    local_multiplier: LocalMultiplier | None = attrs.field(
        default=None, metadata=doc("The buyer's re-spend shares for LM3 (null: not computed).")
    )
    local_spend: SpendPlan | None = attrs.field(
        default=None, metadata=doc("The planned local, VCSE and SME spend (null: no plan).")
    )
    #: The newer proxy set, loaded (None when contract.yaml names none).
    newer_proxies: ProxySet | None = attrs.field(
        default=None, eq=False, metadata={"internal": True}
    )
    #: contract.yaml as named in problems, and the folder (not part of the content).
    file: str = attrs.field(default="contract.yaml", eq=False, metadata={"internal": True})
    folder: str = attrs.field(default=".", eq=False, metadata={"internal": True})

    @property
    def calendar(self) -> Calendar:
        return Calendar(self.reporting, self.year_start)

    @property
    def periods(self) -> tuple[Period, ...]:
        return self.calendar.periods_between(self.start, self.end)

    def period(self, label: str) -> Period | None:
        return next((p for p in self.periods if p.label == label), None)

    def newer_value(self, kpi: KPI) -> Decimal | None:
        """The value of one unit of ``kpi`` in the newer proxy set (None: no newer set, or it
        does not value the measure)."""
        if self.newer_proxies is None or kpi.proxy_value is None:
            return None
        found = self.newer_proxies.value(kpi.id)
        return None if found is None else found.value

    def kpi(self, kid: str) -> KPI | None:
        return next((k for k in self.kpis if k.id == kid), None)

    @property
    def money_kpis(self) -> tuple[KPI, ...]:
        return tuple(k for k in self.kpis if k.is_money(self.currency))

    def period_value(self, period: Period) -> Decimal:
        """The contract's value spread over ``period`` by its days (the most it could spend)."""
        term = (self.end - self.start).days + 1
        return self.value * period.days / term

    def canonical(self) -> str:
        """The content returns are bound to: reference, supplier, term and every KPI's unit,
        commitment and profile, as canonical JSON (comments and wording may change freely)."""
        data: dict[str, object] = {
            "reference": self.reference,
            "supplier": self.supplier.bidder,
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "kpis": [
                {
                    "id": k.id,
                    "unit": k.unit,
                    "committed": plain_decimal(k.committed),
                    "profile": {p: plain_decimal(q) for p, q in k.profile.items()},
                }
                for k in self.kpis
            ],
        }
        if self.calendar != Calendar():  # quarterly by calendar year: as before, same hash
            data["reporting"] = [self.reporting, self.year_start]
        return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)

    @property
    def content_sha256(self) -> str:
        return hashlib.sha256(self.canonical().encode("utf-8")).hexdigest()
