"""Filling a form as a person typing would: for example tenders, tests, benchmarks and tools."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from pathlib import Path

import attrs
from openpyxl import load_workbook

from ..rubric.model import Rubric
from ..workbook.writer import save_workbook
from .response_layout import SPEND_COLUMNS, ResponseLayout, response_fields


@attrs.frozen
class ResponseValues:
    """What a bidder types, for :func:`fill_response`. Values are written as typed: a number
    stays a number, text stays text (text starting with ``=`` becomes a formula, as in Excel).
    Missing keys leave their cells empty."""

    bidder_name: object = None
    company_number: object = None
    contact_name: object = None
    contact_email: object = None
    quantities: Mapping[str, object] = attrs.field(factory=dict)  # measure id -> quantity
    evidence: Mapping[str, object] = attrs.field(factory=dict)  # measure id -> text
    answers: Mapping[str, object] = attrs.field(factory=dict)  # criterion id -> text
    declaration_name: object = None
    declaration_position: object = None
    declaration_date: object = None
    declaration_confirm: object = "Yes"
    #: Spend plan lines in order, each keyed by column: supplier, postcode, kind, category,
    #: amount, evidence (see :data:`~socialvalue.forms.response_layout.SPEND_COLUMNS`).
    spend_plan: Sequence[Mapping[str, object]] = ()
    #: The Spend plan sheet's local wage bill (GBP over the contract).
    local_wages: object = None

    def by_name(self, layout: ResponseLayout) -> dict[str, object]:
        """These values keyed by defined name."""
        cells: dict[str, object] = {}
        for field, attr in zip(
            layout.bidder_fields + layout.declaration_fields,
            (
                "bidder_name",
                "company_number",
                "contact_name",
                "contact_email",
                "declaration_name",
                "declaration_position",
                "declaration_date",
                "declaration_confirm",
            ),
            strict=True,
        ):
            cells[field.name] = getattr(self, attr)
        for mf in layout.measures:
            cells[mf.quantity.name] = self.quantities.get(mf.measure.id)
            cells[mf.evidence.name] = self.evidence.get(mf.measure.id)
        for criterion, field in layout.answers:
            cells[field.name] = self.answers.get(criterion.id)
        if len(self.spend_plan) > len(layout.spend_lines):
            raise ValueError(
                f"{len(self.spend_plan)} spend plan lines, the sheet has {len(layout.spend_lines)}"
            )
        for line, typed in zip(layout.spend_lines, self.spend_plan, strict=False):
            for key, field in zip(SPEND_COLUMNS, line.fields, strict=True):
                cells[field.name] = typed.get(key)
        if layout.local_wages is not None:
            cells[layout.local_wages.name] = self.local_wages
        return {k: v for k, v in cells.items() if v is not None}


def fill_by_names(template: str | Path, out: str | Path, cells: Mapping[str, object]) -> Path:
    """Copy a workbook, setting each defined name's cell to a value, as a person typing would.

    Works for all three forms. ``None`` empties a cell; a ``datetime.date`` gets a date format.
    KeyError for a name the workbook does not define. Saved reproducibly, formulas and all
    (the form's own, and any a value typed as ``"=..."`` makes, as in Excel).
    """
    wb = load_workbook(template)
    for name, value in cells.items():
        defined = wb.defined_names.get(name)
        if defined is None:
            raise KeyError(f"{template} has no defined name {name}")
        [(sheet, coordinate)] = list(defined.destinations)
        cell = wb[sheet][coordinate.replace("$", "")]
        cell.value = value
        if isinstance(value, dt.date):
            cell.number_format = "DD/MM/YYYY"
    return save_workbook(wb, out, formulas="any")


def fill_response(
    template: str | Path, out: str | Path, values: ResponseValues, rubric: Rubric
) -> Path:
    """Fill a copy of the response template with ``values`` (for example tenders and tests)."""
    return fill_by_names(template, out, values.by_name(response_fields(rubric)))


__all__ = ["ResponseValues", "fill_by_names", "fill_response"]
