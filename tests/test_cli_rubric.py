"""``socialvalue rubric list|check|show|schema``, and ``--help`` for every command."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import click
import pytest
from click.testing import Result

from socialvalue import __version__
from socialvalue.cli import main
from socialvalue.resources import schema_path

Invoke = Callable[..., Result]  # the `cli` fixture (tests/conftest.py)

ROOT = Path(__file__).resolve().parent.parent
TUTORIAL = ROOT / "rubrics" / "tutorial.yaml"
SHIPPED = sorted((ROOT / "rubrics").glob("*.yaml"))

BROKEN = """\
id: broken
title: Broken
version: "1"
policy: PPN 002
currency: gbp
weighting: {social_value_percent: 10}
sections:
  - id: S
    title: S
    weight: 100
    criteria:
      - id: C
        title: C
        wieght: 100
        type: quantitative
        measures: [{id: M, title: M, unit: FTE}]
        method: {kind: relative_to_best}
"""


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Work in an empty folder, so file names in messages are short."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


def no_traceback(text: str) -> None:
    assert "Traceback" not in text


# ----------------------------------------------------------------------------- list
def test_list(cli: Invoke) -> None:
    result = cli(["rubric", "list"])
    lines = result.stdout.splitlines()
    assert any(
        re.fullmatch(r"tutorial +1\.0 +Tutorial rubric - local jobs and a method statement", line)
        for line in lines
    ), lines
    ids = [line.split()[0] for line in lines]
    assert ids == sorted(ids)
    assert len(ids) == len(SHIPPED)
    assert result.stderr == ""


def test_list_json(cli: Invoke) -> None:
    entries = json.loads(cli(["rubric", "list", "--json"]).stdout)
    by_id = {e["id"]: e for e in entries}
    assert [e["id"] for e in entries] == sorted(by_id)
    assert set(entries[0]) == {"id", "title", "version", "policy", "path"}
    tutorial = by_id["tutorial"]
    assert tutorial["title"] == "Tutorial rubric - local jobs and a method statement"
    assert tutorial["version"] == "1.0"
    assert Path(tutorial["path"]).resolve() == TUTORIAL.resolve()
    assert {Path(e["path"]).resolve() for e in entries} == {p.resolve() for p in SHIPPED}


# ----------------------------------------------------------------------------- check
def test_check_ok(cli: Invoke) -> None:
    result = cli(["rubric", "check", str(TUTORIAL)])
    assert result.stdout == f"{TUTORIAL}: ok\n"
    assert result.stderr == ""


def test_check_every_shipped_rubric(cli: Invoke) -> None:
    result = cli(["rubric", "check", *map(str, SHIPPED)])
    assert result.stdout.splitlines() == [f"{p}: ok" for p in SHIPPED]


def test_check_broken_file(cli: Invoke, here: Path) -> None:
    (here / "broken.yaml").write_text(BROKEN)
    result = cli(["rubric", "check", "broken.yaml"], exit_code=1)
    assert result.stderr.splitlines() == [
        'broken.yaml:5:11: currency must be a 3-letter ISO code such as GBP, got "gbp"',
        "broken.yaml:14:9: unknown key `wieght` in a criterion (did you mean `weight`?)",
        "2 problems found.",
    ]
    assert result.stdout == "broken.yaml: problems\n"
    no_traceback(result.stderr + result.stdout)


def test_check_good_and_broken_together(cli: Invoke, here: Path) -> None:
    (here / "broken.yaml").write_text(BROKEN.replace("currency: gbp\n", ""))
    result = cli(["rubric", "check", str(TUTORIAL), "broken.yaml"], exit_code=1)
    assert result.stdout.splitlines() == [f"{TUTORIAL}: ok", "broken.yaml: problems"]
    assert result.stderr.splitlines()[-1] == "1 problem found."


def test_check_yaml_syntax_error(cli: Invoke, here: Path) -> None:
    (here / "bad.yaml").write_text("id: x\ntitle: [unclosed\n")
    result = cli(["rubric", "check", "bad.yaml"], exit_code=1)
    assert result.stderr.splitlines()[0].startswith("bad.yaml:3:1: YAML syntax error: ")
    no_traceback(result.stderr)


def test_check_alias_bomb(cli: Invoke, here: Path) -> None:
    text = 'a: &a ["x","x","x","x","x","x","x","x","x","x"]\n'
    for prev, name in zip("abcdefgh", "bcdefghi", strict=True):
        text += f"{name}: &{name} [" + ", ".join([f"*{prev}"] * 10) + "]\n"
    (here / "bomb.yaml").write_text(text)
    result = cli(["rubric", "check", "bomb.yaml"], exit_code=1)
    assert result.stderr.splitlines()[0] == (
        "bomb.yaml:1:1: the document expands to more than 200,000 nodes (alias bomb?)"
    )


def test_check_rubric_without_proxy_set(cli: Invoke, here: Path) -> None:
    text = TUTORIAL.read_text(encoding="utf-8").replace("proxy_set: example-proxies\n", "")
    (here / "mine.yaml").write_text(text)
    result = cli(["rubric", "check", "mine.yaml"], exit_code=1)
    assert result.stderr.splitlines() == [
        "mine.yaml: the rubric values measures but names no `proxy_set`",
        "1 problem found.",
    ]


def test_check_proxy_set_not_found(cli: Invoke, here: Path) -> None:
    text = TUTORIAL.read_text(encoding="utf-8").replace(
        "proxy_set: example-proxies", "proxy_set: our-licensed-set"
    )
    (here / "mine.yaml").write_text(text)
    result = cli(["rubric", "check", "mine.yaml"], exit_code=1)
    first = result.stderr.splitlines()[0]
    assert first.startswith(
        "mine.yaml: proxy set `our-licensed-set` not found beside the rubric "
        "(proxies/our-licensed-set.yaml or .csv) or among the shipped sets in "
    )


def test_check_uses_the_proxy_set_beside_the_rubric(cli: Invoke, here: Path) -> None:
    text = TUTORIAL.read_text(encoding="utf-8").replace(
        "proxy_set: example-proxies", "proxy_set: ours"
    )
    (here / "mine.yaml").write_text(text)
    (here / "proxies").mkdir()
    (here / "proxies" / "ours.csv").write_text(
        "# id: ours\n# name: Ours\n# source: Us\n# version: 1\n# licence: Proprietary\n"
        "# price_year: 2026\n# currency: GBP\nmeasure,unit,value,note\n"
        "M1,FTE,30000,\nM2,days,50,\n"
    )
    result = cli(["rubric", "check", "mine.yaml"], exit_code=1)
    assert result.stderr.splitlines() == [
        "proxies/ours.csv: measure `M2` is valued per days but rubric `tutorial` measures it "
        "in weeks",
        "proxies/ours.csv: no value for measure `M3` (Staff volunteering), which rubric "
        "`tutorial` needs",
        "2 problems found.",
    ]


def test_check_nonexistent_file(cli: Invoke, here: Path) -> None:
    result = cli(["rubric", "check", "nope.yaml"], exit_code=1)
    assert result.stderr.splitlines() == ["nope.yaml: file not found", "1 problem found."]
    no_traceback(result.stderr)


def test_check_needs_a_file(cli: Invoke, here: Path) -> None:
    result = cli(["rubric", "check"], exit_code=2)
    assert "Missing argument 'FILES...'" in result.stderr
    result = cli(["rubric", "check", str(here)], exit_code=2)
    assert "is a directory" in result.stderr
    no_traceback(result.stderr)


# ----------------------------------------------------------------------------- show
def test_show_tutorial(cli: Invoke) -> None:
    out = cli(["rubric", "show", "tutorial"]).stdout.splitlines()
    assert out[0] == "Tutorial rubric - local jobs and a method statement"
    expected = [
        "id tutorial, version 1.0, policy PPN 002 (illustrative), currency GBP",
        "social value weight 10% of the whole evaluation (policy minimum 10%)",
        "weights: points; proxy set: example-proxies",
        "  jobs  Local jobs and skills  [10 pts]",
        "    Q1  Commitments to local employment and skills  [5 pts = 5 of 10 marks, quantitative]",
        "        M1  Local people employed on the contract (FTE)",
        "        M2  Apprenticeship weeks (weeks)",
        "        M3  Staff volunteering (hours)",
        "        method: relative to best: bid GBP value / highest eligible GBP value x marks",
        "    W1  Method statement - how you will deliver local jobs  "
        "[5 pts = 5 of 10 marks, qualitative]",
        "        scale: zero-to-hundred, word limit 500",
        "Scales:",
        "  zero-to-hundred  Quality (0-100 in steps of 20)",
        "        0  No response: No answer, or an answer that does not address the question.",
        "      100  Excellent: As Good, plus a track record of delivery, named partners and "
        "monitoring.",
        "Moderation: final score = consensus; mandatory when evaluators differ by more than 1 "
        "scale step(s)",
        "Tie-breaks: higher W1, then higher social value gbp",
        "Rounding: 3 places, half-up, at stage total; ranking on unrounded values",
    ]
    missing = [line for line in expected if line not in out]
    assert missing == []
    # In tree order.
    positions = [out.index(line) for line in expected]
    assert positions == sorted(positions)


def test_show_by_path_is_the_same(cli: Invoke) -> None:
    by_id = cli(["rubric", "show", "tutorial"]).stdout
    assert cli(["rubric", "show", str(TUTORIAL)]).stdout == by_id


@pytest.mark.parametrize("path", SHIPPED, ids=[p.stem for p in SHIPPED])
def test_show_every_shipped_rubric(cli: Invoke, path: Path) -> None:
    out = cli(["rubric", "show", path.stem]).stdout
    assert "Scales:" in out or "Moderation:" in out
    assert "Rounding:" in out


def test_show_percent_rubric(cli: Invoke, here: Path) -> None:
    (here / "p.yaml").write_text(
        "id: p\ntitle: P\nversion: '1'\npolicy: PPN 002\n"
        "weighting: {social_value_percent: 12.5}\n"
        "scales: [{id: s, title: S, levels: [{score: 0, label: a, descriptor: a},"
        " {score: 5, label: b, descriptor: b}]}]\n"
        "sections:\n"
        "  - {id: A, title: Alpha, weight: 40, criteria: [{id: C, title: Cee, weight: 100,"
        " type: qualitative, question: Q?, scale: s, minimum: {score: 5}}]}\n"
        "  - id: B\n    title: Beta\n    weight: 60\n    criteria:\n"
        "      - {id: D, title: Dee, weight: 100, type: quantitative,"
        " measures: [{id: M, title: Em, unit: GBP, record_only: true},"
        " {id: N, title: En, unit: FTE}],"
        " method: {kind: contract_value_bands, bands: [{at_least: 0, score: 0},"
        " {at_least: 2.5, score: 100}]}}\n"
        "threshold: {minimum_percent: 40}\n"
        "notes: [Wording not confirmed.]\n"
    )
    out = cli(["rubric", "show", "p.yaml"]).stdout.splitlines()
    for line in [
        "social value weight 12.5% of the whole evaluation (policy minimum 10%)",
        "  A  Alpha  [40%]",
        "    C  Cee  [100% = 40 of 100 marks, qualitative]",
        "        minimum score 5 (disqualifies)",
        "    D  Dee  [100% = 60 of 100 marks, quantitative]",
        "        M  Em (GBP) record only",
        "        method: bands of % of contract value: >= 0% -> 0%, >= 2.5% -> 100% of marks",
        "Threshold: at least 40% of qualitative marks (disqualifies)",
        "Tie-breaks: none (tied bids share a rank)",
        "Note: Wording not confirmed.",
    ]:
        assert line in out


def test_show_broken_file(cli: Invoke, here: Path) -> None:
    (here / "broken.yaml").write_text(BROKEN)
    result = cli(["rubric", "show", "broken.yaml"], exit_code=1)
    assert result.stdout == ""
    assert result.stderr.splitlines()[-1] == "2 problems found."
    no_traceback(result.stderr)


def test_show_nonexistent(cli: Invoke, here: Path) -> None:
    result = cli(["rubric", "show", "nope.yaml"], exit_code=1)
    assert result.stderr.splitlines() == ["nope.yaml: file not found", "1 problem found."]
    result = cli(["rubric", "show", "no-such-rubric"], exit_code=1)
    first = result.stderr.splitlines()[0]
    assert first.startswith(
        "no-such-rubric: no shipped rubric has this id and no such file exists (shipped: "
    )
    assert "tutorial" in first
    no_traceback(result.stderr)


# ----------------------------------------------------------------------------- schema
def test_schema_prints_the_shipped_file(cli: Invoke) -> None:
    result = cli(["rubric", "schema"])
    assert result.stdout == schema_path().read_text(encoding="utf-8")
    data = json.loads(result.stdout)
    assert data["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert "sections" in data["properties"]


# ----------------------------------------------------------------------------- help
def all_commands(group: click.Group = main, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    found = []
    for name, command in sorted(group.commands.items()):
        path = (*prefix, name)
        found.append(path)
        if isinstance(command, click.Group):
            found.extend(all_commands(command, path))
    return found


COMMANDS = all_commands()


def test_the_rubric_commands_are_there() -> None:
    assert {("rubric", c) for c in ("list", "check", "show", "schema")} <= set(COMMANDS)


@pytest.mark.parametrize("path", COMMANDS, ids=[" ".join(p) for p in COMMANDS])
def test_every_command_has_help_with_an_example(cli: Invoke, path: tuple[str, ...]) -> None:
    command = main
    for name in path:
        assert isinstance(command, click.Group)
        command = command.commands[name]
    out = cli([*path, "--help"]).stdout
    assert out.startswith(f"Usage: socialvalue {' '.join(path)} ")
    if isinstance(command, click.Group):
        assert "Commands:" in out
    else:
        assert "Example" in out, f"`socialvalue {' '.join(path)} --help` shows no example"
        example = out[out.index("Example") :]
        assert f"socialvalue {' '.join(path)}" in example


def test_version(cli: Invoke) -> None:
    assert cli(["--version"]).stdout == f"socialvalue, version {__version__}\n"
