"""The bidder response workbook: the template, filling it, and reading back every field and every
kind of bad input with its exact message."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from decimal import Decimal
from pathlib import Path

import pytest
from forms_support import (
    REFERENCE,
    add_response,
    edit_workbook,
    good_values,
    make_tender,
    patch_part,
    rubric_of,
    sheet_part,
)
from openpyxl import Workbook, load_workbook

from socialvalue.forms import read_response, response_fields, write_response_template
from socialvalue.forms.fingerprint import SHEET
from socialvalue.rubric import catalogue
from socialvalue.tender.config import load_tender
from socialvalue.tender.inputs import proxies_in_force


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_tender(tmp_path_factory.mktemp("response") / "tender")


@pytest.fixture
def tender(made: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh copy of a tender folder, which is also the working directory (so messages say
    responses/...)."""
    shutil.copytree(made, tmp_path / "tender")
    monkeypatch.chdir(tmp_path / "tender")
    return Path(".")


def read(tender: Path, key: str = "acme", reference: str = REFERENCE):  # type: ignore[no-untyped-def]
    path = tender / "responses" / f"{key}.xlsx"
    return read_response(path, rubric_of(tender), reference)


def messages(problems) -> list[str]:  # type: ignore[no-untyped-def]
    return [str(p) for p in problems]


# ------------------------------------------------------------------------------ the template
def test_template_bytes_are_reproducible(tender: Path, tmp_path: Path) -> None:
    t, r = load_tender(tender), rubric_of(tender)
    proxies = proxies_in_force(t, r)
    first = write_response_template(t, r, tmp_path / "a.xlsx", proxies=proxies).read_bytes()
    second = write_response_template(t, r, tmp_path / "b.xlsx", proxies=proxies).read_bytes()
    assert first == second
    assert (tender / "out" / "response-template.xlsx").read_bytes() == first


def test_template_sheets_protection_names_and_validation(tender: Path) -> None:
    wb = load_workbook(tender / "out" / "response-template.xlsx")
    assert wb.sheetnames == [
        "Instructions",
        "Bidder",
        "Commitments",
        "Answers",
        "Declaration",
        "_lists",
        SHEET,
    ]
    assert wb[SHEET].sheet_state == "hidden" and wb["_lists"].sheet_state == "hidden"
    assert all(ws.protection.sheet for ws in wb.worksheets)
    layout = response_fields(rubric_of(tender))
    names = {f.name for f in layout.all_fields()}
    assert set(wb.defined_names) == names
    assert {
        "sv_bidder_name",
        "sv_qty_M1",
        "sv_evidence_M1",
        "sv_answer_W1",
        "sv_declaration_confirm",
    } <= names
    for field in layout.all_fields():
        [(sheet, coord)] = list(wb.defined_names[field.name].destinations)
        cell = wb[sheet][coord.replace("$", "")]
        assert (sheet, cell.coordinate) == (field.sheet, field.cell)
        assert cell.protection.locked is False, field.name
        assert cell.fill.fgColor.rgb.endswith("FFF2CC"), field.name
        assert cell.comment is not None and cell.comment.text.startswith("Input:")
    # Everything else is locked (the default): spot-check labels.
    assert wb["Commitments"]["B6"].protection.locked is True
    commitments = wb["Commitments"]
    assert commitments["A6"].value == "M1" and commitments["C7"].value == "weeks"
    assert commitments["G7"].value == "520" and commitments["F9"].value == "1000"
    assert commitments["H8"].value == "Record only"
    rules = {str(dv.sqref): dv for dv in commitments.data_validations.dataValidation}
    assert rules["D6"].type == "decimal" and rules["D6"].formula1 == "0"
    assert (rules["D7"].operator, rules["D7"].formula1, rules["D7"].formula2) == (
        "between",
        "0",
        "520",
    )
    assert rules["D9"].formula1 == "1000"
    [confirm] = wb["Declaration"].data_validations.dataValidation
    assert confirm.type == "list" and confirm.formula1 == "_lists!$A$2:$A$3"


