"""A bidder's criterion blocks: measures and method formulas, evaluators' scores, weighted points."""

from __future__ import annotations

from decimal import Decimal

from openpyxl.worksheet.worksheet import Worksheet

from ...rubric import methods
from ...rubric.model import Criterion
from ...scoring.arith import plain
from ...scoring.quantitative import EngineNumbers, method_figures
from ...scoring.result import BidderResult, CriterionResult, Evaluation
from ...workbook.writer import BOLD, WRAP
from .book import TOLERANCE, Book, figure, round_formula, slot
from .cells import cell_at, column_letter, merge_across, put, put_number, put_text, set_style


class MethodRows:
    """The rows a scoring method writes on a bidder's sheet (:class:`methods.Sheet`)."""

    tolerance = TOLERANCE

    def __init__(
        self, book: Book, ws: Worksheet, row: int, key: str, cid: str, counted: str, pct: str
    ) -> None:
        self.book, self.ws, self.row, self.key, self.cid = book, ws, row, key, cid
        self.counted, self.percent = counted, pct
        self.reference = slot(f"ref_{cid}")

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
            put_text(self.ws, f"A{self.row}", name)
            if isinstance(value, str):
                put_text(self.ws, f"F{self.row}", value)
            else:
                put_number(self.ws, f"F{self.row}", value)
            template = template.replace("{setting}", f"F{self.row}")
        return figure(self.book, self.ws, self.row, label, template, engine)

    def basis(self, cell: str) -> None:
        self.book.name(f"b_{self.key}_basis_{self.cid}", self.ws, cell)

    def fraction_of(self, criterion: str) -> str:
        return slot(f"b_{self.key}_frac_{criterion}")


def quantitative_block(
    book: Book, ws: Worksheet, row: int, ev: Evaluation, b: BidderResult, c: Criterion
) -> int:
    res = b.criterion(c.id)
    method = c.method
    assert method is not None and res.method is not None
    put_text(ws, f"A{row}", f"{c.id}  {c.title}", BOLD)
    row += 1
    if res.spend is not None:
        first, row = _spend_lines(ws, row, ev, b, res)
    else:
        first, row = _measure_lines(book, ws, row, res)
    last = row
    k = b.key
    row += 1
    gbp = figure(book, ws, row, "GBP value", f"SUM(F{first}:F{last})", res.gbp_value)
    if method.cap_percent_of_contract is not None:
        row += 1
        put_text(ws, f"A{row}", "cap %")
        put_number(ws, f"F{row}", method.cap_percent_of_contract)
        cap = figure(
            book,
            ws,
            row,
            "Cap (cap % x contract value / 100)",
            f"F{row}*{{in_contract}}/100",
            res.cap_amount,
        )
        row += 1
        counted = figure(
            book, ws, row, "Counted GBP value", f"MIN({gbp},{cap})", res.counted_gbp_value
        )
    else:
        row += 1
        counted = figure(book, ws, row, "Counted GBP value", f"{gbp}", res.counted_gbp_value)
    row += 1
    pct = figure(
        book,
        ws,
        row,
        "% of contract value (counted)",
        f"{counted}*100/{{in_contract}}",
        res.counted_percent_of_contract,
    )
    sheet = MethodRows(book, ws, row, k, c.id, counted, pct)
    numbers = EngineNumbers(ev.inputs.rubric.currency)
    frac = methods.get(method.kind).spreadsheet(sheet, method, method_figures(res), numbers)
    row = sheet.row
    return _weighted(book, ws, row, ev, b, c, res, frac)


