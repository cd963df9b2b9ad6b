"""Bad input through the forms, the imports and the API: a clear refusal (4xx, a message in the
person's language), never a 500, and nothing written."""

from __future__ import annotations

import datetime as dt
import unicodedata
from typing import Any

import pytest
from django.urls import reverse

from danchu.core.errors import DomainError
from danchu.meetings.models import Election, Motion
from danchu.workplaces import importing, services
from danchu.workplaces.models import Conference, Dialogue, Unit

from .conftest import LAST_YEAR, held_conference, xlsx

pytestmark = pytest.mark.django_db


def _dialogue(**over: Any) -> dict[str, Any]:
    data = {
        "kind": "periodic",
        "held_on": f"{LAST_YEAR}-05-05",
        "employer_side": 3,
        "employee_side": 5,
        "issues_received": 0,
        "issues_resolved": 0,
    }
    return {**data, **over}


@pytest.mark.parametrize(
    "field, value",
    [("issues_received", 10**19), ("issues_received", 10**12), ("issues_resolved", 10**19)],
)
def test_a_huge_count_of_issues_in_the_dialogue_form_is_a_form_error(
    client_as: Any, enterprise_rep: Any, enterprise: Any, field: str, value: int
) -> None:
    r = client_as(enterprise_rep).post(
        reverse("workplaces:dialogue_add", args=[enterprise.pk]), _dialogue(**{field: value})
    )
    assert r.status_code == 400
    assert not Dialogue.objects.exists()


@pytest.mark.parametrize(
    "column, value",
    [("nhan", 10**19), ("nhan", 10**12), ("ben_su_dung_ld", 70_000), ("ben_nguoi_ld", 40_000)],
)
def test_an_imported_dialogue_with_an_implausible_count_is_reported_by_line(
    officer: Any, enterprise: Any, column: str, value: int
) -> None:
    rows = [
        ["ma_don_vi", "hoat_dong", "ngay", column],
        ["DN-KP-01", "đối thoại", f"01/03/{LAST_YEAR}", value],
    ]
    result = importing.import_activities(actor=officer, data=xlsx(rows))
    assert result.imported == 0 and [line for line, _m in result.errors] == [2]
    assert not Dialogue.objects.exists()


@pytest.mark.parametrize("text", ["Chủ trì\ud800", "An\x01", "Esc\x1b"])
def test_the_api_refuses_lone_surrogates_and_control_characters(
    client: Any, token_for: Any, rep: Any, agency: Any, text: str
) -> None:
    conf = services.conference_convene(
        actor=None, unit=agency, year=LAST_YEAR, planned_on=dt.date(LAST_YEAR, 12, 1), delegates_convened=30
    )
    r = client.post(
        f"/api/v1/workplaces/conferences/{conf.pk}/held",
        {"held_on": f"{LAST_YEAR}-12-01", "delegates_present": 25, "chair": text},
        content_type="application/json",
        **token_for(rep),
    )
    assert r.status_code == 400 and r.json()["code"] == "bad_character", r.content
    conf.refresh_from_db()
    assert conf.status == Conference.Status.CONVENED and conf.chair == ""


@pytest.mark.parametrize("title", ["Nghị quyết\ud800", "Nghị quyết\x01"])
def test_a_resolution_title_with_a_lone_surrogate_or_control_character_is_refused(
    client: Any, token_for: Any, rep: Any, agency: Any, title: str
) -> None:
    conf = held_conference(agency)
    r = client.post(
        f"/api/v1/workplaces/conferences/{conf.pk}/resolutions",
        {"title": title},
        content_type="application/json",
        **token_for(rep),
    )
    assert r.status_code == 400, r.content
    assert not Motion.objects.exists()


def test_a_candidate_named_with_a_lone_surrogate_is_refused(
    client: Any, token_for: Any, rep: Any, agency: Any
) -> None:
    conf = held_conference(agency)
    r = client.post(
        f"/api/v1/workplaces/conferences/{conf.pk}/elections",
        {"candidates": ["Nguyễn Văn A\ud800", "Trần Thị B"], "seats": 1},
        content_type="application/json",
        **token_for(rep),
    )
    assert r.status_code == 400, r.content
    assert not Election.objects.exists()


