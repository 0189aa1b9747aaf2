"""Forms are bound to the methodology's content, not the rubric file's bytes (issue 13 item 5).

The canonical form (socialvalue.rubric.canonical) ignores comments, key order, quoting, layout
and defaults written out; every field that affects scoring or what a bidder is asked changes it,
and the change is said in words (socialvalue.rubric.changes). The fingerprint rows that store it
(socialvalue.forms.methodology) split it over cells and refuse what is not ours.
"""

from __future__ import annotations

import base64
import io
import json
import random
import zlib
from pathlib import Path

import pytest
from forms_support import PROXIES, RUBRIC, add_response, edit_workbook, make_tender, rubric_of
from openpyxl import Workbook
from openpyxl.worksheet.worksheet import Worksheet
from ruamel.yaml import YAML

from socialvalue.forms import read_response
from socialvalue.forms.fingerprint import SHEET
from socialvalue.forms.methodology import CHUNK, methodology_rows, stored_methodology
from socialvalue.rubric import load_rubric_text
from socialvalue.rubric.canonical import canonical_json, canonical_methodology, methodology_sha256
from socialvalue.rubric.changes import describe_changes, summarise
from socialvalue.rubric.proxies import ProxySet, load_proxy_set


def methodology(text: str, proxies: ProxySet | None = None) -> dict[str, object]:
    return canonical_methodology(load_rubric_text(text), proxies)


def proxies_from(text: str, tmp_path: Path) -> ProxySet:
    path = tmp_path / "proxies.yaml"
    path.write_text(text, encoding="utf-8")
    return load_proxy_set(path)


def reindent(text: str) -> str:
    """The same YAML indented by 4 (lists by 6) instead of 2, as a YAML library re-saves it."""
    yaml = YAML()
    yaml.indent(mapping=4, sequence=6, offset=4)
    yaml.preserve_quotes = True
    out = io.StringIO()
    yaml.dump(yaml.load(text), out)
    return out.getvalue()


LAYOUT_ONLY = {
    "a comment": lambda t: (
        "# Reviewed by legal, 3 March.\n"
        + t.replace("weights: points\n", "weights: points  # marks, not percentages\n")
    ),
    "re-indented": reindent,
    "key order": lambda t: t.replace("id: forms-test\ntitle: Forms test rubric\n", "").replace(
        "policy: test\n", "policy: test\ntitle: Forms test rubric\nid: forms-test\n"
    ),
    "quoting style": lambda t: t.replace('version: "2.1"', "version: '2.1'").replace(
        "title: Commitments", 'title: "Commitments"'
    ),
    "flow to block": lambda t: t.replace(
        "method: {kind: relative_to_best}", "method:\n          kind: relative_to_best"
    ),
    "a default written out": lambda t: t.replace(
        "        scale: hundred\n", "        scale: hundred\n        rollup: weighted\n"
    ).replace("unit: FTE}", "unit: FTE, record_only: false}"),
    "a decimal spelt otherwise": lambda t: t.replace("weight: 4\n", "weight: 4.00\n"),
    "commentary": lambda t: t.replace(
        "currency: GBP\n", "currency: GBP\ndescription: For the tests.\nnotes: [Draft.]\n"
    ),
}


@pytest.mark.parametrize("edit", list(LAYOUT_ONLY), ids=list(LAYOUT_ONLY))
def test_layout_and_commentary_leave_the_fingerprint_alone(edit: str) -> None:
    text = LAYOUT_ONLY[edit](RUBRIC)
    assert text != RUBRIC
    before, after = load_rubric_text(RUBRIC), load_rubric_text(text)
    assert before.sha256 != after.sha256  # the file's identity differs...
    assert canonical_json(methodology(text)) == canonical_json(methodology(RUBRIC))  # ...not this


