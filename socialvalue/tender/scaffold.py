"""``socialvalue init``: scaffold a tender folder with a commented ``tender.yaml``."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from ..atomic import write_bytes_atomic
from ..errors import InputError, display_path
from ..rubric import catalogue
from .config import OUT, RESPONSES, SCORES, TENDER_FILE

TEMPLATE = """\
# tender.yaml: one procurement evaluated with socialvalue. See docs/tender.md.
# Every field is checked by `socialvalue check .`; problems name the line and column.

# Your reference and title, exactly as in the tender documents.
reference: {reference}
title: Replace with the contract title
# The contracting authority.
buyer: Replace with the buyer's name

contract:
  # Estimated contract value, used for "% of contract value" and credibility checks.
  # Quote it if you like: "2000000" or 2000000. No currency symbols or commas.
  value: 1000000
  currency: GBP
  # Optional: contract length in years.
  years: 3

# The rubric: a shipped rubric id (`socialvalue rubric list`) or a path relative to this folder.
rubric: {rubric}
# Optional: the proxy set to value measures with: the id of a shipped set or a file in this
# folder, e.g. your licensed set `proxies/our-licensed-set.csv`. Without it, the rubric's own.
{proxy_line}
# Optional: social value's weight in the whole evaluation (percent), if it differs from the
# rubric's ({weight}%). Below the policy minimum ({minimum}%) is an error.
# social_value_percent: 10

# Evaluators: each scores alone in scores/<id>.xlsx (made by `socialvalue scoresheets .`).
evaluators:
  - id: evaluator-1
    name: First Evaluator
    role: Social value lead
  - id: evaluator-2
    name: Second Evaluator
    role: Service manager
  - id: evaluator-3
    name: Third Evaluator
    role: Procurement officer

# Key dates (YYYY-MM-DD), printed in the pack.
dates:
  published: {today}
  deadline: {today}

# Protective marking printed on every page of the pack and summaries.
marking: OFFICIAL-SENSITIVE

pack:
  # true: PDF/A-3b archival pack with results.json attached (default: tagged PDF/UA-1).
  archival: false
  # The date printed on the pack. Fix it so re-running gives identical bytes.
  generated: {today}
"""


def init_tender(folder: str | Path, rubric: str, *, reference: str | None = None,
                today: dt.date | None = None) -> Path:  # fmt: skip
    """Create ``folder`` with ``tender.yaml``, ``responses/``, ``scores/`` and ``out/``.

    Refuses to overwrite an existing ``tender.yaml``. Returns the path of ``tender.yaml``.
    """
    folder = Path(folder)
    target = folder / TENDER_FILE
    if target.exists():
        raise InputError.single(display_path(target), "already exists; not overwritten")
    loaded = catalogue.load(rubric)
    today = today or dt.date.today()
    proxy_line = (
        f"proxy_set: {loaded.proxy_set}" if loaded.proxy_set else "# proxy_set: example-proxies"
    )
    text = TEMPLATE.format(
        reference=reference or f"{folder.resolve().name.upper()}-{today.year}",
        rubric=rubric,
        proxy_line=proxy_line,
        weight=loaded.weighting.social_value_percent,
        minimum=loaded.weighting.policy_minimum_percent,
        today=today.isoformat(),
    )
    for sub in (RESPONSES, SCORES, OUT):
        (folder / sub).mkdir(parents=True, exist_ok=True)
    write_bytes_atomic(target, text.encode("utf-8"))
    return target
