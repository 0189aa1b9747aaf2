"""Write socialvalue/schema/rubric.schema.json (from the rubric model), results.schema.json
(from the record's classes), contract.schema.json (from the contract model)
and delivery.schema.json (from the delivery record).

python scripts/make_schema.py          # regenerate
python scripts/make_schema.py --check  # exit 1 if the shipped file is out of date
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from socialvalue.attrs_schema import write_text  # noqa: E402
from socialvalue.delivery import report_schema as delivery_schema  # noqa: E402
from socialvalue.delivery import schema as contract_schema  # noqa: E402
from socialvalue.results import schema as results_schema  # noqa: E402
from socialvalue.rubric import schema as rubric_schema  # noqa: E402

TARGET = ROOT / "socialvalue" / "schema" / "rubric.schema.json"
RESULTS = "results.schema.json"  # beside TARGET


def main(argv: list[str]) -> int:
    targets = [
        (TARGET, rubric_schema.render()),
        (TARGET.parent / RESULTS, results_schema.render()),
        (TARGET.parent / contract_schema.FILE, contract_schema.render()),
        (TARGET.parent / delivery_schema.FILE, delivery_schema.render()),
    ]
    stale = 0
    for target, text in targets:
        shown = target.relative_to(ROOT)
        if "--check" in argv:
            current = target.read_text(encoding="utf-8") if target.is_file() else ""
            if current != text:
                print(f"{shown} is out of date: run python scripts/make_schema.py", file=sys.stderr)
                stale += 1
            else:
                print(f"{shown} is up to date")
            continue
        changed = write_text(target, text)
        print(f"{'wrote' if changed else 'unchanged:'} {shown}")
    return 1 if stale else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