def test_two_ids_differing_only_in_case_get_distinct_names() -> None:
    text = catalogue.resolve("tutorial").read_text().replace("id: M3", "id: m1")
    from socialvalue.rubric import load_rubric_text

    layout = response_fields(load_rubric_text(text))
    assert [m.quantity.name for m in layout.measures] == ["sv_qty_M1", "sv_qty_M2", "sv_qty_m1_2"]


# ------------------------------------------------------------------------------ round trip
def test_fill_and_read_round_trips_every_field(tender: Path) -> None:
    add_response(tender)
    response, problems = read(tender)
    assert problems == []
    assert response is not None
    assert (response.key, response.name, response.company_number, response.contact) == (
        "acme",
        "Acme Ltd",
        good_values().company_number,
        "Jo Bloggs <jo@acme.example>",
    )
    values = good_values()
    got = {c.measure: (c.quantity, c.evidence, c.source.cell) for c in response.commitments}
    assert got == {
        "M1": (Decimal(3), values.evidence["M1"], "Commitments!D6"),
        "M2": (Decimal(104), values.evidence["M2"], "Commitments!D7"),
        "M3": (Decimal(250), "", "Commitments!D8"),
        "M4": (Decimal(15000), values.evidence["M4"], "Commitments!D9"),
    }
    answers = {a.criterion: (a.text, a.words, a.source.cell) for a in response.answers}
    assert answers == {
        "W1": (values.answers["W1"], 11, "Answers!B9"),
        "W2": (values.answers["W2"], 10, "Answers!B17"),
    }
    assert response.file == "responses/acme.xlsx"
    import hashlib

    assert (
        response.sha256 == hashlib.sha256((tender / "responses/acme.xlsx").read_bytes()).hexdigest()
    )


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("5", "5"),
        (" 5 ", "5"),
        ("1,000", "1000"),
        ("£1,000", "1000"),
        (2.5, "2.5"),
        ("2.5", "2.5"),
        (0, "0"),
        ("0.1", "0.1"),
    ],
)
def test_numbers_typed_as_text_are_read(tender: Path, typed: object, expected: str) -> None:
    add_response(tender, values=good_values(quantities={"M1": typed}))
    response, problems = read(tender)
    assert problems == [] and response is not None
    commitment = response.commitment("M1")
    assert commitment is not None and commitment.quantity == Decimal(expected)


@pytest.mark.parametrize("typed", [dt.date(2026, 3, 1), "01/03/2026", "2026-03-01", "1 March 2026"])
def test_declaration_dates_in_the_ways_people_type_them(tender: Path, typed: object) -> None:
    add_response(tender, values=good_values(declaration_date=typed))
    assert read(tender)[1] == []


def test_company_number_keeps_leading_zeros_and_is_optional(tender: Path) -> None:
    add_response(tender, values=good_values(company_number=None))
    response, problems = read(tender)
    assert problems == [] and response is not None and response.company_number == ""


M1 = "responses/acme.xlsx: Commitments!D6 (M1 Local people employed, quantity): "


@pytest.mark.parametrize(
    ("formula", "saved", "value", "note"),
    [
        ("1+2", "3", 3, ""),
        # Issue 15 item 8: =9 saved with 90 was read as 90; Excel shows 9 once recalculated.
        ("9", "90", 9, ", not the 90 saved as its result"),
    ],
)
def test_a_saved_result_is_never_taken_on_trust(
    tender: Path, formula: str, saved: str, value: int, note: str
) -> None:
    path = add_response(tender, values=good_values(quantities={"M1": f"={formula}"}))
    part = sheet_part(path, "Commitments")
    patch_part(
        path, part, rf"<f>{re.escape(formula)}</f><v\s*/>", f"<f>{formula}</f><v>{saved}</v>"
    )
    response, problems = read(tender)
    assert response is not None
    assert response.commitment("M1").quantity == Decimal(value)  # type: ignore[union-attr]
    assert messages(problems) == [
        M1 + f"warning: the cell holds the formula ={formula}, not a number: {value} was worked "
        f"out from it{note}; type the number itself"
    ]


