"""The Inputs sheet (the values every formula starts from) and the Reference sheet (best values)."""

from __future__ import annotations

from decimal import Decimal

from ...rubric import methods
from ...scoring.result import Evaluation
from ...workbook.writer import BOLD, TITLE_FONT
from .book import Book, figure, slot
from .cells import put, put_number, put_text


def inputs_sheet(book: Book, ev: Evaluation) -> None:
    rubric = ev.inputs.rubric
    ws = book.sheet("Inputs")
    put_text(ws, "A1", "Inputs: the values every formula starts from", TITLE_FONT)
    rows = [
        ("contract", "Contract value", ev.inputs.tender.contract_value),
        ("sv", "Social value percent of the whole evaluation", ev.weighting.social_value_percent),
    ]
    r = 3
    for key, label, value in rows:
        put_text(ws, f"A{r}", label)
        put_number(ws, f"B{r}", value)
        book.name(f"in_{key}", ws, f"B{r}")
        r += 1
    total_row = r
    put_text(ws, f"A{total_row}", "Social value marks available (total marks)")
    book.name("in_total_marks", ws, f"B{total_row}")
    r += 2
    header = ("Criterion", "Title", "Type", "Section", "Section weight", "Weight", "Marks")
    for col, text in zip("ABCDEFG", header, strict=True):
        put_text(ws, f"{col}{r}", text, BOLD)
    first = r + 1
    for section in rubric.sections:
        for c in section.criteria:
            r += 1
            put_text(ws, f"A{r}", c.id)
            put_text(ws, f"B{r}", c.title)
            put_text(ws, f"C{r}", c.type)
            put_text(ws, f"D{r}", section.id)
            put_number(ws, f"E{r}", section.weight)
            put_number(ws, f"F{r}", c.weight)
            if rubric.weights == "percent":
                put(ws, f"G{r}", f"=E{r}*F{r}/100")
            else:
                put(ws, f"G{r}", f"=F{r}")
            book.name(f"in_marks_{c.id}", ws, f"G{r}")
    last = r
    if rubric.weights == "percent":
        put_number(ws, f"B{total_row}", Decimal(100))
    else:
        put(ws, f"B{total_row}", f"=SUM(G{first}:G{last})")
    r += 2
    put_text(ws, f"A{r}", "Scale", BOLD)
    put_text(ws, f"B{r}", "Title", BOLD)
    put_text(ws, f"C{r}", "Maximum", BOLD)
    put_text(ws, f"D{r}", "Step", BOLD)
    for scale in rubric.scales:
        r += 1
        put_text(ws, f"A{r}", scale.id)
        put_text(ws, f"B{r}", scale.title)
        put_number(ws, f"C{r}", scale.maximum)
        put_number(ws, f"D{r}", scale.step)
        book.name(f"in_scalemax_{scale.id}", ws, f"C{r}")
    proxies = ev.inputs.proxies
    if proxies is not None:
        r += 2
        label = proxies.label
        put_text(ws, f"A{r}", f"Proxy values: {label}", BOLD)
        r += 1
        put_text(ws, f"A{r}", f"Source: {proxies.source}; licence {proxies.licence}")
        r += 1
        for col, text in zip(
            "ABCD", ("Measure", "Unit", "Value (GBP per unit)", "Note"), strict=True
        ):
            put_text(ws, f"{col}{r}", text, BOLD)
        for _, m in rubric.measures():
            pv = proxies.value(m.id)
            if pv is None:
                continue
            r += 1
            put_text(ws, f"A{r}", pv.measure)
            put_text(ws, f"B{r}", pv.unit)
            put_number(ws, f"C{r}", pv.value)
            put_text(ws, f"D{r}", pv.note)
            book.name(f"in_proxy_{m.id}", ws, f"C{r}")
    ws.column_dimensions["A"].width = 44
    ws.column_dimensions["B"].width = 40


def reference_sheet(book: Book, ev: Evaluation, sheets: dict[str, str]) -> None:
    rubric = ev.inputs.rubric
    ws = book.sheet("Reference")
    put_text(ws, "A1", "Best eligible value of each relative criterion (the divisor)", TITLE_FONT)
    eligible = sorted(b.key for b in ev.bidders if b.eligible)
    pool = eligible or sorted(b.key for b in ev.bidders)
    note = (
        "Eligible bids only (disqualified bids are never the reference)."
        if eligible
        else "No bid is eligible: all bids, for information only."
    )
    put_text(ws, "A2", note)
    r = 3
    for c in rubric.quantitative():
        assert c.method is not None
        if not methods.get(c.method.kind).relative:
            continue
        r += 1
        put_text(ws, f"A{r}", c.id)
        cells = ",".join(slot(f"b_{k}_basis_{c.id}") for k in pool)
        method = ev.bidders[0].criterion(c.id).method if ev.bidders else None
        engine = method.reference_value if method else None
        figure(book, ws, r, f"Best value on {c.id}", f"MAX({cells})" if pool else "0", engine)
        put_text(ws, f"F{r}", f"Best of: {', '.join(pool)}")
        book.name(f"ref_{c.id}", ws, f"C{r}")
    ws.column_dimensions["A"].width = 12
    ws.column_dimensions["B"].width = 30
