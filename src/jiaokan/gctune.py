"""Garbage-collector settings for long runs: the command line and corpus workers call
:func:`collect_less`; the library leaves the process's collector alone unless asked.

Checking a document allocates many short-lived container objects (findings, spans, the tuples of
segmentations and caches) while the engine holds large long-lived tables (dictionaries, the model's
word tables, bounded caches). With CPython's default thresholds (700, 10, 10) the cyclic collector
runs every 700 net allocations and its older generations walk those tables again and again: with
every default rule, one line of Debian's documentation per document, 7.5 % of the run was spent in
collections (198 of them, measured with ``gc.callbacks``); with a first threshold of 100,000, 0.6 %
(one). mypy raises its threshold the same way. Nothing is lost: reference counting still frees
almost everything at once, and cycles are still collected, only less often (peak RSS is measured in
``benchmarks/``).
"""

from __future__ import annotations

import gc

FIRST_THRESHOLD = 100_000


def collect_less() -> None:
    """Raise the collector's first threshold (never lower it); idempotent."""
    first, second, third = gc.get_threshold()
    if 0 < first < FIRST_THRESHOLD:  # 0 means disabled by the caller: leave it so
        gc.set_threshold(FIRST_THRESHOLD, max(second, 20), max(third, 20))