def test_constant_arithmetic_without_a_saved_result_is_worked_out(tender: Path) -> None:
    add_response(tender, values=good_values(quantities={"M1": "=(2+3)*1.5"}))
    response, problems = read(tender)
    assert response is not None
    assert response.commitment("M1").quantity == Decimal("7.5")  # type: ignore[union-attr]
    assert [p.severity for p in problems] == ["warning"]


@pytest.mark.parametrize("formula", ["=D7*2", "=SUM(1,2)", "=1/3", "=10%"])
def test_any_other_formula_is_refused(tender: Path, formula: str) -> None:
    path = add_response(tender, values=good_values(quantities={"M1": formula}))
    text = formula[1:]  # saved with a result of 3: whatever it is, it is not read
    patch_part(
        path,
        sheet_part(path, "Commitments"),
        rf"<f>{re.escape(text)}</f><v\s*/>",
        rf"<f>{text}</f><v>3</v>",
    )
    response, problems = read(tender)
    assert response is None
    assert messages(problems) == [
        M1 + f"the cell holds the formula {formula}: type the value itself, not a formula (a "
        "formula's saved result is not read, as recalculating it could give another value)"
    ]


def _point(name: str, target: str):  # type: ignore[no-untyped-def]
    def edit(wb: Workbook) -> None:
        wb.defined_names[name].attr_text = target

    return edit


def test_rows_inserted_by_a_bidder_are_refused_not_followed(tender: Path) -> None:
    """Issue 15 item 8: an input cell is trusted only where the template put it. The sheets are
    protected against inserting rows; a bidder who unprotects them and inserts some moves every
    name (Excel moves them), and each is refused, naming both cells. openpyxl's insert_rows
    moves cells but not names, so the insertion is simulated."""
    path = add_response(tender)

    def insert(wb: Workbook) -> None:
        wb["Commitments"].insert_rows(2, 3)
        for _name, defined in list(wb.defined_names.items()):
            [(target, coord)] = list(defined.destinations)
            if target == "Commitments":
                col, row = coord.replace("$", "")[0], int(coord.replace("$", "")[1:])
                defined.attr_text = f"Commitments!${col}${row + 3}"

    edit_workbook(path, insert)
    response, problems = read(tender)
    assert response is None
    assert messages(problems)[0] == (
        M1 + "the defined name sv_qty_M1 points at Commitments!D9, but the template put this "
        "input in Commitments!D6: a name moved to another cell is not followed (two inputs could "
        "be read from one cell, or from a hidden sheet); type the value in Commitments!D6 of an "
        "unaltered copy of the form"
    )
    assert all("the template put this input in Commitments!" in m for m in messages(problems))


@pytest.mark.parametrize(
    ("target", "points_at"),
    [
        ("Commitments!$D$7", "Commitments!D7"),  # another measure's cell: one cell read twice
        (f"{SHEET}!$B$2", f"{SHEET}!B2"),  # a cell of the hidden fingerprint sheet
        ("Answers!$D$40", "Answers!D40"),  # a cell moved elsewhere
    ],
)
def test_a_name_pointed_elsewhere_is_an_error(tender: Path, target: str, points_at: str) -> None:
    path = add_response(tender)
    edit_workbook(path, _point("sv_qty_M1", target))
    response, problems = read(tender)
    assert response is None
    assert messages(problems) == [
        M1 + f"the defined name sv_qty_M1 points at {points_at}, but the template put this "
        "input in Commitments!D6: a name moved to another cell is not followed (two inputs could "
        "be read from one cell, or from a hidden sheet); type the value in Commitments!D6 of an "
        "unaltered copy of the form"
    ]


def test_two_names_differing_only_in_case_are_an_error(tender: Path) -> None:
    """Issue 15 item 8: the first of ``SV_QTY_M1`` and ``sv_qty_M1`` silently won."""
    path = add_response(tender)
    patch_part(
        path,
        "xl/workbook.xml",
        r"<definedName ",
        '<definedName name="SV_QTY_M1">Commitments!$D$7</definedName><definedName ',
    )
    response, problems = read(tender)
    assert response is None
    assert messages(problems) == [
        'responses/acme.xlsx: the workbook defines the name "SV_QTY_M1" and "sv_qty_M1": names '
        "differing only in case are one name to Excel, so the workbook is damaged or crafted; "
        "neither is read"
    ]


