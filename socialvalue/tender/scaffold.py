"""``socialvalue init``: scaffold a tender folder with a commented ``tender.yaml``."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
from pathlib import Path

from ..atomic import write_bytes_atomic
from ..errors import InputError, display_path
from ..rubric import catalogue
from .config import OUT, RESPONSES, SCORES, TENDER_FILE

TEMPLATE = """\
# tender.yaml: one procurement evaluated with socialvalue. See docs/tender.md.
# Every field is checked by `socialvalue check .`; problems name the line and column.
# Paths in this file are relative to this folder, the tender folder.
#
# A value marked `!placeholder` is a stand-in: write the real value in its place and delete
# the mark. `check` warns about each one left; `template` refuses those it would print for the
# bidders (reference, title, buyer, deadline); `score`, `evaluate` and `pack` refuse them all.

# Your reference and title, exactly as in the tender documents.
reference: {reference}
title: !placeholder Replace with the contract title
# The contracting authority.
buyer: !placeholder Replace with the buyer's name
# Where the buyer is: England and Wales, Scotland or Northern Ireland. Its bank holidays are
# not working days in the standstill.
jurisdiction: England and Wales

contract:
  # Estimated contract value, used for "% of contract value" and credibility checks.
  # Quote it if you like: "2000000" or 2000000. No currency symbols or commas.
  value: !placeholder 1000000
  currency: GBP
  # Optional: contract length in years.
  years: !placeholder 3

# The rubric: a shipped rubric id (`socialvalue rubric list`) or a path relative to this folder.
rubric: {rubric}
# Optional: the proxy set to value measures with: the id of a shipped set or a file in this
# folder, e.g. your licensed set. Without it, the rubric's own{own}, found as
# `socialvalue rubric check` finds it: beside the rubric, else among the shipped sets.
# proxy_set: proxies/our-licensed-set.csv
# Optional: social value's weight in the whole evaluation (percent), if it differs from the
# rubric's ({weight}%). Below the policy minimum ({minimum}%) is an error.
# social_value_percent: 10

# Evaluators: each scores alone in scores/<id>.xlsx (made by `socialvalue scoresheets .`).
# Each scores every question of every bidder unless assigned less: `criteria: [ID, ...]` (the
# questions they score), `bidders: [KEY, ...]` or `not_bidders: [KEY, ...]` (a bidder's key is
# its response file's name without .xlsx), with `assignment_reason: why` (required with
# bidders or not_bidders). See docs/tender.md, "Evaluator assignment".
evaluators:
  - id: evaluator-1
    name: !placeholder First Evaluator
    role: !placeholder Social value lead
  - id: evaluator-2
    name: !placeholder Second Evaluator
    role: !placeholder Service manager
  - id: evaluator-3
    name: !placeholder Third Evaluator
    role: !placeholder Procurement officer

# Key dates (YYYY-MM-DD), printed in the pack, in this order: published, clarifications,
# deadline, evaluation, moderation, award, standstill_end (each optional). The standstill ends
# at least 8 working days after award, the day after award being day 1.
dates:
  published: !placeholder {today}
  deadline: !placeholder {today}

# Optional: "local" as your policy defines it, for a rubric that scores a spend plan's local
# share: UK postcode areas (BD), districts (HX1), ranges of districts (HX1-HX7) and sectors
# (LS6 1). See docs/tender.md, "The local area".
# local_area:
#   name: Calderdale and Bradford
#   policy: Calderdale Council Social Value Policy 2024, section 3
#   postcodes: [BD, HX1-HX7, LS6 1]
# Optional: the re-spend shares for LM3, from your own survey (there is no default: without
# them LM3 is not computed). See docs/tender.md, "The local multiplier".
# local_multiplier:
#   respend:
#     suppliers: 0.5    # local suppliers re-spend 50% of their income locally
#     employees: 0.4    # local staff re-spend 40% of their wages locally
#   source: Calderdale supplier and staff survey
#   year: 2025
#   scored: false       # true: LM3 is scored; false: recorded only

# Protective marking printed on every page of the pack and summaries.
marking: OFFICIAL-SENSITIVE

pack:
  # true: PDF/A-3a archival pack with results.json attached (default: tagged PDF/UA-1).
  archival: false
  # The date printed on the pack. Fix it so re-running gives identical bytes.
  generated: {today}

# Bids that will not be assessed (rejected, non-compliant, withdrawn or late): keep the file in
# responses/ and record why here; the pack lists them, and each bidder's summary says why.
# bids:
#   acme:
#     status: late
#     reason: Received at 14:20 on the deadline day, after the 12:00 deadline.
#     date: YYYY-MM-DD
"""

_PLAIN = re.compile(r"[A-Za-z0-9_./][A-Za-z0-9_./ ()-]*")


def yaml_text(text: str) -> str:
    """``text`` as a YAML value: plain when that reads back as the same text, else quoted."""
    if _PLAIN.fullmatch(text) and text == text.strip() and not _NOT_PLAIN.fullmatch(text):
        return text
    return json.dumps(text, ensure_ascii=False)


# Plain values YAML would read as something other than text.
_NOT_PLAIN = re.compile(r"(?i)(true|false|yes|no|on|off|null|~|[-+]?[0-9][0-9_.:e+-]*|\.(inf|nan))")


def rubric_ref(rubric: str, folder: Path) -> str:
    """What tender.yaml says for ``--rubric``: a shipped id as it is, a path as one relative to
    the tender folder that leads to the same file (absolute when there is none)."""
    if catalogue.resolve(rubric) != Path(rubric):
        return rubric  # a shipped id
    target = Path(os.path.abspath(rubric))
    relative = Path(os.path.relpath(target, os.path.abspath(folder)))
    try:
        if (folder / relative).resolve() == target.resolve():
            return relative.as_posix()
    except OSError:  # pragma: no cover - a path that cannot be resolved
        pass
    return target.as_posix()


def init_tender(folder: str | Path, rubric: str, *, reference: str | None = None,
                today: dt.date | None = None) -> Path:  # fmt: skip
    """Create ``folder`` with ``tender.yaml``, ``responses/``, ``scores/`` and ``out/``.

    Refuses to overwrite an existing ``tender.yaml``. Returns the path of ``tender.yaml``. What
    it cannot know (the title, the buyer, the value, the evaluators, the dates, and the reference
    unless given) is written marked ``!placeholder``; a rubric given as a path is written
    relative to the tender folder.
    """
    folder = Path(folder)
    target = folder / TENDER_FILE
    if target.exists():
        raise InputError.single(display_path(target), "already exists; not overwritten")
    loaded = catalogue.load(rubric)
    today = today or dt.date.today()
    text = TEMPLATE.format(
        reference=yaml_text(reference)
        if reference
        else f"!placeholder {yaml_text(f'{folder.resolve().name.upper()}-{today.year}')}",
        rubric=yaml_text(rubric_ref(rubric, folder)),
        own=f" (`{loaded.proxy_set}`)" if loaded.proxy_set else "",
        weight=loaded.weighting.social_value_percent,
        minimum=loaded.weighting.policy_minimum_percent,
        today=today.isoformat(),
    )
    for sub in (RESPONSES, SCORES, OUT):
        (folder / sub).mkdir(parents=True, exist_ok=True)
    write_bytes_atomic(target, text.encode("utf-8"))
    return target
