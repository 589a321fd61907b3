"""The engine's region filter (skipped and allowlisted regions) agrees with ``Span.overlaps``."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from jiaokan.engine import _Blocked
from jiaokan.model import Span

spans = st.builds(lambda a, n: Span(a, a + n), st.integers(0, 40), st.sampled_from([0, 0, 1, 2, 3, 5, 8]))


@given(st.lists(spans, max_size=8), spans)
def test_hits_is_overlaps_against_any_region(regions: list[Span], span: Span) -> None:
    assert _Blocked(regions).hits(span) == any(span.overlaps(r) for r in regions)


def test_touching_regions_do_not_swallow_the_point_between_them() -> None:
    block = _Blocked([Span(0, 5), Span(5, 8)])
    assert not block.hits(Span(5, 5)) and block.hits(Span(4, 6)) and not _Blocked([])
