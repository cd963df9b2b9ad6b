from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from danchu.places.models import Household, HouseholdEvent, Place
from danchu.places.tests.factories import rep

pytestmark = pytest.mark.django_db


def test_officer_lists_and_creates_villages(
    client_as: Any, officer: Any, commune: Place, village: Place
) -> None:
    c = client_as(officer)

    page = c.get(f"/places/office/communes/{commune.code}/villages/")
    assert page.status_code == 200 and "Thôn 1" in page.content.decode()

    response = c.post(
        f"/places/office/communes/{commune.code}/villages/", {"name": "Buôn Ea Kmát", "kind": "village"}
    )

    assert response.status_code == 302
    assert Place.objects.filter(parent=commune, name="Buôn Ea Kmát").exists()


def test_village_form_errors_are_in_vietnamese(
    client_as: Any, officer: Any, commune: Place, village: Place
) -> None:
    response = client_as(officer).post(
        f"/places/office/communes/{commune.code}/villages/", {"name": "Thôn 1", "kind": "village"}
    )

    assert response.status_code == 409  # the refusing service's status, the form back with its message
    assert "đã có thôn" in response.content.decode()


def test_office_entry_leads_an_officer_to_their_commune(client_as: Any, officer: Any, commune: Place) -> None:
    response = client_as(officer).get("/places/office/")
    assert response.status_code == 302 and commune.code in response["Location"]


def test_officer_of_another_commune_gets_404(
    client_as: Any, outsider: Any, commune: Place, village: Place, household: Household
) -> None:
    c = client_as(outsider)

    assert c.get(f"/places/office/communes/{commune.code}/villages/").status_code == 404
    assert c.get(f"/places/office/villages/{village.code}/households/").status_code == 404
    assert c.get(f"/places/office/households/{household.pk}/").status_code == 404
    assert c.post(f"/places/office/communes/{commune.code}/villages/", {"name": "X"}).status_code == 404
    assert c.post(f"/places/office/households/{household.pk}/dissolve/", {"note": "x"}).status_code == 404
    household.refresh_from_db()
    assert household.is_active


def test_citizen_and_anonymous_cannot_enter(
    client: Any, client_as: Any, citizen: Any, commune: Place
) -> None:
    assert client_as(citizen).get(f"/places/office/communes/{commune.code}/villages/").status_code == 404
    assert client.get(f"/places/office/communes/{commune.code}/villages/").status_code == 302


def test_village_head_keeps_households_but_not_villages(
    client_as: Any, village_head: Any, commune: Place, village: Place
) -> None:
    c = client_as(village_head)
    page = c.get(f"/places/office/villages/{village.code}/households/")
    assert page.status_code == 200
    villages = f"/places/office/communes/{commune.code}/villages/"
    assert c.get(villages).status_code == 404
    # ... so the page's breadcrumb names the commune without linking to that 404
    assert villages not in page.content.decode() and commune.name in page.content.decode()


def test_register_household_then_change_representative_with_history(
    client_as: Any, officer: Any, village: Place
) -> None:
    c = client_as(officer)
    response = c.post(
        f"/places/office/villages/{village.code}/households/",
        {
            "number": "HGD-77",
            "address": "Thôn 1",
            "full_name": "Nguyễn Văn An",
            "birth_date": "1970-03-12",
            "gender": "male",
            "relation": "head",
            "id_number": "",
            "phone": "0912345678",
        },
    )
    household = Household.objects.get(number="HGD-77")
    assert response.status_code == 302

    c.post(
        f"/places/office/households/{household.pk}/members/",
        {"full_name": "Trần Thị Bình", "birth_date": "12/05/1972", "gender": "female", "relation": "spouse"},
    )
    wife = household.members.get(full_name="Trần Thị Bình")
    c.post(
        f"/places/office/households/{household.pk}/representative/", {"member": wife.pk, "note": "Ủy quyền"}
    )

    household.refresh_from_db()
    assert household.representative == wife
    page = c.get(f"/places/office/households/{household.pk}/").content.decode()
    assert "Nguyễn Văn An → Trần Thị Bình" in page
    assert household.events.filter(kind=HouseholdEvent.Kind.REPRESENTATIVE_CHANGED).exists()


