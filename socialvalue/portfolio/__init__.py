"""A council's portfolio of tenders and contracts and its annual social value report.

``portfolio.yaml`` (:mod:`.config`) names the members; :mod:`.members` reads each with the
checks of the one-folder commands, through the SQLite index (:mod:`.index`); :mod:`.aggregate`
sums them exactly; :mod:`.report` writes ``portfolio.json`` and ``portfolio.xlsx`` as a set.
See docs/portfolio.md.
"""
