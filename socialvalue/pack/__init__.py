"""The evaluation pack and the assessment summaries, rendered from results.json.

Library API: :func:`build_pack` (everything, in parallel), the context builders
:func:`pack_context` and :func:`summary_contexts` (template contexts from the record, read by
:mod:`.record`), the :func:`bar_chart_svg` chart and :func:`summary_file_names` (safe file
names). See docs/pack.md.
"""

from .build import PackReport, SummaryFile, build_pack, generation_date, locate
from .chart import Bar, bar_chart_svg
from .context import pack_context
from .names import slug, summary_file_names
from .summary import check_explanations, summary_contexts

__all__ = [
    "Bar",
    "PackReport",
    "SummaryFile",
    "bar_chart_svg",
    "build_pack",
    "check_explanations",
    "generation_date",
    "locate",
    "pack_context",
    "slug",
    "summary_contexts",
    "summary_file_names",
]
