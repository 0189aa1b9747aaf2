"""A consensus outside the range of the evaluators' counted scores: flagged in results.json and
the pack, and its reason required (issue 13 item 7), through the CLI on a real tender folder."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from forms_support import EVALUATORS, add_response, fill_scores, make_tender
from pypdf import PdfReader

from socialvalue.forms import fill_by_names
from socialvalue.tender.forms import make_moderation, make_scoresheets

PARTS = ("W1a", "W1b", "W2")
REASON = "The answer describes a different contract; the evaluators missed it."


@pytest.fixture(scope="module")
def scored(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One bidder (Acme Ltd), three evaluators who all gave W1a 80, moderation not yet filled."""
    folder = make_tender(tmp_path_factory.mktemp("departure") / "tender")
    add_response(folder, "acme")
    make_scoresheets(folder)
    for evaluator in EVALUATORS:
        scores = {(("acme", p)): (3 if p == "W2" else 80, f"{evaluator} on {p}") for p in PARTS}
        fill_scores(folder / "scores" / f"{evaluator}.xlsx", scores, {"acme": ("No", None)})
    make_moderation(folder)
    return folder


def moderated(scored: Path, tmp_path: Path, w1a: tuple[object, str]) -> Path:
    """A copy of the tender with the consensus recorded: W1a as given, the others agreed."""
    folder = tmp_path / "tender"
    shutil.copytree(scored, folder)
    cells: dict[str, object] = {}
    for p in PARTS:
        score, why = w1a if p == "W1a" else (3 if p == "W2" else 80, "Agreed.")
        cells[f"sv_consensus_acme_{p}"] = score
        cells[f"sv_consensus_rationale_acme_{p}"] = why
    fill_by_names(folder / "moderation.xlsx", folder / "moderation.xlsx", cells)
    return folder


def results(cli: Any, folder: Path) -> dict[str, Any]:
    cli(["score", str(folder), "--quiet"])
    data: dict[str, Any] = json.loads((folder / "out" / "results.json").read_text("utf-8"))
    return data


def departures(data: dict[str, Any]) -> list[dict[str, Any]]:
    return [f for f in data["flags"] if f["code"] == "consensus_outside_range"]


def test_a_consensus_of_0_against_three_80s_without_a_reason_is_provisional(
    scored: Path, tmp_path: Path, cli: Any
) -> None:
    folder = moderated(scored, tmp_path, (0, "Agreed."))
    checked = cli(["check", str(folder)], exit_code=0)
    [warning] = [line for line in checked.stderr.splitlines() if "warning:" in line]
    assert warning.startswith(f"{folder}/moderation.xlsx: Moderation!")
    assert "the consensus 0 for Acme Ltd on W1a is outside the evaluators' scores (80 to 80)" in (
        warning
    )
    assert 'its rationale "Agreed." gives no reason' in warning
    data = results(cli, folder)
    assert data["status"]["state"] == "provisional"
    [reason] = data["status"]["reasons"]
    assert "Acme Ltd on W1a" in reason and "moderation.xlsx: Moderation!" in reason
    [missing] = data["status"]["missing"]
    assert (missing["bidder"], missing["part"], missing["what"]) == (
        "acme",
        "W1a",
        "consensus_reason",
    )
    [flag] = departures(data)
    assert (flag["bidder"], flag["criterion"], flag["part"]) == ("acme", "W1", "W1a")
    assert "0, outside the evaluators' scores" in flag["reason"]
    assert (
        'Its rationale, "Agreed.", gives no reason (moderation.xlsx: Moderation!' in flag["reason"]
    )


def test_a_departure_with_its_reason_is_final_and_flagged_in_the_pack(
    scored: Path, tmp_path: Path, cli: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1773964800")
    folder = moderated(scored, tmp_path, (0, REASON))
    checked = cli(["check", str(folder)], exit_code=0)
    assert "warning:" not in checked.stderr
    data = results(cli, folder)
    assert data["status"]["state"] == "final"
    [flag] = departures(data)
    assert flag["reason"] == (
        "The panel's consensus for Acme Ltd on W1a is 0, outside the evaluators' scores "
        "(Ann Evans 80, Bob Khan 80, Cat Jones 80; range 80 to 80). The panel's reason: "
        f'"{REASON}"'
    )
    cli(["pack", str(folder), "--quiet"])
    pages = [
        " ".join((page.extract_text() or "").split())
        for page in PdfReader(folder / "out" / "pack.pdf").pages
    ]
    # The bidder's section: the flag with its title, the departure and the panel's reason.
    assert any(
        "Consensus outside the evaluators' scores: The panel's consensus for Acme Ltd on W1a is 0"
        in page
        and REASON in page
        for page in pages
    )
    # The moderation record: the row says it is flagged.
    [record] = [p for p in pages if "Scores and moderation by bidder and scored part" in p]
    assert f"Consensus 0: {REASON} Flag: consensus outside the evaluators' scores" in record


def test_a_consensus_at_the_edge_of_the_range_is_not_flagged(
    scored: Path, tmp_path: Path, cli: Any
) -> None:
    data = results(cli, moderated(scored, tmp_path, (80, "Agreed.")))
    assert data["status"]["state"] == "final" and departures(data) == []