# (old text, new text, the line that says what changed)
CHANGES = [
    ("weight: 4\n", "weight: 5\n", "Q1 weight 4 -> 5"),
    ("title: Commitments", "title: Our commitments", 'Q1 title "Commitments" -> "Our commitments"'),
    ("title: Forms test rubric", "title: Forms rubric", 'title "Forms test rubric" -> "Forms rubric"'),
    ('version: "2.1"', 'version: "2.2"', "version 2.1 -> 2.2"),
    ("{score: 100, label: Excellent", "{score: 90, label: Excellent",
     "scale hundred levels 0-100 in 20s -> 0, 20, 40, 60, 80, 90"),
    ("label: Adequate, descriptor: Credible", "label: Fair, descriptor: Credible",
     'scale hundred level 60 label "Adequate" -> "Fair"'),
    ("descriptor: Credible plan.", "descriptor: A credible plan.",
     "scale hundred level 60 descriptor changed"),
    ("        scale: five\n", "        scale: hundred\n",
     'W2 scale "five" -> "hundred" (0-5 -> 0-100 in 20s)'),
    ("question: How will you cut emissions?", "question: How will you cut carbon?",
     'W2 question "How will you cut emissions?" -> "How will you cut carbon?"'),
    ("guidance: Who, how many, when.", "guidance: Who, how many, when. " + "More. " * 12,
     "W1 guidance changed"),
    ("word_limit: 20", "word_limit: 25", "W1 word_limit 20 -> 25"),
    ("weight: 2, guidance: Routes into work.}\n          - {id: W1b, title: Retention, weight: 1}",
     "weight: 1, guidance: Routes into work.}\n          - {id: W1b, title: Retention, weight: 2}",
     "W1a weight 2 -> 1\nW1b weight 1 -> 2"),
    ("        scale: hundred\n", "        scale: hundred\n        rollup: holistic\n",
     'W1 rollup "weighted" -> "holistic"'),
    ("        scale: five\n", "        scale: five\n        minimum: {score: 2}\n",
     "W2 minimum score none -> 2"),
    ("unit: weeks, max_quantity: 520", "unit: days, max_quantity: 520", 'M2 unit "weeks" -> "days"'),
    ("max_quantity: 520", "max_quantity: 260", "M2 max_quantity 520 -> 260"),
    ("unit: FTE}", "unit: FTE, min_quantity: 1}", "M1 min_quantity none -> 1"),
    ("unit: FTE}", "unit: FTE, evidence_required: false}", "M1 evidence_required true -> false"),
    ("record_only: true", "record_only: false", "M3 record_only true -> false"),
    ("          - {id: M4, title: Local spend, unit: GBP, min_quantity: 1000}\n", "",
     "measure M4 removed"),
    ("min_quantity: 1000}\n", "min_quantity: 1000}\n          - {id: M5, title: Hours, unit: hours}\n",
     "measure M5 added"),
    ("method: {kind: relative_to_best}", "method: {kind: relative_to_best, cap_percent_of_contract: 5}",
     "Q1 method cap_percent_of_contract none -> 5"),
    ("final_score: consensus", "final_score: mean", 'moderation final_score "consensus" -> "mean"'),
    ("mandatory_spread_steps: 1", "mandatory_spread_steps: 2", "moderation mandatory_spread_steps 1 -> 2"),
    ("social_value_percent: 10", "social_value_percent: 20", "weighting social_value_percent 10 -> 20"),
    ("proxy_set: test-proxies", "proxy_set: other-proxies", 'proxy_set "test-proxies" -> "other-proxies"'),
    ("weights: points\n", "weights: points\nrounding: {places: 1}\n", "rounding places 2 -> 1"),
    ("weights: points\n", "weights: points\nrounding: {stage: criterion}\n",
     'rounding stage "total" -> "criterion"'),
    ("weights: points\n", "weights: points\nthreshold: {minimum_percent: 40}\n",
     "threshold minimum_percent none -> 40"),
    ("weights: points\n", "weights: points\ntie_breaks: [{rule: qualitative_total}]\n",
     "tie_breaks changed"),
    ("weights: points\n", "weights: points\ncredibility: {outlier_multiple: 4}\n",
     "credibility outlier_multiple 3 -> 4"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("old", "new", "line"), CHANGES, ids=[c[2].replace("\n", "; ") for c in CHANGES]
)
def test_each_kind_of_field_changes_the_fingerprint_and_says_how(
    old: str, new: str, line: str
) -> None:
    assert RUBRIC.count(old) == 1, old
    before, after = methodology(RUBRIC), methodology(RUBRIC.replace(old, new))
    assert methodology_sha256(before) != methodology_sha256(after)
    assert describe_changes(before, after) == line.split("\n")


def test_a_proxy_value_in_force_is_part_of_the_methodology(tmp_path: Path) -> None:
    before = methodology(RUBRIC, proxies_from(PROXIES, tmp_path))
    changed = PROXIES.replace("value: 30000", "value: 32000").replace(
        "unit: weeks, value: 250", "unit: days, value: 250"
    )
    after = methodology(RUBRIC, proxies_from(changed, tmp_path))
    assert methodology_sha256(before) != methodology_sha256(after)
    assert describe_changes(before, after) == [
        "proxy value M1 GBP 30,000 -> GBP 32,000",
        "proxy value M2 unit weeks -> days",
    ]
    # Provenance is not methodology: a renamed or re-versioned set with the same values is the same.
    same = PROXIES.replace('version: "1"', 'version: "2"').replace("source: tests", "source: us")
    assert canonical_json(methodology(RUBRIC, proxies_from(same, tmp_path))) == canonical_json(
        before
    )
    # When one side has no proxy set (it could not be loaded), the rubric alone is compared.
    assert describe_changes(methodology(RUBRIC), after) == []


def test_a_moved_or_reordered_criterion_is_said() -> None:
    w2 = RUBRIC[RUBRIC.index("      - id: W2") : RUBRIC.index("moderation:")]
    swapped = RUBRIC.replace(w2, "").replace("      - id: W1\n", w2 + "      - id: W1\n")
    assert describe_changes(methodology(RUBRIC), methodology(swapped)) == [
        "S1 order of criteria changed"
    ]


def test_many_changes_are_cut_to_ten_lines() -> None:
    lines = [f"change {n}" for n in range(25)]
    assert summarise(lines) == [*lines[:9], "and 16 more changes"]
    assert summarise(lines[:10]) == lines[:10]


def test_a_methodology_too_big_for_a_cell_is_split_and_read_back() -> None:
    noise = random.Random(13)
    doc = {"rubric": {"descriptor": "".join(noise.choice("abcdefghij") for _ in range(200_000))}}
    rows = methodology_rows(canonical_json(doc))
    assert len(rows) > 1
    assert [key for key, _ in rows] == [f"methodology:{n}" for n in range(1, len(rows) + 1)]
    assert all(len(value) <= CHUNK < 32_767 and not value.startswith("=") for _, value in rows)
    assert stored_methodology(dict(rows)) == doc
    assert stored_methodology(dict(rows[:1] + rows[2:])) is None  # a row lost


@pytest.mark.parametrize(
    "value",
    [
        "not base64!",
        base64.b64encode(b"not zlib").decode(),
        base64.b64encode(zlib.compress(b"[1, 2]")).decode(),  # JSON, but not a methodology
        base64.b64encode(zlib.compress(b" " * 50_000_000)).decode(),  # inflates past the limit
    ],
)
def test_a_stored_methodology_that_is_not_ours_is_refused(value: str) -> None:
    assert stored_methodology({"methodology:1": value}) is None


def test_a_rubric_whose_methodology_exceeds_a_cell_binds_and_reads(tmp_path: Path) -> None:
    noise = random.Random(5)
    text = RUBRIC
    # 36,000 characters over four descriptors (a text value holds at most 10,000).
    for descriptor in ("Proven.", "Specific and evidenced.", "Relevant.", "Some relevant."):
        long = " ".join(
            "".join(noise.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(8))
            for _ in range(1000)
        )
        text = text.replace(f"descriptor: {descriptor}", f"descriptor: {json.dumps(long)}")
    folder = make_tender(tmp_path / "t", rubric_text=text)
    response = add_response(folder)
    found, problems = read_response(response, rubric_of(folder), "TST-2026-001")
    assert found is not None and not [p for p in problems if p.severity == "error"]
    wider = text.replace("weight: 4\n", "weight: 6\n")
    (folder / "rubric.yaml").write_text(wider, encoding="utf-8")
    found, problems = read_response(response, rubric_of(folder), "TST-2026-001")
    assert found is None
    assert "has changed since): Q1 weight 4 -> 6. The methodology changed" in str(problems[0])


def _as_made_before_this_change(path: Path) -> None:
    """Drop the methodology rows, as forms made before they were recorded have none."""

    def edit(wb: Workbook) -> None:
        ws = wb[SHEET]
        for row in range(ws.max_row, 1, -1):
            if str(ws.cell(row, 1).value).startswith("methodology"):
                ws.delete_rows(row)

    edit_workbook(path, edit)


ADVICE = (
    "issue a corrected template (`socialvalue template`) to the bidders and ask them to "
    "resubmit, or restore the rubric and proxy values as they were"
)


def read_with(folder: Path, response: Path, rubric: str | None = None) -> tuple[bool, list[str]]:
    """(whether ``response`` reads, its problems) after ``rubric`` replaces the tender's rubric."""
    if rubric is not None:
        (folder / "rubric.yaml").write_text(rubric, encoding="utf-8")
    display = "responses/acme.xlsx"
    found, problems = read_response(response, rubric_of(folder), "TST-2026-001", display=display)
    return found is not None, [str(p) for p in problems]


def test_an_older_form_is_read_while_the_rubric_file_is_the_same(tmp_path: Path) -> None:
    folder = make_tender(tmp_path / "t")
    response = add_response(folder)
    _as_made_before_this_change(response)
    assert read_with(folder, response)[0]
    assert read_with(folder, response, "# a comment\n" + RUBRIC) == (
        False,
        [
            "responses/acme.xlsx: _socialvalue!B7: made by an earlier socialvalue from a "
            'different copy of rubric "forms-test" version 2.1 (its file hash differs), and it '
            "does not record the methodology, so what changed cannot be said: the methodology "
            f"changed after this form was issued: {ADVICE}"
        ],
    )


def test_the_rubric_file_hash_alone_no_longer_unbinds_a_form(tmp_path: Path) -> None:
    folder = make_tender(tmp_path / "t")
    response = add_response(folder)
    edit_workbook(response, lambda wb: _set(wb[SHEET], "rubric_sha256", "0" * 64))
    assert read_with(folder, response)[0]


def _set(ws: Worksheet, key: str, value: str) -> None:
    for row in ws.iter_rows(min_row=2):
        if row[0].value == key:
            row[1].value = value


def test_a_changed_weight_is_said_at_the_fingerprint_cell_with_what_to_do(tmp_path: Path) -> None:
    folder = make_tender(tmp_path / "t")
    response = add_response(folder)
    assert read_with(folder, response, RUBRIC.replace("weight: 4\n", "weight: 6\n")) == (
        False,
        [
            "responses/acme.xlsx: _socialvalue!B9: made for a different methodology (rubric "
            '"forms-test" version 2.1 has changed since): Q1 weight 4 -> 6. The methodology '
            f"changed after this form was issued: {ADVICE}"
        ],
    )
