"""Write the derived rubric and its provenance record as a set: both new, or both as they were.

Each file is staged beside its target and flushed first; then each is moved into place, the file
it replaces kept aside under a hidden name until the set is complete. If any step fails, the
files already moved are put back (or removed, where there was none) and every staged file is
removed, so a reader never sees a new rubric without its provenance, or the reverse.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Mapping
from pathlib import Path

from ..atomic import write_bytes_atomic


def _aside(path: Path) -> Path | None:
    """A hidden hard link (or copy) of ``path``'s current bytes, or None when it does not exist."""
    if not path.exists():
        return None
    fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".old", dir=path.parent)
    os.close(fd)
    keep = Path(name)
    keep.unlink()
    try:
        os.link(path, keep)
    except OSError:
        write_bytes_atomic(keep, path.read_bytes())
    return keep


def write_together(files: Mapping[Path, bytes]) -> list[Path]:
    """Write every ``files`` item (path to bytes) so that all are new or all are as they were."""
    staged: dict[Path, Path] = {}
    placed: list[tuple[Path, Path | None]] = []
    try:
        for path, data in files.items():
            staged[path] = write_bytes_atomic(
                path.parent / f".{path.name}.{os.getpid()}.staged", data
            )
        for path, stage in staged.items():
            keep = _aside(path)
            placed.append((path, keep))
            os.replace(stage, path)
    except BaseException:
        for path, keep in reversed(placed):
            if keep is not None:
                os.replace(keep, path)
            elif not staged[path].exists():
                path.unlink(missing_ok=True)
        for stage in staged.values():
            stage.unlink(missing_ok=True)
        raise
    for _, keep in placed:
        if keep is not None:
            keep.unlink(missing_ok=True)
    return list(files)
