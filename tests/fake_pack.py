"""A stand-in for ``build_pack`` in tests about where outputs go, not what they say: it writes
``pack.pdf`` and one summary per bidder named in results.json, a document at a time (with a
pause, as rendering takes time), bytes made from results.json only."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import time
from pathlib import Path

from socialvalue.pack.build import PackReport, SummaryFile

PAUSE = 0.02  # seconds per document written


def fake_build_pack(results: Path, out_dir: Path, **_: object) -> PackReport:
    record = Path(results).read_bytes()
    digest = hashlib.sha256(record).hexdigest()
    keys = sorted(b["key"] for b in json.loads(record)["bidders"])
    out_dir = Path(out_dir)
    (out_dir / "summaries").mkdir(exist_ok=True)
    summaries = []
    for key in keys:
        time.sleep(PAUSE)
        path = out_dir / "summaries" / f"{key}.pdf"
        path.write_bytes(f"%PDF-fake summary of {key} from {digest}".encode())
        summaries.append(SummaryFile(key, key, path, 1))
    time.sleep(PAUSE)
    (out_dir / "pack.pdf").write_bytes(f"%PDF-fake pack from {digest}".encode())
    return PackReport(
        pack=out_dir / "pack.pdf",
        pages=1,
        summaries=tuple(summaries),
        variant="pdf/ua-1",
        generated=dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
        seconds=0.0,
        volumes=((out_dir / "pack.pdf", 1),),
    )