def _measure_lines(book: Book, ws: Worksheet, row: int, res: CriterionResult) -> tuple[int, int]:
    """The measures' rows, quantity x proxy value = GBP value in F: (first row, last row)."""
    header = ("Measure", "Title", "Unit", "Quantity", "Proxy value", "GBP value", "Evidence")
    for col, text in zip("ABCDEFG", header, strict=True):
        put_text(ws, f"{col}{row}", text, BOLD)
    if any(line.committed is not None for line in res.measures):
        put_text(ws, f"H{row}", "Committed (panel decision: quantity counted in D)", BOLD)
    first = row + 1
    for line in res.measures:
        row += 1
        put_text(ws, f"A{row}", line.id)
        put_text(
            ws, f"B{row}", line.title + ("" if line.entered else " (no row in the response: 0)")
        )
        put_text(ws, f"C{row}", line.unit)
        put_number(ws, f"D{row}", line.quantity)
        if line.record_only:
            put_text(ws, f"E{row}", "record only")
        else:
            book.formula(ws, f"E{row}", slot(f"in_proxy_{line.id}"))
            put(ws, f"F{row}", f"=D{row}*E{row}")
        put_text(ws, f"G{row}", line.evidence)
        if line.committed is not None:
            put_number(ws, f"H{row}", line.committed)
        set_style(cell_at(ws, f"G{row}"), "alignment", WRAP)
    return first, row


def _spend_lines(
    ws: Worksheet, row: int, ev: Evaluation, b: BidderResult, res: CriterionResult
) -> tuple[int, int]:
    """A spend_plan criterion's plan lines: the planned GBP, and in F what the share counts."""
    assert res.spend is not None
    header = ("Line", "Supplier", "Postcode", "Kind", "Planned GBP", "Counted GBP", "Category")
    for col, text in zip("ABCDEFG", header, strict=True):
        put_text(ws, f"{col}{row}", text, BOLD)
    put_text(ws, f"H{row}", f"Counted: {res.spend.rule}", BOLD)
    plan = next(r.spend_plan for r in ev.inputs.responses if r.key == b.key)
    first = row + 1
    for line in plan:
        row += 1
        put_number(ws, f"A{row}", Decimal(line.line))
        put_text(ws, f"B{row}", line.supplier)
        put_text(ws, f"C{row}", line.postcode or "")
        put_text(ws, f"D{row}", line.kind)
        put_number(ws, f"E{row}", line.amount)
        if line.line in res.spend.counted:
            put(ws, f"F{row}", f"=E{row}")
        else:
            put_number(ws, f"F{row}", Decimal(0))
        put_text(ws, f"G{row}", line.category)
    if res.spend.share == "lm3":
        row = _round3_lines(ws, row, first, ev, b)
    return first, row


def _round3_lines(ws: Worksheet, row: int, first: int, ev: Evaluation, b: BidderResult) -> int:
    """LM3's other parts below the plan lines, so that column F sums to Round 2 + Round 3: the
    local wage bill and both parts re-spent at the declared shares."""
    response = next(r for r in ev.inputs.responses if r.key == b.key)
    declared = ev.inputs.tender.local_multiplier
    assert declared is not None
    last_line = row
    row += 1
    put_text(ws, f"B{row}", "Local wage bill (Round 2; blank counted as 0)")
    put_number(ws, f"E{row}", response.local_wages or Decimal(0))
    put(ws, f"F{row}", f"=E{row}")
    wages = row
    row += 1
    put_text(ws, f"B{row}", "Round 3: local lines x suppliers' re-spend share")
    put_number(ws, f"E{row}", declared.respend.suppliers)
    put(ws, f"F{row}", f"=SUM(F{first}:F{last_line})*E{row}")
    row += 1
    put_text(ws, f"B{row}", "Round 3: local wage bill x staff's re-spend share")
    put_number(ws, f"E{row}", declared.respend.employees)
    put(ws, f"F{row}", f"=F{wages}*E{row}")
    return row


