"""Period names on the compliance pages, also for obligations keyed by a record (a complaint's code)."""

import pytest
from django.utils import translation

from danchu.disclosures.categories import period_label


@pytest.mark.parametrize(
    ("key", "vi"),
    [
        ("2026", "năm 2026"),
        ("2026-Q3", "quý III năm 2026"),
        ("2026-H1", "6 tháng đầu năm 2026"),
        ("KN-QJ9WTT", "hồ sơ KN-QJ9WTT"),
        ("2026-Q9", "hồ sơ 2026-Q9"),
    ],
)
def test_period_label(key: str, vi: str) -> None:
    with translation.override("vi"):
        assert period_label(key) == vi
