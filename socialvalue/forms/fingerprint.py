"""The fingerprint: a hidden, protected sheet saying which tender and rubric a form was made for.

Every workbook socialvalue writes has a hidden sheet ``_socialvalue`` with one ``key | value``
row per fact: the form kind, the template version, the rubric id, version and file SHA-256, the
tender reference, the evaluator (scoresheets), the methodology the form is bound to (its
canonical content and that content's SHA-256: see :mod:`.methodology`) and the SHA-256 of each
file the form was built from (scoresheets: the responses; moderation: the scoresheets). Reading
checks it first, so a response made from another tender's or an old template is recognised
before any cell is read, and one made for another methodology is told what changed.
"""

from __future__ import annotations

from typing import Protocol

import attrs
from openpyxl.workbook.workbook import Workbook

from ..errors import Location, Problem
from ..rubric.canonical import bound_methodology
from ..rubric.model import Rubric
from ..rubric.proxies import ProxySet
from ..workbook.reader import WorkbookData
from .methodology import Bound, methodology_problem, methodology_rows

SHEET = "_socialvalue"
MARKER = "socialvalue form"
KINDS = {
    "response": "response workbook",
    "scoresheet": "scoresheet",
    "moderation": "moderation workbook",
}
MAKERS = {
    "response": "socialvalue template",
    "scoresheet": "socialvalue scoresheets",
    "moderation": "socialvalue moderation",
}
# Bump when a form's layout or defined names change incompatibly.
TEMPLATE_VERSIONS = {"response": "1", "scoresheet": "1", "moderation": "1"}


@attrs.frozen
class Fingerprint:
    """What a form was made for. ``sources`` maps an input file (e.g. ``responses/acme.xlsx``)
    to the SHA-256 it had when the form was made. ``methodology`` is the canonical JSON of the
    methodology the form is bound to, ``methodology_sha256`` its hash; ``rubric_sha256`` is the
    rubric file's hash (its identity, for the record)."""

    kind: str
    rubric_id: str
    rubric_version: str
    rubric_sha256: str
    tender_reference: str
    template_version: str = ""
    evaluator: str = ""
    sources: tuple[tuple[str, str], ...] = ()
    methodology_sha256: str = ""
    methodology: str = ""

    @classmethod
    def expected(
        cls,
        kind: str,
        rubric: Rubric,
        tender_reference: str,
        proxies: ProxySet | None = None,
        **extra: object,
    ) -> Fingerprint:
        """The fingerprint of a ``kind`` form for this tender, bound to ``rubric`` and the
        proxy values in force (``proxies``; None when no proxy set could be loaded)."""
        digest, canonical = bound_methodology(rubric, proxies)
        return cls(
            kind=kind,
            rubric_id=rubric.id,
            rubric_version=rubric.version,
            rubric_sha256=rubric.sha256,
            tender_reference=tender_reference,
            template_version=TEMPLATE_VERSIONS[kind],
            methodology_sha256=digest,
            methodology=canonical,
            **extra,  # type: ignore[arg-type]
        )

    def rows(self) -> list[tuple[str, str]]:
        rows = [
            ("format", MARKER),
            ("kind", self.kind),
            ("template_version", self.template_version),
            ("rubric_id", self.rubric_id),
            ("rubric_version", self.rubric_version),
            ("rubric_sha256", self.rubric_sha256),
            ("tender_reference", self.tender_reference),
        ]
        if self.evaluator:
            rows.append(("evaluator", self.evaluator))
        if self.methodology:
            rows.append(("methodology_sha256", self.methodology_sha256))
            rows.extend(methodology_rows(self.methodology))
        rows.extend((f"source:{path}", digest) for path, digest in self.sources)
        return rows


class HasRows(Protocol):
    """A fingerprint of any form: its ``key | value`` rows, ``format`` first."""

    def rows(self) -> list[tuple[str, str]]: ...


def write_fingerprint(wb: Workbook, fingerprint: HasRows) -> None:
    """Add the hidden, protected fingerprint sheet (last) to ``wb``: a tender's form's
    :class:`Fingerprint`, or another form's rows (a contract's return)."""
    ws = wb.create_sheet(SHEET)
    ws.append(["key", "value"])
    for key, value in fingerprint.rows():
        ws.append([key, value])
    ws.column_dimensions["A"].width = 40
    ws.column_dimensions["B"].width = 70
    ws.sheet_state = "hidden"
    ws.protection.sheet = True


