"""What the three forms share: input fields found by defined name, and reading them with care.

A form's layout is a list of :class:`Field`: the workbook-level defined name of an input cell,
where the writer puts it, and the words a problem uses to say what it is. The writer and the
reader build the same list from the same rubric (and responses), so the names cannot drift.

The reader finds each input by its defined name and trusts it only where the template put it:
a name pointing at another cell (another input's, the hidden fingerprint's, rows inserted
above) is an error naming both cells, as are two names differing only in case. A formula in an
input cell is never read by its saved result (see :meth:`FormReader.raw`).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from decimal import Decimal
from pathlib import Path

import attrs
from openpyxl.workbook.workbook import Workbook

from ..errors import InputError, Location, Problem, Severity, display_path
from ..formatting import plain_decimal as plain  # re-exported to the form modules
from ..rubric.model import Criterion, Rubric, Scale
from ..workbook.arithmetic import constant_arithmetic
from ..workbook.cells import cell_name, column_letters, parse_cell
from ..workbook.container import printable
from ..workbook.reader import CellValue, WorkbookData, read_checked_bytes
from ..workbook.safety import load_checked
from ..workbook.values import Invalid, parse_choice, parse_date, parse_decimal, parse_text
from . import bookcache
from .compared import comparing
from .lengths import CELL_TEXT_LIMIT, too_long

NAME_PREFIX = "sv_"
LISTS = "_lists"
YES_NO = ("Yes", "No")
YES_NO_RANGE = f"{LISTS}!$A$2:$A$3"
MAX_KEY = 40
_NOT_NAME = re.compile(r"[^A-Za-z0-9_]+")
_NOT_SLUG = re.compile(r"[^a-z0-9]+")


def name_part(text: str) -> str:
    """A rubric id as part of a defined name: ``W1-a`` -> ``W1_a`` (letters, digits, ``_``)."""
    return _NOT_NAME.sub("_", text).strip("_")[:MAX_KEY] or "x"


def bidder_slug(stem: str) -> str:
    """A response file's stem as part of a defined name: ``Acme Ltd (v2)`` -> ``acme_ltd_v2``.

    Lower case ASCII letters and digits joined by ``_``, at most 40 characters; ``bidder`` when
    nothing is left. Two stems with the same slug are reported by the tender check.
    """
    ascii_text = stem.lower().encode("ascii", "ignore").decode("ascii")
    return _NOT_SLUG.sub("_", ascii_text).strip("_")[:MAX_KEY].strip("_") or "bidder"


@attrs.define
class NameRegistry:
    """Hands out defined names, unique ignoring case (as Excel compares them).

    A clash (ids ``M1`` and ``m1``) gets ``_2``, ``_3``...: deterministic, because the writer and
    the reader register the same names in the same order.
    """

    used: set[str] = attrs.field(factory=set)

    def name(self, *parts: str) -> str:
        base = NAME_PREFIX + "_".join(parts)
        candidate, n = base, 1
        while candidate.casefold() in self.used:
            n += 1
            candidate = f"{base}_{n}"
        self.used.add(candidate.casefold())
        return candidate


@attrs.frozen
class Field:
    """One input cell of a form.

    ``kind`` says how it is read: ``text``, ``decimal``, ``date`` or ``choice``. ``context`` is
    what problems call it, e.g. ``M3 Apprenticeship weeks, quantity``. ``max_length``: the most
    characters its text may have (see :mod:`socialvalue.forms.lengths`).
    """

    name: str
    sheet: str
    cell: str
    context: str
    kind: str = "text"
    required: bool = True
    minimum: Decimal | None = None
    maximum: Decimal | None = None
    choices: tuple[str, ...] = ()
    max_length: int = CELL_TEXT_LIMIT


def is_blank_value(raw: object) -> bool:
    """Whether a value read from an input cell is nothing: None, or only spaces."""
    return raw is None or (isinstance(raw, str) and not raw.strip())


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def open_form(
    path: str | Path, display: str | None = None, data: bytes | None = None
) -> tuple[WorkbookData | None, str, list[Problem]]:
    """Check and read a workbook: (WorkbookData or None, the SHA-256 of the bytes read, problems
    so far). ``data``: the file's bytes, when the caller has read (and hashed) them already;
    then, for a form whose check depends on other files too (a scoresheet, the moderation
    workbook: :func:`.compared.comparing`), what the same bytes gave before under the same name
    is reused (:mod:`.bookcache`)."""
    display = display or display_path(path)
    if data is None or not comparing():
        return _open_form(path, display, data)
    digest = sha256_bytes(data)
    return bookcache.opened(
        f"{digest}\0{Path(path).suffix}",
        display,
        lambda: _open_form(path, display, data),
        _is_opened,
    )


def _is_opened(found: object) -> bool:
    return (
        isinstance(found, tuple)
        and len(found) == 3
        and (found[0] is None or isinstance(found[0], WorkbookData))
        and isinstance(found[2], list)
    )


def _open_form(
    path: str | Path, display: str, data: bytes | None
) -> tuple[WorkbookData | None, str, list[Problem]]:
    data, problems = load_checked(Path(path), display, data=data)
    if data is None:
        return None, "", problems
    digest = sha256_bytes(data)
    try:
        book = read_checked_bytes(data, display, problems=problems)
    except InputError as exc:
        return None, digest, exc.problems
    return book, digest, []


@attrs.define
class FormReader:
    """Reads fields from one workbook, collecting every problem."""

    book: WorkbookData
    problems: list[Problem] = attrs.field(factory=list)

    @property
    def file(self) -> str:
        return self.book.display

    def add(
        self,
        message: str,
        *,
        cell: str | None = None,
        context: str | None = None,
        severity: Severity = "error",
    ) -> None:
        self.problems.append(
            Problem(Location(self.file, cell=cell, context=context), message, severity)
        )

    def locate(self, field: Field) -> CellValue | None:
        """The cell ``field``'s defined name points at, or None (and a problem) when it cannot,
        or when the name points anywhere but where the template put the input."""
        if field.name.casefold() in self.book.duplicate_names:
            return None  # reported when the workbook was read: neither name is followed
        ref = self.book.defined_name(field.name)
        if ref is None:
            self.add(
                f"the input cell is missing: the workbook has no defined name {field.name} "
                "(it was deleted, or the workbook was not made from this template)",
                context=field.context,
            )
            return None
        if "#REF!" in ref.text.upper():
            self.add(
                f"the input cell was deleted: its defined name {field.name} points at #REF! "
                "(rows, columns or a sheet were deleted)",
                context=field.context,
            )
            return None
        cell = self.book.named(field.name)
        if cell is None:
            self.add(
                f"the defined name {field.name} does not point at one cell on a sheet of this "
                f'workbook (it points at "{ref.text[:60]}")',
                context=field.context,
            )
            return None
        expected = f"{field.sheet}!{field.cell}"
        if cell.ref.casefold() != expected.casefold():
            self.add(
                f"the defined name {field.name} points at {cell.ref}, but the template put this "
                f"input in {expected}: a name moved to another cell is not followed (two inputs "
                "could be read from one cell, or from a hidden sheet); type the value in "
                f"{expected} of an unaltered copy of the form",
                cell=expected,
                context=field.context,
            )
            return None
        return cell

    def raw(self, field: Field) -> tuple[CellValue | None, object, bool]:
        """(cell, value, usable): error cells and formulas are reported. A formula's saved
        result is never used: constant arithmetic (``=3*4``) is worked out exactly, with a
        warning; any other formula is refused."""
        cell = self.locate(field)
        if cell is None:
            return None, None, False
        if cell.error is not None:
            self.add(
                f"the cell shows the error {cell.error}, not a value",
                cell=cell.ref,
                context=field.context,
            )
            return cell, None, False
        if cell.is_formula:
            return self._formula(field, cell)
        return cell, cell.raw, True

    def _formula(self, field: Field, cell: CellValue) -> tuple[CellValue, object, bool]:
        """A formula in an input cell: its value worked out (a warning), or refused."""
        value = constant_arithmetic(cell.formula) if cell.formula is not None else None
        shown = f"={printable(cell.formula, 60)}" if cell.formula is not None else "a formula"
        if value is None:
            self.add(
                f"the cell holds {'the formula ' if cell.formula is not None else ''}{shown}: "
                "type the value itself, not a formula (a formula's saved result is not read, "
                "as recalculating it could give another value)",
                cell=cell.ref,
                context=field.context,
            )
            return cell, None, False
        saved = parse_decimal(cell.raw, allow_negative=True) if cell.has_cached_value else None
        note = ""
        if isinstance(saved, Decimal) and saved != value:
            note = f", not the {plain(saved)} saved as its result"
        elif isinstance(saved, Invalid):
            note = f", not the {found(cell.raw)} saved as its result"
        self.add(
            f"the cell holds the formula {shown}, not a number: {plain(value)} was worked out "
            f"from it{note}; type the number itself",
            cell=cell.ref,
            context=field.context,
            severity="warning",
        )
        return cell, value, True

    def text(self, field: Field) -> tuple[str | None, CellValue | None]:
        """Trimmed text; a required field left empty, or text over the field's length, is a
        problem. None when unusable."""
        cell, raw, usable = self.raw(field)
        if cell is None or not usable:
            return None, cell
        text = parse_text(raw)
        long = too_long(text, field.max_length)
        if long is not None:
            self.add(long, cell=cell.ref, context=field.context)
            return None, cell
        if not text and field.required:
            self.add(
                "this must be filled in, but the cell is empty",
                cell=cell.ref,
                context=field.context,
            )
            return None, cell
        return text, cell

    def decimal(
        self, field: Field, *, blank_message: str | None = None
    ) -> tuple[Decimal | None, CellValue | None]:
        cell, raw, usable = self.raw(field)
        if cell is None or not usable:
            return None, cell
        if is_blank_value(raw):
            if field.required:
                self.add(
                    blank_message or "this must be filled in, but the cell is empty",
                    cell=cell.ref,
                    context=field.context,
                )
            return None, cell
        value = parse_decimal(raw, minimum=field.minimum, maximum=field.maximum)
        if isinstance(value, Invalid):
            self.add(str(value), cell=cell.ref, context=field.context)
            return None, cell
        return value, cell

    def date(self, field: Field) -> tuple[dt.date | None, CellValue | None]:
        cell, raw, usable = self.raw(field)
        if cell is None or not usable:
            return None, cell
        if is_blank_value(raw):
            if field.required:
                self.add(
                    "this must be filled in, but the cell is empty",
                    cell=cell.ref,
                    context=field.context,
                )
            return None, cell
        value = parse_date(raw)
        if isinstance(value, Invalid):
            self.add(str(value), cell=cell.ref, context=field.context)
            return None, cell
        return value, cell

    def choice(self, field: Field) -> tuple[str | None, CellValue | None]:
        cell, raw, usable = self.raw(field)
        if cell is None or not usable:
            return None, cell
        if is_blank_value(raw):
            if field.required:
                self.add(
                    "this must be filled in, but the cell is empty",
                    cell=cell.ref,
                    context=field.context,
                )
            return None, cell
        value = parse_choice(raw, field.choices)
        if isinstance(value, Invalid):
            self.add(str(value), cell=cell.ref, context=field.context)
            return None, cell
        return value, cell

    def extra_sheets(self, expected: tuple[str, ...]) -> None:
        """Warn about sheets the form does not have (they are ignored)."""
        known = {name.casefold() for name in expected}
        for name in self.book.sheet_names:
            if name.casefold() not in known:
                self.add(
                    f'extra sheet "{name}" is not part of the form; it is ignored',
                    severity="warning",
                )


@attrs.frozen
class Part:
    """One thing an evaluator scores: a criterion, or a sub-criterion when rolled up by weight."""

    id: str
    criterion: Criterion
    title: str
    guidance: str
    scale: Scale


def scored_parts(rubric: Rubric) -> list[Part]:
    """Every scored part of every qualitative criterion, in rubric order."""
    parts: list[Part] = []
    for criterion in rubric.qualitative():
        scale = rubric.scale(criterion.scale or "")
        subs = {s.id: s for s in criterion.sub_criteria}
        for pid in criterion.scored_parts:
            sub = subs.get(pid)
            if sub is None:
                parts.append(Part(pid, criterion, criterion.title, criterion.guidance, scale))
            else:
                parts.append(
                    Part(
                        pid,
                        criterion,
                        f"{criterion.title}: {sub.title}",
                        sub.guidance or criterion.guidance,
                        scale,
                    )
                )
    return parts


@attrs.frozen
class BidderRef:
    """A bidder as the evaluation forms know it: the response file's stem, its path inside the
    tender folder (``responses/acme.xlsx``), its SHA-256 and the legal name given (if read)."""

    key: str
    file: str
    sha256: str
    name: str = ""
    #: The status tender.yaml records for a bid not assessed ("late"...); "" when assessed.
    status: str = ""


def scale_text(scale: Scale) -> str:
    """``0 No response: ...`` lines, one per level."""
    return "\n".join(f"{plain(lv.score)} {lv.label}: {lv.descriptor}" for lv in scale.levels)


def scale_choices(scale: Scale) -> str:
    """``0, 20, 40, 60, 80 or 100``."""
    scores = [plain(s) for s in scale.scores]
    return ", ".join(scores[:-1]) + f" or {scores[-1]}" if len(scores) > 1 else scores[0]


def found(raw: object) -> str:
    """How a cell value is quoted in a message: ``"sixty"``, ``50``, ``an empty cell``."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return "an empty cell"
    if isinstance(raw, str):
        text = " ".join(raw.split())
        return f'"{text[:59] + "…" if len(text) > 60 else text}"'
    if isinstance(raw, bool):
        return "TRUE" if raw else "FALSE"
    value = parse_decimal(raw, allow_negative=True)
    return plain(value) if not isinstance(value, Invalid) else f'"{parse_text(raw)}"'


