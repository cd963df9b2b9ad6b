"""The staff case list of the API in pages: the whole count in X-Total-Count, the next page in a Link
header, and a limit or offset out of range refused rather than quietly clamped."""

from __future__ import annotations

from typing import Any

from django.test import Client

API = "/api/v1/cases/"


def test_pages_add_up_to_every_case_once(file_case: Any, officer: Any, token_for: Any) -> None:
    filed = {file_case(title=f"Đèn đường số {i} không sáng").tracking_code for i in range(5)}
    headers = token_for(officer)
    response = Client().get(API, {"state": "", "limit": 2}, **headers)
    assert response.status_code == 200 and response["X-Total-Count"] == "5"
    seen = [c["tracking_code"] for c in response.json()]
    assert len(seen) == 2
    while "Link" in response:
        response = Client().get(response["Link"].split(";")[0].strip("<>"), **headers)
        assert response.status_code == 200 and response["X-Total-Count"] == "5"
        seen += [c["tracking_code"] for c in response.json()]
    assert sorted(seen) == sorted(filed)  # every case once: none cut, none twice


def test_a_limit_or_offset_out_of_range_is_refused(officer: Any, token_for: Any) -> None:
    headers = token_for(officer)
    for bad in ({"limit": 0}, {"limit": 10_000}, {"offset": -5}, {"offset": 10**7}, {"limit": "\x00"}):
        response = Client().get(API, bad, **headers)
        assert response.status_code in (400, 422), bad
        assert response.json()["message"], bad


def test_the_last_page_has_no_link(file_case: Any, officer: Any, token_for: Any) -> None:
    file_case()
    response = Client().get(API, {"state": "", "limit": 1}, **token_for(officer))
    assert response["X-Total-Count"] == "1" and "Link" not in response
