"""Results files: results.json (the record) and results.xlsx (live formulas for auditors).

:func:`score_inputs` is the library entry point behind ``socialvalue score``: evaluate, then write
both files atomically into ``out_dir``.
"""

from __future__ import annotations

from pathlib import Path

from ..model import TenderInputs
from ..scoring import Evaluation, evaluate, format_ranking_table
from .json_io import read_results_json, to_json, write_results_json
from .xlsx import write_results_xlsx

RESULTS_JSON = "results.json"
RESULTS_XLSX = "results.xlsx"


def score_inputs(inputs: TenderInputs, out_dir: Path) -> Evaluation:
    """Evaluate ``inputs`` and write ``results.json`` and ``results.xlsx`` into ``out_dir``."""
    evaluation = evaluate(inputs)
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    write_results_json(evaluation, out_dir / RESULTS_JSON)
    write_results_xlsx(evaluation, out_dir / RESULTS_XLSX)
    return evaluation


__all__ = [
    "RESULTS_JSON",
    "RESULTS_XLSX",
    "format_ranking_table",
    "read_results_json",
    "score_inputs",
    "to_json",
    "write_results_json",
]