def read_score(
    reader: FormReader, field: Field, scale: Scale
) -> tuple[Decimal | None, CellValue | None, bool]:
    """(score or None, cell, ok): a blank cell is None and ok; a score off the scale is a problem."""
    cell, raw, usable = reader.raw(field)
    if cell is None or not usable:
        return None, cell, False
    if is_blank_value(raw):
        return None, cell, True
    value = parse_decimal(raw, allow_negative=True)
    if isinstance(value, Invalid) or value not in scale.scores:
        reader.add(
            f"expected a score on the scale ({scale_choices(scale)}), found {found(raw)}",
            cell=cell.ref,
            context=field.context,
        )
        return None, cell, False
    return value, cell, True


def column_runs(cells: list[str]) -> list[str]:
    """Cells as ranges of consecutive rows in one column: ``[D5, D6, D8]`` -> ``[D5:D6, D8]``."""
    runs: list[list[tuple[int, int]]] = []
    for row, col in sorted(parse_cell(c) for c in cells):
        last = runs[-1][-1] if runs else None
        if last is not None and last[1] == col and last[0] + 1 == row:
            runs[-1].append((row, col))
        else:
            runs.append([(row, col)])
    out = []
    for run in runs:
        first, end = cell_name(*run[0]), cell_name(*run[-1])
        out.append(first if first == end else f"{first}:{end}")
    return out


def lists_sheet(wb: Workbook, scales: list[Scale]) -> dict[str, str]:
    """The hidden ``_lists`` sheet: Yes/No in column A, each scale's scores in a column after.
    Returns scale id -> the range a dropdown points at (``_lists!$B$2:$B$7``)."""
    ws = wb.create_sheet(LISTS)
    ws["A1"] = "Yes/No"
    ws["A2"], ws["A3"] = YES_NO
    ranges: dict[str, str] = {}
    for col, scale in enumerate(scales, start=2):
        ws.cell(1, col, scale.id)
        for row, score in enumerate(scale.scores, start=2):
            ws.cell(row, col, int(score) if score == score.to_integral_value() else score)
        letters = column_letters(col)
        ranges[scale.id] = f"{LISTS}!${letters}$2:${letters}${len(scale.scores) + 1}"
    ws.sheet_state = "hidden"
    return ranges
