"""socialvalue: score the social value in tender responses and publish a defensible evaluation."""

import os as _os

# openpyxl writes through lxml when it is installed (pikepdf brings it) and through the standard
# library otherwise, and the two give different bytes (``<v></v>`` against ``<v />``). Workbooks
# must be the same bytes on every machine, so always use the standard library writer. Set here,
# before any of our modules imports openpyxl.
_os.environ["OPENPYXL_LXML"] = "False"

__version__ = "0.1.0"
