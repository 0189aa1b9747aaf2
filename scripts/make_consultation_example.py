"""Regenerate examples/consultation: 400 invented residents ranking Keep it Local's themes.

Fixed seed, so the same bytes every run. Then derives the weights with rank order centroid:
  python scripts/make_consultation_example.py
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import random
from pathlib import Path

from socialvalue.priorities.derive import Consultation, derive, new_rubric_text, read_rubric

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "examples" / "consultation"
RUBRIC = ROOT / "rubrics" / "keep-it-local.yaml"
WARDS = ("Abbey", "Castle", "Riverside", "St Mark's")
#: How residents lean: local jobs first for most, then local spend, then community organisations.
PREFERENCES = {"local-jobs": 3.0, "local-spend": 2.2, "community": 1.5}


def responses(count: int = 400, seed: int = 18) -> bytes:
    rng = random.Random(seed)
    buffer = io.StringIO()
    out = csv.writer(buffer, lineterminator="\n")
    ids = ["community", "local-spend", "local-jobs"]
    out.writerow(["respondent", "ward", *ids])
    for n in range(1, count + 1):
        order = sorted(ids, key=lambda k: -rng.gammavariate(PREFERENCES[k], 1.0))
        out.writerow([f"R{n:03d}", rng.choice(WARDS), *(order.index(k) + 1 for k in ids)])
    return buffer.getvalue().encode("utf-8")


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    survey = OUT / "responses.csv"
    survey.write_bytes(responses())
    consultation = Consultation("Keep it local survey", dt.date(2026, 2, 1), dt.date(2026, 2, 28))
    rubric, source = read_rubric(RUBRIC)
    derived = derive(rubric, survey, "roc", consultation, fields=("ward",), alternative="rank-sum")
    text = new_rubric_text(source, "rubrics/keep-it-local.yaml", derived, "1.0-community")
    (OUT / "keep-it-local-community.yaml").write_text(text, encoding="utf-8")
    record = json.dumps(derived.provenance, indent=2) + "\n"
    (OUT / "keep-it-local-community.provenance.json").write_text(record, encoding="utf-8")


if __name__ == "__main__":
    main()