@attrs.frozen
class FoundFingerprint:
    """The fingerprint as read, with the cell of each key's value (for messages)."""

    values: dict[str, str]
    cells: dict[str, str]

    def get(self, key: str) -> str:
        return self.values.get(key, "")

    @property
    def sources(self) -> dict[str, str]:
        return {k[len("source:") :]: v for k, v in self.values.items() if k.startswith("source:")}


def read_fingerprint(book: WorkbookData) -> FoundFingerprint | None:
    """The fingerprint sheet's key/value rows, or None when the workbook has none."""
    sheet = book.find_sheet(SHEET)
    if sheet is None or not sheet.readable:
        return None
    values: dict[str, str] = {}
    cells: dict[str, str] = {}
    for r in range(2, sheet.max_row + 1):
        key = sheet.cell_at(r, 1).raw
        value = sheet.cell_at(r, 2)
        if isinstance(key, str) and key.strip():
            values[key.strip()] = "" if value.raw is None else str(value.raw).strip()
            cells[key.strip()] = value.ref
    if values.get("format") != MARKER:
        return None
    return FoundFingerprint(values, cells)


def no_fingerprint(file: str, what: str, maker: str) -> Problem:
    """The problem with a workbook that has no fingerprint: it is not a socialvalue ``what``
    (made with the command ``maker``)."""
    return Problem(
        Location(file),
        f'this is not a socialvalue {what}: it has no hidden "{SHEET}" sheet (make one with '
        f"`{maker}`)",
    )


def check_fingerprint(book: WorkbookData, expected: Fingerprint) -> list[Problem]:
    """Problems when ``book`` is not the kind of form expected, for this tender and rubric.

    Only these are checked here: the kind, template version, tender, rubric id and version, the
    methodology (see :func:`~.methodology.methodology_problem`) and the evaluator. ``sources`` are for the caller to compare (a changed source may be a
    warning or an error depending on the form).
    """
    file = book.display
    what = KINDS[expected.kind]
    found = read_fingerprint(book)
    if found is None:
        return [no_fingerprint(file, what, MAKERS[expected.kind])]

    def at(key: str, message: str) -> Problem:
        return Problem(Location(file, cell=found.cells.get(key)), message)

    kind = found.get("kind")
    if kind != expected.kind:
        return [
            at("kind", f"this is a socialvalue {KINDS.get(kind, kind or 'form')}, not a {what}")
        ]
    problems: list[Problem] = []
    version = found.get("template_version")
    if version != expected.template_version:
        problems.append(
            at(
                "template_version",
                f"made with version {version or '?'} of the {what}; "
                f"this socialvalue reads version {expected.template_version}: make a new "
                f"one with `{MAKERS[expected.kind]}`",
            )
        )
    reference = found.get("tender_reference")
    if reference != expected.tender_reference:
        problems.append(
            at(
                "tender_reference",
                f'made for tender "{reference}", not this tender "{expected.tender_reference}"',
            )
        )
    rubric_id = found.get("rubric_id")
    if rubric_id != expected.rubric_id:
        problems.append(
            at(
                "rubric_id",
                f'made for rubric "{rubric_id}", but this tender uses '
                f'rubric "{expected.rubric_id}"',
            )
        )
    elif found.get("rubric_version") != expected.rubric_version:
        problems.append(
            at(
                "rubric_version",
                f"made for version {found.get('rubric_version')} of "
                f'rubric "{rubric_id}"; this tender uses version '
                f"{expected.rubric_version}",
            )
        )
    else:
        bound = Bound(expected.methodology, expected.methodology_sha256, expected.rubric_sha256)
        changed = methodology_problem(file, expected.kind, found.values, found.cells, bound)
        problems.extend([changed] if changed else [])
    if expected.evaluator and found.get("evaluator") != expected.evaluator:
        problems.append(
            at(
                "evaluator",
                f"this is the scoresheet of evaluator "
                f'"{found.get("evaluator")}", not of "{expected.evaluator}"',
            )
        )
    return problems