def test_a_superscript_digit_is_not_a_number(client_as: Any, rep: Any, agency: Any) -> None:
    """str.isdigit() says "²" is a digit; int() refuses it."""
    conf = held_conference(agency)
    from danchu.workplaces import elections

    e = elections.inspection_board_elect(
        actor=rep, conference=conf, candidates=["Nguyễn Văn A", "Trần Thị B"], seats=1, paper=True
    )
    c = client_as(rep)
    r = c.post(reverse("workplaces:election_box", args=[e.pk]), {"label": "Hòm 1", "issued": "²"})
    assert 300 <= r.status_code < 500
    assert not e.paper_boxes.exists()
    r = c.post(reverse("workplaces:election_vote", args=[e.pk]), {"choice": ["²"]})
    assert 300 <= r.status_code < 500


def test_the_minutes_print_a_resolution_title_with_a_control_character(
    client_as: Any, rep: Any, agency: Any
) -> None:
    """Text stored through another module (meetings' motion title) or before the refusal above."""
    conf = held_conference(agency)
    from danchu.meetings import services as meetings
    from danchu.workplaces.elections import ELECTORATE

    meetings.motion_open(actor=rep, electorate=ELECTORATE, ref=conf.pk, title="Nghị quyết\x01 năm")
    Conference.objects.filter(pk=conf.pk).update(secretary="Lê Thị\x1b Thu")
    r = client_as(rep).get(reverse("workplaces:minutes", args=[conf.pk]))
    assert r.status_code == 200 and r.content[:2] == b"PK"


def test_a_name_typed_with_combining_marks_is_stored_composed(officer: Any, commune: Any) -> None:
    """NFD ("Công ty Dược" typed with combining marks) and NFC are one name and one code."""
    nfd = unicodedata.normalize("NFD", "Công ty Dược Buôn Hồ")
    rows = [
        ["ma_don_vi", "ten_don_vi", "loai", "ma_dia_ban"],
        [unicodedata.normalize("NFD", "DƯỢC-01"), nfd, "doanh nghiệp", "24181"],
        ["DƯỢC-01", "Công ty khác", "doanh nghiệp", "24181"],
    ]
    result = importing.import_units(actor=officer, data=xlsx(rows))
    assert [line for line, _m in result.errors] == [3]
    assert not Unit.objects.exists()
    unit = services.unit_register(
        actor=officer,
        data=services.UnitData(code="DƯỢC-01", name=nfd, unit_type="enterprise", place=commune),
    )
    assert unit.name == "Công ty Dược Buôn Hồ" and unit.code == "DƯỢC-01"
    with pytest.raises(DomainError):
        services.unit_register(
            actor=officer,
            data=services.UnitData(
                code=unicodedata.normalize("NFD", "DƯỢC-01"), name="X", unit_type="enterprise", place=commune
            ),
        )


def test_a_workbook_that_unpacks_to_far_more_than_it_weighs_is_refused_before_reading(
    officer: Any, commune: Any
) -> None:
    """5 MB of XLSX may unpack to gigabytes: judged from the archive's directory, not unpacked."""
    from danchu.core.testing import xlsx_bomb

    good = xlsx([["ma_don_vi", "ten_don_vi", "loai", "ma_dia_ban"], ["X-1", "Đơn vị", "cơ quan", "24181"]])
    bomb = xlsx_bomb(good)  # 20 MB of padding inside the sheet
    assert len(bomb) < 100_000
    with pytest.raises(DomainError, match="XLSX"):
        importing.import_units(actor=officer, data=bomb)
    assert not Unit.objects.exists()


def test_a_workbook_of_too_many_rows_is_refused(officer: Any, commune: Any) -> None:
    rows = [["ma_don_vi", "ten_don_vi", "loai", "ma_dia_ban"]]
    rows += [[f"X-{i}", "Đơn vị", "cơ quan", "24181"] for i in range(importing.MAX_ROWS + 5)]
    with pytest.raises(DomainError):
        importing.import_units(actor=officer, data=xlsx(rows))
    assert not Unit.objects.exists()


