"""Workbooks a person can read and print (issue 14, item 6).

The example tender's response template, a scoresheet and its moderation workbook, and the
template of every shipped rubric: columns as wide as their contents (no id cut), every cell
aligned to the top, shares rounded for display, every visible sheet set up for A4 fitted to the
width with its header row repeated, and, printed through LibreOffice, a page count a person
accepts (measured before this change: 24, 55 and 37 pages; after: 8, 13 and 4).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from forms_support import convert, make_tender, soffice
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet
from pypdf import PdfReader

from socialvalue.forms import write_response_template
from socialvalue.rubric import catalogue
from socialvalue.rubric.model import Rubric
from socialvalue.tender.config import load_rubric_for, load_tender
from socialvalue.tender.forms import make_moderation, make_scoresheets, write_template_for

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "example-tender"
# The most pages each printed form may take (what this layout gives, with a little room).
MOST_PAGES = {
    "response-template": 10,
    "helen-marsh": 16,
    "moderation": 6,
}
MOST_PAGES_SHIPPED_TEMPLATE = 12
TABLES = {"Commitments", "Conflicts", "Scores", "Moderation"}  # sheets with a header row (4)


@pytest.fixture(scope="module")
def forms(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """name -> workbook: the example tender's three forms, made by today's code, and the
    response template of each shipped rubric."""
    root = tmp_path_factory.mktemp("print")
    tender = root / "tender"
    shutil.copytree(EXAMPLE, tender)
    out = {"response-template": write_template_for(tender)}
    out["moderation"] = make_moderation(tender, force=True)  # from the filled scoresheets
    made, _ = make_scoresheets(tender, force=True)
    out["helen-marsh"] = next(p for p in made if p.stem == "helen-marsh")
    example = load_tender(tender)
    for entry in catalogue.shipped():
        target = root / f"template-{entry.id}.xlsx"
        write_response_template(example, catalogue.load(entry.id), target)
        out[f"template-{entry.id}"] = target
    return out


def visible(path: Path) -> list[Worksheet]:
    return [ws for ws in load_workbook(path).worksheets if ws.sheet_state == "visible"]


def rubric_ids(rubric: Rubric) -> set[str]:
    ids = set()
    for _, criterion in rubric.criteria():
        ids.add(criterion.id)
        ids.update(m.id for m in criterion.measures)
        ids.update(s.id for s in criterion.sub_criteria)
    return ids


def test_every_visible_sheet_is_set_up_to_print_on_a4_one_page_wide(
    forms: dict[str, Path],
) -> None:
    for name, path in forms.items():
        for ws in visible(path):
            where = f"{name} {ws.title}"
            assert str(ws.page_setup.paperSize) == ws.PAPERSIZE_A4, where
            assert ws.page_setup.orientation in ("portrait", "landscape"), where
            assert ws.sheet_properties.pageSetUpPr.fitToPage, where
            assert (ws.page_setup.fitToWidth, ws.page_setup.fitToHeight) == (1, 0), where
            assert str(ws.print_area).startswith(f"'{ws.title}'!$A$1:"), where
            assert "&P" in (ws.oddFooter.center.text or ""), where
            if ws.title in TABLES:
                assert ws.print_title_rows == "$4:$4", where


def test_ids_are_never_cut_and_text_that_does_not_wrap_fits(forms: dict[str, Path]) -> None:
    ids = rubric_ids(load_rubric_for(load_tender(EXAMPLE)))
    for entry in catalogue.shipped():
        ids |= rubric_ids(catalogue.load(entry.id))
    seen = set()
    for name, path in forms.items():
        for ws in visible(path):
            merged = {c for r in ws.merged_cells.ranges for c in r.cells}
            for row in ws.iter_rows():
                used = [c for c in row if c.value is not None]
                for cell in used:
                    text = str(cell.value)
                    width = ws.column_dimensions[cell.column_letter].width
                    if text in ids:
                        seen.add(text)
                        assert width >= len(text) + 1, f"{name} {ws.title}!{cell.coordinate}"
                    fits = (
                        cell.alignment.wrap_text
                        or len(used) == 1
                        or (cell.row, cell.column) in merged
                        or text.startswith("=")
                        or len(text) <= width
                    )
                    assert fits, f"{name} {ws.title}!{cell.coordinate} {text!r} width {width}"
    assert "LA-GROWTH-1" in seen  # the ids were found where they are shown


def test_every_cell_is_aligned_to_the_top(forms: dict[str, Path]) -> None:
    for name, path in forms.items():
        for ws in visible(path):
            for row in ws.iter_rows():
                for cell in row:
                    if cell.value is not None:
                        where = f"{name} {ws.title}!{cell.coordinate}"
                        assert cell.alignment.vertical == "top", where


def test_sub_criterion_shares_are_rounded_for_display(tmp_path: Path) -> None:
    folder = make_tender(tmp_path / "t")  # W1a weighs 2 and W1b 1
    ws = load_workbook(folder / "out/response-template.xlsx")["Answers"]
    text = "\n".join(str(c.value) for row in ws.iter_rows() for c in row if c.value)
    assert "W1a Recruitment (66.7% of this question)" in text
    assert "W1b Retention (33.3% of this question)" in text
    assert "66.66" not in text


@pytest.mark.slow
def test_each_form_prints_through_libreoffice_in_a_page_count_a_person_accepts(
    forms: dict[str, Path], tmp_path: Path
) -> None:
    soffice()
    convert(list(forms.values()), tmp_path / "pdf", tmp_path / "profile", to="pdf")
    pages = {
        name: len(PdfReader(tmp_path / "pdf" / f"{path.stem}.pdf").pages)
        for name, path in forms.items()
    }
    for name, count in pages.items():
        most = MOST_PAGES.get(name, MOST_PAGES_SHIPPED_TEMPLATE)
        assert 1 <= count <= most, pages
