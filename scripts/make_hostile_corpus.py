#!/usr/bin/env python3
"""Write the hostile-input corpus to a folder, for a look or for other tools.

    python scripts/make_hostile_corpus.py /tmp/hostile

The corpus (zip bombs, XML entity attacks, renamed files, crafted sheets, odd text, YAML bombs,
non-finite and out-of-bounds numbers, over-long text, and a ``filesystem/responses/`` folder of
hidden files, OS junk and file names that are twins once case, Unicode normalisation and the
extension are set aside...) is defined in ``tests/hostile/corpus.py``, which the tests use too;
``MANIFEST.json`` in the folder lists every file with what it is and the problems the toolkit
must report for it, and the bidder cases (legal names with zero-width spaces, bidi overrides and
isolates, full-width letters, a shared company number, a byte-for-byte copy) to fill into
response forms, each with the problem it must give. The output is the same, byte for byte, on every run; it takes a few seconds
and about 50 MB of disk (one file is a 21 MB sparse file). Nothing in it is run or opened.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "tests"), str(ROOT)]

from hostile.corpus import write_corpus  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", type=Path, help="where to write the corpus (created)")
    parser.add_argument(
        "--force", action="store_true", help="write into a folder that is not empty"
    )
    args = parser.parse_args(argv)
    folder: Path = args.folder
    if folder.exists() and any(folder.iterdir()) and not args.force:
        parser.error(f"{folder} is not empty (use --force to write into it anyway)")
    started = time.perf_counter()
    folder.mkdir(parents=True, exist_ok=True)
    cases = write_corpus(folder)
    seconds = time.perf_counter() - started
    kinds: dict[str, int] = {}
    for case in cases:
        kinds[case.kind] = kinds.get(case.kind, 0) + 1
    summary = ", ".join(f"{n} {kind}" for kind, n in kinds.items())
    print(f"{len(cases)} files ({summary}) written to {folder} in {seconds:.1f} s")
    print(f"see {folder / 'MANIFEST.json'} for what each file is and the problems expected")
    return 0


if __name__ == "__main__":
    sys.exit(main())
