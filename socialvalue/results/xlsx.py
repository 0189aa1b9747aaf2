"""results.xlsx: the evaluation as a workbook whose totals are live formulas over the inputs.

Sheets:

* ``Summary``: tender, rubric, status and outcome; one row per bidder whose totals are formulas
  pointing at the bidder's sheet, beside the engine's figures and a check column.
* ``Inputs``: contract value, social value percent, total marks, every criterion's weight and
  available marks, scale maxima and proxy values: the values every formula starts from.
* ``Reference``: the best eligible value of each relative quantitative criterion (``MAX`` over the
  eligible bidders' sheets: disqualified bids are left out, as in the engine).
* One sheet per bidder: quantities x proxies = GBP, cap, % of contract, method, fraction, weighted
  points; each evaluator's score, mean, consensus, final score, fraction; sections and totals.

Formulas compute what the engine computed; ``ROUND`` appears only where the rubric rounds.
Spreadsheet arithmetic is binary floating point, so:

* ``half_up`` uses ``ROUND`` (half away from zero; every figure here is 0 or more);
* ``half_even`` has no spreadsheet function: it is emulated as
  ``IF(ABS(MOD(y,2)-0.5)<=1E-9*MAX(1,y), ROUNDDOWN(y,0), ROUND(y,0))/10^places`` with
  ``y = x*10^places``: an exact half (within floating-point noise) goes to the even neighbour;
* band comparisons use the percentage computed as ``counted*100/contract`` plus a tolerance of
  1E-9 (``pct+1E-9>=at_least``), so a bid exactly on a band boundary is not lost to floating-point
  noise (no ROUND: the rubric does not round there).

Each key figure has the engine's exact result beside it (column D) and a check (column E) that
says ``ok`` when the formula agrees to 1E-9. Text from bidders, evaluators and the rubric is
written as string cells, and text starting with ``= + - @``, tab, CR or LF gets a visible leading
apostrophe (:func:`socialvalue.workbook.values.neutralise_formula`), so it is never a formula.
The file is reproducible (fixed document and zip times) and written atomically.
"""

from __future__ import annotations

import datetime as dt
import functools
import os
import re
import weakref
from collections.abc import Iterable
from decimal import Decimal
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell.cell import Cell, MergedCell
from openpyxl.styles import Alignment, Font
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils.cell import coordinate_to_tuple, get_column_letter
from openpyxl.worksheet.merge import MergedCellRange
from openpyxl.worksheet.worksheet import Worksheet

from ..rubric import methods
from ..rubric.model import Criterion
from ..scoring.arith import exact, plain
from ..scoring.quantitative import EngineNumbers
from ..scoring.result import BidderResult, CriterionResult, Evaluation
from ..workbook.cells import quote_sheet
from ..workbook.writer import (
    BOLD,
    FIXED_TIME,
    TITLE_FONT,
    WRAP,
    new_workbook,
    save_workbook,
    set_text,
)

TOLERANCE = "1E-9"
_SHEET_BAD = re.compile(r"[\[\]:*?/\\']")


def _ref(sheet: str, cell: str) -> str:
    column = "".join(ch for ch in cell if ch.isalpha())
    row = "".join(ch for ch in cell if ch.isdigit())
    return f"{quote_sheet(sheet)}!${column}${row}"


def round_formula(cell: str, places: int, rule: str) -> str:
    """A formula rounding the value in ``cell`` as the rubric says (see the module docstring)."""
    if rule == "half_up":
        return f"ROUND({cell},{places})"
    y = f"({cell}*10^{places})"
    return (
        f"IF(ABS(MOD({y},2)-0.5)<={TOLERANCE}*MAX(1,{y}),ROUNDDOWN({y},0),ROUND({y},0))/10^{places}"
    )


def _num(value: Decimal) -> Decimal:
    """An exact input value as written to a cell (normalised; openpyxl writes its text)."""
    return Decimal(plain(value))


