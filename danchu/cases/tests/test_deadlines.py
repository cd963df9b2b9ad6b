from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from danchu.cases import services
from danchu.cases.models import State, Timeliness
from danchu.core.errors import Conflict

from .conftest import at


def _identity() -> services.Identity:
    return services.Identity(name="Nguyễn Văn Khiếu", address="Thôn 1", id_number="066190000001")


def test_denunciation_initial_handling_skips_tet_2026(file_case, officer):
    # Luật Tố cáo Art. 24: 7 working days. Received Friday 13 Feb; Tết off 16–20 Feb.
    case = file_case(
        case_type_key="denunciation",
        recorded_by=officer,
        identity=_identity(),
        denounced="Cán bộ địa chính",
        received_at=at(2026, 2, 13),
    )
    assert case.acceptance_due == dt.date(2026, 3, 3)
    assert case.rule_key == "denunciation-2018"


def test_first_complaint_deadlines_normal_remote_and_complex(file_case, officer):
    case = file_case(
        case_type_key="complaint",
        recorded_by=officer,
        identity=_identity(),
        contested_decision="Quyết định 15/QĐ-UBND",
        received_at=at(2026, 2, 10),
    )
    assert case.acceptance_due == dt.date(2026, 2, 23)  # Art. 27: 10 days, ending in Tết → next working day
    services.case_accept(case=case, by=officer, at=at(2026, 3, 2))
    assert case.resolution_due == dt.date(2026, 4, 1)  # Art. 28: 30 days
    services.case_extend(case=case, by=officer, reason="Phức tạp")
    assert case.resolution_due == dt.date(2026, 4, 16)  # complex: 45 days
    with pytest.raises(Conflict):
        services.case_extend(case=case, by=officer, reason="Lần nữa")


def test_remote_area_first_complaint_has_45_then_60_days(file_case, officer):
    case = file_case(
        case_type_key="complaint",
        recorded_by=officer,
        identity=_identity(),
        contested_decision="QĐ 1",
        received_at=at(2026, 3, 2),
    )
    services.case_accept(case=case, by=officer, remote_area=True, at=at(2026, 3, 2))
    assert case.resolution_due == dt.date(2026, 4, 16)
    services.case_extend(case=case, by=officer, reason="Phức tạp")
    assert case.resolution_due == dt.date(
        2026, 5, 4
    )  # Fri 1 May is a holiday: Mon 4 May (Civil Code Art. 148(5))


def test_second_complaint_has_45_days_and_60_when_complex(file_case, officer):
    case = file_case(
        case_type_key="complaint_second",
        recorded_by=officer,
        identity=_identity(),
        contested_decision="QĐ giải quyết lần đầu",
        first_decision_on=dt.date(2026, 2, 20),
        received_at=at(2026, 3, 2),
    )
    services.case_accept(case=case, by=officer, at=at(2026, 3, 2))
    assert case.resolution_due == dt.date(2026, 4, 16)
    services.case_extend(case=case, by=officer, reason="Phức tạp")
    assert case.resolution_due == dt.date(2026, 5, 4)  # 1 May holiday, then the weekend


def test_denunciation_allows_two_extensions_of_30_days(file_case, officer, chairman):
    case = file_case(
        case_type_key="denunciation",
        recorded_by=officer,
        identity=_identity(),
        denounced="X",
        received_at=at(2026, 3, 2),
    )
    # A denunciation is handled by its chairman or the handler the chairman assigns (need-to-know,
    # issue #9), no longer by any officer of the commune.
    services.case_accept(case=case, by=chairman, at=at(2026, 3, 2))
    assert case.resolution_due == dt.date(2026, 4, 1)
    services.case_extend(case=case, by=chairman, reason="Phức tạp")
    services.case_extend(case=case, by=chairman, reason="Đặc biệt phức tạp")
    assert case.resolution_due == dt.date(2026, 6, 1)  # Sunday 31 May → Monday
    assert case.complexity == "particularly_complex"
    with pytest.raises(Conflict):
        services.case_extend(case=case, by=chairman, reason="Quá hạn mức")