# ------------------------------------------------------------------------------ bad quantities
@pytest.mark.parametrize(
    ("measure", "typed", "message"),
    [
        (
            "M1",
            "about five",
            "Commitments!D6 (M1 Local people employed, quantity): expected a "
            'number of 0 or more, found "about five"',
        ),
        (
            "M1",
            -3,
            "Commitments!D6 (M1 Local people employed, quantity): expected a number of 0 "
            "or more, found -3",
        ),
        (
            "M1",
            "-3",
            "Commitments!D6 (M1 Local people employed, quantity): expected a number of "
            '0 or more, found "-3"',
        ),
        (
            "M2",
            600,
            "Commitments!D7 (M2 Apprenticeship weeks, quantity): expected a number from "
            "0 to 520, found 600",
        ),
        (
            "M4",
            999.5,
            "Commitments!D9 (M4 Local spend, quantity): expected a number of 1000 or "
            "more, found 999.5",
        ),
        (
            "M1",
            "5 FTE",
            "Commitments!D6 (M1 Local people employed, quantity): expected a number "
            'of 0 or more, found "5 FTE"',
        ),
        (
            "M1",
            "1,5",
            "Commitments!D6 (M1 Local people employed, quantity): expected a number of "
            '0 or more, found "1,5"',
        ),
        (
            "M1",
            True,
            "Commitments!D6 (M1 Local people employed, quantity): expected a number of "
            "0 or more, found TRUE",
        ),
    ],
)
def test_bad_quantities(tender: Path, measure: str, typed: object, message: str) -> None:
    add_response(tender, values=good_values(quantities={measure: typed}))
    response, problems = read(tender)
    assert response is None
    assert messages(problems) == [f"responses/acme.xlsx: {message}"]


def test_blank_quantity_is_not_a_silent_zero(tender: Path) -> None:
    add_response(tender, values=good_values(quantities={"M2": ""}))
    assert messages(read(tender)[1]) == [
        "responses/acme.xlsx: Commitments!D7 (M2 Apprenticeship weeks, quantity): no quantity "
        "given: type 0 if you commit nothing"
    ]


def test_error_cell(tender: Path) -> None:
    path = add_response(tender, values=good_values(quantities={"M1": "=1/0"}))
    patch_part(
        path,
        sheet_part(path, "Commitments"),
        r'<c r="D6"([^>]*)><f>1/0</f><v\s*/>',
        r'<c r="D6"\1 t="e"><f>1/0</f><v>#DIV/0!</v>',
    )
    assert messages(read(tender)[1]) == [
        "responses/acme.xlsx: Commitments!D6 (M1 Local people employed, quantity): the cell "
        "shows the error #DIV/0!, not a value"
    ]


def test_commitment_without_evidence(tender: Path) -> None:
    add_response(tender, values=good_values(evidence={"M2": "  "}))
    assert messages(read(tender)[1]) == [
        "responses/acme.xlsx: Commitments!E7 (M2 Apprenticeship weeks, evidence and delivery "
        "plan): a quantity of 104 needs evidence and a delivery plan, but the cell is empty"
    ]


def test_zero_commitment_needs_no_evidence(tender: Path) -> None:
    add_response(tender, values=good_values(quantities={"M2": 0}, evidence={"M2": ""}))
    assert read(tender)[1] == []


# ------------------------------------------------------------------------------ bad answers
def test_missing_required_answers_are_all_reported(tender: Path) -> None:
    add_response(
        tender,
        values=good_values(
            bidder_name=" ", contact_email=None, answers={"W2": ""}, declaration_position=None
        ),
    )
    empty = "this must be filled in, but the cell is empty"
    assert messages(read(tender)[1]) == [
        f"responses/acme.xlsx: Bidder!B4 (bidder's legal name): {empty}",
        f"responses/acme.xlsx: Bidder!B7 (contact email): {empty}",
        f"responses/acme.xlsx: Answers!B17 (W2 Environment, answer): {empty}",
        f"responses/acme.xlsx: Declaration!B6 (declaration, position): {empty}",
    ]