def test_member_leave_from_the_office(client_as: Any, officer: Any, household: Household) -> None:
    from danchu.places import services

    child = services.member_add(actor=None, household=household, data=services.MemberData("Con Út"))
    response = client_as(officer).post(
        f"/places/office/households/{household.pk}/members/{child.pk}/leave/",
        {"on": "2026-01-02", "note": "Chuyển đi"},
    )
    child.refresh_from_db()
    assert response.status_code == 302 and child.left_on == dt.date(2026, 1, 2)


def test_a_refused_leave_answers_400_with_the_household_page(
    client_as: Any, officer: Any, household: Household
) -> None:
    """A bad date or a second leave (another tab) was a redirect to the household page, answered 200."""
    from danchu.places import services

    child = services.member_add(actor=None, household=household, data=services.MemberData("Con Út"))
    c = client_as(officer)
    url = f"/places/office/households/{household.pk}/members/{child.pk}/leave/"
    bad_date = c.post(url, {"on": "2026-02-30", "note": "Chuyển đi"})
    assert bad_date.status_code == 400 and "Con Út" in bad_date.content.decode()
    child.refresh_from_db()
    assert child.left_on is None
    assert c.post(url, {"on": "2026-01-02", "note": "Chuyển đi"}).status_code == 302
    again = c.post(url, {"on": "2026-01-03", "note": "Lần nữa"})
    assert again.status_code == 400
    child.refresh_from_db()
    assert child.left_on == dt.date(2026, 1, 2)