def _weighted(
    book: Book,
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
    marks = figure(book, ws, row, "Marks available", slot(f"in_marks_{c.id}"), res.marks)
    row += 1
    points = figure(
        book, ws, row, "Weighted points (fraction x marks)", f"{frac}*{marks}", res.weighted_points
    )
    book.name(f"b_{b.key}_points_{c.id}", ws, points)
    if rounding.stage == "criterion":
        row += 1
        assert res.weighted_points_rounded is not None
        rounded = figure(
            book,
            ws,
            row,
            f"Weighted points rounded ({rounding.places} places, {rounding.rule})",
            round_formula(points, rounding.places, rounding.rule),
            res.weighted_points_rounded,
        )
        book.name(f"b_{b.key}_rounded_{c.id}", ws, rounded)
    row += 1
    put_text(ws, f"A{row}", "Explanation")
    put_text(ws, f"B{row}", res.explanation)
    merge_across(ws, row)
    set_style(cell_at(ws, f"B{row}"), "alignment", WRAP)
    return row + 2


def qualitative_block(
    book: Book,
    ws: Worksheet,
    row: int,
    ev: Evaluation,
    b: BidderResult,
    c: Criterion,
    evaluators: list[str],
) -> int:
    res = b.criterion(c.id)
    put_text(ws, f"A{row}", f"{c.id}  {c.title}", BOLD)
    row += 1
    n = len(evaluators)
    cols = [column_letter(4 + i) for i in range(n)]
    c_spread, c_mean, c_cons, c_final, c_max, c_frac, c_basis = (
        column_letter(4 + n + i) for i in range(7)
    )
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
        put_text(ws, f"{column_letter(1 + i)}{row}", text, BOLD)
    first = row + 1
    subs_total = sum((s.weight for s in c.sub_criteria), Decimal(0))
    subs = {s.id: s for s in c.sub_criteria}
    for part in res.parts:
        row += 1
        put_text(ws, f"A{row}", part.id)
        put_text(ws, f"B{row}", part.title)
        if part.id in subs and part.id != c.id:
            put(ws, f"C{row}", f"={plain(subs[part.id].weight)}/{plain(subs_total)}")
        else:
            put(ws, f"C{row}", 1)
        by_evaluator = {s.evaluator: s for s in part.scores}
        for ev_id, col in zip(evaluators, cols, strict=True):
            s = by_evaluator.get(ev_id)
            if s is not None and s.score is not None:
                put_number(ws, f"{col}{row}", s.score)
        span = f"{cols[0]}{row}:{cols[-1]}{row}" if cols else None
        if span and any(s.score is not None for s in part.scores):
            put(ws, f"{c_spread}{row}", f"=MAX({span})-MIN({span})")
            put(ws, f"{c_mean}{row}", f"=AVERAGE({span})")
        else:
            put(ws, f"{c_spread}{row}", 0)
        if part.consensus is not None:
            put_number(ws, f"{c_cons}{row}", part.consensus.score)
        if part.basis in ("consensus", "consensus_only"):
            put(ws, f"{c_final}{row}", f"={c_cons}{row}")
        elif part.basis == "missing":
            put_number(ws, f"{c_final}{row}", part.final_score)  # the scale minimum stands in
        else:
            put(ws, f"{c_final}{row}", f"={c_mean}{row}")
        assert c.scale is not None
        book.formula(ws, f"{c_max}{row}", slot(f"in_scalemax_{c.scale}"))
        put(ws, f"{c_frac}{row}", f"={c_final}{row}/{c_max}{row}")
        put_text(ws, f"{c_basis}{row}", part.basis + (" (provisional)" if part.provisional else ""))
    last = row
    row += 1
    if len(res.parts) == 1:
        template = f"{c_frac}{first}"
    else:
        template = f"SUMPRODUCT(C{first}:C{last},{c_frac}{first}:{c_frac}{last})"
    frac = figure(book, ws, row, "Fraction of the criterion", template, res.fraction)
    row = _weighted(book, ws, row, ev, b, c, res, frac)
    # evaluators' rationales, for the record
    for part in res.parts:
        for s in part.scores:
            put_text(ws, f"A{row}", f"{part.id} {s.evaluator}")
            put_text(ws, f"B{row}", s.rationale)
            merge_across(ws, row)
            row += 1
        if part.consensus is not None:
            put_text(ws, f"A{row}", f"{part.id} consensus")
            put_text(ws, f"B{row}", part.consensus.rationale)
            merge_across(ws, row)
            row += 1
    return row + 1