def test_answer_over_the_word_limit_is_reported_not_cut(tender: Path) -> None:
    long = " ".join(f"word{i}" for i in range(25))
    add_response(tender, values=good_values(answers={"W1": long}))
    response, problems = read(tender)
    assert messages(problems) == [
        "responses/acme.xlsx: Answers!B9 (W1 Method statement, answer): warning: the answer has "
        "25 words, over the limit of 20 (reported to the evaluators; nothing was cut)"
    ]
    assert response is not None and response.answer("W1").text == long  # type: ignore[union-attr]
    assert response.answer("W1").words == 25  # type: ignore[union-attr]


def test_bad_email_date_and_unconfirmed_declaration(tender: Path) -> None:
    add_response(
        tender,
        values=good_values(
            contact_email="jo at acme", declaration_date="next week", declaration_confirm="No"
        ),
    )
    assert messages(read(tender)[1]) == [
        'responses/acme.xlsx: Bidder!B7 (contact email): expected an email address, found "jo at acme"',
        "responses/acme.xlsx: Declaration!B7 (declaration, date): expected a date (for example "
        '22/11/2026), found "next week"',
        "responses/acme.xlsx: Declaration!B8 (declaration, confirmation): the declaration is not "
        'confirmed: it must say "Yes"',
    ]


def test_confirmation_not_in_the_list(tender: Path) -> None:
    add_response(tender, values=good_values(declaration_confirm="Maybe"))
    assert messages(read(tender)[1]) == [
        'responses/acme.xlsx: Declaration!B8 (declaration, confirmation): expected "Yes" or '
        '"No", found "Maybe"'
    ]


def test_every_problem_in_a_file_is_reported_together(tender: Path) -> None:
    add_response(
        tender,
        values=good_values(
            quantities={"M1": "lots", "M2": -1, "M4": ""},
            answers={"W1": ""},
            declaration_confirm=None,
        ),
    )
    assert [p.where.cell for p in read(tender)[1]] == [
        "Commitments!D6",
        "Commitments!D7",
        "Commitments!D9",
        "Answers!B9",
        "Declaration!B8",
    ]


# ------------------------------------------------------------------------------ deleted cells
def test_deleted_defined_name(tender: Path) -> None:
    path = add_response(tender)
    edit_workbook(path, lambda wb: wb.defined_names.pop("sv_qty_M3"))
    assert messages(read(tender)[1]) == [
        "responses/acme.xlsx (M3 Trees planted, quantity): the input cell is missing: the "
        "workbook has no defined name sv_qty_M3 (it was deleted, or the workbook was not made "
        "from this template)"
    ]


def test_defined_name_pointing_at_ref_error(tender: Path) -> None:
    path = add_response(tender)

    def delete(wb: Workbook) -> None:
        wb.defined_names["sv_answer_W2"].attr_text = "Answers!#REF!"

    edit_workbook(path, delete)
    assert messages(read(tender)[1]) == [
        "responses/acme.xlsx (W2 Environment, answer): the input cell was deleted: its defined "
        "name sv_answer_W2 points at #REF! (rows, columns or a sheet were deleted)"
    ]


def test_defined_name_pointing_at_a_range(tender: Path) -> None:
    path = add_response(tender)

    def widen(wb: Workbook) -> None:
        wb.defined_names["sv_contact_name"].attr_text = "Bidder!$B$6:$B$7"

    edit_workbook(path, widen)
    assert messages(read(tender)[1]) == [
        "responses/acme.xlsx (contact name): the defined name sv_contact_name does not point at "
        'one cell on a sheet of this workbook (it points at "Bidder!$B$6:$B$7")'
    ]