def _engine(value: Decimal) -> Decimal:
    """The engine's figure for comparison (15 significant digits: what a spreadsheet holds)."""
    with exact():
        return Decimal(plain(value.quantize(Decimal(1).scaleb(value.adjusted() - 14))))


class _Book:
    """Collects formulas with ``{name}`` placeholders, resolved once every cell is placed."""

    def __init__(self) -> None:
        self.wb = new_workbook()
        self.names: dict[str, str] = {}
        self.pending: list[tuple[Worksheet, str, str]] = []

    def sheet(self, title: str) -> Worksheet:
        return self.wb.create_sheet(title)

    def name(self, key: str, sheet: Worksheet, cell: str) -> None:
        self.names[key] = _ref(sheet.title, cell)

    def formula(self, ws: Worksheet, cell: str, template: str) -> None:
        self.pending.append((ws, cell, template))

    def resolve(self) -> None:
        for ws, cell, template in self.pending:
            _put(ws, cell, "=" + template.format_map(self.names))


@functools.cache
def _position(ref: str) -> tuple[int, int]:
    """``"B5"`` -> ``(5, 2)``; the same few thousand references recur on every bidder sheet."""
    return coordinate_to_tuple(ref)


def _at(ws: Worksheet, ref: str) -> Cell:
    """The cell at ``ref`` (created when new), as ``ws[ref]`` but without parsing it each time."""
    position = _position(ref)
    cell = ws._cells.get(position)
    if cell is None:
        cell = Cell(ws, row=position[0], column=position[1])
        ws._add_cell(cell)
    return cell


def _put(ws: Worksheet, ref: str, value: object) -> None:
    _at(ws, ref).value = value


_STYLE_KEYS = {"font": "fontId", "alignment": "alignmentId"}
_STYLE_IDS: weakref.WeakKeyDictionary[Workbook, dict[tuple[str, int], int]] = (
    weakref.WeakKeyDictionary()
)


def _style(cell: Cell, attribute: str, value: Font | Alignment) -> None:
    """``setattr(cell, attribute, value)`` for one of the module's shared fonts and alignments.

    openpyxl looks the style up in the workbook's list (hashing it) at every assignment; here
    that happens once per workbook and style, the first time it is used (so styles are listed in
    the same order), and later cells get the index it returned.
    """
    ids = _STYLE_IDS.setdefault(cell.parent.parent, {})
    key = (attribute, id(value))
    index = ids.get(key)
    if index is None:
        setattr(cell, attribute, value)
        ids[key] = getattr(cell._style, _STYLE_KEYS[attribute])
        return
    if cell._style is None:
        cell._style = StyleArray()
    setattr(cell._style, _STYLE_KEYS[attribute], index)


def _merge_across(ws: Worksheet, row: int, first: int = 2, last: int = 8) -> None:
    """Merge columns ``first`` to ``last`` (B:H) of ``row``, as ``ws.merge_cells`` does.

    ``merge_cells`` checks the new range against every range merged before (quadratic in a
    sheet's merges) and restyles every cell of it; for a plain first cell (no border, default
    protection) and a last cell not yet written, that restyling changes nothing, so only the
    range and its :class:`MergedCell` placeholders are added. Anything else goes to openpyxl.
    """
    coord = f"{get_column_letter(first)}{row}:{get_column_letter(last)}{row}"
    start = ws.cell(row, first)
    plain_start = start._style is None or (
        start._style.borderId == 0 and start._style.protectionId == 0
    )
    if not plain_start or (row, last) in ws._cells:
        ws.merge_cells(coord)
        return
    ws.merged_cells.ranges.add(MergedCellRange(ws, coord))
    for column in range(first + 1, last + 1):
        ws._cells[row, column] = MergedCell(ws, row, column)


def _text(ws: Worksheet, cell: str, text: str, font: Font | None = None) -> None:
    target = _at(ws, cell)
    set_text(target, text)
    if font is not None:
        _style(target, "font", font)


def _value(ws: Worksheet, cell: str, value: Decimal | int | None) -> None:
    if value is None:
        return
    _put(ws, cell, _num(value) if isinstance(value, Decimal) else value)


