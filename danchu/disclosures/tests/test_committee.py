"""A steering committee publishes its own documents for the place of the committee, and only there:
not for the communes below it (acting is not inherited), not for another province (need-to-know)."""

from __future__ import annotations

from typing import Any

import pytest

from danchu.accounts.models import Body, Role
from danchu.accounts.permissions import can
from danchu.accounts.tests.factories import BodyFactory, person_with_role
from danchu.core.errors import DomainError
from danchu.core.models import AuditEntry
from danchu.disclosures import queries, services
from danchu.disclosures.models import Disclosure
from danchu.places.models import PlaceKind
from danchu.places.tests import factories as pf

OFFICE_ITEMS = "/api/v1/disclosures/office/items"


@pytest.fixture
def other_province(db: Any) -> Any:
    return pf.province(code="68", name="Tỉnh Lâm Đồng")


@pytest.fixture
def district(province: Any) -> Any:
    return pf.PlaceFactory(parent=province, kind=PlaceKind.DISTRICT, code="650", name="Huyện Krông Pắc")


def _committee_draft(actor: Any, place: Any, title: str = "Kế hoạch thực hiện QCDC năm 2026") -> Disclosure:
    return services.disclosure_create(
        actor=actor,
        place=place,
        draft=services.Draft(category="steering_documents", title=title, body="Kế hoạch của Ban Chỉ đạo."),
    )


@pytest.fixture
def commune_draft(officer: Any, commune: Any) -> Disclosure:
    return services.disclosure_create(
        actor=officer,
        place=commune,
        draft=services.Draft(category="budget_execution", title="Báo cáo ngân sách quý I"),
    )


@pytest.fixture
def foreign_draft(other_province: Any) -> Disclosure:
    body = BodyFactory(
        kind=Body.Kind.STEERING_COMMITTEE, name="Ban Chỉ đạo QCDC tỉnh Lâm Đồng", place=other_province
    )
    member = person_with_role(
        Role.STEERING_MEMBER, other_province, body=body, full_name="Thành Viên Lâm Đồng"
    )
    return _committee_draft(member, other_province, "Kết luận của Ban Chỉ đạo tỉnh Lâm Đồng")


# --- The rule ------------------------------------------------------------------------------------------


def test_a_steering_member_manages_exactly_the_place_of_the_committee(
    steering_member: Any, province: Any, commune: Any, village: Any, other_province: Any, district: Any
) -> None:
    assert can(steering_member, "disclosures.manage", province)
    for elsewhere in (commune, village, other_province, district):
        assert not can(steering_member, "disclosures.manage", elsewhere), elsewhere
    assert queries.managed_places(steering_member) == [province]


def test_a_district_committee_publishes_for_its_district_only(district: Any, province: Any) -> None:
    commune = pf.commune(district, code="24199", name="Xã Ea Phê")
    body = BodyFactory(kind=Body.Kind.STEERING_COMMITTEE, name="Ban Chỉ đạo QCDC huyện", place=district)
    member = person_with_role(Role.STEERING_MEMBER, district, body=body)
    assert can(member, "disclosures.manage", district)
    assert not can(member, "disclosures.manage", province)
    assert not can(member, "disclosures.manage", commune)


def test_a_commune_steering_member_does_not_publish_for_the_commune(commune: Any) -> None:
    """A commune's disclosures are its staff's work; the commune committee's go out through them."""
    body = BodyFactory(kind=Body.Kind.STEERING_COMMITTEE, name="Ban Chỉ đạo QCDC xã", place=commune)
    member = person_with_role(Role.STEERING_MEMBER, commune, body=body)
    assert not can(member, "disclosures.manage", commune)
    assert queries.managed_places(member) == []


def test_commune_staff_do_not_publish_for_the_province(officer: Any, chairman: Any, province: Any) -> None:
    assert not can(officer, "disclosures.manage", province)
    assert not can(chairman, "disclosures.manage", province)


def test_the_committee_is_the_default_issuing_unit(steering_member: Any, province: Any) -> None:
    d = _committee_draft(steering_member, province)
    assert d.issuing_unit == "Ban Chỉ đạo QCDC tỉnh"


def test_a_province_has_no_villages_to_address(steering_member: Any, province: Any, commune: Any) -> None:
    from danchu.core.errors import DomainError

    with pytest.raises(DomainError):
        services.disclosure_create(
            actor=steering_member,
            place=province,
            draft=services.Draft(category="steering_documents", title="Kế hoạch", villages=[commune]),
        )
    assert not Disclosure.objects.exists()


# --- The pages, as a browser sends them (CSRF enforced) ---------------------------------------------------


