"""The hash recorded for a workbook is the hash of the bytes that were read (issue 15 item 11).

A response (a scoresheet, the moderation workbook) replaced between its hashing and its reading
was once recorded with the old SHA-256 and scored on the new content. Each file is now read into
memory once, within the size limit; those bytes are hashed and those bytes are parsed. Each test
swaps the file on disk at the moment its reader is called, and checks that what was scored and
what was recorded are the same bytes.
"""

from __future__ import annotations

import hashlib
import shutil
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from forms_support import EVALUATORS, complete_tender

from socialvalue.forms import fill_by_names
from socialvalue.tender import inputs
from socialvalue.tender.inputs import check_tender


@pytest.fixture
def built(tmp_path: Path) -> Path:
    """A complete, moderated tender: two bidders, three evaluators."""
    return complete_tender(tmp_path / "tender")


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _swap_when_read(
    monkeypatch: pytest.MonkeyPatch, reader: str, target: Path, replacement: Path
) -> list[bool]:
    """Replace ``target`` by ``replacement`` on disk just before ``inputs.<reader>`` reads it."""
    real: Callable[..., Any] = getattr(inputs, reader)
    swapped: list[bool] = []

    def swap_then_read(path: Path, *args: Any, **kwargs: Any) -> Any:
        if Path(path) == target and not swapped:
            shutil.copyfile(replacement, target)
            swapped.append(True)
        return real(path, *args, **kwargs)

    monkeypatch.setattr(inputs, reader, swap_then_read)
    return swapped


def _recorded(report: Any, display: str) -> str:
    assert report.inputs is not None, [str(p) for p in report.problems]
    [digest] = [f.sha256 for f in report.inputs.files if f.path == display]
    return str(digest)


def test_a_response_swapped_before_reading_is_scored_as_hashed(
    built: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    target = built / "responses" / "acme.xlsx"
    original = target.read_bytes()
    other = fill_by_names(target, tmp_path / "other.xlsx", {"sv_qty_M1": 7})
    assert _sha(other.read_bytes()) != _sha(original)
    swapped = _swap_when_read(monkeypatch, "read_response", target, other)
    report = check_tender(built)
    assert swapped and target.read_bytes() == other.read_bytes()  # the file really changed
    assert _recorded(report, "responses/acme.xlsx") == _sha(original)
    [acme] = [r for r in report.inputs.responses if r.key == "acme"]
    assert acme.sha256 == _sha(original)
    assert acme.commitment("M1").quantity == Decimal(3)  # what was hashed, not the 7 swapped in


def test_a_scoresheet_swapped_before_reading_is_scored_as_hashed(
    built: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    evaluator = EVALUATORS[0]
    target = built / "scores" / f"{evaluator}.xlsx"
    original = target.read_bytes()
    other = fill_by_names(target, tmp_path / "other.xlsx", {"sv_score_acme_W1a": 100})
    swapped = _swap_when_read(monkeypatch, "read_scoresheet", target, other)
    report = check_tender(built)
    assert swapped
    assert _recorded(report, f"scores/{evaluator}.xlsx") == _sha(original)
    [sheet] = [s for s in report.inputs.scoresheets if s.evaluator == evaluator]
    assert sheet.sha256 == _sha(original)
    [score] = [s for s in sheet.scores if (s.bidder, s.part) == ("acme", "W1a")]
    assert score.score == Decimal(60)


def test_the_moderation_workbook_swapped_before_reading_is_read_as_hashed(
    built: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    target = built / "moderation.xlsx"
    original = target.read_bytes()
    other = fill_by_names(target, tmp_path / "other.xlsx", {"sv_consensus_acme_W1a": 100})
    swapped = _swap_when_read(monkeypatch, "read_moderation", target, other)
    report = check_tender(built)
    assert swapped
    assert _recorded(report, "moderation.xlsx") == _sha(original)
    moderation = report.inputs.moderation
    assert moderation is not None and moderation.sha256 == _sha(original)
    consensus = moderation.consensus("acme", "W1a")
    assert consensus is not None and consensus.score == Decimal(60)