def _figure(
    book: _Book, ws: Worksheet, row: int, label: str, template: str, engine: Decimal | None
) -> str:
    """A labelled formula in column C with the engine's figure in D and a check in E."""
    _text(ws, f"B{row}", label)
    book.formula(ws, f"C{row}", template)
    if engine is not None:
        _put(ws, f"D{row}", _engine(engine))
        _put(ws, f"E{row}", f'=IF(ABS(C{row}-D{row})<={TOLERANCE}*MAX(1,ABS(D{row})),"ok","CHECK")')
    return f"C{row}"


def _sheet_names(bidders: Iterable[BidderResult]) -> dict[str, str]:
    names: dict[str, str] = {}
    used = {"summary", "inputs", "reference"}
    for i, b in enumerate(bidders, 1):
        base = _SHEET_BAD.sub("_", f"{i:02d} {b.key}")[:31].strip() or f"{i:02d}"
        name, n = base, 2
        while name.casefold() in used:
            suffix = f" ({n})"
            name, n = base[: 31 - len(suffix)] + suffix, n + 1
        used.add(name.casefold())
        names[b.key] = name
    return names


# ---------------------------------------------------------------- Inputs and Reference


def _inputs_sheet(book: _Book, ev: Evaluation) -> None:
    rubric = ev.inputs.rubric
    ws = book.sheet("Inputs")
    _text(ws, "A1", "Inputs: the values every formula starts from", TITLE_FONT)
    rows = [
        ("contract", "Contract value", ev.inputs.tender.contract_value),
        ("sv", "Social value percent of the whole evaluation", ev.weighting.social_value_percent),
    ]
    r = 3
    for key, label, value in rows:
        _text(ws, f"A{r}", label)
        _value(ws, f"B{r}", value)
        book.name(f"in_{key}", ws, f"B{r}")
        r += 1
    total_row = r
    _text(ws, f"A{total_row}", "Social value marks available (total marks)")
    book.name("in_total_marks", ws, f"B{total_row}")
    r += 2
    header = ("Criterion", "Title", "Type", "Section", "Section weight", "Weight", "Marks")
    for col, text in zip("ABCDEFG", header, strict=True):
        _text(ws, f"{col}{r}", text, BOLD)
    first = r + 1
    for section in rubric.sections:
        for c in section.criteria:
            r += 1
            _text(ws, f"A{r}", c.id)
            _text(ws, f"B{r}", c.title)
            _text(ws, f"C{r}", c.type)
            _text(ws, f"D{r}", section.id)
            _value(ws, f"E{r}", section.weight)
            _value(ws, f"F{r}", c.weight)
            if rubric.weights == "percent":
                _put(ws, f"G{r}", f"=E{r}*F{r}/100")
            else:
                _put(ws, f"G{r}", f"=F{r}")
            book.name(f"in_marks_{c.id}", ws, f"G{r}")
    last = r
    if rubric.weights == "percent":
        _value(ws, f"B{total_row}", Decimal(100))
    else:
        _put(ws, f"B{total_row}", f"=SUM(G{first}:G{last})")
    r += 2
    _text(ws, f"A{r}", "Scale", BOLD)
    _text(ws, f"B{r}", "Title", BOLD)
    _text(ws, f"C{r}", "Maximum", BOLD)
    _text(ws, f"D{r}", "Step", BOLD)
    for scale in rubric.scales:
        r += 1
        _text(ws, f"A{r}", scale.id)
        _text(ws, f"B{r}", scale.title)
        _value(ws, f"C{r}", scale.maximum)
        _value(ws, f"D{r}", scale.step)
        book.name(f"in_scalemax_{scale.id}", ws, f"C{r}")
    proxies = ev.inputs.proxies
    if proxies is not None:
        r += 2
        label = proxies.label
        _text(ws, f"A{r}", f"Proxy values: {label}", BOLD)
        r += 1
        _text(ws, f"A{r}", f"Source: {proxies.source}; licence {proxies.licence}")
        r += 1
        for col, text in zip(
            "ABCD", ("Measure", "Unit", "Value (GBP per unit)", "Note"), strict=True
        ):
            _text(ws, f"{col}{r}", text, BOLD)
        for _, m in rubric.measures():
            pv = proxies.value(m.id)
            if pv is None:
                continue
            r += 1
            _text(ws, f"A{r}", pv.measure)
            _text(ws, f"B{r}", pv.unit)
            _value(ws, f"C{r}", pv.value)
            _text(ws, f"D{r}", pv.note)
            book.name(f"in_proxy_{m.id}", ws, f"C{r}")
    ws.column_dimensions["A"].width = 44
    ws.column_dimensions["B"].width = 40