# ------------------------------------------------------------------------------ wrong workbook
def test_response_for_another_tender(tender: Path) -> None:
    add_response(tender)
    assert messages(read(tender, reference="OTHER-1")[1]) == [
        f'responses/acme.xlsx: _socialvalue!B8: made for tender "{REFERENCE}", not this tender '
        '"OTHER-1"'
    ]


def _edit_fingerprint(path: Path, key: str, value: str) -> None:
    def edit(wb: Workbook) -> None:
        ws = wb[SHEET]
        for row in ws.iter_rows(min_row=2):
            if row[0].value == key:
                row[1].value = value

    edit_workbook(path, edit)


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [
        (
            "rubric_version",
            "2.0",
            '_socialvalue!B6: made for version 2.0 of rubric "forms-test"; '
            "this tender uses version 2.1",
        ),
        (
            "rubric_id",
            "tutorial",
            '_socialvalue!B5: made for rubric "tutorial", but this tender uses rubric "forms-test"',
        ),
        (
            "template_version",
            "0",
            "_socialvalue!B4: made with version 0 of the response workbook; "
            "this socialvalue reads version 1: make a new one with `socialvalue template`",
        ),
        (
            "kind",
            "scoresheet",
            "_socialvalue!B3: this is a socialvalue scoresheet, not a response workbook",
        ),
    ],
)
def test_wrong_fingerprint(tender: Path, key: str, value: str, message: str) -> None:
    path = add_response(tender)
    _edit_fingerprint(path, key, value)
    response, problems = read(tender)
    assert response is None and messages(problems) == [f"responses/acme.xlsx: {message}"]


def test_a_workbook_that_is_not_ours(tender: Path) -> None:
    wb = Workbook()
    wb.active["A1"] = "Our social value offer"
    wb.save(tender / "responses" / "acme.xlsx")
    assert messages(read(tender)[1]) == [
        "responses/acme.xlsx: this is not a socialvalue response workbook: it has no hidden "
        '"_socialvalue" sheet (make one with `socialvalue template`)'
    ]


def test_extra_sheet_is_a_warning(tender: Path) -> None:
    path = add_response(tender)
    edit_workbook(path, lambda wb: wb.create_sheet("My notes"))
    response, problems = read(tender)
    assert response is not None
    assert messages(problems) == [
        'responses/acme.xlsx: warning: extra sheet "My notes" is not part of the form; it is ignored'
    ]


# ------------------------------------------------------------------------------ not a workbook
def test_xlsm_is_read_and_macros_never_run(tender: Path) -> None:
    path = add_response(tender)
    path.rename(path.with_suffix(".xlsm"))
    response, problems = read_response(tender / "responses/acme.xlsm", rubric_of(tender), REFERENCE)
    assert response is not None and response.key == "acme"
    assert messages(problems) == [
        "responses/acme.xlsm: warning: the workbook contains macros (VBA); they are ignored and "
        "never run"
    ]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "the file is empty (0 bytes)"),
        (
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600),
            "this is a password-protected "
            "(encrypted) workbook or an old-style .xls file: save it unencrypted as an Excel "
            "Workbook (.xlsx)",
        ),
        (
            b"name,fte\nacme,3\n",
            "this is a text/CSV file, not an .xlsx workbook: open it in "
            "Excel and save it as an Excel Workbook (.xlsx)",
        ),
        (b"%PDF-1.7\n", "this is a PDF, not a workbook: send the .xlsx response workbook"),
        (
            b"PK\x03\x04garbage",
            "the workbook is damaged or incomplete (not a readable .xlsx/zip "
            "file): save it again from Excel and resend it",
        ),
    ],
)
def test_files_that_are_not_xlsx(tender: Path, content: bytes, message: str) -> None:
    (tender / "responses" / "acme.xlsx").write_bytes(content)
    response, problems = read(tender)
    assert response is None and messages(problems) == [f"responses/acme.xlsx: {message}"]


def test_reading_never_modifies_the_file(tender: Path) -> None:
    path = add_response(tender, values=good_values(quantities={"M1": "lots"}))
    before = path.read_bytes()
    read(tender)
    assert path.read_bytes() == before
