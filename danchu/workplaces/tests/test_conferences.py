"""Conferences: quorum and passing as data, the checklist, the minutes; dialogue sides by tier."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from docx import Document

from danchu.core.errors import DomainError
from danchu.core.models import AuditEntry
from danchu.meetings.models import Motion
from danchu.workplaces import resolutions, services
from danchu.workplaces.minutes import minutes_docx
from danchu.workplaces.models import (
    Conference,
    ConferenceRule,
    Dialogue,
    EmployeeSideTier,
    Ownership,
    UnitType,
)

from .conftest import LAST_YEAR, held_conference

pytestmark = pytest.mark.django_db


def test_a_conference_below_quorum_cannot_pass_resolutions(rep: Any, agency: Any) -> None:
    conf = held_conference(agency, convened=30, present=19)  # 19 < 2/3 of 30
    assert not conf.quorum_met
    with pytest.raises(DomainError, match="túc số"):
        resolutions.resolution_open(actor=rep, conference=conf, title="Nghị quyết hội nghị")
    assert not Motion.objects.exists()


def test_quorum_is_two_thirds_of_those_convened(agency: Any) -> None:
    assert held_conference(agency, convened=30, present=20).quorum_met


def test_officials_pass_by_a_majority_of_those_present(rep: Any, agency: Any) -> None:
    conf = held_conference(agency, convened=30, present=20)
    passed = resolutions.resolution_record(
        actor=rep, conference=conf, title="Quy chế chi tiêu nội bộ", votes_for=11, votes_against=9
    )
    refused = resolutions.resolution_record(
        actor=rep, conference=conf, title="Kế hoạch năm", votes_for=10, votes_against=10
    )
    assert passed.passed and not refused.passed


def test_workers_pass_by_a_majority_of_the_delegates_convened(enterprise_rep: Any, enterprise: Any) -> None:
    conf = held_conference(enterprise, convened=30, present=24)
    res = resolutions.resolution_record(
        actor=enterprise_rep,
        conference=conf,
        title="Thỏa ước lao động tập thể",
        votes_for=15,
        votes_against=9,
    )
    assert not res.passed  # 15 is a majority of the 24 present, not of the 30 convened


def test_the_quorum_rule_is_data(agency: Any) -> None:
    services.rule_for("officials", dt.date.today())
    ConferenceRule.objects.filter(kind="officials").update(quorum_num=1, quorum_den=2)
    assert held_conference(agency, convened=30, present=15).quorum_met


def test_more_votes_than_delegates_present_are_refused(rep: Any, agency: Any) -> None:
    conf = held_conference(agency, convened=30, present=25)
    with pytest.raises(DomainError, match="25"):
        resolutions.resolution_record(
            actor=rep, conference=conf, title="Nghị quyết", votes_for=20, votes_against=6
        )
    assert not Motion.objects.exists()


def test_present_above_convened_is_refused(agency: Any) -> None:
    conf = services.conference_convene(
        actor=None, unit=agency, year=LAST_YEAR, planned_on=dt.date(LAST_YEAR, 12, 1), delegates_convened=30
    )
    with pytest.raises(DomainError):
        services.conference_hold(
            actor=None,
            conference=conf,
            held_on=dt.date(LAST_YEAR, 12, 1),
            delegates_present=31,
            contents_done=[],
        )


def test_the_yearly_conference_is_recorded_once_and_audited(agency: Any) -> None:
    held_conference(agency)
    with pytest.raises(DomainError):
        services.conference_convene(
            actor=None,
            unit=agency,
            year=LAST_YEAR,
            planned_on=dt.date(LAST_YEAR, 12, 1),
            delegates_convened=30,
        )
    assert AuditEntry.objects.filter(action="workplaces.conference_hold").count() == 1


def test_minutes_are_in_the_official_layout(rep: Any, agency: Any) -> None:
    conf = held_conference(agency, convened=30, present=25)
    resolutions.resolution_record(
        actor=rep, conference=conf, title="Quy chế chi tiêu nội bộ năm sau", votes_for=24, votes_against=1
    )
    text = "\n".join(p.text for p in Document(io.BytesIO(minutes_docx(conf))).paragraphs)
    doc = Document(io.BytesIO(minutes_docx(conf)))
    header = "\n".join(c.text for row in doc.tables[0].rows for c in row.cells)
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in header and "TRƯỜNG THCS NGUYỄN DU" in header
    assert "BIÊN BẢN" in text
    assert "có mặt: 25" in text
    assert "Quy chế chi tiêu nội bộ năm sau: tán thành 24" in text and "được thông qua" in text
    assert "☒ Kiểm điểm" in text and "☐ Thông qua quy chế chi tiêu nội bộ" in text


def test_employee_side_follows_the_tiers(enterprise: Any) -> None:
    data = services.DialogueData(
        kind=Dialogue.Kind.PERIODIC, held_on=dt.date(LAST_YEAR, 6, 1), employer_side=3, employee_side=4
    )
    with pytest.raises(DomainError, match="ít nhất 5"):  # 160 employees: tier 150–299
        services.dialogue_record(actor=None, unit=enterprise, data=data)
    EmployeeSideTier.objects.filter(employees_from=150).update(members_min=4)
    assert services.dialogue_record(actor=None, unit=enterprise, data=data).pk


def test_event_dialogue_names_its_labour_code_event(enterprise: Any) -> None:
    data = services.DialogueData(
        kind=Dialogue.Kind.EVENT, held_on=dt.date(LAST_YEAR, 6, 1), employer_side=3, employee_side=5
    )
    with pytest.raises(DomainError):
        services.dialogue_record(actor=None, unit=enterprise, data=data)
    data.event = Dialogue.Event.WAGE_SCALE
    assert services.dialogue_record(actor=None, unit=enterprise, data=data).event == "art93"


def test_resolved_cannot_exceed_received(enterprise: Any) -> None:
    data = services.DialogueData(
        kind=Dialogue.Kind.REQUEST,
        held_on=dt.date(LAST_YEAR, 6, 1),
        employer_side=3,
        employee_side=5,
        issues_received=2,
        issues_resolved=3,
    )
    with pytest.raises(DomainError):
        services.dialogue_record(actor=None, unit=enterprise, data=data)


def test_an_enterprise_regulation_needs_its_consultation(enterprise: Any) -> None:
    with pytest.raises(DomainError, match="145"):
        services.regulation_add(
            actor=None, unit=enterprise, reference="01/QC-CT", issued_on=dt.date(LAST_YEAR, 3, 1)
        )
    v1 = services.regulation_add(
        actor=None,
        unit=enterprise,
        reference="01/QC-CT",
        issued_on=dt.date(LAST_YEAR, 3, 1),
        consulted_on=dt.date(LAST_YEAR, 2, 20),
    )
    v2 = services.regulation_add(
        actor=None,
        unit=enterprise,
        reference="02/QC-CT",
        issued_on=dt.date(LAST_YEAR, 9, 1),
        consulted_on=dt.date(LAST_YEAR, 8, 20),
    )
    assert (v1.number, v2.number) == (1, 2)


def test_nul_bytes_and_overlong_text_are_refused(agency: Any) -> None:
    with pytest.raises(DomainError):
        services.regulation_add(
            actor=None, unit=agency, reference="01\x00/QC", issued_on=dt.date(LAST_YEAR, 3, 1)
        )
    with pytest.raises(DomainError):
        services.regulation_add(
            actor=None, unit=agency, reference="x" * 121, issued_on=dt.date(LAST_YEAR, 3, 1)
        )
    assert not agency.regulations.exists()


def test_minutes_are_also_a_pdf(client_as: Any, rep: Any, agency: Any) -> None:
    from django.urls import reverse

    conf = held_conference(agency, convened=30, present=25)
    r = client_as(rep).get(reverse("workplaces:minutes_pdf", args=[conf.pk]))
    assert r.status_code == 200 and r.content.startswith(b"%PDF")


def test_a_small_unit_convenes_all_its_staff_and_a_large_one_may_convene_delegates(
    agency: Any, commune: Any
) -> None:
    with pytest.raises(DomainError, match="30"):  # 30 staff, 200 or fewer: all of them
        services.conference_convene(
            actor=None,
            unit=agency,
            year=LAST_YEAR,
            planned_on=dt.date(LAST_YEAR, 12, 1),
            delegates_convened=20,
        )
    with pytest.raises(DomainError, match="31"):  # never more people than the staff
        services.conference_convene(
            actor=None,
            unit=agency,
            year=LAST_YEAR,
            planned_on=dt.date(LAST_YEAR, 12, 1),
            delegates_convened=31,
        )
    assert not Conference.objects.exists()
    large = services.unit_register(
        actor=None,
        data=services.UnitData(
            code="BV-KP-01",
            name="Trung tâm Y tế khu vực Krông Pắc",
            unit_type=UnitType.PUBLIC_SERVICE,
            place=commune,
            ownership=Ownership.NOT_APPLICABLE,
            employees=350,
        ),
    )
    assert (
        services.conference_convene(
            actor=None,
            unit=large,
            year=LAST_YEAR,
            planned_on=dt.date(LAST_YEAR, 12, 1),
            delegates_convened=120,
        ).delegates_convened
        == 120
    )
    dispersed = services.unit_register(
        actor=None,
        data=services.UnitData(
            code="KL-KP-01",
            name="Hạt Kiểm lâm Krông Pắc",
            unit_type=UnitType.AGENCY,
            place=commune,
            employees=60,
            dispersed=True,
        ),
    )
    assert (
        services.conference_convene(
            actor=None,
            unit=dispersed,
            year=LAST_YEAR,
            planned_on=dt.date(LAST_YEAR, 12, 1),
            delegates_convened=25,
        ).delegates_convened
        == 25
    )


def test_an_enterprise_without_its_periodic_dialogue_is_reminded_once(
    enterprise: Any, enterprise_rep: Any, mailoutbox: Any
) -> None:
    from danchu.workplaces.tasks import send_dialogue_reminders

    year = dt.date.today().year
    assert send_dialogue_reminders(dt.date(year, 10, 1)) == 0  # not yet within the reminder window
    assert send_dialogue_reminders(dt.date(year, 12, 10)) == 1
    assert send_dialogue_reminders(dt.date(year, 12, 11)) == 0  # once a year
    [message] = mailoutbox
    assert "0" in message.body and enterprise.name in message.body and "/workplaces/" in message.body


def test_the_inspection_board_item_is_asked_of_state_enterprises_only(
    enterprise: Any, foreign_enterprise: Any
) -> None:
    """Decree 145's workers' conference hears and elects a People's Inspection Board in a state
    enterprise only: a private enterprise is not asked for it, and cannot record it."""
    private = services.conference_convene(
        actor=None,
        unit=enterprise,
        year=LAST_YEAR,
        planned_on=dt.date(LAST_YEAR, 12, 1),
        delegates_convened=30,
    )
    state = services.conference_convene(
        actor=None,
        unit=foreign_enterprise,
        year=LAST_YEAR,
        planned_on=dt.date(LAST_YEAR, 12, 1),
        delegates_convened=30,
    )
    assert "pib" not in [c["key"] for c in private.required_contents]
    assert "pib" in [c["key"] for c in state.required_contents]
    with pytest.raises(DomainError):
        services.conference_hold(
            actor=None, conference=private, held_on=dt.date(LAST_YEAR, 12, 1), delegates_present=25,
            contents_done=["results", "pib"],
        )  # fmt: skip
    private.refresh_from_db()
    assert private.status == private.Status.CONVENED
    held = services.conference_hold(
        actor=None, conference=state, held_on=dt.date(LAST_YEAR, 12, 1), delegates_present=25,
        contents_done=["results", "pib"],
    )  # fmt: skip
    assert held.contents_done == ["results", "pib"]
    text = "\n".join(p.text for p in Document(io.BytesIO(minutes_docx(held))).paragraphs)
    assert "Ban Thanh tra nhân dân (doanh nghiệp nhà nước)" in text
