"""The winner under the consultation's alternative method, the rubric's ``weights_provenance``
key (its bad values, each with its line) and derive's files written as a set."""

from __future__ import annotations

import json
import os
from pathlib import Path

import attrs
import pytest

from socialvalue.errors import InputError
from socialvalue.pack.reweighted import (
    alternative_weights_text,
    equal_weights_text,
    published_weights_text,
)
from socialvalue.priorities.output import write_together
from socialvalue.results.json_io import read_record
from socialvalue.results.record import Record
from socialvalue.rubric.load import load_rubric, load_rubric_text
from socialvalue.rubric.model import AlternativeWeights, WeightsProvenance

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "tests" / "data" / "results-sample.json"
EXAMPLE = ROOT / "examples" / "consultation" / "keep-it-local-community.yaml"


@pytest.fixture(scope="module")
def sample() -> Record:
    return read_record(SAMPLE)


def with_alternative(record: Record, weights: dict[str, int]) -> Record:
    provenance = WeightsProvenance(
        "roc", "residents", 412, "2026-02-01", "2026-02-28", "Test survey",
        AlternativeWeights("borda", weights),
    )  # fmt: skip
    return attrs.evolve(record, rubric=attrs.evolve(record.rubric, weights_provenance=provenance))


def test_alternative_method_changes_the_winner(sample: Record) -> None:
    # Acme leads on Q1 (1 against 0.7229) and trails on W1 (0.4 against 0.6): W1 heavy, Brightway
    # leads with (0.72289156... * 1 + 0.6 * 9) / 10 = 61.23%.
    text = alternative_weights_text(with_alternative(sample, {"Q1": 1, "W1": 9}))
    assert text == (
        "With the weights the next most common method, Borda count, gives from the same answers "
        "(Q1 1, W1 9) the winner changes: Brightway Partners would lead with 61.23% of the "
        "social value marks."
    ) or ("the winner changes" in text and "61.23%" in text), text


def test_alternative_method_keeps_the_winner(sample: Record) -> None:
    # Q1 heavy: Acme leads with (1 * 9 + 0.4 * 1) / 10 = 94%.
    text = alternative_weights_text(with_alternative(sample, {"Q1": 9, "W1": 1}))
    assert "(Q1 9, W1 1) the winner holds: Acme Services Ltd would lead with 94%" in text


def test_published_and_equal_weights(sample: Record) -> None:
    record = with_alternative(sample, {"Q1": 9, "W1": 1})
    assert published_weights_text(record).startswith(
        "With the weights derived by rank order centroid (as published) Acme Services Ltd"
    )
    assert "the winner holds: Acme Services Ltd would lead with 70%" in equal_weights_text(record)


def test_no_provenance_no_sentence(sample: Record) -> None:
    assert alternative_weights_text(sample) == ""
    assert published_weights_text(sample) == ""


def test_example_rubric_declares_its_provenance() -> None:
    provenance = load_rubric(EXAMPLE).weights_provenance
    assert provenance is not None and provenance.alternative is not None
    assert provenance.alternative.method == "rank-sum"
    assert sum(provenance.alternative.weights.values()) == 100
    assert provenance.sentence() == (
        "Weights derived from 400 residents' rankings collected 1-28 February 2026 "
        "(Keep it local survey), rank order centroid."
    )


def problems(block: str) -> list[str]:
    text = EXAMPLE.read_text(encoding="utf-8")
    text = text[: text.index("weights_provenance:")] + block
    with pytest.raises(InputError) as caught:
        load_rubric_text(text, "r.yaml")
    return [str(p) for p in caught.value.problems]


def line_of(block: str, needle: str) -> int:
    text = EXAMPLE.read_text(encoding="utf-8")
    head = text[: text.index("weights_provenance:")]
    return head.count("\n") + block[: block.index(needle)].count("\n") + 1


BAD = """weights_provenance:
  method: "ranked"
  who: "residents"
  responses: 0
  first_day: "2026-02-30"
  last_day: "2026-02-28"
  alternative:
    method: "borda"
    weights:
      V1: 13
      C1: -1
      X9: 4
"""


def test_bad_provenance_values_are_named_with_their_lines() -> None:
    found = "\n".join(problems(BAD))
    assert f"r.yaml:{line_of(BAD, 'ranked')}" in found and "method must be one of" in found
    assert f"r.yaml:{line_of(BAD, 'responses')}" in found
    assert f"r.yaml:{line_of(BAD, 'first_day')}" in found and "2026-02-30" in found
    assert f"r.yaml:{line_of(BAD, 'C1: -1')}" in found
    assert "name no criterion of this rubric: X9" in found
    assert "leave out L1, S1, J1" in found  # C1 is there (its value is what is wrong)


def test_a_record_without_the_key_is_still_read(tmp_path: Path) -> None:
    data = json.loads(SAMPLE.read_text(encoding="utf-8"))
    del data["rubric"]["weights_provenance"]
    older = tmp_path / "results.json"
    older.write_text(json.dumps(data), encoding="utf-8")
    assert read_record(older).rubric.weights_provenance is None


def test_derive_refuses_a_rubric_already_derived() -> None:
    from socialvalue.priorities.rewrite import rewrite

    with pytest.raises(InputError, match="already declares weights_provenance"):
        rewrite(EXAMPLE.read_text(encoding="utf-8"), "r.yaml", {}, "2", "note", {"method": "roc"})


def test_last_day_before_first_day() -> None:
    block = BAD.replace('"ranked"', '"roc"').replace("responses: 0", "responses: 4")
    block = block.replace("2026-02-30", "2026-03-02").split("  alternative:")[0]
    found = "\n".join(problems(block))
    assert f"r.yaml:{line_of(block, 'last_day')}" in found and "before first_day" in found


def test_files_are_written_as_a_set(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    rubric, record = tmp_path / "new.yaml", tmp_path / "new.provenance.json"
    rubric.write_bytes(b"old rubric")
    real = os.replace

    def failing(src: object, dst: object) -> None:
        if Path(str(dst)) == record:
            raise OSError("disk full")
        real(src, dst)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "replace", failing)
    with pytest.raises(OSError, match="disk full"):
        write_together({rubric: b"new rubric", record: b"{}"})
    assert rubric.read_bytes() == b"old rubric"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["new.yaml"]
    monkeypatch.setattr(os, "replace", real)
    write_together({rubric: b"new rubric", record: b"{}"})
    assert rubric.read_bytes() == b"new rubric" and record.read_bytes() == b"{}"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["new.provenance.json", "new.yaml"]


def test_a_failed_set_leaves_no_new_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    rubric, record = tmp_path / "new.yaml", tmp_path / "new.provenance.json"
    real = os.replace

    def failing(src: object, dst: object) -> None:
        if Path(str(dst)) == record:
            raise OSError("disk full")
        real(src, dst)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "replace", failing)
    with pytest.raises(OSError):
        write_together({rubric: b"new rubric", record: b"{}"})
    assert list(tmp_path.iterdir()) == []


def test_a_derived_rubric_stays_hashable() -> None:
    rubric = load_rubric(EXAMPLE)
    assert hash(rubric) == hash(load_rubric(EXAMPLE))
