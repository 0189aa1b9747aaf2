"""The docs show what the commands really print for the example tender, and its real page count.

The transcripts are rewritten by ``scripts/make_cli_transcripts.py``; this test runs the same
demo and fails, with the diff a person can read, when the docs have fallen behind the code.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]


def load_script() -> Any:
    spec = importlib.util.spec_from_file_location(
        "make_cli_transcripts", ROOT / "scripts" / "make_cli_transcripts.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_docs_transcripts_match_the_demo(tmp_path: Path) -> None:
    script = load_script()
    demo, score = script.run_demo(tmp_path)
    assert script.pack_pages(demo) > 0
    changes = script.stale(demo, score)
    assert not changes, (
        "the docs' transcripts are stale: run .venv/bin/python scripts/make_cli_transcripts.py\n"
        + script.diff(changes)
    )
