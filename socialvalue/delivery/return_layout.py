"""Where every input cell of a supplier's return workbook is, for one contract.

The writer, the reader and the filler (:mod:`socialvalue.testing`) build the same
:class:`ReturnLayout` from the same contract, so the defined names cannot drift between them.
Names: ``sv_prepared_by``, ``sv_prepared_email``, ``sv_prepared_date``, ``sv_confirm``; per KPI
``sv_delivered_<id>``, ``sv_evidence_<id>``, ``sv_note_<id>``; per spend row ``n`` (1, 2, ...)
``sv_spend_<n>_supplier``, ``_postcode``, ``_kind``, ``_amount``, ``_kpi``.
"""

from __future__ import annotations

import attrs

from ..forms.fields import LISTS, YES_NO, Field, NameRegistry, name_part
from ..workbook.cells import cell_name
from .model import KPI, Contract

INSTRUCTIONS, DETAILS, DELIVERY, SPEND = "Instructions", "Return", "Delivery", "Spend"
FINGERPRINT_SHEET = "_socialvalue"
HEADER_ROW = 4
#: Rows of the spend table: one supply-chain payment (or a supplier's total) per row.
SPEND_ROWS = 60
SPEND_KINDS = ("SME", "VCSE", "VCSE and SME", "Other")

# Delivery sheet columns.
(
    COL_ID,
    COL_TITLE,
    COL_UNIT,
    COL_COMMITTED,
    COL_DUE,
    COL_DELIVERED,
    COL_EVIDENCE,
    COL_NOTE,
    COL_ASKED,
) = range(1, 10)
# Spend sheet columns.
COL_SUPPLIER, COL_POSTCODE, COL_KIND, COL_AMOUNT, COL_KPI = range(1, 6)


@attrs.frozen
class KpiFields:
    kpi: KPI
    delivered: Field
    evidence: Field
    note: Field


@attrs.frozen
class SpendFields:
    row: int  # 1, 2, ...
    supplier: Field
    postcode: Field
    kind: Field
    amount: Field
    kpi: Field

    @property
    def fields(self) -> tuple[Field, ...]:
        return (self.supplier, self.postcode, self.kind, self.amount, self.kpi)


@attrs.frozen
class ReturnLayout:
    """Every input cell of the return workbook for one contract, with its defined name."""

    prepared_by: Field
    prepared_email: Field
    prepared_date: Field
    confirm: Field
    kpis: tuple[KpiFields, ...]
    spend: tuple[SpendFields, ...]

    @property
    def details(self) -> tuple[Field, ...]:
        return (self.prepared_by, self.prepared_email, self.prepared_date, self.confirm)

    @property
    def sheets(self) -> tuple[str, ...]:
        spend = (SPEND,) if self.spend else ()
        return (INSTRUCTIONS, DETAILS, DELIVERY, *spend, LISTS, FINGERPRINT_SHEET)

    def all_fields(self) -> list[Field]:
        out = list(self.details)
        for k in self.kpis:
            out += [k.delivered, k.evidence, k.note]
        for s in self.spend:
            out += list(s.fields)
        return out


def return_fields(contract: Contract) -> ReturnLayout:
    """The layout of the return workbook for ``contract`` (a spend table only when a KPI's
    unit is money)."""
    names = NameRegistry()

    def detail(key: str, row: int, context: str, kind: str = "text", **kw: object) -> Field:
        return Field(names.name(key), DETAILS, f"B{row}", context, kind, **kw)  # type: ignore[arg-type]

    details = (
        detail("prepared_by", 6, "prepared by"),
        detail("prepared_email", 7, "email of who prepared it"),
        detail("prepared_date", 8, "date prepared", "date"),
        detail("confirm", 9, "confirmation", "choice", choices=YES_NO),
    )
    kpis = []
    for row, kpi in enumerate(contract.kpis, HEADER_ROW + 1):
        part, label = name_part(kpi.id), f"{kpi.id} {kpi.title}"

        def field(key: str, col: int, kind: str = "text") -> Field:
            return Field(
                names.name(key, part),  # noqa: B023  (called at once)
                DELIVERY,
                cell_name(row, col),  # noqa: B023
                f"{label}, {key}",  # noqa: B023
                kind,
                kind == "decimal",  # the figure is required; evidence and note are checked apart
            )

        kpis.append(
            KpiFields(
                kpi,
                field("delivered", COL_DELIVERED, "decimal"),
                field("evidence", COL_EVIDENCE),
                field("note", COL_NOTE),
            )
        )
    spend = []
    if contract.money_kpis:
        ids = tuple(k.id for k in contract.money_kpis)
        for n in range(1, SPEND_ROWS + 1):
            row = HEADER_ROW + n

            def cell(key: str, col: int, what: str, kind: str = "text", **kw: object) -> Field:
                return Field(
                    names.name("spend", str(n), key),  # noqa: B023  (called at once)
                    SPEND,
                    cell_name(row, col),  # noqa: B023
                    f"spend line {n}, {what}",  # noqa: B023
                    kind,
                    False,
                    **kw,  # type: ignore[arg-type]
                )

            spend.append(
                SpendFields(
                    n,
                    cell("supplier", COL_SUPPLIER, "supplier"),
                    cell("postcode", COL_POSTCODE, "postcode"),
                    cell("kind", COL_KIND, "VCSE/SME", "choice", choices=SPEND_KINDS),
                    cell("amount", COL_AMOUNT, "amount", "decimal"),
                    cell("kpi", COL_KPI, "KPI", "choice", choices=ids),
                )
            )
    return ReturnLayout(*details, tuple(kpis), tuple(spend))


__all__ = ["ReturnLayout", "return_fields"]
