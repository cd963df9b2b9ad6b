"""Every legal clock of a case across Tết 2027 and a make-up Saturday, and what a calendar change does
to stored deadlines (issue #18)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core import mail

from danchu.cases import deadlines, services
from danchu.cases.models import CaseEvent, State
from danchu.core import clocks
from danchu.core.audit import verify_chain
from danchu.core.calendar import Calendar
from danchu.core.errors import Conflict, DomainError
from danchu.core.models import AuditEntry, HolidaySchedule

from .conftest import at

D = dt.date
MAKE_UP = D(2027, 2, 13)  # a Saturday after Tết 2027, declared a working day


def _identity() -> services.Identity:
    return services.Identity(name="Nguyễn Văn Khiếu", address="Thôn 1", id_number="066190000001")


def _denunciation(file_case: Any, officer: Any, day: dt.datetime) -> Any:
    return file_case(
        case_type_key="denunciation",
        recorded_by=officer,
        identity=_identity(),
        denounced="Cán bộ địa chính",
        received_at=day,
    )


def _complaint(file_case: Any, officer: Any, day: dt.datetime, key: str = "complaint", **kw: Any) -> Any:
    return file_case(
        **kw,
        case_type_key=key,
        recorded_by=officer,
        identity=_identity(),
        contested_decision="Quyết định 15/QĐ-UBND",
        received_at=day,
    )


def _told(person: Any) -> list[Any]:
    return [m for m in mail.outbox if person.email in m.to]


def _make_up(admin_user: Any) -> list[clocks.Moved]:
    return clocks.day_off_set(actor=admin_user, date=MAKE_UP, name="Làm bù Tết", is_working_day=True)


# --- The example -----------------------------------------------------------------------------------


def test_make_up_saturday_moves_the_stored_acceptance_deadline_and_tells_the_handler(
    file_case: Any, officer: Any, chairman: Any, admin_user: Any
) -> None:
    # Luật Tố cáo 2018, Art. 24: 7 working days. Received Wed 3 Feb 2027; Tết off 4–10 Feb.
    case = _denunciation(file_case, officer, at(2027, 2, 3))
    assert case.acceptance_due == D(2027, 2, 19)
    services.case_assign(case=case, by=chairman, handler=officer)
    mail.outbox.clear()

    moved = _make_up(admin_user)

    case.refresh_from_db()
    assert case.acceptance_due == D(2027, 2, 18)
    assert [(m.module, m.old, m.new) for m in moved] == [("cases", D(2027, 2, 19), D(2027, 2, 18))]
    [told] = _told(officer)
    assert "19/02/2027" in told.body and "18/02/2027" in told.body
    entry = AuditEntry.objects.filter(action="cases.deadline_recompute").get()
    assert entry.before == {"acceptance_due": "2027-02-19"} and entry.after == {
        "acceptance_due": "2027-02-18"
    }
    assert AuditEntry.objects.filter(action="core.day_off_add").count() == 1
    assert CaseEvent.objects.filter(case=case, action="recompute").exists()
    # Removing the make-up day moves it back.
    clocks.day_off_remove(actor=admin_user, date=MAKE_UP)
    case.refresh_from_db()
    assert case.acceptance_due == D(2027, 2, 19)
    assert verify_chain({})[1] is None


def test_closed_cases_keep_their_history(
    file_case: Any, officer: Any, chairman: Any, admin_user: Any
) -> None:
    case = _denunciation(file_case, officer, at(2027, 2, 3))
    services.case_refuse(case=case, by=chairman, reason="Không đủ điều kiện")
    _make_up(admin_user)
    case.refresh_from_db()
    assert case.acceptance_due == D(2027, 2, 19)
    assert not AuditEntry.objects.filter(action="cases.deadline_recompute").exists()


def test_a_case_without_a_handler_tells_the_chairman(
    file_case: Any, officer: Any, chairman: Any, admin_user: Any
) -> None:
    _denunciation(file_case, officer, at(2027, 2, 3))
    mail.outbox.clear()
    _make_up(admin_user)
    assert any("TC-" in m.subject for m in _told(chairman))


# --- Each rule across Tết 2027 and the make-up Saturday ---------------------------------------------------


def test_denunciation_acceptance_extended_to_10_working_days(
    file_case: Any, officer: Any, chairman: Any, admin_user: Any
) -> None:
    case = _denunciation(file_case, officer, at(2027, 2, 3))
    services.case_extend_acceptance(case=case, by=chairman, reason="Xác minh tại 3 thôn")
    assert case.acceptance_due == D(2027, 2, 24)  # 11, 12, 15–19, 22, 23, 24
    with pytest.raises(Conflict):
        services.case_extend_acceptance(case=case, by=chairman, reason="Lần nữa")
    _make_up(admin_user)
    case.refresh_from_db()
    assert case.acceptance_due == D(2027, 2, 23)


def test_complaint_extension_is_refused(file_case: Any, officer: Any) -> None:
    case = _complaint(file_case, officer, at(2027, 2, 3))
    with pytest.raises(DomainError):
        services.case_extend_acceptance(case=case, by=officer, reason="Nhiều nơi")


def test_complaint_acceptance_10_days_rolls_out_of_tet(file_case: Any, officer: Any, admin_user: Any) -> None:
    # Luật Khiếu nại 2011, Art. 27: 10 days. 29 Jan + 10 = Mon 8 Feb, in Tết: ends on Thu 11 Feb
    # (Civil Code 2015, Art. 148(5)).
    case = _complaint(file_case, officer, at(2027, 1, 29))
    assert case.acceptance_due == D(2027, 2, 11)
    # 3 Feb + 10 = Sat 13 Feb: rolled to Mon 15 Feb; once 13 Feb is a make-up working day, it stays.
    later = _complaint(file_case, officer, at(2027, 2, 3))
    assert later.acceptance_due == D(2027, 2, 15)
    _make_up(admin_user)
    later.refresh_from_db()
    assert later.acceptance_due == D(2027, 2, 13)


def test_second_complaint_and_resolution_periods_roll_out_of_tet(
    file_case: Any, officer: Any, admin_user: Any
) -> None:
    case = _complaint(
        file_case, officer, at(2026, 12, 21), key="complaint_second", first_decision_on=D(2026, 12, 1)
    )
    services.case_accept(case=case, by=officer, at=at(2026, 12, 22))
    # Art. 37: 45 days from 22 Dec 2026 = Fri 5 Feb 2027, in Tết: ends Thu 11 Feb.
    assert case.resolution_due == D(2027, 2, 11)
    first = _complaint(file_case, officer, at(2027, 1, 4))
    services.case_accept(case=first, by=officer, at=at(2027, 1, 14))
    # Art. 28: 30 days from 14 Jan = Sat 13 Feb: Mon 15 Feb, or the make-up Saturday itself.
    assert first.resolution_due == D(2027, 2, 15)
    _make_up(admin_user)
    first.refresh_from_db()
    assert first.resolution_due == D(2027, 2, 13)


def test_denunciation_resolution_and_notice_of_acceptance(
    file_case: Any, officer: Any, chairman: Any, admin_user: Any
) -> None:
    case = _denunciation(file_case, officer, at(2027, 1, 4))
    services.case_accept(case=case, by=chairman, at=at(2027, 2, 1))
    # Art. 29: notify within 5 working days of acceptance: 2, 3, then 11, 12, 15 after Tết.
    assert case.notice_due == D(2027, 2, 15)
    # Art. 30: 30 days from 1 Feb = Wed 3 Mar.
    assert case.resolution_due == D(2027, 3, 3)
    _make_up(admin_user)
    case.refresh_from_db()
    assert case.notice_due == D(2027, 2, 13)
    services.case_send_acceptance_notice(case=case, by=chairman)
    assert case.notice_sent_at is not None
    with pytest.raises(Conflict):
        services.case_send_acceptance_notice(case=case, by=chairman)


def test_complaint_limitation_of_90_days_and_the_obstacle_that_stops_it(
    file_case: Any, officer: Any, admin_user: Any
) -> None:
    # Luật Khiếu nại 2011, Art. 9: 90 days from 9 Nov 2026 = Sun 7 Feb 2027 (Tết): ends Thu 11 Feb.
    case = _complaint(file_case, officer, at(2027, 2, 12))
    services.case_record_limitation(case=case, by=officer, known_on=D(2026, 11, 9))
    assert case.limitation_ends == D(2027, 2, 11)
    with pytest.raises(Conflict):
        services.case_accept(case=case, by=officer)  # Art. 11: lodged out of time
    # 20 days in hospital are not counted: 9 Nov + 110 days = 27 Feb (Sat) → 1 Mar.
    services.case_record_limitation(
        case=case, by=officer, known_on=D(2026, 11, 9), obstacle_days=20, obstacle_reason="Nằm viện"
    )
    assert case.limitation_ends == D(2027, 3, 1)
    with pytest.raises(DomainError):
        services.case_record_limitation(case=case, by=officer, known_on=D(2026, 11, 9), obstacle_days=5)
    services.case_accept(case=case, by=officer)
    assert case.state == State.ACCEPTED


def test_limitation_ending_on_the_make_up_saturday(file_case: Any, officer: Any, admin_user: Any) -> None:
    case = _complaint(file_case, officer, at(2027, 2, 11))
    services.case_record_limitation(case=case, by=officer, known_on=D(2026, 11, 15))  # + 90 = Sat 13 Feb
    assert case.limitation_ends == D(2027, 2, 15)
    _make_up(admin_user)
    case.refresh_from_db()
    assert case.limitation_ends == D(2027, 2, 13)


def test_signed_complaint_decision_becomes_a_disclosure_obligation(
    file_case: Any, officer: Any, chairman: Any, admin_user: Any
) -> None:
    from danchu.disclosures.models import Obligation

    case = _complaint(file_case, officer, at(2027, 1, 4))
    services.case_accept(case=case, by=officer, at=at(2027, 1, 5))
    services.case_respond(case=case, by=officer, body="Giữ nguyên quyết định.")
    services.case_sign_reply(case=case, by=chairman, at=at(2027, 1, 29))
    ob = Obligation.objects.get(place=case.unit, category="complaint_decision", period_key=case.tracking_code)
    # Nghị định 124/2020, Art. 29: 15 days from 29 Jan = Sat 13 Feb → Mon 15 Feb; the make-up day keeps it.
    assert ob.due_on == D(2027, 2, 15)
    _make_up(admin_user)
    ob.refresh_from_db()
    assert ob.due_on == D(2027, 2, 13)


# --- The official schedule -----------------------------------------------------------------------------------


def test_official_schedule_replaces_the_projection(file_case: Any, officer: Any, admin_user: Any) -> None:
    assert Calendar().is_projected(2027)
    case = _denunciation(file_case, officer, at(2027, 2, 3))
    # The decision differs from the projection: 10 Feb is worked, Sat 13 Feb too.
    schedule, moved = clocks.schedule_record(
        actor=admin_user,
        year=2027,
        document="Quyết định 1234/QĐ-TTg ngày 15/10/2026",
        decided_on=D(2026, 10, 15),
        days=[
            clocks.ScheduleDay(D(2027, 2, 10), "Đi làm", True),
            clocks.ScheduleDay(MAKE_UP, "Làm bù Tết", True),
        ],
    )
    assert not Calendar().is_projected(2027)
    case.refresh_from_db()
    assert case.acceptance_due == D(2027, 2, 17)  # 10, 11, 12, 13, 15, 16, 17
    assert len(moved) == 1
    assert AuditEntry.objects.filter(action="core.holiday_schedule_record").count() == 1
    assert str(schedule).startswith("2027")
    with pytest.raises(DomainError):
        clocks.schedule_record(actor=admin_user, year=2027, document="", days=[])
    with pytest.raises(DomainError):
        clocks.schedule_record(
            actor=admin_user, year=2027, document="QĐ", days=[clocks.ScheduleDay(D(2028, 1, 1), "x")]
        )


def test_office_warns_from_october_when_next_years_schedule_is_missing(db: Any) -> None:
    assert clocks.schedule_warning(D(2026, 9, 30)) == ""
    assert "2027" in clocks.schedule_warning(D(2026, 10, 1))
    HolidaySchedule.objects.create(year=2027, document="QĐ 1/QĐ-TTg")
    assert clocks.schedule_warning(D(2026, 10, 1)) == ""


def test_import_holidays_command(tmp_path: Any, file_case: Any, officer: Any) -> None:
    from django.core.management import call_command

    case = _denunciation(file_case, officer, at(2027, 2, 3))
    path = tmp_path / "2027.csv"
    path.write_text("date,name,working\n13/02/2027,Làm bù Tết,1\n", encoding="utf-8")
    call_command("import_holidays", "2027", str(path), document="Quyết định 1/QĐ-TTg")
    case.refresh_from_db()
    assert case.acceptance_due == D(2027, 2, 18)
    assert HolidaySchedule.objects.get(year=2027).document == "Quyết định 1/QĐ-TTg"


def test_import_holidays_refuses_a_working_flag_it_cannot_read(tmp_path: Any) -> None:
    """A make-up working day is 1 (or x); "làm bù" was read as a day off, in silence."""
    from django.core.management import CommandError, call_command

    path = tmp_path / "2027.csv"
    path.write_text("date,name,working\n13/02/2027,Làm bù Tết,làm bù\n", encoding="utf-8")
    with pytest.raises(CommandError, match="line 2: working must be 1 or 0"):
        call_command("import_holidays", "2027", str(path), document="Quyết định 1/QĐ-TTg")
    assert not HolidaySchedule.objects.filter(year=2027).exists()


def test_deadline_roll_can_be_turned_off(settings: Any, file_case: Any, officer: Any) -> None:
    settings.DEADLINE_ROLL_TO_WORKING_DAY = False
    case = _complaint(file_case, officer, at(2027, 1, 29))
    assert case.acceptance_due == D(2027, 2, 8)
    assert deadlines.disclosure_due(D(2027, 1, 29)) == D(2027, 2, 13)


def test_the_handler_is_reminded_of_the_notice_of_acceptance(
    file_case: Any, officer: Any, chairman: Any
) -> None:
    from danchu.cases.models import DeadlineReminder

    case = _denunciation(file_case, officer, at(2027, 1, 4))
    services.case_assign(case=case, by=chairman, handler=officer)
    services.case_accept(case=case, by=officer, at=at(2027, 2, 1))
    assert case.notice_due == D(2027, 2, 15)
    mail.outbox.clear()
    services.remind_and_escalate(today=D(2027, 2, 12))
    services.remind_and_escalate(today=D(2027, 2, 15))
    reminders = DeadlineReminder.objects.filter(case=case, kind=DeadlineReminder.Kind.NOTICE)
    assert [r.due_on for r in reminders] == [D(2027, 2, 15)]
    assert any("Điều 29" in m.body or "Art. 29" in m.body for m in _told(officer))