def _reference_sheet(book: _Book, ev: Evaluation, sheets: dict[str, str]) -> None:
    rubric = ev.inputs.rubric
    ws = book.sheet("Reference")
    _text(ws, "A1", "Best eligible value of each relative criterion (the divisor)", TITLE_FONT)
    eligible = sorted(b.key for b in ev.bidders if b.eligible)
    pool = eligible or sorted(b.key for b in ev.bidders)
    note = (
        "Eligible bids only (disqualified bids are never the reference)."
        if eligible
        else "No bid is eligible: all bids, for information only."
    )
    _text(ws, "A2", note)
    r = 3
    for c in rubric.quantitative():
        assert c.method is not None
        if not methods.get(c.method.kind).relative:
            continue
        r += 1
        _text(ws, f"A{r}", c.id)
        cells = ",".join(f"{{b_{k}_basis_{c.id}}}" for k in pool)
        method = ev.bidders[0].criterion(c.id).method if ev.bidders else None
        engine = method.reference_value if method else None
        _figure(book, ws, r, f"Best value on {c.id}", f"MAX({cells})" if pool else "0", engine)
        _text(ws, f"F{r}", f"Best of: {', '.join(pool)}")
        book.name(f"ref_{c.id}", ws, f"C{r}")
    ws.column_dimensions["A"].width = 12
    ws.column_dimensions["B"].width = 30


# ---------------------------------------------------------------- bidder sheets


class _MethodRows:
    """The rows a scoring method writes on a bidder's sheet (:class:`methods.Sheet`)."""

    tolerance = TOLERANCE

    def __init__(
        self, book: _Book, ws: Worksheet, row: int, key: str, cid: str, counted: str, pct: str
    ) -> None:
        self.book, self.ws, self.row, self.key, self.cid = book, ws, row, key, cid
        self.counted, self.percent = counted, pct
        self.reference = "{ref_" + cid + "}"

    def figure(
        self,
        label: str,
        template: str,
        engine: Decimal | None,
        setting: tuple[str, Decimal | str] | None = None,
    ) -> str:
        self.row += 1
        if setting is not None:
            name, value = setting
            _text(self.ws, f"A{self.row}", name)
            if isinstance(value, str):
                _text(self.ws, f"F{self.row}", value)
            else:
                _value(self.ws, f"F{self.row}", value)
            template = template.replace("{setting}", f"F{self.row}")
        return _figure(self.book, self.ws, self.row, label, template, engine)

    def basis(self, cell: str) -> None:
        self.book.name(f"b_{self.key}_basis_{self.cid}", self.ws, cell)

    def fraction_of(self, criterion: str) -> str:
        return "{b_" + self.key + "_frac_" + criterion + "}"


def _figures(res: CriterionResult) -> methods.Figures:
    """A quantitative criterion's recorded figures, as a method's sheet rows compare them."""
    m = res.method
    assert m is not None and res.counted_gbp_value is not None
    return methods.Figures(
        fraction=res.fraction,
        counted=res.counted_gbp_value,
        reference_value=m.reference_value,
        credibility_criterion=m.credibility_criterion,
        credibility_fraction=m.credibility_fraction,
        adjusted_value=m.adjusted_value,
        band=m.band,
        target_percent=m.target_percent,
    )


