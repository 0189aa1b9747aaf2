"""The scoring engine: pure functions from :class:`~socialvalue.model.TenderInputs` to an
:class:`~socialvalue.scoring.result.Evaluation` that keeps the whole arithmetic trail.

See docs/scoring.md for every rule and every declared degenerate outcome.
"""

from .engine import evaluate
from .result import Evaluation
from .table import format_ranking_table

__all__ = ["Evaluation", "evaluate", "format_ranking_table"]
