"""The fingerprint of a supplier's return: the contract, the period and the contract's content.

The return workbook carries the tender forms' hidden ``_socialvalue`` sheet
(:mod:`socialvalue.forms.fingerprint`) with its own rows: the form kind ``return``, its template
version, the contract reference, the period, the SHA-256 of the contract's canonical content
(:meth:`~.model.Contract.canonical`) and one ``kpi:<id>`` row per KPI (unit, commitment and
the quantity due in the period), so a return for another contract, another period or an
earlier contract.yaml is told apart before any cell is read, and told what changed.
"""

from __future__ import annotations

import attrs

from ..errors import Location, Problem
from ..formatting import plain_decimal
from ..forms.fingerprint import MARKER, FoundFingerprint, read_fingerprint
from ..workbook.reader import WorkbookData
from .model import Contract

KIND = "return"
TEMPLATE_VERSION = "1"
MAKER = "socialvalue returns CONTRACT --period PERIOD"


@attrs.frozen
class ReturnFingerprint:
    """What a return was made for."""

    contract_reference: str
    period: str
    contract_sha256: str
    kpis: tuple[tuple[str, str], ...]  # (id, "unit; committed; due")

    @classmethod
    def expected(cls, contract: Contract, period: str) -> ReturnFingerprint:
        kpis = tuple(
            (k.id, f"{k.unit}; {plain_decimal(k.committed)}; {plain_decimal(k.due(period))}")
            for k in contract.kpis
        )
        return cls(contract.reference, period, contract.content_sha256, kpis)

    def rows(self) -> list[tuple[str, str]]:
        return [
            ("format", MARKER),
            ("kind", KIND),
            ("template_version", TEMPLATE_VERSION),
            ("contract_reference", self.contract_reference),
            ("period", self.period),
            ("contract_sha256", self.contract_sha256),
            *((f"kpi:{kid}", text) for kid, text in self.kpis),
        ]


def found_period(book: WorkbookData) -> str | None:
    """The period a return says it is for (None: not a return)."""
    found = read_fingerprint(book)
    return found.get("period") or None if found and found.get("kind") == KIND else None


def check_return_fingerprint(
    book: WorkbookData, contract: Contract, period: str | None
) -> list[Problem]:
    """Problems when ``book`` is not a return for ``contract`` (and ``period``, if given) made
    from the contract.yaml in force."""
    file = book.display
    found = read_fingerprint(book)
    if found is None:
        return [
            Problem(
                Location(file),
                "this is not a socialvalue return: it has no hidden "
                f'"_socialvalue" sheet (make one with `{MAKER}`)',
            )
        ]

    def at(key: str, message: str) -> Problem:
        return Problem(Location(file, cell=found.cells.get(key)), message)

    kind = found.get("kind")
    if kind != KIND:
        return [at("kind", f"this is a socialvalue {kind or 'form'} workbook, not a return")]
    if found.get("template_version") != TEMPLATE_VERSION:
        return [
            at(
                "template_version",
                f"made with version {found.get('template_version') or '?'} of the return; this "
                f"socialvalue reads version {TEMPLATE_VERSION}: make a new one with `{MAKER}`",
            )
        ]
    reference = found.get("contract_reference")
    if reference != contract.reference:
        return [
            at(
                "contract_reference",
                f'a return for contract "{reference}", not this contract "{contract.reference}"',
            )
        ]
    got = found.get("period")
    if contract.period(got) is None:
        return [at("period", f'made for period "{got}", which is not in this contract\'s term')]
    if period is not None and got != period:
        return [at("period", f"a return for {got}, not for {period}")]
    if found.get("contract_sha256") != contract.content_sha256:
        return [at("contract_sha256", _changed(found, ReturnFingerprint.expected(contract, got)))]
    return []


def _changed(found: FoundFingerprint, expected: ReturnFingerprint) -> str:
    now = dict(expected.kpis)
    then = {k[4:]: v for k, v in found.values.items() if k.startswith("kpi:")}
    changes = [f"{k} added" for k in now if k not in then]
    changes += [f"{k} removed" for k in then if k not in now]
    changes += [f"{k} was {then[k]}, now {now[k]}" for k in now if k in then and now[k] != then[k]]
    what = "; ".join(changes) if changes else "its reference, supplier, term or profiles"
    return (
        "made from an earlier contract.yaml (what changed since: "
        f"{what}): make a new return with `{MAKER}` and ask the supplier to copy its figures in"
    )
