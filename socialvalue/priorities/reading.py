"""Reading a consultation's answers: CSV or xlsx, one row per respondent (docs/priorities.md).

Both layouts have a header row: ``respondent``, any declared respondent fields (ward, age band:
never used in the maths), then one column per item (its rank, or its points) or, for pairwise
comparison, one column per pair headed ``A vs B`` (how many times more important A is than B,
on Saaty's scale 1/9..9). Every bad row is named by file and line (CSV) or Sheet!cell (xlsx),
all reported together.
"""

from __future__ import annotations

import csv
import hashlib
import io
from collections.abc import Callable, Sequence
from decimal import Context, Decimal, InvalidOperation, localcontext
from fractions import Fraction
from pathlib import Path
from typing import Any

import attrs

from ..errors import InputError, Problems, display_path
from ..files import read_regular_file
from ..workbook.cells import cell_name
from ..workbook.reader import read_checked_bytes
from ..workbook.safety import load_checked
from ..workbook.values import decimal_from_float
from .methods import Method

MAX_BYTES = 20 * 1024 * 1024
#: No rank, point or ratio is larger (so exact arithmetic on an answer stays small).
MAX_ANSWER = 1000
SHEET = "Responses"
RESPONDENT = "respondent"
PAIR = " vs "
#: Saaty's scale: 1..9 and their reciprocals.
SCALE = tuple(Fraction(k) for k in range(1, 10)) + tuple(Fraction(1, k) for k in range(2, 10))


#: Where a cell is, as Problems.add takes it: a line (CSV) or a Sheet!cell (xlsx).
Where = Callable[[int, int], dict[str, Any]]


@attrs.frozen
class Answers:
    """The rows read, keyed by respondent, each an item -> value (or pair -> ratio) mapping."""

    file: str
    sha256: str
    rows: dict[str, dict[str, Decimal]]
    pairs: dict[str, dict[tuple[str, str], Decimal]]


def pair_header(a: str, b: str) -> str:
    return f"{a}{PAIR}{b}"


def read_answers(
    path: Path, ids: Sequence[str], method: Method, fields: Sequence[str] = ()
) -> Answers:
    """Read and check every row; raise :class:`InputError` with every problem found."""
    name = display_path(path)
    data = read_regular_file(path, name, MAX_BYTES)
    sha = hashlib.sha256(data).hexdigest()
    if path.suffix.lower() == ".xlsx":
        checked, found = load_checked(path, name, data=data)  # the bytes hashed are those read
        if checked is None:
            raise InputError(found)
        book = read_checked_bytes(checked, name, problems=found)
        sheet = book.find_sheet(SHEET)
        if sheet is None:
            raise InputError.single(name, f'the workbook has no sheet called "{SHEET}"')
        grid = [[_text(v) for v in row] for row in sheet.rows]
        where: Where = lambda r, c: {"cell": f"{SHEET}!{cell_name(r, c)}"}  # noqa: E731
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise InputError.single(name, f"is not UTF-8 text (byte {exc.start})") from None
        grid = [[c.strip() for c in row] for row in csv.reader(io.StringIO(text))]
        where = lambda r, c: {"line": r}  # noqa: E731
    return _check(name, sha, grid, ids, method, fields, where)


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float):
        return f"{decimal_from_float(value).normalize():f}"
    return str(value).strip()