def test_suspension_is_refused_for_cases_received_before_1_july_2026(file_case, officer):
    case = file_case(
        case_type_key="complaint",
        recorded_by=officer,
        identity=_identity(),
        contested_decision="QĐ",
        received_at=at(2026, 6, 30),
    )
    assert case.rule_key == "complaint-2011"
    services.case_accept(case=case, by=officer, at=at(2026, 7, 1))
    with pytest.raises(Conflict):
        services.case_pause(case=case, by=officer, reason="Chờ giám định")


def test_time_under_suspension_is_not_counted_from_1_july_2026(file_case, officer):
    case = file_case(
        case_type_key="complaint",
        recorded_by=officer,
        identity=_identity(),
        contested_decision="QĐ",
        received_at=at(2026, 7, 1),
    )
    assert case.rule_key == "complaint-2026"
    services.case_accept(case=case, by=officer, at=at(2026, 7, 2))
    assert case.resolution_due == dt.date(2026, 8, 3)  # Saturday 1 Aug → Monday
    services.case_pause(case=case, by=officer, reason="Chờ kết quả giám định", on=dt.date(2026, 7, 10))
    assert case.state == State.PAUSED
    assert case.timeliness(dt.date(2026, 9, 1)) == Timeliness.PAUSED
    services.case_resume(case=case, by=officer, on=dt.date(2026, 7, 20))
    assert case.resolution_due == dt.date(2026, 8, 11)


def test_timeliness_on_time_due_soon_and_overdue(file_case, officer):
    case = file_case(received_at=at(2026, 3, 2))
    assert case.acceptance_due == dt.date(2026, 3, 12)
    assert case.timeliness(dt.date(2026, 3, 3)) == Timeliness.ON_TIME
    assert case.timeliness(dt.date(2026, 3, 10)) == Timeliness.DUE_SOON
    assert case.timeliness(dt.date(2026, 3, 13)) == Timeliness.OVERDUE


def test_answer_after_the_due_date_counts_as_late(file_case, officer, chairman):
    case = file_case(received_at=at(2026, 3, 2))
    services.case_accept(case=case, by=officer, at=at(2026, 3, 2))
    services.case_respond(case=case, by=officer, body="Trả lời")
    with time_machine.travel(at(2026, 5, 4), tick=False):
        services.case_sign_reply(case=case, by=chairman)
    assert case.resolved_on_time is False
    assert case.timeliness() == Timeliness.DONE_LATE


def test_an_extension_names_its_basis_in_words_not_a_developers_marker(file_case, officer, client):
    """Feedback has no legal extension period: the platform's 15 days. The extension recorded it as
    "[U] platform default", shown on the case and in the citizen's public timeline."""
    from danchu.cases.models import CaseEvent as Event

    case = file_case(case_type_key="feedback", recorded_by=officer, received_at=at(2026, 3, 2))
    services.case_accept(case=case, by=officer, at=at(2026, 3, 2))
    services.case_extend(case=case, by=officer, reason="Cần khảo sát hiện trường")
    extension = case.extensions.get()
    assert extension.legal_basis == "thời hạn do hệ thống quy định (pháp luật không quy định thời hạn này)"
    notes = " ".join(Event.objects.filter(case=case).values_list("note", flat=True))
    assert "[U]" not in notes and "platform" not in notes
    # The citizen's timeline with its notes: opened with the receipt key.
    page = client.get(f"/cases/track/{case.tracking_code}/", {"k": case.receipt_key}).content.decode()
    assert "Cần khảo sát hiện trường" in page
    assert "[U]" not in page and "platform default" not in page
    # A legal article keeps its words, without the marker.
    from danchu.cases.deadlines import shown_basis

    assert shown_basis("Luật Tiếp công dân 2013, Điều 28 [U] (platform default)") == (
        "Luật Tiếp công dân 2013, Điều 28"
    )
    assert (
        shown_basis("Luật Tố cáo 2018, Điều 30 (đặc biệt phức tạp)")
        == "Luật Tố cáo 2018, Điều 30 (đặc biệt phức tạp)"
    )
