"""Benchmarks at scale: synthetic tenders (``bench.generate``), the stage runner (``bench.run``,
what ``make bench`` calls) and the floors it compares against (``bench.floors``).

Speed and memory are measured here, never by timed tests. See ``bench/README.md``.
"""
