"""Write socialvalue/schema/rubric.schema.json from the rubric model.

python scripts/make_schema.py          # regenerate
python scripts/make_schema.py --check  # exit 1 if the shipped file is out of date
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from socialvalue.rubric.schema import render, write  # noqa: E402

TARGET = ROOT / "socialvalue" / "schema" / "rubric.schema.json"


def main(argv: list[str]) -> int:
    shown = TARGET.relative_to(ROOT)
    if "--check" in argv:
        current = TARGET.read_text(encoding="utf-8") if TARGET.is_file() else ""
        if current != render():
            print(f"{shown} is out of date: run python scripts/make_schema.py", file=sys.stderr)
            return 1
        print(f"{shown} is up to date")
        return 0
    changed = write(TARGET)
    print(f"{'wrote' if changed else 'unchanged:'} {shown}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
