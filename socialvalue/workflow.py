"""The officer's workflow as library calls: score a tender folder, evaluate it end to end.

Every CLI command that touches a whole tender is a thin shell over a function here.
"""

from __future__ import annotations

from pathlib import Path

from .results import score_inputs
from .scoring import Evaluation
from .tender.config import OUT
from .tender.inputs import read_inputs


def score_tender(folder: str | Path) -> Evaluation:
    """Read and check every input of ``folder``, score it, write ``out/results.json`` and
    ``out/results.xlsx``. Raises :class:`~socialvalue.errors.InputError` listing every problem
    (nothing is written then)."""
    folder = Path(folder)
    inputs = read_inputs(folder)
    return score_inputs(inputs, folder / OUT)