@pytest.mark.parametrize("code", ["ĐV\n01", 'ĐV"01'])
def test_the_minutes_download_whatever_the_units_code(
    client_as: Any, rep: Any, agency: Any, code: str
) -> None:
    """A code recorded before line breaks were refused, or with a quote or a Vietnamese letter."""
    conf = held_conference(agency)
    Unit.objects.filter(pk=agency.pk).update(code=code)
    for name in ("minutes", "minutes_pdf"):
        r = client_as(rep).get(reverse(f"workplaces:{name}", args=[conf.pk]))
        assert r.status_code == 200
        assert r["Content-Disposition"].startswith(f'attachment; filename="bien-ban-hoi-nghi-{LAST_YEAR}-dv')


def test_a_line_break_in_a_units_code_or_name_is_refused(officer: Any, commune: Any) -> None:
    rows = [["ma_don_vi", "ten_don_vi", "loai", "ma_dia_ban"], ["DV\n01", "Trường", "cơ quan", "24181"]]
    result = importing.import_units(actor=officer, data=xlsx(rows))
    assert [line for line, _m in result.errors] == [2]
    assert not Unit.objects.exists()


def test_a_nul_byte_in_a_delegates_contact_never_reaches_the_database(
    client: Any, token_for: Any, rep: Any, agency: Any, django_assert_num_queries: Any
) -> None:
    """PostgreSQL refuses a NUL even in a lookup: through the API (no form's NUL check) it was a 500."""
    from danchu.accounts.queries import account_by_contact

    with django_assert_num_queries(0), pytest.raises(DomainError):
        account_by_contact("a\x00@b.c")
    conf = held_conference(agency)
    r = client.post(
        f"/api/v1/workplaces/conferences/{conf.pk}/delegates",
        {"person": "a\x00@b.c"},
        content_type="application/json",
        **token_for(rep),
    )
    assert r.status_code == 400 and r.json()["code"] == "no_account"


def test_a_code_registered_by_a_concurrent_request_is_a_conflict_not_a_500(
    officer: Any, commune: Any, monkeypatch: Any
) -> None:
    """The check finds no unit, then the database's unique code refuses the row another request wrote
    in between: a 409 with the message, nothing half-written (the unit's Body rolled back too)."""
    from django.db.models import QuerySet

    from danchu.accounts.models import Body
    from danchu.core.errors import Conflict

    data = services.UnitData(code="ĐV-01", name="Trường Mầm non Hoa Sen", unit_type="agency", place=commune)
    services.unit_register(actor=officer, data=data)
    bodies = Body.objects.count()
    monkeypatch.setattr(QuerySet, "exists", lambda self: False)  # the check ran before the other insert
    with pytest.raises(Conflict, match="ĐV-01"):
        services.unit_register(actor=officer, data=data)
    monkeypatch.undo()
    assert Unit.objects.filter(code="ĐV-01").count() == 1 and Body.objects.count() == bodies


def test_a_conference_dated_outside_its_year_is_refused_with_the_window(
    client: Any, token_for: Any, rep: Any, agency: Any
) -> None:
    r = client.post(
        f"/api/v1/workplaces/units/{agency.pk}/conferences",
        {"year": LAST_YEAR, "planned_on": f"{LAST_YEAR - 3}-02-10", "delegates_convened": 30},
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="vi",
        **token_for(rep),
    )
    assert r.status_code == 400, r.content
    message = r.json()["message"]
    assert message.startswith("Ngày dự kiến của hội nghị năm") and f"01/10/{LAST_YEAR - 1}" in message, (
        message
    )
    assert not Conference.objects.exists()
    # December of the year before is the usual time to adopt the coming year's plan: accepted.
    conf = services.conference_convene(
        actor=None,
        unit=agency,
        year=LAST_YEAR,
        planned_on=dt.date(LAST_YEAR - 1, 12, 15),
        delegates_convened=30,
    )
    with pytest.raises(DomainError, match=f"31/12/{LAST_YEAR}"):
        services.conference_hold(
            actor=None,
            conference=conf,
            held_on=dt.date(LAST_YEAR + 1, 1, 5),
            delegates_present=25,
            contents_done=[],
        )
    conf.refresh_from_db()
    assert conf.status == Conference.Status.CONVENED and conf.held_on is None
