"""`query_text` and `one_of`: a filter typed into an address is refused with its field named, never
cut to fit or ignored (issue #17's bad-input review: several lists took the first 100 characters)."""

from __future__ import annotations

import re

import pytest
from django.test import RequestFactory
from django.utils import translation

from danchu.core.errors import DomainError
from danchu.core.text import one_of, query_text, query_year


def test_query_text_refuses_past_the_limit_and_keeps_what_fits() -> None:
    get = RequestFactory().get
    assert query_text(get("/", {"q": "  Đắk Lắk  "}), "q", label="Tìm") == "Đắk Lắk"
    assert query_text(get("/", {"q": "đ" * 100}), "q", label="Tìm") == "đ" * 100
    assert query_text(get("/"), "q", label="Tìm") == ""
    with translation.override("vi"), pytest.raises(DomainError) as refused:
        query_text(get("/", {"q": "đ" * 101}), "q", label="Tìm")
    assert refused.value.code == "too_long" and refused.value.status == 400
    assert "Tìm" in refused.value.message and "100" in refused.value.message


def test_one_of_names_the_values_it_takes_and_quotes_a_long_value_cut_and_marked() -> None:
    assert one_of("", ["open", "closed"], label="Trạng thái") == ""
    assert one_of("open", ["open", "closed"], label="Trạng thái") == "open"
    with pytest.raises(DomainError) as refused:
        one_of("x" * 500, ["open", "closed"], label="Trạng thái")
    message = refused.value.message
    assert refused.value.code == "unknown_value" and "open, closed" in message and "Trạng thái" in message
    assert "x" * 40 + "…" in message and "x" * 41 not in message


def test_a_refused_filter_offers_the_page_without_it(client_as, officer) -> None:
    """The refusal page of a filter links to the same list with no filter, not only to the home page."""
    r = client_as(officer).get("/disclosures/office/", {"status": "xyz", "q": "ngân sách"})
    html = r.content.decode()
    assert r.status_code == 400 and "“xyz”" in html
    assert re.search(r'<a href="/disclosures/office/">(Mở trang không kèm|Open the page without)', html)


def test_query_year_refuses_what_is_not_a_year_in_range_rather_than_moving_it() -> None:
    get = RequestFactory().get
    assert query_year(get("/"), first=2015, last=2026, default=2026) == 2026
    assert query_year(get("/", {"year": " 2020 "}), first=2015, last=2026, default=2026) == 2020
    assert query_year(get("/", {"year": ""}), first=2015, last=2026, default=None) is None
    for bad in ("abc", "2014", "2027", "20261", "2020.0", "٢٠٢٠", "-2020", "9" * 500):
        with pytest.raises(DomainError) as refused:
            query_year(get("/", {"year": bad}), first=2015, last=2026, default=2026)
        assert refused.value.status == 400 and "2015" in refused.value.message, bad


@pytest.mark.django_db
def test_a_page_of_an_unordered_list_has_one_order(rf) -> None:
    """A list without an order could repeat or skip rows from one page to the next: page_of orders
    it by key."""
    from django.http import HttpResponse

    from danchu.core.paging import page_of
    from danchu.places.models import Place
    from danchu.places.tests import factories as pf

    province = pf.province()
    for i in range(5):
        pf.commune(province, code=f"9{i:04d}", name=f"Xã {i}")
    rows = Place.objects.filter(parent=province).order_by()
    seen: list[int] = []
    for offset in (0, 2, 4):
        response = HttpResponse()
        seen += [p.pk for p in page_of(rf.get("/"), response, rows, 2, offset)]
        assert response["X-Total-Count"] == "5"
    assert seen == sorted(seen) and len(set(seen)) == 5


@pytest.mark.django_db
def test_a_page_number_is_refused_when_it_is_none_or_past_the_end(rf) -> None:
    """`page_for`: Django's `get_page` showed the first page for `?page=abc` and the last for
    `?page=999`, each as if it were the page asked for."""
    from danchu.core.paging import page_for

    rows = list(range(45))
    assert list(page_for(rf.get("/"), rows, 20)) == rows[:20]
    assert list(page_for(rf.get("/", {"page": "3"}), rows, 20)) == rows[40:]
    assert list(page_for(rf.get("/", {"epage": "2", "page": "x"}), rows, 20, param="epage")) == rows[20:40]
    assert page_for(rf.get("/", {"page": "1"}), [], 20).object_list == []  # an empty list has its page 1
    with translation.override("vi"):
        for bad in ("abc", "0", "-1", "1.5", "٣", "9" * 8):
            with pytest.raises(DomainError) as refused:
                page_for(rf.get("/", {"page": bad}), rows, 20)
            assert refused.value.code == "bad_page" and refused.value.status == 400
        with pytest.raises(DomainError) as past:
            page_for(rf.get("/", {"page": "4"}), rows, 20)
    assert past.value.status == 404 and past.value.message == "Không có trang 4: danh sách có 3 trang."
    with translation.override("en"), pytest.raises(DomainError) as one:
        page_for(rf.get("/", {"page": "2"}), [1], 20)
    assert one.value.message == "There is no page 2: the list has 1 page."


def test_a_form_filled_from_the_address_refuses_what_it_would_cut(client_as, officer, client) -> None:
    """The counter's case form (`?place=`) and the phone forms (`?phone=`) cut the value to the field's
    length and showed the rest of it as if it were the whole."""
    c = client_as(officer)
    assert c.get("/cases/office/intake/", {"place": "24181-001"}).status_code == 200
    assert c.get("/cases/office/intake/", {"place": "2" * 33}).status_code == 400
    assert client.get("/me/reset-by-sms/code/", {"phone": "0912345678"}).status_code == 200
    assert client.get("/me/reset-by-sms/code/", {"phone": "0" * 21}).status_code == 400
