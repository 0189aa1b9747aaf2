"""Bring the example tender's transcripts and page counts in the docs up to date.

docs/cli.md shows what `socialvalue demo`, `evaluate` and `score` print for the bundled example
tender, and docs/cli.md and docs/pack.md quote how many pages its pack takes. This script runs
the demo for real in a temporary folder and rewrites those passages from what it printed;
tests/test_docs_transcripts.py runs the same and fails, with a diff, when the docs are stale.

    .venv/bin/python scripts/make_cli_transcripts.py        # rewrite the docs, print the diff
    .venv/bin/python scripts/make_cli_transcripts.py --check  # exit 1 if they are stale

Only the lines a run gives the same every time are compared: the seconds a command took, and
the "Inputs changed since the last run" lines of the evaluate transcript (they show the second
run of a folder), are left as written.
"""

from __future__ import annotations

import difflib
import os
import re
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from click.testing import CliRunner

from socialvalue.cli import main as cli_main

ROOT = Path(__file__).resolve().parents[1]
DOCS = ("docs/cli.md", "docs/pack.md")
DEMO = "try-socialvalue"
EXAMPLE = "example-tender"
PAGES = re.compile(r"\((\d+) pages\)")


def run_demo(workdir: Path) -> tuple[str, str]:
    """What `socialvalue demo try-socialvalue` and then `score` print, run in ``workdir``."""
    runner = CliRunner()
    before = Path.cwd()
    os.chdir(workdir)
    try:
        demo = runner.invoke(cli_main, ["demo", DEMO], catch_exceptions=False)
        score = runner.invoke(cli_main, ["score", DEMO], catch_exceptions=False)
    finally:
        os.chdir(before)
    for result in (demo, score):
        if result.exit_code != 0:
            raise SystemExit(f"the demo failed ({result.exit_code}):\n{result.output}")
    return demo.output, score.output


def pack_pages(demo: str) -> int:
    """The pack's page count, from the demo's "Files:" listing."""
    found = PAGES.search(demo)
    if found is None:
        raise SystemExit(f"the demo did not say how many pages the pack has:\n{demo}")
    return int(found.group(1))


def _block(text: str, command: str) -> tuple[int, int]:
    """Start and end offsets of the body of the console block that runs ``command``."""
    opening = f"```console\n$ {command}\n"
    start = text.find(opening)
    if start < 0:
        raise SystemExit(f"no console block for `{command}` in the docs")
    body = start + len(opening)
    return body, text.index("```", body)


def _replace_block(text: str, command: str, make: Callable[[str], str]) -> str:
    body, end = _block(text, command)
    return text[:body] + make(text[body:end]) + text[end:]


def _evaluate_body(demo: str, written: str) -> str:
    """evaluate's output is the demo's without its first and last lines, under the tender's own
    folder name, less the example contract's line; the "Inputs changed" lines of the written
    transcript are kept."""
    lines = [line for line in demo.splitlines(keepends=True)[1:-1] if "-contract/" not in line]
    body = "".join(lines).replace(DEMO, EXAMPLE)
    changed = re.search(r"Inputs changed since the last run:\n(?:  .*\n)+", written)
    if changed:
        body = body.replace("Files:\n", changed.group(0) + "Files:\n", 1)
    return body


def updated(name: str, text: str, demo: str, score: str) -> str:
    """``text`` (the docs file ``name``) with the example's transcripts and page counts."""
    pages = pack_pages(demo)
    if name == "docs/cli.md":
        text = _replace_block(text, f"socialvalue demo {DEMO}", lambda _: demo)
        text = _replace_block(
            text, f"socialvalue evaluate {EXAMPLE}", lambda old: _evaluate_body(demo, old)
        )
        text = _replace_block(
            text, f"socialvalue score {EXAMPLE}", lambda _: score.replace(DEMO, EXAMPLE)
        )
        text = re.sub(r"\n\d+ pages in the pack, ", f"\n{pages} pages in the pack, ", text)
    if name == "docs/pack.md":
        text = re.sub(
            r"the example tender's (\d+) bidders take \d+ pages",
            lambda m: f"the example tender's {m.group(1)} bidders take {pages} pages",
            text,
        )
    return text


def stale(demo: str, score: str) -> dict[str, tuple[str, str]]:
    """Docs file -> (written, as it should be), for every file that is out of date."""
    out = {}
    for name in DOCS:
        written = (ROOT / name).read_text(encoding="utf-8")
        wanted = updated(name, written, demo, score)
        if wanted != written:
            out[name] = (written, wanted)
    return out


def diff(changes: dict[str, tuple[str, str]]) -> str:
    """A unified diff of every stale file, for a person to read."""
    return "".join(
        "".join(
            difflib.unified_diff(
                old.splitlines(keepends=True),
                new.splitlines(keepends=True),
                f"a/{name}",
                f"b/{name}",
            )
        )
        for name, (old, new) in changes.items()
    )


def main(argv: list[str]) -> int:
    with tempfile.TemporaryDirectory(prefix="sv-transcripts-") as tmp:
        demo, score = run_demo(Path(tmp))
    changes = stale(demo, score)
    if not changes:
        print("The docs' transcripts are up to date.")
        return 0
    print(diff(changes), end="")
    if "--check" in argv:
        return 1
    for name, (_, new) in changes.items():
        (ROOT / name).write_text(new, encoding="utf-8")
    print(f"Rewrote {', '.join(changes)}.")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
