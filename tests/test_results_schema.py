"""results.schema.json: shipped up to date, valid, and every record written validates against it;
the typed reader gives back the record that was written."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator
from test_results_json import load_sample_script
from test_scoring_helpers import EXAMPLE1_BIDS, inputs, simple_rubric

from socialvalue.errors import InputError
from socialvalue.resources import results_schema_path
from socialvalue.results.codec import CONVERTER, from_json
from socialvalue.results.json_io import dumps, read_record, to_json, write_results_json
from socialvalue.results.record import Record
from socialvalue.results.schema import render, results_schema
from socialvalue.scoring import evaluate
from socialvalue.scoring.arith import exact
from socialvalue.tender.inputs import check_tender

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "tests" / "data" / "results-sample.json"
EXAMPLE = ROOT / "examples" / "example-tender"


@pytest.fixture(scope="module")
def validator() -> Draft202012Validator:
    return Draft202012Validator(json.loads(results_schema_path().read_text(encoding="utf-8")))


def errors(validator: Draft202012Validator, data: Any) -> list[str]:
    return sorted(
        f"{'/'.join(str(p) for p in e.absolute_path)}: {e.message}"
        for e in validator.iter_errors(data)
    )


@pytest.fixture(scope="module")
def example_record() -> dict[str, Any]:
    report = check_tender(EXAMPLE)
    assert report.inputs is not None
    return to_json(evaluate(report.inputs))


# ----------------------------------------------------------------------------- the file
def test_shipped_schema_is_up_to_date() -> None:
    assert results_schema_path().read_text(encoding="utf-8") == render(), (
        "socialvalue/schema/results.schema.json is out of date with the record: "
        "run `python scripts/make_schema.py` and commit the result"
    )


def test_schema_is_valid_draft_2020_12() -> None:
    schema = results_schema()
    Draft202012Validator.check_schema(schema)
    assert schema["$id"] == "urn:socialvalue:schema:results"
    assert schema["additionalProperties"] is False
    assert schema["required"] == list(schema["properties"])  # every key is always written
    assert list(schema["properties"])[:2] == ["schema_version", "toolkit"]


# ----------------------------------------------------------------------------- records validate
def test_sample_validates(validator: Draft202012Validator) -> None:
    assert errors(validator, json.loads(SAMPLE.read_text(encoding="utf-8"))) == []


def test_example_tender_validates(
    validator: Draft202012Validator, example_record: dict[str, Any]
) -> None:
    assert errors(validator, json.loads(json.dumps(example_record))) == []


def test_a_record_without_proxies_or_scores_validates(validator: Draft202012Validator) -> None:
    ev = evaluate(inputs(simple_rubric(), EXAMPLE1_BIDS))
    assert errors(validator, json.loads(dumps(to_json(ev)))) == []


def test_the_schema_sees_a_wrong_record(validator: Draft202012Validator) -> None:
    data = json.loads(SAMPLE.read_text(encoding="utf-8"))
    wrong = copy.deepcopy(data)
    wrong["bidders"][0]["totals"]["total"] = 7.0
    del wrong["bidders"][0]["criteria"][0]["cap"]
    wrong["status"]["state"] = "done"
    wrong["extra"] = 1
    found = errors(validator, wrong)
    assert any(e.startswith("bidders/0/totals/total:") for e in found)
    assert any("'cap' is a required property" in e for e in found)
    assert any(e.startswith("status/state:") for e in found)
    assert any("'extra' was unexpected" in e for e in found)


def test_every_record_the_suite_writes_is_validated(
    tmp_path: Path, every_written_record_validates: list[int]
) -> None:
    """The session fixture in conftest.py checks each write; here, that it is in place."""
    before = every_written_record_validates[0]
    write_results_json(evaluate(inputs(simple_rubric(), EXAMPLE1_BIDS)), tmp_path / "r.json")
    assert every_written_record_validates[0] == before + 1


# ----------------------------------------------------------------------------- the typed reader
def test_reader_gives_back_the_record_written(tmp_path: Path) -> None:
    path = tmp_path / "results.json"
    write_results_json(evaluate(load_sample_script().sample_inputs()), path)
    record = read_record(path)
    assert isinstance(record, Record)
    with exact():
        again = dumps(CONVERTER.unstructure(record))
    assert again.encode("utf-8") == path.read_bytes() == SAMPLE.read_bytes()
    assert record.bidders[0].totals.total_rounded.as_tuple().exponent == -3  # places kept
    assert record.bidders[0].criteria[1].parts is not None
    assert record.bidders[0].criteria[1].parts[0].scores[0].evaluator == "e1"


def test_example_tender_round_trips(example_record: dict[str, Any]) -> None:
    text = dumps(example_record)
    with exact():
        assert dumps(CONVERTER.unstructure(from_json(json.loads(text)))) == text


def test_reader_reports_a_wrong_shape(tmp_path: Path) -> None:
    data = json.loads(SAMPLE.read_text(encoding="utf-8"))
    del data["bidders"][0]["totals"]
    path = tmp_path / "results.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(InputError, match=r"\$\.bidders\[0\]: 'totals' is a required property"):
        read_record(path)


def test_reader_accepts_keys_a_later_minor_version_adds(tmp_path: Path) -> None:
    data = json.loads(SAMPLE.read_text(encoding="utf-8"))
    data["schema_version"] = "1.1"
    data["later"] = {"anything": 1}
    path = tmp_path / "results.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    assert read_record(path).schema_version == "1.1"


def test_reader_reads_the_shipped_sample() -> None:
    sample = json.loads(SAMPLE.read_text(encoding="utf-8"))
    record = from_json(sample)
    assert [b.key for b in record.bidders] == [b["key"] for b in sample["bidders"]]
    assert record.tender.dates["deadline"].isoformat() == sample["tender"]["dates"]["deadline"]
