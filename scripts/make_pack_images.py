"""Regenerate docs/images/pack-*.png: pages of a real pack and summary built from the sample.

Builds the pack and the assessment summaries from tests/data/results-sample.json (in a
temporary folder), finds the first page of each section by its heading, and renders it with
pdftoppm (poppler-utils) at a low resolution. Run from the repository root:

    .venv/bin/python scripts/make_pack_images.py [--dpi 50]
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from PIL import Image  # Pillow: a WeasyPrint dependency
from pypdf import PdfReader

from socialvalue.pack import build_pack

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "tests" / "data" / "results-sample.json"
IMAGES = ROOT / "docs" / "images"
GENERATED = dt.datetime(2026, 3, 20, tzinfo=dt.UTC)
#: image name -> the text a page starts with (its first heading); None: the first page.
PACK_PAGES: dict[str, str | None] = {
    "cover": None,
    "contents": "Contents",
    "summary": "Summary",
    "methodology": "Methodology",
    "bidder": "Bidders",
    "moderation": "Moderation record",
    "sensitivity": "Sensitivity",
    "exclusions": "Exclusions",
    "audit": "Audit appendix",
}


def first_page(reader: PdfReader, heading: str | None) -> int:
    """The 1-based number of the first page whose body starts with ``heading``."""
    if heading is None:
        return 1
    for number, page in enumerate(reader.pages, start=1):
        lines = [line.strip() for line in page.extract_text().splitlines() if line.strip()]
        if heading in lines[:3]:
            return number
    raise SystemExit(f"no page starts with {heading!r}")


def render_page(pdftoppm: str, pdf: Path, page: int, out: Path, dpi: int) -> None:
    """One page as a small PNG (a 32-colour palette keeps the docs light)."""
    stem = out.with_suffix("")
    subprocess.run(
        [pdftoppm, "-r", str(dpi), "-f", str(page), "-l", str(page), "-png", "-singlefile",
         str(pdf), str(stem)],
        check=True,
    )  # fmt: skip
    with Image.open(out) as image:
        small = image.convert("RGB").quantize(colors=32, method=Image.Quantize.MEDIANCUT)
    small.save(out, optimize=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dpi", type=int, default=50)
    args = parser.parse_args()
    pdftoppm = shutil.which("pdftoppm")
    if pdftoppm is None:
        print("pdftoppm not found: apt-get install poppler-utils", file=sys.stderr)
        return 1
    IMAGES.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        results = Path(tmp) / "results.json"
        shutil.copyfile(SAMPLE, results)
        report = build_pack(results, generated=GENERATED)
        reader = PdfReader(report.pack)
        for name, heading in PACK_PAGES.items():
            target = IMAGES / f"pack-{name}.png"
            render_page(pdftoppm, report.pack, first_page(reader, heading), target, args.dpi)
            print(target.relative_to(ROOT))
        loser = next(s for s in report.summaries if s.key != report.summaries[0].key)
        for page in range(1, min(loser.pages, 2) + 1):  # the rest is boilerplate
            target = IMAGES / f"pack-assessment-summary-{page}.png"
            render_page(pdftoppm, loser.path, page, target, args.dpi)
            print(target.relative_to(ROOT))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