def _quantitative_block(
    book: _Book, ws: Worksheet, row: int, ev: Evaluation, b: BidderResult, c: Criterion
) -> int:
    res = b.criterion(c.id)
    method = c.method
    assert method is not None and res.method is not None
    _text(ws, f"A{row}", f"{c.id}  {c.title}", BOLD)
    row += 1
    header = ("Measure", "Title", "Unit", "Quantity", "Proxy value", "GBP value", "Evidence")
    for col, text in zip("ABCDEFG", header, strict=True):
        _text(ws, f"{col}{row}", text, BOLD)
    first = row + 1
    for line in res.measures:
        row += 1
        _text(ws, f"A{row}", line.id)
        _text(ws, f"B{row}", line.title + ("" if line.entered else " (no row in the response: 0)"))
        _text(ws, f"C{row}", line.unit)
        _value(ws, f"D{row}", line.quantity)
        if line.record_only:
            _text(ws, f"E{row}", "record only")
        else:
            book.formula(ws, f"E{row}", "{in_proxy_" + line.id + "}")
            _put(ws, f"F{row}", f"=D{row}*E{row}")
        _text(ws, f"G{row}", line.evidence)
        _style(_at(ws, f"G{row}"), "alignment", WRAP)
    last = row
    k = b.key
    row += 1
    gbp = _figure(book, ws, row, "GBP value", f"SUM(F{first}:F{last})", res.gbp_value)
    if method.cap_percent_of_contract is not None:
        row += 1
        _text(ws, f"A{row}", "cap %")
        _value(ws, f"F{row}", method.cap_percent_of_contract)
        cap = _figure(
            book,
            ws,
            row,
            "Cap (cap % x contract value / 100)",
            f"F{row}*{{in_contract}}/100",
            res.cap_amount,
        )
        row += 1
        counted = _figure(
            book, ws, row, "Counted GBP value", f"MIN({gbp},{cap})", res.counted_gbp_value
        )
    else:
        row += 1
        counted = _figure(book, ws, row, "Counted GBP value", f"{gbp}", res.counted_gbp_value)
    row += 1
    pct = _figure(
        book,
        ws,
        row,
        "% of contract value (counted)",
        f"{counted}*100/{{in_contract}}",
        res.counted_percent_of_contract,
    )
    sheet = _MethodRows(book, ws, row, k, c.id, counted, pct)
    numbers = EngineNumbers(ev.inputs.rubric.currency)
    frac = methods.get(method.kind).spreadsheet(sheet, method, _figures(res), numbers)
    row = sheet.row
    return _weighted(book, ws, row, ev, b, c, res, frac)


def _weighted(
    book: _Book,
    ws: Worksheet,
    row: int,
    ev: Evaluation,
    b: BidderResult,
    c: Criterion,
    res: CriterionResult,
    frac: str,
) -> int:
    rounding = ev.inputs.rubric.rounding
    book.name(f"b_{b.key}_frac_{c.id}", ws, frac)
    row += 1
    marks = _figure(book, ws, row, "Marks available", "{in_marks_" + c.id + "}", res.marks)
    row += 1
    points = _figure(
        book, ws, row, "Weighted points (fraction x marks)", f"{frac}*{marks}", res.weighted_points
    )
    book.name(f"b_{b.key}_points_{c.id}", ws, points)
    if rounding.stage == "criterion":
        row += 1
        assert res.weighted_points_rounded is not None
        rounded = _figure(
            book,
            ws,
            row,
            f"Weighted points rounded ({rounding.places} places, {rounding.rule})",
            round_formula(points, rounding.places, rounding.rule),
            res.weighted_points_rounded,
        )
        book.name(f"b_{b.key}_rounded_{c.id}", ws, rounded)
    row += 1
    _text(ws, f"A{row}", "Explanation")
    _text(ws, f"B{row}", res.explanation)
    _merge_across(ws, row)
    _style(_at(ws, f"B{row}"), "alignment", WRAP)
    return row + 2


