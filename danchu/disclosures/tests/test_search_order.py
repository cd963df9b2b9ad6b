"""The order of search results (search.py, RANKING), the same on SQLite and PostgreSQL: every word in
the title first; then, up to COUNT_CAP matches, relevance and the newest; beyond it, the newest."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from danchu.disclosures import search

DAY = dt.date(2026, 3, 1)
pytestmark = pytest.mark.django_db


def _entry(pk: int, title: str, body: str, date: dt.date | None, place: Any = None) -> int:
    search.index(
        kind="disclosure",
        object_id=pk,
        title=title,
        body=body,
        place_path=place.path if place is not None else "/VN/",
        category="other",
        date=date,
    )
    return pk


def _order(query: str, **kwargs: Any) -> list[int]:
    return [h.object_id for h in search.search(query, **kwargs).hits]


@pytest.fixture
def items(commune: Any) -> dict[str, int]:
    """Two title matches and five body matches whose relevance runs against their dates: the denser
    the mention, the older the item (a short body saying "kênh mương" thrice is the most relevant)."""
    filler = " ".join(["nguồn vốn ngân sách xã thôn buôn"] * 12)
    return {
        # The same title and body, so the same relevance: the newer first, though its id is smaller.
        "title_new": _entry(1, "Sửa kênh mương", "Nội dung khác.", DAY - dt.timedelta(days=20), commune),
        "title_old": _entry(2, "Sửa kênh mương", "Nội dung khác.", DAY - dt.timedelta(days=30), commune),
        "dense": _entry(3, "Báo cáo ba", "Kênh mương. Kênh mương. Kênh mương.", DAY, commune),
        "middle": _entry(4, "Báo cáo bốn", f"Kênh mương thôn. {filler}", DAY + dt.timedelta(days=1), commune),
        # "twin_a" and "twin_b" say the same on the same day: the later id comes first.
        "twin_a": _entry(5, "Báo cáo năm", f"{filler} kênh mương", DAY + dt.timedelta(days=2), commune),
        "twin_b": _entry(6, "Báo cáo năm", f"{filler} kênh mương", DAY + dt.timedelta(days=2), commune),
        "undated": _entry(7, "Báo cáo bảy", f"{filler} kênh mương {filler}", None, commune),
    }


@pytest.mark.parametrize("filtered", [False, True])
def test_up_to_the_cap_title_matches_first_then_relevance_then_the_newest(
    items: dict[str, int], commune: Any, filtered: bool
) -> None:
    order = _order("kenh muong", place=commune if filtered else None)
    assert order[:2] == [items["title_new"], items["title_old"]]
    assert order[2] == items["dense"]  # the most relevant body, though the oldest
    assert order.index(items["twin_b"]) + 1 == order.index(items["twin_a"])  # a tie: the later id
    assert set(order) == set(items.values())


@pytest.mark.parametrize("filtered", [False, True])
def test_beyond_the_cap_title_matches_first_then_the_newest(
    items: dict[str, int], commune: Any, monkeypatch: pytest.MonkeyPatch, filtered: bool
) -> None:
    monkeypatch.setattr(search, "COUNT_CAP", 3)
    results = search.search("kenh muong", place=commune if filtered else None)
    assert results.capped and results.total == 4  # counted up to the cap and one more
    expected = ["title_new", "title_old", "twin_b", "twin_a", "middle", "dense", "undated"]
    assert [h.object_id for h in results.hits] == [items[k] for k in expected]
    assert all(h.rank > 0 for h in results.hits)  # the engine's relevance, as in the ranked order
    # Pages cut the same order, across the boundary between the two groups too.
    assert _order("kenh muong", limit=3, offset=1) == [items[k] for k in expected[1:4]]
    assert _order("kenh muong", limit=3, offset=6) == [items["undated"]]


def test_both_orders_agree_on_what_is_a_title_match(monkeypatch: pytest.MonkeyPatch) -> None:
    """Ranked, a title match is read from the weights of the row's vector (PostgreSQL) or from the
    folded title (SQLite); beyond the cap, from the title's own index on PostgreSQL. A title word that
    the body repeats more than 256 times (the positions PostgreSQL keeps per word) is still the
    title's."""
    _entry(1, "Kênh mương", "kênh mương " * 400, DAY - dt.timedelta(days=9))
    _entry(2, "Kênh", "mương kênh " * 3, DAY)
    _entry(3, "Mương nước kênh", "Nội dung.", DAY - dt.timedelta(days=10))
    ranked = _order("kenh muong")
    monkeypatch.setattr(search, "COUNT_CAP", 1)
    assert _order("kenh muong") == [1, 3, 2]
    assert ranked[2] == 2 and set(ranked[:2]) == {1, 3}


def test_no_match_and_a_page_past_the_end_are_empty(items: dict[str, int]) -> None:
    assert search.search("cau cong").total == 0
    results = search.search("kenh muong", offset=50)
    assert results.total == len(items) and results.hits == []
