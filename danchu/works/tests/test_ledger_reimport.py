"""A ledger file imported again, whose rows paid the households' whole pledges, is told its rows are
already recorded, not that they are above what the households still owe."""

from __future__ import annotations

from typing import Any

import pytest

from danchu.core.errors import DomainError
from danchu.works import services
from danchu.works.models import Payment

pytestmark = pytest.mark.django_db


def test_a_file_paying_whole_pledges_imported_again_is_already_recorded(
    pledged: Any, officer: Any, households: list[Any]
) -> None:
    rows = (
        "Hộ;Số tiền;Ngày nhận;Ghi chú\n"
        f"{households[1].number};500000;20/03/2026;Nộp đủ\n"
        f"{households[2].number};500.000;21/03/2026;Bà Lò Thị Pá nộp thay\n"
    ).encode()
    first = services.ledger_import(work=pledged, by=officer, data=rows, filename="dong-gop.csv")
    receipts = [p.receipt_number for p in first.payments]

    with pytest.raises(DomainError) as refused:
        services.ledger_import(work=pledged, by=officer, data=rows, filename="dong-gop.csv")

    said = refused.value.detail
    assert said == [
        f"Dòng 2: khoản đóng góp này đã được ghi (biên nhận {receipts[0]}): nếu là khoản khác, hãy ghi chú để phân biệt",
        f"Dòng 3: khoản đóng góp này đã được ghi (biên nhận {receipts[1]}): nếu là khoản khác, hãy ghi chú để phân biệt",
    ]
    assert "còn phải nộp" not in refused.value.message
    assert Payment.objects.count() == 2