def test_a_province_member_publishes_for_the_province_through_the_pages(
    browser_as: Any,
    steering_member: Any,
    province: Any,
    commune: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    c = browser_as(steering_member)
    page = c.get("/disclosures/office/new/")
    assert page.status_code == 200
    assert province.name in page.content.decode()
    assert commune.name not in page.content.decode()  # a commune is neither a unit nor a village here
    r = c.post_form(
        "/disclosures/office/new/",
        {"place": province.pk, "category": "steering_documents", "title": "Báo cáo sơ kết 6 tháng"},
    )
    assert r.status_code == 302, r.content.decode()[:2000]
    d = Disclosure.objects.get(title="Báo cáo sơ kết 6 tháng")
    assert d.place == province and d.status == Disclosure.Status.DRAFT
    with django_capture_on_commit_callbacks(execute=True):
        r = c.post_form(f"/disclosures/office/{d.pk}/publish/", {})
    assert r.status_code == 302
    d.refresh_from_db()
    assert d.status == Disclosure.Status.PUBLISHED
    assert AuditEntry.objects.filter(action="disclosures.create", actor=steering_member).exists()
    assert c.get(f"/disclosures/{province.code}/").status_code == 200
    assert "Báo cáo sơ kết 6 tháng" in c.get(f"/disclosures/{province.code}/").content.decode()


def test_the_form_refuses_a_commune_of_the_province(
    browser_as: Any, steering_member: Any, commune: Any
) -> None:
    r = browser_as(steering_member).post_form(
        "/disclosures/office/new/",
        {"place": commune.pk, "category": "steering_documents", "title": "Kế hoạch xã"},
    )
    assert r.status_code == 400  # the form again, with the place refused
    assert not Disclosure.objects.exists()


@pytest.mark.parametrize("which", ["commune_draft", "foreign_draft"])
def test_a_province_member_gets_404_for_a_commune_inside_it_and_another_province(
    browser_as: Any, steering_member: Any, request: Any, which: str
) -> None:
    d = request.getfixturevalue(which)
    c = browser_as(steering_member)
    before = AuditEntry.objects.exclude(action__endswith="_refused").count()
    assert c.get(f"/disclosures/office/{d.pk}/").status_code == 404
    assert c.get(f"/disclosures/office/{d.pk}/edit/").status_code == 404
    assert c.post_form(f"/disclosures/office/{d.pk}/publish/", {}).status_code == 404
    assert c.post_form(f"/disclosures/office/place/{d.place.code}/bulletin/", {}).status_code == 404
    d.refresh_from_db()
    assert d.status == Disclosure.Status.DRAFT
    assert AuditEntry.objects.exclude(action__endswith="_refused").count() == before


# --- The API, with a personal token ---------------------------------------------------------------------


def _api(c: Any, method: str, url: str, headers: dict[str, str], data: Any = None) -> Any:
    import json

    return c.generic(method, url, json.dumps(data or {}), content_type="application/json", **headers)


def test_a_province_member_publishes_for_the_province_through_the_api(
    client: Any, token_for: Any, steering_member: Any, province: Any, django_capture_on_commit_callbacks: Any
) -> None:
    headers = token_for(steering_member)
    r = _api(
        client,
        "POST",
        OFFICE_ITEMS,
        headers,
        {"place": province.code, "category": "steering_documents", "title": "Kết luận của Ban Chỉ đạo tỉnh"},
    )
    assert r.status_code == 201, r.content
    pk = r.json()["id"]
    assert r.json()["issuing_unit"] == "Ban Chỉ đạo QCDC tỉnh"
    with django_capture_on_commit_callbacks(execute=True):
        r = _api(client, "POST", f"{OFFICE_ITEMS}/{pk}/publish", headers)
    assert r.status_code == 200 and r.json()["status"] == "published"
    listed = _api(client, "GET", OFFICE_ITEMS, headers).json()
    assert [i["id"] for i in listed["items"]] == [pk]


@pytest.mark.parametrize("where", ["commune", "other_province"])
def test_the_api_refuses_a_commune_inside_the_province_and_another_province(
    client: Any, token_for: Any, steering_member: Any, request: Any, where: str
) -> None:
    place = request.getfixturevalue(where)
    r = _api(
        client,
        "POST",
        OFFICE_ITEMS,
        token_for(steering_member),
        {"place": place.code, "category": "steering_documents", "title": "Kế hoạch"},
    )
    assert r.status_code in (403, 404), r.content
    assert not Disclosure.objects.exists()


@pytest.mark.parametrize("which", ["commune_draft", "foreign_draft"])
def test_the_api_answers_404_for_their_drafts(
    client: Any, token_for: Any, steering_member: Any, request: Any, which: str
) -> None:
    d = request.getfixturevalue(which)
    headers = token_for(steering_member)
    assert _api(client, "GET", f"{OFFICE_ITEMS}/{d.pk}", headers).status_code == 404
    assert _api(client, "POST", f"{OFFICE_ITEMS}/{d.pk}/publish", headers).status_code == 404
    d.refresh_from_db()
    assert d.status == Disclosure.Status.DRAFT
    listed = _api(client, "GET", OFFICE_ITEMS, headers).json()
    assert listed["count"] == 0


def test_a_committee_member_publishes_only_the_committees_documents(
    browser_as: Any, client: Any, token_for: Any, steering_member: Any, province: Any
) -> None:
    """Least privilege: a committee member is not the province's staff, so the form offers the
    committee's category only, and the service refuses another (page and API: 400, nothing written)."""
    c = browser_as(steering_member)
    page = c.get("/disclosures/office/new/").content.decode()
    assert 'value="steering_documents"' in page and 'value="budget_execution"' not in page
    r = c.post_form(
        "/disclosures/office/new/",
        {"place": province.pk, "category": "budget_execution", "title": "Ngân sách tỉnh"},
    )
    assert r.status_code == 400
    r = _api(
        client,
        "POST",
        OFFICE_ITEMS,
        token_for(steering_member),
        {"place": province.code, "category": "budget_execution", "title": "Ngân sách tỉnh"},
    )
    assert r.status_code == 400 and r.json()["code"] == "category_not_allowed", r.content
    d = _committee_draft(steering_member, province)
    with pytest.raises(DomainError):
        services.disclosure_update(
            actor=steering_member, disclosure=d, draft=services.Draft(category="other", title="Khác")
        )
    assert not Disclosure.objects.filter(title__in=["Ngân sách tỉnh", "Khác"]).exists()


def test_the_peoples_committee_is_named_as_in_a_sentence(commune: Any) -> None:
    from django.utils import translation

    from danchu.disclosures.services.common import default_issuing_unit

    with translation.override("vi"):
        assert (
            default_issuing_unit(commune) == f"Ủy ban nhân dân {commune.name[:1].lower()}{commune.name[1:]}"
        )
    assert commune.name[:1].isupper()  # "Xã …": the unit's type is written small inside the name
