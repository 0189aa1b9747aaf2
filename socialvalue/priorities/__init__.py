"""Communities set the priorities: weights derived from residents' rankings (docs/priorities.md).

``items`` says what is ranked (a rubric's themes or criteria), ``reading`` reads a consultation's
answers (CSV or xlsx), ``methods`` and ``ahp`` turn answers into exact weights, ``rounding`` makes
integer points that add up, ``constraints`` keeps the buyer's limits, ``derive`` writes the new
rubric version and its provenance record, ``layout`` writes the blank consultation form.
"""
