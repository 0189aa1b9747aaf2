"""The README's contract-manager walkthrough runs as written (issue 16's "done when").

The commands are read from README.md's ```sh block under "### The contract manager" and run in
order through the real command line, in a fresh folder where ``socialvalue demo`` has made the
demo tender; where the README says "the supplier fills it in", the blank return is filled with
:func:`socialvalue.testing.fill_return` and saved where the README says. The test fails if a
command fails, if a file the README names is not written, or if the block changes shape.
"""

from __future__ import annotations

import json
import re
import shlex
from pathlib import Path

import pytest

from socialvalue.delivery.load import load_contract
from socialvalue.testing import fill_return, fill_verification

ROOT = Path(__file__).resolve().parent.parent
SECTION = "### The contract manager"


def walkthrough() -> list[str]:
    """The lines of the first ```sh block after the section's heading, before the next one."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = re.split(r"\n#{2,3} ", text.split(SECTION, 1)[1], maxsplit=1)[0]
    block = re.search(r"```sh\n(.*?)```", section, re.S)
    assert block, f"README.md: no ```sh block under {SECTION!r}"
    return [line for line in block.group(1).splitlines() if line.strip()]


def command(line: str) -> list[str]:
    """``socialvalue ARGS   # comment`` -> ARGS."""
    words = shlex.split(line, comments=True)
    assert words[0] == "socialvalue", f"README.md: not a socialvalue command: {line!r}"
    return words[1:]


def test_the_block_has_the_shape_this_test_follows():
    lines = walkthrough()
    steps = [line.split()[1] if not line.startswith("#") else "#" for line in lines]
    assert steps == ["contract", "returns", "#", "contract", "contract", "contract", "ocds"]
    assert "the supplier fills it in" in lines[2]


def test_the_contract_managers_walkthrough_runs_as_written(cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    cli(["demo", "--quiet"])  # the README's earlier sections: `make demo` / `socialvalue demo`
    example = tmp_path / "socialvalue-demo-contract"  # the demo's example contract, reported
    assert len(list((example / "returns").glob("*-return.xlsx"))) == 4
    assert (example / "out" / "delivery.pdf").is_file()
    outputs: dict[str, str] = {}
    for line in walkthrough():
        if line.startswith("#"):
            saved = re.search(r"save it as (\S+\.xlsx)", line)
            assert saved, f"README.md: where does the filled return go? {line!r}"
            target = Path(saved.group(1))
            contract = load_contract(target.parts[0])
            period = target.name.split("-return")[0]
            blank = Path(outputs["returns"].strip().splitlines()[-1])
            due = {k.id: (k.due(period), f"{k.title}: records attached") for k in contract.kpis}
            fill_return(blank, target, contract, delivered=due)
            continue
        args = command(line)
        result = cli(args)
        outputs[" ".join(a for a in args[:2] if not a.startswith("my-"))] = (
            result.stdout + result.stderr
        )
        if args[:2] == ["contract", "verification"]:
            # "the officer verifies each figure": every figure of the return, verified
            book = tmp_path / "my-contract" / "verification" / "verification.xlsx"
            assert book.is_file()
            fill_verification(
                book,
                {
                    ("2026-Q2", k.id): ("verified", "", "Helen Marsh", "2026-07-20")
                    for k in load_contract("my-contract").kpis
                },
            )
    folder = tmp_path / "my-contract"
    assert "1 return: 0 problems" in outputs["contract check"]
    out = folder / "out"
    for name in ("delivery.json", "delivery.xlsx", "delivery.pdf", "ocds.json"):
        assert (out / name).is_file(), f"{name} is not written"
    record = json.loads((out / "delivery.json").read_text(encoding="utf-8"))
    assert record["as_of"] == "2026-06-30"
    # delivered as profiled and verified: every KPI is Good
    assert {k["rating"] for k in record["kpis"]} == {"Good"}
    ocds = json.loads((out / "ocds.json").read_text(encoding="utf-8"))
    assert ocds["releases"][0]["contracts"][0]["implementation"]["metrics"]


@pytest.mark.parametrize("line", walkthrough())
def test_every_command_is_documented_in_cli_md(line):
    if line.startswith("#"):
        return
    name = " ".join(w for w in command(line)[:2] if not w.startswith("my-"))
    assert f"socialvalue {name}" in (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
