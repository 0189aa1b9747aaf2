"""The fingerprint of a contract's forms: the supplier's return and the verification workbook.

They carry the tender forms' hidden ``_socialvalue`` sheet (:mod:`socialvalue.forms.fingerprint`)
with their own rows: the form kind (``return`` or ``verification``), its template version, the
contract reference, the SHA-256 of the contract's canonical content
(:meth:`~.model.Contract.canonical`) and one ``kpi:<id>`` row per KPI (unit, commitment and, for
a return, the quantity due in its period), so a form for another contract, another period or an
earlier contract.yaml is told apart before any cell is read, and told what changed. A return
adds its ``period``; the verification workbook a ``source:<file>`` row per return it lists.
"""

from __future__ import annotations

import attrs

from ..errors import Location, Problem
from ..formatting import plain_decimal
from ..forms.fingerprint import MARKER, FoundFingerprint, no_fingerprint, read_fingerprint
from ..workbook.reader import WorkbookData
from .model import KPI, Contract

RETURN, VERIFICATION = "return", "verification"
KINDS = {RETURN: "return", VERIFICATION: "verification workbook"}
MAKERS = {
    RETURN: "socialvalue returns CONTRACT --period PERIOD",
    VERIFICATION: "socialvalue contract verification CONTRACT",
}
TEMPLATE_VERSION = "1"


@attrs.frozen
class DeliveryFingerprint:
    """What a contract's form was made for."""

    kind: str
    contract_reference: str
    contract_sha256: str
    kpis: tuple[tuple[str, str], ...]  # (id, "unit; committed[; due]")
    period: str = ""
    sources: tuple[tuple[str, str], ...] = ()  # (file, SHA-256)

    @classmethod
    def expected(
        cls,
        kind: str,
        contract: Contract,
        period: str = "",
        sources: tuple[tuple[str, str], ...] = (),
    ) -> DeliveryFingerprint:
        def facts(k: KPI) -> str:
            text = f"{k.unit}; {plain_decimal(k.committed)}"
            return f"{text}; {plain_decimal(k.due(period))}" if period else text

        kpis = tuple((k.id, facts(k)) for k in contract.kpis)
        return cls(kind, contract.reference, contract.content_sha256, kpis, period, sources)

    def rows(self) -> list[tuple[str, str]]:
        rows = [
            ("format", MARKER),
            ("kind", self.kind),
            ("template_version", TEMPLATE_VERSION),
            ("contract_reference", self.contract_reference),
        ]
        if self.period:
            rows.append(("period", self.period))
        rows.append(("contract_sha256", self.contract_sha256))
        rows += [(f"kpi:{kid}", text) for kid, text in self.kpis]
        rows += [(f"source:{file}", digest) for file, digest in self.sources]
        return rows


def check_delivery_fingerprint(
    book: WorkbookData, contract: Contract, kind: str, period: str | None = None
) -> list[Problem]:
    """Problems when ``book`` is not a ``kind`` form for ``contract`` (a return: for a period of
    its term, and ``period`` if given) made from the contract.yaml in force."""
    file, what, maker = book.display, KINDS[kind], MAKERS[kind]
    found = read_fingerprint(book)
    if found is None:
        return [no_fingerprint(file, what, maker)]

    def at(key: str, message: str) -> Problem:
        return Problem(Location(file, cell=found.cells.get(key)), message)

    got_kind = found.get("kind")
    if got_kind != kind:
        shown = KINDS.get(got_kind, f"{got_kind or 'form'} workbook")
        return [at("kind", f"this is a socialvalue {shown}, not a {what}")]
    if found.get("template_version") != TEMPLATE_VERSION:
        return [
            at(
                "template_version",
                f"made with version {found.get('template_version') or '?'} of the {what}; this "
                f"socialvalue reads version {TEMPLATE_VERSION}: make a new one with `{maker}`",
            )
        ]
    reference = found.get("contract_reference")
    if reference != contract.reference:
        return [
            at(
                "contract_reference",
                f'a {what} for contract "{reference}", not this contract "{contract.reference}"',
            )
        ]
    got = found.get("period")
    if kind == RETURN:
        if contract.period(got) is None:
            why = contract.calendar.not_a_period(got or "", contract.periods)
            return [at("period", f"a return made for another period: {why}")]
        if period is not None and got != period:
            return [at("period", f"a return for {got}, not for {period}")]
    if found.get("contract_sha256") != contract.content_sha256:
        now = DeliveryFingerprint.expected(kind, contract, got if kind == RETURN else "")
        return [at("contract_sha256", _changed(found, now, maker))]
    return []


def _changed(found: FoundFingerprint, expected: DeliveryFingerprint, maker: str) -> str:
    now = dict(expected.kpis)
    then = {k[4:]: v for k, v in found.values.items() if k.startswith("kpi:")}
    changes = [f"{k} added" for k in now if k not in then]
    changes += [f"{k} removed" for k in then if k not in now]
    changes += [f"{k} was {then[k]}, now {now[k]}" for k in now if k in then and now[k] != then[k]]
    what = "; ".join(changes) if changes else "its reference, supplier, term or profiles"
    return (
        f"made from an earlier contract.yaml (what changed since: {what}): make a new one with "
        f"`{maker}` and copy the figures in"
    )