def _qualitative_block(
    book: _Book,
    ws: Worksheet,
    row: int,
    ev: Evaluation,
    b: BidderResult,
    c: Criterion,
    evaluators: list[str],
) -> int:
    res = b.criterion(c.id)
    _text(ws, f"A{row}", f"{c.id}  {c.title}", BOLD)
    row += 1
    n = len(evaluators)
    cols = [_col(4 + i) for i in range(n)]
    c_spread, c_mean, c_cons, c_final, c_max, c_frac, c_basis = (_col(4 + n + i) for i in range(7))
    header = [
        "Part",
        "Title",
        "Share",
        *evaluators,
        "Spread",
        "Mean",
        "Consensus",
        "Final",
        "Scale max",
        "Fraction",
        "Basis",
    ]
    for i, text in enumerate(header):
        _text(ws, f"{_col(1 + i)}{row}", text, BOLD)
    first = row + 1
    subs_total = sum((s.weight for s in c.sub_criteria), Decimal(0))
    subs = {s.id: s for s in c.sub_criteria}
    for part in res.parts:
        row += 1
        _text(ws, f"A{row}", part.id)
        _text(ws, f"B{row}", part.title)
        if part.id in subs and part.id != c.id:
            _put(ws, f"C{row}", f"={plain(subs[part.id].weight)}/{plain(subs_total)}")
        else:
            _put(ws, f"C{row}", 1)
        by_evaluator = {s.evaluator: s for s in part.scores}
        for ev_id, col in zip(evaluators, cols, strict=True):
            s = by_evaluator.get(ev_id)
            if s is not None and s.score is not None:
                _value(ws, f"{col}{row}", s.score)
        span = f"{cols[0]}{row}:{cols[-1]}{row}" if cols else None
        if span and any(s.score is not None for s in part.scores):
            _put(ws, f"{c_spread}{row}", f"=MAX({span})-MIN({span})")
            _put(ws, f"{c_mean}{row}", f"=AVERAGE({span})")
        else:
            _put(ws, f"{c_spread}{row}", 0)
        if part.consensus is not None:
            _value(ws, f"{c_cons}{row}", part.consensus.score)
        if part.basis in ("consensus", "consensus_only"):
            _put(ws, f"{c_final}{row}", f"={c_cons}{row}")
        elif part.basis == "missing":
            _value(ws, f"{c_final}{row}", part.final_score)  # the scale minimum stands in
        else:
            _put(ws, f"{c_final}{row}", f"={c_mean}{row}")
        assert c.scale is not None
        book.formula(ws, f"{c_max}{row}", "{in_scalemax_" + c.scale + "}")
        _put(ws, f"{c_frac}{row}", f"={c_final}{row}/{c_max}{row}")
        _text(ws, f"{c_basis}{row}", part.basis + (" (provisional)" if part.provisional else ""))
    last = row
    row += 1
    if len(res.parts) == 1:
        template = f"{c_frac}{first}"
    else:
        template = f"SUMPRODUCT(C{first}:C{last},{c_frac}{first}:{c_frac}{last})"
    frac = _figure(book, ws, row, "Fraction of the criterion", template, res.fraction)
    row = _weighted(book, ws, row, ev, b, c, res, frac)
    # evaluators' rationales, for the record
    for part in res.parts:
        for s in part.scores:
            _text(ws, f"A{row}", f"{part.id} {s.evaluator}")
            _text(ws, f"B{row}", s.rationale)
            _merge_across(ws, row)
            row += 1
        if part.consensus is not None:
            _text(ws, f"A{row}", f"{part.id} consensus")
            _text(ws, f"B{row}", part.consensus.rationale)
            _merge_across(ws, row)
            row += 1
    return row + 1


