"""Through the CLI on a real tender folder: the example tender, with its own copies of the rubric
and proxy set, every response, scoresheet and the moderation workbook made for them.

A comment or re-indentation of the rubric changes nothing (issue 13 item 5); a real change is
reported at each form, saying what changed and what to do.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pytest
from openpyxl import load_workbook

from socialvalue.forms.fingerprint import SHEET

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "example-tender"
RUBRIC = ROOT / "rubrics" / "local-authority.yaml"
PROXIES = ROOT / "rubrics" / "proxies" / "example-proxies.yaml"
FORMS = (
    [f"responses/{p.name}" for p in sorted((EXAMPLE / "responses").iterdir())]
    + [f"scores/{p.name}" for p in sorted((EXAMPLE / "scores").iterdir())]
    + ["moderation.xlsx"]
)


@pytest.fixture
def tender(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The example tender with the rubric and proxy set copied in, byte for byte."""
    folder = tmp_path / "t"
    shutil.copytree(EXAMPLE, folder)
    shutil.copyfile(RUBRIC, folder / "rubric.yaml")
    shutil.copyfile(PROXIES, folder / "proxies.yaml")
    text = (folder / "tender.yaml").read_text(encoding="utf-8")
    text = text.replace("rubric: local-authority\n", "rubric: rubric.yaml\n")
    text = text.replace("proxy_set: example-proxies\n", "proxy_set: proxies.yaml\n")
    (folder / "tender.yaml").write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return folder


def edit(path: Path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) >= count, old
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def reindented(text: str) -> str:
    """Every line indented by two more spaces: the same YAML, laid out otherwise."""
    return "".join(f"  {line}" if line.strip() else line for line in text.splitlines(True))


def test_a_comment_and_reindenting_leave_every_form_valid(cli, tender: Path) -> None:  # type: ignore[no-untyped-def]
    rubric = tender / "rubric.yaml"
    text = rubric.read_text(encoding="utf-8")
    rubric.write_text(
        "# Checked by legal services, 2 March 2026.\n"
        + reindented(text).replace("  weights: points\n", "  weights: points   # marks\n"),
        encoding="utf-8",
    )
    result = cli(["check", "t"], exit_code=0)
    assert result.stderr.splitlines() == ["0 problems, 0 warnings found."]
    assert all(f"t/{form}: ok (" in result.stdout for form in FORMS), result.stdout
    # `score` reads every input as `evaluate` does (without rendering the PDFs, for speed).
    results = json.loads(cli(["score", "t", "--json", "--quiet"], exit_code=0).stdout)
    assert results["status"]["state"] == "final"
    assert results["ranking"][0]["bidder"] == "greenway"
    assert results["rubric"]["sha256"] == _sha256(rubric)  # the file's identity, as it now is
    # ...and the methodology fingerprint, the one every form still carries.
    bound = {_fingerprint(tender / form)["methodology_sha256"] for form in FORMS}
    assert bound == {results["rubric"]["methodology_sha256"]}


def _fingerprint(path: Path) -> dict[str, str]:
    wb = load_workbook(path, read_only=True)
    rows = {str(k): str(v) for k, v in wb[SHEET].iter_rows(min_row=2, values_only=True)}
    wb.close()
    return rows


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_weight_change_is_reported_at_every_form_with_what_to_do(cli, tender: Path) -> None:  # type: ignore[no-untyped-def]
    rubric = tender / "rubric.yaml"
    edit(rubric, "    weight: 35\n", "    weight: 40\n")  # the jobs section...
    edit(rubric, "        weight: 20\n", "        weight: 25\n")  # ...and LA-JOBS in it
    result = cli(["check", "t"], exit_code=1)
    err = result.stderr
    for form in FORMS:
        assert f"t/{form}: _socialvalue!" in err, form
    block = (
        ': made for a different methodology (rubric "local-authority" version 1.1 has changed '
        "since): jobs weight 35 -> 40; LA-JOBS weight 20 -> 25. "
    )
    assert err.count(block) == len(FORMS)
    assert err.count(block + "The methodology changed after this form was issued: issue a "
                     "corrected template (`socialvalue template`) to the bidders and ask them "
                     "to resubmit, or restore the rubric and proxy values as they were\n") == 6  # fmt: skip
    assert (
        err.count(block + "Make the scoresheets again with `socialvalue scoresheets --force`") == 3
    )
    assert err.count(block + "Make it again with `socialvalue moderation --force`") == 1
    assert f"{len(FORMS)} problems, 0 warnings found." in err


def test_a_proxy_value_change_is_reported(cli, tender: Path) -> None:  # type: ignore[no-untyped-def]
    proxies = tender / "proxies.yaml"
    text = proxies.read_text(encoding="utf-8")
    at = text.index("measure: LA-JOBS-1")
    value = text.index("value: 30000", at)
    proxies.write_text(text[:value] + "value: 32000" + text[value + 12 :], encoding="utf-8")
    err = cli(["check", "t"], exit_code=1).stderr
    assert err.count("has changed since): proxy value LA-JOBS-1 GBP 30,000 -> GBP 32,000. ") == (
        len(FORMS)
    )


def test_a_word_limit_and_a_scale_change_are_said(cli, tender: Path) -> None:  # type: ignore[no-untyped-def]
    rubric = tender / "rubric.yaml"
    edit(rubric, "word_limit: 750", "word_limit: 600")
    edit(rubric, "- score: 100\n", "- score: 90\n")
    err = cli(["check", "t"], exit_code=1).stderr
    assert (
        "since): scale la-quality levels 0-100 in 20s -> 0, 20, 40, 60, 80, 90; "
        "LA-JOBS-MS word_limit 750 -> 600. "
    ) in err