def _check(
    name: str,
    sha: str,
    grid: list[list[str]],
    ids: Sequence[str],
    method: Method,
    fields: Sequence[str],
    where: Where,
) -> Answers:
    found = Problems(name)
    if not grid or not any(grid[0]):
        raise InputError.single(name, "has no header row", **where(1, 1))
    header = grid[0]
    ahp = method == "ahp"
    pairs = {pair_header(a, b): (a, b) for x, a in enumerate(ids) for b in ids[x + 1 :]}
    wanted = list(pairs) if ahp else list(ids)
    columns: dict[str, int] = {}
    for c, head in enumerate(header, start=1):
        if head in columns:
            found.add(f'the column "{head}" appears twice', **where(1, c))
        elif head == RESPONDENT or head in fields or head in wanted:
            columns[head] = c
        elif head:
            what = "pair" if ahp else "criterion"
            found.add(
                f'unknown {what} "{head}": expected one of {", ".join(wanted)}', **where(1, c)
            )
    for head in [RESPONDENT, *wanted]:
        if head not in columns:
            found.add(f'no column "{head}"', **where(1, len(header) + 1))
    found.raise_if_any()
    rows: dict[str, dict[str, Decimal]] = {}
    judged: dict[str, dict[tuple[str, str], Decimal]] = {}
    first: dict[str, int] = {}
    for r, row in enumerate(grid[1:], start=2):
        cells = {h: (row[c - 1] if c - 1 < len(row) else "") for h, c in columns.items()}
        if not any(cells.values()):
            continue
        who = cells[RESPONDENT]
        if not who:
            found.add("no respondent id", **where(r, columns[RESPONDENT]))
        elif who in first:
            found.add(
                f'respondent "{who}" answered twice (first in row {first[who]})',
                **where(r, columns[RESPONDENT]),
            )
        else:
            first[who] = r
        values: dict[str, Decimal] = {}
        for head in wanted:
            raw = cells[head]
            try:
                values[head] = _number(raw)
            except ValueError as exc:
                found.add(f"{head}: {exc}", **where(r, columns[head]))
        problem = _row_problem(method, ids, values) if len(values) == len(wanted) else None
        if problem:
            found.add(problem, **where(r, columns[RESPONDENT]))
        if who and who not in rows and len(values) == len(wanted) and not problem:
            if ahp:
                judged[who] = {pairs[h]: _on_scale(v) for h, v in values.items()}
            else:
                rows[who] = values
    if not rows and not judged and not found:
        found.add("has no responses", **where(2, 1))
    found.raise_if_any()
    return Answers(name, sha, rows, judged)


def _on_scale(value: Decimal) -> Decimal:
    """The scale value an answer stands for (0.333 read from a workbook is 1/3), to 40 digits."""
    snapped = Fraction(value).limit_denominator(9)
    with localcontext(Context(prec=40)):
        return Decimal(snapped.numerator) / Decimal(snapped.denominator)


def _part(text: str) -> Decimal:
    value = Decimal(text)
    exponent = value.as_tuple().exponent
    if not value.is_finite() or not isinstance(exponent, int) or not -12 <= exponent <= 3:
        raise InvalidOperation
    return value


def _number(raw: str) -> Decimal:
    if not raw:
        raise ValueError("no answer: the ranking is incomplete (answer every item)")
    try:
        if "/" in raw:
            top, _, bottom = raw.partition("/")
            value = _part(top) / _part(bottom)
        else:
            value = _part(raw)
    except (InvalidOperation, ZeroDivisionError):
        raise ValueError(f'"{raw[:40]}" is not a number') from None
    if not value.is_finite():
        raise ValueError(f'"{raw[:40]}" is not a number')
    if abs(value) > MAX_ANSWER:
        raise ValueError(f'"{raw[:40]}" is too large (at most {MAX_ANSWER})')
    return value


def _in_scale(value: Decimal) -> bool:
    snapped = Fraction(value).limit_denominator(9)
    return snapped in SCALE and abs(Fraction(value) - snapped) < Fraction(1, 1000)


def _row_problem(method: Method, ids: Sequence[str], values: dict[str, Decimal]) -> str | None:
    n = len(ids)
    if method == "points":
        if any(v < 0 for v in values.values()):
            return "points cannot be negative"
        total = sum(values.values(), Decimal(0))
        if total != 100:
            return f"the points add up to {total.normalize():f}, not 100"
        return None
    if method == "ahp":
        bad = [h for h, v in values.items() if not _in_scale(v)]
        if bad:
            return f"{', '.join(bad)}: outside the 1/9..9 scale (use 1-9 or 1/2-1/9)"
        return None
    ranks = sorted(values.values())
    if any(v != v.to_integral_value() or not 1 <= v <= n for v in ranks):
        return f"ranks must be whole numbers from 1 to {n}"
    if len(set(ranks)) != n:
        dup = sorted({int(v) for v in ranks if ranks.count(v) > 1})
        return f"rank {', '.join(map(str, dup))} given twice: rank each item once, 1 to {n}"
    return None