def _col(index: int) -> str:
    letters = ""
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def _bidder_sheet(
    book: _Book, ev: Evaluation, b: BidderResult, title: str, evaluators: list[str]
) -> None:
    rubric = ev.inputs.rubric
    rounding = rubric.rounding
    ws = book.sheet(title)
    _text(ws, "A1", b.name, TITLE_FONT)
    _text(ws, "A2", f"Key {b.key}; status {b.status}" + (f"; rank {b.rank}" if b.rank else ""))
    reasons = " ".join(r.text for r in b.disqualification)
    if reasons:
        _text(ws, "A3", reasons)
    for col, text in zip("ABCDE", ("", "Figure", "Formula", "Engine", "Check"), strict=True):
        if text:
            _text(ws, f"{col}4", text, BOLD)
    # Totals first (they point at the blocks below).
    row = 5
    section_cells = []
    for s_res, section in zip(b.sections, rubric.sections, strict=True):
        ids = [c.id for c in section.criteria]
        pts = ",".join("{b_" + b.key + "_points_" + cid + "}" for cid in ids)
        _text(ws, f"A{row}", section.id)
        cell = _figure(book, ws, row, f"Section {section.id} points", f"SUM({pts})", s_res.points)
        book.name(f"b_{b.key}_section_{section.id}", ws, cell)
        if rounding.stage == "criterion":
            row += 1
            rounded = ",".join("{b_" + b.key + "_rounded_" + cid + "}" for cid in ids)
            cell = _figure(
                book,
                ws,
                row,
                f"Section {section.id} (sum of rounded criteria)",
                f"SUM({rounded})",
                s_res.points_rounded,
            )
            section_cells.append(cell)
        elif rounding.stage == "section":
            row += 1
            cell = _figure(
                book,
                ws,
                row,
                f"Section {section.id} rounded ({rounding.places} places, {rounding.rule})",
                round_formula(cell, rounding.places, rounding.rule),
                s_res.points_rounded,
            )
            section_cells.append(cell)
        row += 1
    t = b.totals
    sums = ",".join("{b_" + b.key + "_points_" + c.id + "}" for _, c in rubric.criteria())
    total = _figure(book, ws, row, "Social value total", f"SUM({sums})", t.total)
    book.name(f"b_{b.key}_total", ws, total)
    row += 1
    if rounding.stage == "total":
        template = round_formula(total, rounding.places, rounding.rule)
        label = f"Total rounded ({rounding.places} places, {rounding.rule})"
    else:
        template = f"SUM({','.join(section_cells)})"
        label = f"Total (sum of rounded {rounding.stage} figures)"
    rounded_total = _figure(book, ws, row, label, template, t.total_rounded)
    book.name(f"b_{b.key}_total_rounded", ws, rounded_total)
    row += 1
    points = _figure(
        book,
        ws,
        row,
        "Evaluation points (total / total marks x social value %)",
        f"{total}/{{in_total_marks}}*{{in_sv}}",
        t.evaluation_points,
    )
    book.name(f"b_{b.key}_eval", ws, points)
    row += 1
    eval_rounded = _figure(
        book,
        ws,
        row,
        "Evaluation points rounded",
        round_formula(points, rounding.places, rounding.rule),
        t.evaluation_points_rounded,
    )
    book.name(f"b_{b.key}_eval_rounded", ws, eval_rounded)
    row += 2
    for _, c in rubric.criteria():
        if c.qualitative:
            row = _qualitative_block(book, ws, row, ev, b, c, evaluators)
        else:
            row = _quantitative_block(book, ws, row, ev, b, c)
    if b.flags:
        _text(ws, f"A{row}", "Flags (never change a score)", BOLD)
        for f in b.flags:
            row += 1
            _text(ws, f"A{row}", f.code)
            _text(ws, f"B{row}", f.reason)
            _merge_across(ws, row)
    ws.column_dimensions["A"].width = 14
    ws.column_dimensions["B"].width = 48
    ws.column_dimensions["C"].width = 16
    ws.column_dimensions["D"].width = 16
    ws.column_dimensions["G"].width = 40


# ---------------------------------------------------------------- summary and entry point


