"""``socialvalue check`` and the tender commands: a complete tender passes, a broken one lists
every problem of every file, and nothing in the folder is ever modified."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest
from forms_support import (
    EVALUATORS,
    TENDER,
    add_response,
    complete_tender,
    fill_scores,
    good_values,
    make_tender,
)

from socialvalue.errors import InputError
from socialvalue.tender.inputs import check_tender, read_inputs


def snapshot(folder: Path) -> dict[str, str]:
    return {
        str(p): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not p.is_symlink()
    }


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small tender with every input complete: two bidders, three evaluators, moderated."""
    return complete_tender(tmp_path_factory.mktemp("check") / "tender")


@pytest.fixture
def complete(built: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    shutil.copytree(built, tmp_path / "tender")
    monkeypatch.chdir(tmp_path / "tender")
    return Path(".")


def test_a_complete_tender_passes(complete: Path, cli) -> None:  # type: ignore[no-untyped-def]
    before = snapshot(complete)
    result = cli(["check", "."], exit_code=0)
    assert result.stderr == "0 problems, 0 warnings found.\n"
    lines = result.stdout.splitlines()
    assert lines[0] == "tender.yaml: ok (tender)"
    assert lines[1:] == [
        "rubric.yaml: ok (rubric)",
        "proxies.yaml: ok (proxy set)",
        "responses/acme.xlsx: ok (response)",
        "responses/bravo.xlsx: ok (response)",
        "scores/ann.xlsx: ok (scoresheet)",
        "scores/bob.xlsx: ok (scoresheet)",
        "scores/cat.xlsx: ok (scoresheet)",
        "moderation.xlsx: ok (moderation)",
    ]
    assert snapshot(complete) == before


def test_read_inputs_gives_everything_with_hashes(complete: Path) -> None:
    inputs = read_inputs(complete)
    assert [r.key for r in inputs.responses] == ["acme", "bravo"]
    assert inputs.responses[1].commitment("M1").quantity == 2.5  # type: ignore[union-attr]
    assert [s.evaluator for s in inputs.scoresheets] == list(EVALUATORS)
    assert inputs.moderation is not None and len(inputs.moderation.entries) == 6
    assert inputs.proxies is not None and inputs.rubric.id == "forms-test"
    kinds = [(f.path, f.kind) for f in inputs.files]
    assert kinds == [
        ("tender.yaml", "tender"),
        ("rubric.yaml", "rubric"),
        ("proxies.yaml", "proxy_set"),
        ("responses/acme.xlsx", "response"),
        ("responses/bravo.xlsx", "response"),
        ("scores/ann.xlsx", "scoresheet"),
        ("scores/bob.xlsx", "scoresheet"),
        ("scores/cat.xlsx", "scoresheet"),
        ("moderation.xlsx", "moderation"),
    ]
    for f in inputs.files:
        assert f.sha256 == hashlib.sha256(Path(f.path).read_bytes()).hexdigest()
    assert inputs.warnings == ()


def test_a_broken_tender_lists_every_problem_of_every_file(complete: Path, cli) -> None:  # type: ignore[no-untyped-def]
    folder = complete
    responses = folder / "responses"
    add_response(
        folder,
        "charlie",
        good_values("Charlie CIC", quantities={"M2": "about five"}, answers={"W2": ""}),
    )
    (responses / "delta.xlsx").write_bytes(b"")
    (responses / "echo.ods").write_bytes(b"PK\x03\x04")
    (responses / "notes.txt").write_text("call back on Monday")
    (responses / "~$acme.xlsx").write_bytes(b"lock")
    (responses / "foxtrot.xlsx").symlink_to(folder.resolve() / "responses" / "acme.xlsx")
    shutil.copy(responses / "bravo.xlsx", responses / "bravo~.xlsx")
    shutil.copy(folder / "scores" / "ann.xlsx", folder / "scores" / "dave.xlsx")
    (folder / "scores" / "cat.xlsx").unlink()
    before = snapshot(folder)
    result = cli(["check", "."], exit_code=1)
    assert result.stderr.splitlines() == [
        "responses/echo.ods: is not an .xlsx workbook (.ods file): save the response as an Excel "
        "Workbook (.xlsx)",
        "responses/foxtrot.xlsx: is a symbolic link: refused (copy the file itself here)",
        'responses/bravo~.xlsx: gives the same bidder key ("bravo") as responses/bravo.xlsx: '
        "rename one of the files",
        "responses/charlie.xlsx: Commitments!D7 (M2 Apprenticeship weeks, quantity): expected a "
        'number from 0 to 520, found "about five"',
        "responses/charlie.xlsx: Answers!B17 (W2 Environment, answer): this must be filled in, "
        "but the cell is empty",
        "responses/delta.xlsx: the file is empty (0 bytes)",
        'scores/dave.xlsx: no evaluator "dave" in tender.yaml (evaluators: ann, bob, cat): '
        "scoresheets are named scores/<evaluator id>.xlsx",
        "scores/ann.xlsx: has no scores for responses/charlie.xlsx (the response arrived after "
        "this scoresheet was made): make it again with --force",
        "scores/ann.xlsx: has no scores for responses/delta.xlsx (the response arrived after "
        "this scoresheet was made): make it again with --force",
        "scores/bob.xlsx: has no scores for responses/charlie.xlsx (the response arrived after "
        "this scoresheet was made): make it again with --force",
        "scores/bob.xlsx: has no scores for responses/delta.xlsx (the response arrived after "
        "this scoresheet was made): make it again with --force",
        "scores/cat.xlsx: missing: evaluator cat (Cat Jones) has no scoresheet",
        "moderation.xlsx: has no consensus scores for responses/charlie.xlsx (the response "
        "arrived after this moderation workbook was made): make it again with --force",
        "moderation.xlsx: has no consensus scores for responses/delta.xlsx (the response arrived "
        "after this moderation workbook was made): make it again with --force",
        "responses/notes.txt: warning: is not a workbook: ignored (only the .xlsx responses here "
        "are read)",
        "responses/~$acme.xlsx: warning: is an Excel lock file (the workbook is open somewhere): "
        "ignored",
        "moderation.xlsx: warning: scores/cat.xlsx is gone since this moderation workbook was "
        "made: the scores shown in it may be out of date",
        # The bids a status in tender.yaml would set aside (not the link, nor bravo~'s copy).
        "3 responses have errors, and they hold up the scoresheets and the scoring of every "
        "bid: charlie, delta, echo.",
        "Fix them; or, for a bid that will not be assessed (rejected, non-compliant, withdrawn "
        "or late), record its status in tender.yaml and the others go ahead without it:",
        "  bids:",
        "    charlie:",
        "      status: rejected | non-compliant | withdrawn | late",
        "      reason: why it is not assessed (the pack and the bidder's summary say so)",
        "      date: YYYY-MM-DD",
        "14 problems, 3 warnings found.",
    ]
    assert result.stdout.splitlines() == [
        "tender.yaml: ok (tender)",
        "rubric.yaml: ok (rubric)",
        "proxies.yaml: ok (proxy set)",
        "responses/acme.xlsx: ok (response)",
        "responses/bravo.xlsx: ok (response)",
        "responses/bravo~.xlsx: 1 problem (not read)",
        "responses/charlie.xlsx: 2 problems (response)",
        "responses/delta.xlsx: 1 problem (response)",
        "responses/echo.ods: 1 problem (not read)",
        "responses/foxtrot.xlsx: 1 problem (not read)",
        "responses/notes.txt: 1 warning (ignored)",
        "responses/~$acme.xlsx: 1 warning (ignored)",
        "scores/ann.xlsx: 2 problems (scoresheet)",
        "scores/bob.xlsx: 2 problems (scoresheet)",
        "scores/dave.xlsx: 1 problem (not read)",
        "scores/cat.xlsx: 1 problem (not read)",
        "moderation.xlsx: 2 problems, 1 warning (moderation)",
    ]
    assert snapshot(folder) == before  # inputs are never modified
    with pytest.raises(InputError):
        read_inputs(folder)


def test_a_broken_tender_yaml_still_checks_the_workbooks(complete: Path) -> None:
    (complete / "tender.yaml").write_text(TENDER.replace("value: 2000000", "value: lots"))
    (complete / "responses" / "delta.xlsx").write_bytes(b"")
    report = check_tender(complete)
    assert report.inputs is None
    assert [str(p) for p in report.problems] == [
        'tender.yaml:5:10: value must be a number, got "lots"',
        "responses/delta.xlsx: the file is empty (0 bytes)",
    ]


def test_no_responses_yet_is_only_a_warning(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cli
) -> None:  # type: ignore[no-untyped-def]
    make_tender(tmp_path / "t")
    monkeypatch.chdir(tmp_path / "t")
    result = cli(["check", "."], exit_code=0)
    assert result.stderr.splitlines() == [
        "responses: warning: no responses yet (one .xlsx workbook per bidder goes here)",
        "0 problems, 1 warning found.",
    ]
    assert "responses: 1 warning (folder)" in result.stdout.splitlines()


def test_commands_init_template_scoresheets_moderation(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cli
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.chdir(tmp_path)
    assert (
        cli(["init", "t", "--rubric", "tutorial", "--reference", "T-1"]).stdout == "t/tender.yaml\n"
    )
    tender_yaml = Path("t/tender.yaml")  # the officer fills in what init could not know
    tender_yaml.write_text(
        tender_yaml.read_text(encoding="utf-8").replace(": !placeholder ", ": "), encoding="utf-8"
    )
    assert cli(["template", "t"]).stdout == "t/out/response-template.xlsx\n"
    result = cli(["scoresheets", "t"], exit_code=1)
    assert result.stderr.splitlines()[0] == (
        "t/responses: no responses yet: put the bidders' workbooks here first"
    )
    from socialvalue.forms import ResponseValues, fill_response
    from socialvalue.rubric import catalogue

    values = ResponseValues(
        "Acme Ltd",
        "",
        "Jo",
        "jo@acme.example",
        {"M1": 1, "M2": 0, "M3": 0},
        {"M1": "Plan."},
        {"W1": "Answer."},
        "Jo",
        "Director",
        "01/03/2026",
    )
    fill_response(
        "t/out/response-template.xlsx", "t/responses/acme.xlsx", values, catalogue.load("tutorial")
    )
    result = cli(["scoresheets", "t"])
    assert result.stdout.splitlines() == [f"t/scores/evaluator-{i}.xlsx" for i in (1, 2, 3)]
    result = cli(["scoresheets", "t"], exit_code=1)
    assert result.stderr.splitlines()[-1] == "3 scoresheets kept, not overwritten."
    cli(["scoresheets", "t", "--force"])
    result = cli(["moderation", "t"], exit_code=1)
    assert result.stderr.splitlines() == [
        f"t/scores/evaluator-{i}.xlsx: Scores!G5 (bidder acme, W1, score): not scored yet: every "
        "score is needed before moderation"
        for i in (1, 2, 3)
    ] + ["3 problems found."]
    for i in (1, 2, 3):
        fill_scores(
            Path(f"t/scores/evaluator-{i}.xlsx"),
            {("acme", "W1"): (20 * i, "Because.")},
            {"acme": ("No", None)},
        )
    assert cli(["moderation", "t"]).stdout == "t/moderation.xlsx\n"
    cli(["moderation", "t"], exit_code=1)
    cli(["check", "t"], exit_code=0)


def test_every_command_has_help(cli) -> None:  # type: ignore[no-untyped-def]
    for command in ("init", "template", "scoresheets", "moderation", "check"):
        assert "Example:" in cli([command, "--help"]).stdout


def test_docs_name_every_command_and_defined_name() -> None:
    root = Path(__file__).resolve().parent.parent
    tender_doc = (root / "docs" / "tender.md").read_text(encoding="utf-8")
    for command in ("init", "template", "scoresheets", "moderation", "check"):
        assert f"socialvalue {command}" in tender_doc
    for key in ("reference", "title", "buyer", "contract.value", "rubric", "proxy_set",
                "social_value_percent", "evaluators", "dates", "marking", "pack.generated"):  # fmt: skip
        assert f"`{key}`" in tender_doc, key
    workbooks_doc = (root / "docs" / "workbooks.md").read_text(encoding="utf-8")
    names = ["sv_bidder_name", "sv_company_number", "sv_contact_name", "sv_contact_email",
             "sv_qty_<measure>", "sv_evidence_<measure>", "sv_answer_<criterion>",
             "sv_declaration_name", "sv_declaration_position", "sv_declaration_date",
             "sv_declaration_confirm", "sv_coi_<bidder>", "sv_coi_note_<bidder>",
             "sv_score_<bidder>_<part>", "sv_rationale_<bidder>_<part>",
             "sv_consensus_<bidder>_<part>", "sv_consensus_rationale_<bidder>_<part>"]  # fmt: skip
    for name in names:
        assert f"`{name}`" in workbooks_doc, name
