"""The bounds one workbook is checked and read within: :class:`Limits` and :data:`DEFAULT_LIMITS`."""

from __future__ import annotations

import attrs

MB = 1024 * 1024


@attrs.frozen
class Limits:
    """Bounds on what is read from one workbook. Exceeding one is a problem, never a crash."""

    max_file_bytes: int = 20 * MB
    max_entries: int = 10_000
    max_total_uncompressed: int = 200 * MB
    max_ratio: int = 100
    ratio_applies_above: int = 1 * MB
    max_prolog_bytes: int = 64 * 1024
    max_rows: int = 20_000
    max_columns: int = 200
    max_cell_chars: int = 100_000
    # Budgets for the whole workbook, spent sheet by sheet in workbook order (see guard.py):
    max_cells: int = 250_000
    """Cells holding anything (a value, a formula, an error), over all sheets read."""
    max_grid_cells: int = 4_000_000
    """Cells calamine materialises: each sheet's rows x columns from A1 to its furthest cell,
    summed over the sheets read (a sheet with two cells, at A1 and GR20000, counts 4,000,000)."""
    max_text_chars: int = 50_000_000
    """Characters of text in the cells read; a shared string counts each time a cell uses it."""
    max_xml_elements: int = 2_000_000
    """XML elements the reader's own pre-scan goes through, over all worksheets (a sheet of
    250,000 cells has about 600,000): bounds its time, which is Python work per element."""
    # Budgets for the other parts a parser reads (see budgets.py), checked before any parses
    # them: a part's uncompressed bytes from the zip directory, then its records in a stream.
    max_defined_names: int = 100_000
    """``<definedName>`` elements in ``xl/workbook.xml`` (a 500-bidder scoresheet has 13,000)."""
    max_workbook_part_bytes: int = 32 * MB
    """``xl/workbook.xml``: sheets and defined names."""
    max_custom_properties: int = 1_000
    """``<property>`` elements in ``docProps/custom.xml`` (our forms write none)."""
    max_properties_bytes: int = 1 * MB
    """Each of ``docProps/custom.xml``, ``docProps/core.xml`` and ``docProps/app.xml``."""
    max_relationships: int = 10_000
    """``<Relationship>`` elements in any one ``.rels`` part (one per part at most, in effect)."""
    max_relationships_bytes: int = 4 * MB
    """Any one ``.rels`` part."""
    max_shared_strings: int = 1_000_000
    """``<si>`` elements in ``xl/sharedStrings.xml``: calamine holds every one in memory."""
    max_shared_strings_bytes: int = 64 * MB
    """``xl/sharedStrings.xml``."""
    max_part_elements: int = 500_000
    """XML elements in each of ``xl/styles.xml``, ``[Content_Types].xml`` and the core and app
    properties (Excel allows 64,000 cell formats)."""
    max_styles_bytes: int = 16 * MB
    """``xl/styles.xml`` (and ``[Content_Types].xml``)."""


DEFAULT_LIMITS = Limits()