def test_bad_member_input_shows_vietnamese_errors(client_as: Any, officer: Any, household: Household) -> None:
    response = client_as(officer).post(
        f"/places/office/households/{household.pk}/members/",
        {"full_name": "", "relation": "child", "phone": "abc"},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Trường này là bắt buộc" in html and "không phải là số điện thoại" in html


def test_upload_shows_line_errors_and_imports_nothing(client_as: Any, officer: Any, commune: Place) -> None:
    data = "commune_code,name\n24181,Thôn 8\n24181,\n".encode()
    response = client_as(officer).post(
        f"/places/office/communes/{commune.code}/import/",
        {"what": "villages", "file": SimpleUploadedFile("thon.csv", data, "text/csv")},
    )

    assert response.status_code == 400
    assert "Dòng 3" in response.content.decode()
    assert not Place.objects.filter(name="Thôn 8").exists()


def test_upload_can_skip_bad_rows(client_as: Any, officer: Any, commune: Place) -> None:
    data = "commune_code,name\n24181,Thôn 8\n24181,\n".encode()
    response = client_as(officer).post(
        f"/places/office/communes/{commune.code}/import/",
        {"what": "villages", "skip_errors": "on", "file": SimpleUploadedFile("thon.csv", data, "text/csv")},
    )

    assert response.status_code == 200
    assert Place.objects.filter(name="Thôn 8").exists()


def test_upload_refuses_rows_of_another_commune(
    client_as: Any, officer: Any, commune: Place, other_commune: Place
) -> None:
    data = f"commune_code,name\n{other_commune.code},Thôn Lạ\n".encode()
    response = client_as(officer).post(
        f"/places/office/communes/{commune.code}/import/",
        {"what": "villages", "file": SimpleUploadedFile("thon.csv", data, "text/csv")},
    )

    assert response.status_code == 400
    assert not Place.objects.filter(name="Thôn Lạ").exists()


def test_upload_households(client_as: Any, officer: Any, commune: Place, village: Place) -> None:
    data = (
        f"village_code,household_number,full_name,relation\n{village.code},H1,Lê Văn Một,chủ hộ\n"
    ).encode()
    response = client_as(officer).post(
        f"/places/office/communes/{commune.code}/import/",
        {"what": "households", "file": SimpleUploadedFile("ho.csv", data, "text/csv")},
    )

    assert response.status_code == 302
    assert rep(Household.objects.get(number="H1")).full_name == "Lê Văn Một"


@pytest.mark.parametrize(
    ("what", "header"),
    [
        ("villages", "commune_code,name\n"),
        ("households", "village_code,household_number,full_name,relation\n"),
        ("households", "\ufeffMã thôn;Số hộ;Họ và tên\r\n;;\r\n"),
    ],
)
def test_a_file_without_rows_is_refused_not_reported_as_imported(
    client_as: Any, officer: Any, commune: Place, what: str, header: str
) -> None:
    response = client_as(officer).post(
        f"/places/office/communes/{commune.code}/import/",
        {"what": what, "file": SimpleUploadedFile("tep.csv", header.encode(), "text/csv")},
    )

    assert response.status_code == 400
    assert "Tệp không có dòng dữ liệu nào" in response.content.decode()


def test_household_list_query_count_does_not_grow(
    client_as: Any, officer: Any, village: Place, django_assert_max_num_queries: Any
) -> None:
    from danchu.places.tests.factories import household_with_head

    for n in range(15):
        household_with_head(village, number=f"{n:03d}")
    c = client_as(officer)
    c.get(f"/places/office/villages/{village.code}/households/")
    with django_assert_max_num_queries(20):
        response = c.get(f"/places/office/villages/{village.code}/households/")
    assert response.status_code == 200


def test_back_office_menu_offers_registers_to_commune_staff_only(
    client_as: Any, officer: Any, steering_member: Any
) -> None:
    assert "/places/office/" in client_as(officer).get("/office/").content.decode()
    assert "/places/office/" not in client_as(steering_member).get("/office/").content.decode()


def test_officer_renames_and_ends_a_village(
    client_as: Any, officer: Any, commune: Place, village: Place, other_village: Place
) -> None:
    c = client_as(officer)
    assert c.get(f"/places/office/villages/{village.code}/").status_code == 200
    assert c.get(f"/places/office/communes/{commune.code}/import/").status_code == 200

    c.post(f"/places/office/villages/{village.code}/", {"name": "Thôn Một", "kind": "village"})
    response = c.post(
        f"/places/office/villages/{village.code}/end/", {"on": "2026-07-01", "merged_into": other_village.pk}
    )

    village.refresh_from_db()
    assert response.status_code == 302
    assert village.name == "Thôn Một" and village.valid_to == dt.date(2026, 7, 1)
    assert village.merged_into == other_village
    listing = c.get(f"/places/office/communes/{commune.code}/villages/").content.decode()
    assert "chấm dứt ngày 01/07/2026" in listing


def test_every_household_of_a_large_village_is_listed_a_page_at_a_time(
    client_as: Any, officer: Any, village: Place, monkeypatch: Any
) -> None:
    """The list stopped at 500 households and asked for a search; a residential group of a ward can
    have more. Every household is reachable page by page, and a search stays on the next page."""
    from danchu.places.tests.factories import HouseholdFactory
    from danchu.places.views import office

    monkeypatch.setattr(office, "HOUSEHOLDS_PER_PAGE", 4)
    for n in range(10):
        HouseholdFactory(village=village, number=f"{n:03d}", address=f"Số {n}, đường Lê Lợi")
    c = client_as(officer)
    url = f"/places/office/villages/{village.code}/households/"
    seen = set()
    for page in (1, 2, 3):
        html = c.get(url, {"page": page}).content.decode()
        seen |= {f"{n:03d}" for n in range(10) if f">{n:03d}</a>" in html}
    assert seen == {f"{n:03d}" for n in range(10)}
    assert "Trang 1 / 3" in c.get(url).content.decode()
    searched = c.get(url, {"q": "Lê Lợi"}).content.decode()
    assert "q=L%C3%AA+L%E1%BB%A3i&amp;page=2" in searched  # the search kept on the next page
    assert c.get(url, {"page": "x"}).status_code == 400  # not a number: not the first page, as if asked
    past = c.get(url, {"page": "99"})  # past the end: said, not the last page shown as page 99
    assert past.status_code == 404 and "danh sách có 3 trang" in past.content.decode()


def test_a_search_too_long_is_refused_not_cut(
    client: Any, client_as: Any, village_head: Any, village: Place
) -> None:
    """The households' and the places' searches took the first 100 characters of what was typed, and
    searched that: now the page says the search is too long (400), and a search that fits still runs."""
    url = f"/places/office/villages/{village.code}/households/"
    c = client_as(village_head)
    r = c.get(url, {"q": "Nguyễn Văn " * 10})
    assert r.status_code == 400 and "100" in r.content.decode()
    assert c.get(url, {"q": "Nguyễn Văn"}).status_code == 200
    r = client.get("/places/search/", {"q": "krong pac " * 11})
    assert r.status_code == 400 and "100" in r.content.decode()
    r = client.get("/places/search/", {"q": "krong pac " * 11}, HTTP_HX_REQUEST="true")
    assert r.status_code == 400 and r.json()["code"] == "too_long"  # beside the search box, as data
    assert client.get("/places/search/", {"q": "krong pac"}).status_code == 200
