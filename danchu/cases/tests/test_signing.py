"""Only the chairman, or a delegate in force, signs; the block shows the real signer and capacity
(issue #16 item 5)."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from django.core import mail
from docx import Document

from danchu.accounts.models import Role
from danchu.accounts.tests.factories import person_with_role
from danchu.cases import services
from danchu.cases.models import Case, Reply, State
from danchu.core.errors import DomainError, Forbidden
from danchu.core.models import AuditEntry

D = dt.date


def _drafted(file_case: Any, officer: Any, **kw: Any) -> Any:
    case = file_case(**kw)
    services.case_accept(case=case, by=officer)
    services.case_respond(case=case, by=officer, body="Xã đã sửa đoạn đường.")
    return case


def _docx_text(reply: Reply) -> str:
    reply.document.open("rb")
    doc = Document(io.BytesIO(reply.document.read()))
    return "\n".join(p.text for t in doc.tables for row in t.rows for c in row.cells for p in c.paragraphs)


def test_officer_drafts_and_submits_the_chairman_signs(file_case: Any, officer: Any, chairman: Any) -> None:
    mail.outbox.clear()
    case = _drafted(file_case, officer)
    assert any(chairman.email in m.to and case.tracking_code in m.subject for m in mail.outbox)
    with pytest.raises(Forbidden):
        services.case_sign_reply(case=case, by=officer)
    reply = services.case_sign_reply(case=case, by=chairman, signer_title="Giám đốc")
    assert reply.signed_by == chairman
    assert reply.signer_title == "TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH"
    text = _docx_text(reply)
    assert "TM. ỦY BAN NHÂN DÂN" in text and "CHỦ TỊCH" in text and chairman.full_name in text


def test_a_delegated_vice_chairman_signs_kt(
    file_case: Any, officer: Any, chairman: Any, commune: Any
) -> None:
    vice = person_with_role(Role.COMMUNE_OFFICER, commune, full_name="Lê Văn Phó")
    d = services.delegation_grant(
        by=chairman, unit=commune, delegate=vice, valid_from=D(2020, 1, 1), document="QĐ 5/QĐ-UBND"
    )
    assert AuditEntry.objects.filter(action="cases.delegation_grant").count() == 1
    case = _drafted(file_case, officer)
    reply = services.case_sign_reply(case=case, by=vice)
    assert reply.signer_title == "TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH"
    assert "Lê Văn Phó" in _docx_text(reply)
    services.delegation_revoke(by=chairman, delegation=d)
    other = _drafted(file_case, officer)
    with pytest.raises(Forbidden):
        services.case_sign_reply(case=other, by=vice)


def test_a_delegation_only_counts_within_its_period(
    file_case: Any, officer: Any, chairman: Any, commune: Any
) -> None:
    vice = person_with_role(Role.COMMUNE_OFFICER, commune, full_name="Lê Văn Phó")
    services.delegation_grant(
        by=chairman, unit=commune, delegate=vice, valid_from=D(2020, 1, 1), valid_to=D(2020, 12, 31)
    )
    case = _drafted(file_case, officer)
    with pytest.raises(Forbidden):
        services.case_sign_reply(case=case, by=vice)


def test_acting_chairman_signs_q_on_a_complaint_decision(
    file_case: Any, officer: Any, commune: Any, admin_user: Any
) -> None:
    acting = person_with_role(Role.COMMUNE_OFFICER, commune, full_name="Trần Quyền")
    with pytest.raises(Forbidden):
        services.delegation_grant(
            by=officer, unit=commune, delegate=acting, kind="q", valid_from=D(2020, 1, 1)
        )
    services.delegation_grant(
        by=admin_user, unit=commune, delegate=acting, kind="q", valid_from=D(2020, 1, 1)
    )
    case = _drafted(
        file_case,
        officer,
        case_type_key="complaint",
        recorded_by=officer,
        identity=services.Identity(name="Nguyễn Văn A", id_number="066190000001"),
        contested_decision="QĐ 1",
    )
    reply = services.case_sign_reply(case=case, by=acting)
    assert reply.signer_title == "Q. CHỦ TỊCH"  # the chairman's own competence: no "TM."


def test_only_the_chairman_delegates_and_only_to_commune_staff(
    officer: Any, chairman: Any, commune: Any, outsider: Any
) -> None:
    with pytest.raises(Forbidden):
        services.delegation_grant(by=officer, unit=commune, delegate=officer, valid_from=D(2026, 1, 1))
    with pytest.raises(DomainError):
        services.delegation_grant(by=chairman, unit=commune, delegate=outsider, valid_from=D(2026, 1, 1))
    with pytest.raises(DomainError):
        services.delegation_grant(
            by=chairman, unit=commune, delegate=officer, valid_from=D(2026, 2, 1), valid_to=D(2026, 1, 1)
        )


def test_signing_on_the_web(file_case: Any, officer: Any, chairman: Any, browser_as: Any) -> None:
    case = _drafted(file_case, officer)
    as_officer = browser_as(officer)
    page = as_officer.get(f"/cases/office/{case.tracking_code}/").content.decode()
    assert 'id="awaiting-signature"' in page and 'id="do-sign"' not in page
    assert as_officer.post_form(f"/cases/office/{case.tracking_code}/sign/").status_code == 404
    assert Case.objects.get(pk=case.pk).state == State.DRAFTED
    as_chairman = browser_as(chairman)
    page = as_chairman.get(f"/cases/office/{case.tracking_code}/").content.decode()
    assert "TM. ỦY BAN NHÂN DÂN / CHỦ TỊCH" in page
    assert as_chairman.post_form(f"/cases/office/{case.tracking_code}/sign/").status_code == 302
    assert Case.objects.get(pk=case.pk).state == State.RESOLVED