def _summary_sheet(book: _Book, ev: Evaluation, sheets: dict[str, str]) -> None:
    ws = book.sheet("Summary")
    t = ev.inputs.tender
    rubric = ev.inputs.rubric
    r = rubric.rounding
    _text(ws, "A1", f"{t.reference}: {t.title}", TITLE_FONT)
    lines = [
        f"Buyer: {t.buyer}. Marking: {t.marking}.",
        f"Rubric {rubric.id} version {rubric.version} ({rubric.policy}); sha256 {rubric.sha256}.",
        ev.weighting.text,
        f"Status: {ev.status.state.upper()}. " + " ".join(ev.status.reasons),
        ev.outcome.text,
        f"Rounding: {r.places} places, {r.rule}, at stage {r.stage}; ranked on {r.rank_on} totals. "
        "Formulas compute every total from the Inputs sheet and each bidder's sheet; column "
        "'Engine' holds the scoring engine's exact figure and 'Check' compares them.",
    ]
    if r.rule == "half_even":
        lines.append(
            "Half-even rounding has no spreadsheet function: it is emulated (an exact half, within "
            "floating-point noise of 1E-9, goes to the even neighbour)."
        )
    if ev.inputs.proxies is not None and ev.inputs.proxies.example:
        lines.append(f"Proxy values: {ev.inputs.proxies.label}.")
    for i, line in enumerate(lines, 2):
        _text(ws, f"A{i}", line)
    row = len(lines) + 3
    header = (
        "Rank",
        "Bidder",
        "Name",
        "Status",
        "Total",
        "Total (rounded)",
        "Evaluation points",
        "Evaluation points (rounded)",
        "Engine total (rounded)",
        "Check",
        "Sheet",
        "Reason",
    )
    for i, text in enumerate(header):
        _text(ws, f"{_col(1 + i)}{row}", text, BOLD)
    for b in ev.bidders:
        row += 1
        if b.rank is not None:
            _put(ws, f"A{row}", b.rank)
        _text(ws, f"B{row}", b.key)
        _text(ws, f"C{row}", b.name)
        _text(ws, f"D{row}", b.status + (" (shared rank)" if b.rank_shared else ""))
        book.formula(ws, f"E{row}", "{b_" + b.key + "_total}")
        book.formula(ws, f"F{row}", "{b_" + b.key + "_total_rounded}")
        book.formula(ws, f"G{row}", "{b_" + b.key + "_eval}")
        book.formula(ws, f"H{row}", "{b_" + b.key + "_eval_rounded}")
        _put(ws, f"I{row}", _num(b.totals.total_rounded))
        _put(ws, f"J{row}", f'=IF(ABS(F{row}-I{row})<={TOLERANCE},"ok","CHECK")')
        _text(ws, f"K{row}", sheets[b.key])
        _text(ws, f"L{row}", " ".join(x.text for x in b.disqualification))
    ws.column_dimensions["A"].width = 8
    ws.column_dimensions["C"].width = 30


def build_workbook(ev: Evaluation) -> _Book:
    """The workbook in memory (formulas resolved)."""
    book = _Book()
    sheets = _sheet_names(ev.bidders)
    _summary_sheet(book, ev, sheets)
    _inputs_sheet(book, ev)
    _reference_sheet(book, ev, sheets)
    evaluators = [e.id for e in ev.inputs.tender.evaluators]
    for b in ev.bidders:
        for c in b.criteria:
            for p in c.parts:
                for s in p.scores:
                    if s.evaluator not in evaluators:
                        evaluators.append(s.evaluator)
    for b in ev.bidders:
        _bidder_sheet(book, ev, b, sheets[b.key], evaluators)
    book.resolve()
    return book


def _when(ev: Evaluation) -> dt.datetime:
    generated = ev.inputs.tender.pack.generated
    if generated is None:
        return FIXED_TIME
    if generated.tzinfo is not None:
        generated = generated.astimezone(dt.UTC).replace(tzinfo=None)
    return generated.replace(microsecond=0)


def write_results_xlsx(ev: Evaluation, path: str | os.PathLike[str]) -> Path:
    """Write results.xlsx reproducibly and atomically; returns the path."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    book = build_workbook(ev)
    return save_workbook(book.wb, path, _when(ev))


__all__ = ["build_workbook", "round_formula", "write_results_xlsx"]
