"""The ``socialvalue`` command: thin click commands over the library.

Exit codes: 0 success; 1 problems in the inputs (listed on stderr, no traceback); 2 wrong usage.
Results go to stdout, problems and progress to stderr.

Imports inside functions: the commands that score or render (``evaluate``, ``demo``, ``score``,
``pack``, ``ocds``) import the workflow, results and pack modules inside the command, not at the top. Those
bring in openpyxl, the scoring engine and WeasyPrint, and ``socialvalue --help`` and shell
completion load every command module: 0.33 s with the imports deferred against 0.85 s without.
These are the only function-level imports in the package; the layers contract in
``pyproject.toml`` (``lint-imports``) holds for them as for any other.
"""

from __future__ import annotations

from . import contract as _contract  # noqa: F401  (registers commands)
from . import demo as _demo  # noqa: F401
from . import evaluate as _evaluate  # noqa: F401
from . import ocds as _ocds  # noqa: F401
from . import pack as _pack  # noqa: F401
from . import portfolio as _portfolio  # noqa: F401
from . import priorities as _priorities  # noqa: F401
from . import rubric as _rubric  # noqa: F401
from . import score as _score  # noqa: F401
from . import tender as _tender  # noqa: F401
from .base import main

__all__ = ["main"]
