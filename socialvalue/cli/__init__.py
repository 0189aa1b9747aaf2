"""The ``socialvalue`` command: thin click commands over the library.

Exit codes: 0 success; 1 problems in the inputs (listed on stderr, no traceback); 2 wrong usage.
Results go to stdout, problems and progress to stderr.
"""

from __future__ import annotations

from . import demo as _demo  # noqa: F401  (registers commands)
from . import pack as _pack  # noqa: F401
from . import rubric as _rubric  # noqa: F401
from . import score as _score  # noqa: F401
from . import tender as _tender  # noqa: F401
from .base import main

__all__ = ["main"]
