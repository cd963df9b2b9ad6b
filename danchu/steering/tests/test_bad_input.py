"""Bad input on the committee's forms and API: a NUL byte, over-long text, an unknown choice or a
wrong date is refused with a message and nothing is saved — never a 500, a truncation or a silent
drop of what the member typed."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse

from danchu.core.models import AuditEntry
from danchu.steering import services
from danchu.steering.models import Assignment, Award, BrightSpot, Programme, Recommendation

REFERER = {"HTTP_REFERER": "http://testserver/steering/"}


def _url(name: str, *args: Any) -> str:
    return reverse(f"steering:{name}", args=args)


def _refused(r: Any, client: Any, *words: str) -> None:
    """A refusal: a 4xx with the committee's page again and the message (never a redirect)."""
    assert 400 <= r.status_code < 500, r.status_code
    page = r.content.decode()
    assert any(w in page for w in words), page[-3000:]


@pytest.mark.parametrize(
    ("over", "words"),
    [
        ({"name": "Đ" * 256}, ("quá dài", "too long")),
        ({"address": "Thôn 1\x00"}, ("không được phép", "not allowed")),
        ({"field": "khong-co"}, ("lĩnh vực", "field")),
    ],
)
def test_bad_bright_spot_is_refused_and_nothing_saved(
    browser_as: Any, committee: Any, steering_member: Any, commune: Any, over: dict[str, str], words: Any
) -> None:
    client = browser_as(steering_member)
    data = {"name": "Dân vận khéo", "address": "Thôn 1", "place": commune.code, "field": "qcdc", **over}
    r = client.post_form(_url("bright_spot_register", committee.pk), data, **REFERER)
    _refused(r, client, *words)
    assert not BrightSpot.objects.exists()


@pytest.mark.parametrize(
    ("over", "words"),
    [
        ({"recipient": "Ủ" * 256}, ("quá dài", "too long")),
        ({"reason": "Điểm sáng\x00"}, ("không được phép", "not allowed")),
        ({"reference": "1" * 121}, ("quá dài", "too long")),
        ({"issued_on": "2025-02-30"}, ("không hợp lệ", "not valid")),
    ],
)
def test_bad_award_is_refused_and_nothing_saved(
    browser_as: Any, committee: Any, steering_member: Any, commune: Any, over: dict[str, str], words: Any
) -> None:
    client = browser_as(steering_member)
    data = {
        "kind": "giay_khen",
        "recipient": "UBND xã Krông Pắc",
        "recipient_kind": "collective",
        "award_field": "qcdc",
        "place": commune.code,
        "reason": "Điểm sáng QCDC",
        "issued_on": "2025-06-01",
        **over,
    }
    r = client.post_form(_url("award_grant", committee.pk), data, **REFERER)
    _refused(r, client, *words)
    assert not Award.objects.exists()


def test_an_award_cannot_be_dated_in_the_future(
    browser_as: Any, committee: Any, steering_member: Any, commune: Any
) -> None:
    client = browser_as(steering_member)
    data = {
        "kind": "giay_khen",
        "recipient": "UBND xã Krông Pắc",
        "place": commune.code,
        "reason": "Điểm sáng QCDC",
        "issued_on": (dt.date.today() + dt.timedelta(days=40)).isoformat(),
    }
    r = client.post_form(_url("award_grant", committee.pk), data, **REFERER)
    _refused(r, client, "tương lai", "future")
    assert not Award.objects.exists()


def test_bright_spot_advance_note_with_a_nul_byte_is_refused(
    browser_as: Any, committee: Any, steering_member: Any, commune: Any
) -> None:
    spot = services.bright_spot_register(
        actor=steering_member, committee=committee, place=commune, name="Hiến đất", address="Thôn 1"
    )
    client = browser_as(steering_member)
    r = client.post_form(
        _url("bright_spot_advance", committee.pk, spot.pk),
        {"to": "planned", "note": "Kế\x00 hoạch"},
        **REFERER,
    )
    _refused(r, client, "không được phép", "not allowed")
    spot.refresh_from_db()
    assert spot.status == BrightSpot.Status.REGISTERED and spot.plan == ""


def _recommendation(committee: Any, member: Any, commune: Any) -> Recommendation:
    insp = services.inspection_plan(
        actor=member,
        committee=committee,
        title="Kiểm tra",
        planned_on=dt.date(2025, 5, 1),
        units=[(commune, "")],
    )
    services.inspection_record(
        actor=member,
        inspection=insp,
        done_on=dt.date(2025, 5, 2),
        findings="Tốt",
        recommendations=["Niêm yết"],
    )
    return Recommendation.objects.get()


