"""The case list for daily work: search, filters, pagination without a silent cut, exports, a phone."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from openpyxl import load_workbook

from danchu.cases import services

from .conftest import denunciation_in

URL = "/cases/office/"


def _named(file_case: Any, name: str, phone: str, title: str) -> Any:
    return file_case(anonymous=False, identity=services.Identity(name=name, phone=phone), title=title)


def test_search_by_code_name_phone_and_text(file_case: Any, officer: Any, browser_as: Any) -> None:
    a = _named(file_case, "Trần Văn Hỏi", "0911000111", "Đèn đường hỏng")
    b = _named(file_case, "Lê Thị Mai", "0987654321", "Rác thải ven suối")
    client = browser_as(officer)

    def found(q: str) -> set[str]:
        page = client.get(URL, {"q": q, "state": ""}).content.decode()
        return {c.tracking_code for c in (a, b) if c.tracking_code in page}

    assert found(a.tracking_code.lower()) == {a.tracking_code}
    assert found(b.tracking_code.split("-")[1]) == {b.tracking_code}
    assert found("Mai") == {b.tracking_code}
    assert found("+84987654321") == {b.tracking_code}
    assert found("0911 000 111") == {a.tracking_code}
    # Written with spaces on the form (as the form prefills it): stored as one number, found by its digits.
    c = _named(file_case, "Phạm Văn Số", "0912 345 678", "Cống thoát nước tắc")
    assert c.submitter_phone == "+84912345678"
    page = client.get(URL, {"q": "0912345678", "state": ""}).content.decode()
    assert c.tracking_code in page
    assert "0912 345 678" in client.get(c.get_absolute_url()).content.decode()
    assert found("đèn đường") == {a.tracking_code}
    assert found("không có gì") == set()
    assert (
        client.get(URL, {"q": "x\x00" * 500}).status_code == 400
    )  # a NUL in the address: refused for every page (core.middleware)


def test_supervisors_cannot_probe_a_denunciation_by_its_content(
    village: Any, citizen: Any, front_officer: Any, browser_as: Any
) -> None:
    case = denunciation_in(village, citizen)
    client = browser_as(front_officer)
    assert case.tracking_code in client.get(URL, {"q": case.tracking_code}).content.decode()
    assert case.tracking_code not in client.get(URL, {"q": "500.000"}).content.decode()


def test_pagination_shows_every_case_and_exports_the_filtered_list(
    file_case: Any, officer: Any, browser_as: Any
) -> None:
    codes = {file_case(title=f"Ổ gà số {i}").tracking_code for i in range(55)}
    client = browser_as(officer)
    first = client.get(URL).content.decode()
    second = client.get(URL, {"page": 2}).content.decode()
    assert "55" in first and 'rel="next"' in first
    shown = {c for c in codes if c in first} | {c for c in codes if c in second}
    assert shown == codes
    response = client.get("/cases/office/export.csv", {"q": "Ổ gà"})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert len(rows) == 56 and {r[0] for r in rows[1:]} == codes
    xlsx = client.get("/cases/office/export.xlsx", {"q": "số 1"})
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert sheet is not None
    titles = [r[2] for r in sheet.iter_rows(min_row=2, values_only=True)]
    assert titles and all("số" in t and "1" in t for t in titles) and len(titles) < 55
    assert client.get("/cases/office/export.pdf").status_code == 404


def test_export_never_carries_identity_and_defuses_formulas(
    file_case: Any, officer: Any, browser_as: Any
) -> None:
    _named(file_case, "Trần Văn Hỏi", "0911000111", '=HYPERLINK("http://x")')
    body = browser_as(officer).get("/cases/office/export.csv").content.decode("utf-8-sig")
    assert "Trần Văn Hỏi" not in body and "911000111" not in body  # stored as +84911000111
    assert "'=HYPERLINK" in body


def test_citizens_and_outsiders_get_nothing(citizen: Any, browser_as: Any, file_case: Any) -> None:
    file_case()
    assert browser_as(citizen).get("/cases/office/export.csv").status_code == 404


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_list_fits_a_phone_and_prints(page: Any, live_server: Any, officer: Any, file_case: Any) -> None:
    from .test_browser_journey import _sign_in

    for i in range(3):
        file_case(title=f"Đường liên thôn số {i} bị sạt lở nghiêm trọng sau mưa lớn kéo dài")
    _sign_in(page, live_server, officer)
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(URL)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.emulate_media(media="print")
    assert page.locator("form.case-filters").is_hidden()


def test_a_date_filter_that_cannot_be_read_is_refused_not_ignored(
    file_case: Any, officer: Any, browser_as: Any
) -> None:
    # Ignoring it would list, and export, every case while the officer believes the list filtered.
    file_case()
    client = browser_as(officer)
    for query in ({"from": "2026-13-45"}, {"to": "31/02/2026"}, {"from": "2026-11-30", "to": "2026-11-01"}):
        page = client.get(URL, query, HTTP_ACCEPT_LANGUAGE="vi")
        assert page.status_code == 400, query
        assert client.get(URL + "export.csv", query).status_code == 400
    assert client.get(URL, {"from": "2026-11-01", "to": "2026-11-30"}).status_code == 200


def test_filters_that_name_nothing_are_refused_not_cut_or_ignored(
    file_case: Any, officer: Any, browser_as: Any, token_for: Any, client: Any
) -> None:
    """A search past 100 characters was cut to 100; a state, deadline or type the list does not know
    listed nothing, as if nothing matched. Each is refused with the field named — the page and the API."""
    file_case(title="Đèn đường hỏng")
    page = browser_as(officer)
    for params, said in (
        ({"q": "đèn đường " * 11}, "100"),
        ({"state": "closed-ish"}, "“closed-ish”"),
        ({"t": "late"}, "“late”"),
        ({"type": "complaint2"}, "“complaint2”"),
    ):
        r = page.get(URL, params)
        assert r.status_code == 400 and said in r.content.decode(), params
    assert page.get(URL, {"q": "đèn đường", "state": "", "t": "overdue"}).status_code == 200
    r = client.get("/api/v1/cases/", {"state": "x" * 40}, **token_for(officer))
    assert r.status_code == 400 and r.json()["code"] == "unknown_value"
    r = client.get("/api/v1/cases/", {"case_type": "feedback-and-more"}, **token_for(officer))
    assert r.status_code == 400 and "feedback-and-more" in r.json()["message"]
    assert client.get("/api/v1/cases/", {"state": "open"}, **token_for(officer)).status_code == 200


def test_every_word_of_a_search_counts(file_case: Any, officer: Any, browser_as: Any) -> None:
    """Words past the eighth were dropped: a ninth word that no case holds still found the case."""
    case = file_case(title="Đèn đường hỏng ở đầu thôn một hai ba bốn")
    page = browser_as(officer)
    eight = "đèn đường hỏng ở đầu thôn một hai"
    assert case.tracking_code in page.get(URL, {"q": eight, "state": ""}).content.decode()
    assert case.tracking_code in page.get(URL, {"q": eight + " ba", "state": ""}).content.decode()
    assert case.tracking_code not in page.get(URL, {"q": eight + " mười", "state": ""}).content.decode()


@pytest.mark.django_db(transaction=True)
def test_cases_filed_before_have_their_phone_made_one_number(file_case: Any) -> None:
    """The data migration (cases 0007) on a phone stored as typed, as intake stored it before."""
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    from danchu.cases.models import Case

    c = _named(file_case, "Phạm Văn Cũ", "0912345678", "Đèn hỏng")
    Case.objects.filter(pk=c.pk).update(submitter_phone="0912 345 678")
    other = _named(file_case, "Lê Văn Bàn", "0912345679", "Cống tắc")
    Case.objects.filter(pk=other.pk).update(submitter_phone="máy bàn nhà văn hóa")
    executor = MigrationExecutor(connection)
    executor.migrate([("cases", "0006_clocks_and_authority")])
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
    assert Case.objects.get(pk=c.pk).submitter_phone == "+84912345678"
    assert Case.objects.get(pk=other.pk).submitter_phone == "máy bàn nhà văn hóa"  # no number: as written
