"""results.xlsx: the evaluation as a workbook whose totals are live formulas over the inputs.

Sheets:

* ``Summary``: tender, rubric, status and outcome; one row per bidder whose totals are formulas
  pointing at the bidder's sheet, beside the engine's figures and a check column.
* ``Inputs``: contract value, social value percent, total marks, every criterion's weight and
  available marks, scale maxima and proxy values: the values every formula starts from.
* ``Reference``: the best eligible value of each relative quantitative criterion (``MAX`` over the
  eligible bidders' sheets: disqualified bids are left out, as in the engine).
* One sheet per bidder: quantities x proxies = GBP, cap, % of contract, method, fraction, weighted
  points; each evaluator's score, mean, consensus, final score, fraction; sections and totals.
* ``Not assessed``: the bids tender.yaml records as not assessed (status, date, reason, file,
  SHA-256), then any response missing since an earlier run; ``Clarifications``: every
  clarification with its state, dates, question, answer and a resubmission's original. Plain
  values: nothing there is computed, so no formulas.

Formulas compute what the engine computed; ``ROUND`` appears only where the rubric rounds.
Spreadsheet arithmetic is binary floating point, so:

* ``half_up`` uses ``ROUND`` (half away from zero; every figure here is 0 or more);
* ``half_even`` has no spreadsheet function: it is emulated as
  ``IF(ABS(MOD(y,2)-0.5)<=1E-9*MAX(1,y), ROUNDDOWN(y,0), ROUND(y,0))/10^places`` with
  ``y = x*10^places``: an exact half (within floating-point noise) goes to the even neighbour;
* band comparisons use the percentage computed as ``counted*100/contract`` plus a tolerance of
  1E-9 (``pct+1E-9>=at_least``), so a bid exactly on a band boundary is not lost to floating-point
  noise (no ROUND: the rubric does not round there).

Each key figure has the engine's exact result beside it (column D) and a check (column E) that
says ``ok`` when the formula agrees to 1E-9. Text from bidders, evaluators and the rubric is
written as string cells, and text starting with ``= + - @``, tab, CR or LF gets a visible leading
apostrophe (:func:`socialvalue.workbook.values.neutralise_formula`), so it is never a formula.
The file is reproducible (fixed document and zip times) and written atomically.

The modules: :mod:`.cells` (fast cell writes over openpyxl's internals), :mod:`.book` (named
formulas and labelled figures), :mod:`.inputs` (Inputs and Reference), :mod:`.criteria` (the
criterion blocks and method formulas), :mod:`.bidder` (a bidder's sheet), :mod:`.summary` and
:mod:`.listings` (Not assessed and Clarifications), :mod:`.write` (the whole workbook, written).
"""

from .book import round_formula
from .write import build_workbook, write_results_xlsx

__all__ = ["build_workbook", "round_formula", "write_results_xlsx"]