@pytest.mark.parametrize("resolution", ["Đ" * 2001, "Đã niêm yết\x00"])
def test_a_bad_resolution_is_refused_not_dropped(
    browser_as: Any, committee: Any, steering_member: Any, commune: Any, resolution: str
) -> None:
    """The recommendation once went to "resolved" with its resolution silently thrown away."""
    rec = _recommendation(committee, steering_member, commune)
    client = browser_as(steering_member)
    r = client.post_form(
        _url("recommendation_resolve", committee.pk, rec.pk), {"resolution": resolution}, **REFERER
    )
    assert 400 <= r.status_code < 500
    rec.refresh_from_db()
    assert rec.status == Recommendation.Status.OPEN and rec.resolution == ""
    assert not AuditEntry.objects.filter(action="steering.recommendation_resolve").exists()


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("programmes", {"title": "K" * 501, "start_on": "2025-01-01", "end_on": "2025-12-31"}),
        ("programmes", {"title": "Kế hoạch\x00", "start_on": "2025-01-01", "end_on": "2025-12-31"}),
        ("inspections", {"title": "K" * 501, "planned_on": "2025-05-01", "units": ["24181"]}),
        (
            "inspections",
            {"title": "Kiểm tra", "planned_on": "2025-05-01", "units": ["24181"], "content": "\x00"},
        ),
    ],
)
def test_api_refuses_bad_text_with_a_4xx(
    browser_as: Any, committee: Any, steering_member: Any, commune: Any, path: str, body: dict[str, Any]
) -> None:
    client = browser_as(steering_member)
    r = client.api("post", f"/api/v1/steering/committees/{committee.pk}/{path}", body)
    assert r.status_code == 400, r.content
    assert not Programme.objects.exists() and not committee.inspections.exists()


def test_api_refuses_a_nul_byte_in_findings_and_recommendations(
    browser_as: Any, committee: Any, steering_member: Any, commune: Any
) -> None:
    insp = services.inspection_plan(
        actor=steering_member,
        committee=committee,
        title="Kiểm tra",
        planned_on=dt.date(2025, 5, 1),
        units=[(commune, "")],
    )
    client = browser_as(steering_member)
    url = f"/api/v1/steering/committees/{committee.pk}/inspections/{insp.pk}/findings"
    r = client.api("post", url, {"done_on": "2025-05-02", "findings": "Tốt", "recommendations": ["A\x00"]})
    assert r.status_code == 400, r.content
    insp.refresh_from_db()
    assert insp.status == "planned" and not Recommendation.objects.exists()


@pytest.mark.parametrize("code", ["\x00abc", "24181\x00", "9" * 40, "khong-co-xa-nay"])
def test_an_assignment_to_an_area_the_form_did_not_offer_is_refused(
    browser_as: Any, committee: Any, steering_member: Any, commune: Any, code: str
) -> None:
    """A NUL in the chosen area was a 500 on PostgreSQL (demo fuzz, 2026-12-03), and an unknown code
    was saved as an assignment without an area: both are refused and nothing is saved."""
    client = browser_as(steering_member)
    data = {"person": steering_member.full_name, "position": "Ủy viên", "place": code, "units": ""}
    r = client.post_form(_url("assignment_add", committee.pk), data, **REFERER)
    _refused(r, client, "Hãy chọn địa bàn", "Choose a place")
    assert not Assignment.objects.exists()
    good = client.post_form(_url("assignment_add", committee.pk), {**data, "place": commune.code}, **REFERER)
    assert good.status_code in (302, 303) and Assignment.objects.get().place == commune


def test_a_large_area_types_its_unit_from_one_list_instead_of_a_select_cut_at_500(
    browser_as: Any, committee: Any, steering_member: Any, commune: Any, monkeypatch: Any
) -> None:
    """The four place selects listed the first 500 units of the area and dropped the rest (a national
    committee's communes past the 466th). Past the limit they become a typed code with one shared
    list of every unit; a code outside it is refused."""
    import danchu.steering.views as views

    monkeypatch.setattr(views, "PLACES_LISTED", 1)
    client = browser_as(steering_member)
    page = client.get(_url("committee", committee.pk)).content.decode()
    assert page.count('list="committee-places"') == 4 and '<select id="bs-place"' not in page
    assert f'<option value="{commune.code}">{commune.name}</option>' in page.split('id="committee-places"')[1]
    data = {"name": "Dân vận khéo", "address": "Thôn 1", "place": commune.code, "field": "qcdc"}
    r = client.post_form(_url("bright_spot_register", committee.pk), data, **REFERER)
    assert r.status_code in (302, 303) and BrightSpot.objects.get().place == commune
    r = client.post_form(_url("bright_spot_register", committee.pk), {**data, "place": "99999"}, **REFERER)
    _refused(r, client, "chọn địa bàn", "Choose a place")
    assert BrightSpot.objects.count() == 1
