"""The report's document (issue #15 items 4 and 8): the issuing body's format, versions, numbering,
the sign-off refused while a stated figure is unapproved, acceptance locking the levels below."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse

from danchu.core.errors import Conflict
from danchu.reporting import exports, services
from danchu.reporting.models import DraftReport, Submission
from danchu.reporting.periods import Period
from danchu.steering.models import SteeringCommittee

from .documents import docx_text

Y = Period.year(2025)


@pytest.fixture
def party_committee(committee: Any) -> Any:
    SteeringCommittee.objects.update_or_create(
        body=committee, defaults={"party_committee": "Tỉnh ủy Đắk Lắk", "term_start": dt.date(2020, 10, 20)}
    )
    return committee


def test_drafting_again_makes_the_next_version_not_another_v1(
    reported: Any, steering_member: Any, province: Any, committee: Any
) -> None:
    one = services.report_draft(actor=steering_member, place=province, period=Y, committee=committee)
    two = services.report_draft(actor=steering_member, place=province, period=Y, committee=committee)
    assert (one.version, two.version, two.previous_id) == (1, 2, one.pk)
    services.report_update(
        actor=steering_member, report=two, sections={"shortcomings": "Một số xã báo cáo chậm."}
    )
    changes = dict(services.report_diff(DraftReport.objects.get(pk=two.pk)))
    assert any(
        op == "+" and "Một số xã báo cáo chậm." in text for h, ch in changes.items() for op, text in ch
    )


def test_a_committee_under_a_party_committee_issues_in_the_party_format(
    reported: Any, steering_member: Any, province: Any, party_committee: Any, client_as: Any
) -> None:
    report = services.report_draft(actor=steering_member, place=province, period=Y, committee=party_committee)
    assert report.doc_format == DraftReport.Format.PARTY and report.parent_issuer == "TỈNH ỦY ĐẮK LẮK"
    assert exports.number_line(report) == "Số …-BC/BCĐ"
    signed = services.report_sign(actor=steering_member, report=report)
    assert exports.number_line(signed) == "Số 1-BC/BCĐ"
    text = docx_text(exports.docx_bytes(signed))
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in text and "TỈNH ỦY ĐẮK LẮK" in text and "Số 1-BC/BCĐ" in text
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" not in text and "T/M BAN CHỈ ĐẠO" in text
    assert "……" not in text
    # The next report of the same term takes the next number.
    other = services.report_draft(
        actor=steering_member, place=province, period=Period.six_months(2025, 2), committee=party_committee
    )
    assert exports.number_line(services.report_sign(actor=steering_member, report=other)) == "Số 2-BC/BCĐ"
    with pytest.raises(Conflict):
        services.report_sign(actor=steering_member, report=signed)


def test_a_state_body_uses_decree_30(
    reported: Any, steering_member: Any, province: Any, committee: Any
) -> None:
    report = services.report_draft(actor=steering_member, place=province, period=Y, committee=committee)
    assert report.doc_format == DraftReport.Format.STATE
    signed = services.report_sign(actor=steering_member, report=report)
    assert exports.number_line(signed) == "Số: 1/BC-BCĐ"
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in docx_text(exports.docx_bytes(signed))


def test_a_report_drafted_in_december_and_signed_in_january_bears_the_signing_day(
    reported: Any, steering_member: Any, province: Any, committee: Any
) -> None:
    import time_machine

    with time_machine.travel(dt.datetime(2025, 12, 20, 9, tzinfo=dt.UTC), tick=False):
        earlier = services.report_draft(
            actor=steering_member, place=province, period=Period.six_months(2025, 2), committee=committee
        )
        assert services.report_sign(actor=steering_member, report=earlier).number == "1"
        report = services.report_draft(actor=steering_member, place=province, period=Y, committee=committee)
    assert report.issue_date == dt.date(2025, 12, 20)
    with time_machine.travel(dt.datetime(2026, 1, 5, 9, tzinfo=dt.UTC), tick=False):
        signed = services.report_sign(actor=steering_member, report=report)
    assert signed.issue_date == dt.date(2026, 1, 5)
    assert exports.number_line(signed) == "Số: 1/BC-BCĐ"  # the first of 2026, not the second of 2025
    assert "ngày 05 tháng 01 năm 2026" in docx_text(exports.docx_bytes(signed))


def test_signing_is_refused_while_a_stated_figure_is_unapproved(
    forms: Any,
    reported: Any,
    steering_member: Any,
    province: Any,
    committee: Any,
    commune: Any,
    admin_user: Any,
) -> None:
    quarterly, _annual = forms
    sub = Submission.objects.get(form=quarterly, place=commune, period_start=Period.quarter(2025, 4).start)
    Submission.objects.filter(pk=sub.pk).update(status=Submission.Status.SUBMITTED)
    report = services.report_draft(actor=steering_member, place=province, period=Y, committee=committee)
    with pytest.raises(Conflict) as e:
        services.report_sign(actor=steering_member, report=report)
    assert "Xã Krông Pắc" in str(e.value) and "quý IV năm 2025" in str(e.value)
    assert DraftReport.objects.get(pk=report.pk).status == DraftReport.Status.DRAFT


def test_the_page_signs_and_shows_the_refusal(
    forms: Any,
    reported: Any,
    steering_member: Any,
    province: Any,
    committee: Any,
    commune: Any,
    browser_as: Any,
) -> None:
    report = services.report_draft(actor=steering_member, place=province, period=Y, committee=committee)
    c = browser_as(steering_member)
    r = c.post_form(reverse("reporting:report", args=[report.pk]), {"action": "sign"})
    assert r.status_code == 302
    assert DraftReport.objects.get(pk=report.pk).number == "1"


def test_acceptance_locks_the_levels_below_and_a_return_notifies(
    forms: Any, reported: Any, steering_member: Any, province: Any, commune: Any, admin_user: Any
) -> None:
    quarterly, _annual = forms
    q = Period.quarter(2025, 4)
    n = services.submissions_accept(actor=steering_member, place=province, period=Y)
    assert n == 10  # 4 quarters and the year, two communes
    sub = Submission.objects.get(form=quarterly, place=commune, period_start=q.start)
    assert sub.status == Submission.Status.ACCEPTED and sub.locked
    with pytest.raises(Conflict):
        services.submission_decide(actor=admin_user, submission=sub, approve=False, comment="Sai số liệu")
    with pytest.raises(Conflict):
        services.submission_save(actor=admin_user, submission=sub, raw={"adminreform.received": "1"})


def test_a_signed_report_is_published_as_a_disclosure_when_chosen(
    reported: Any, officer: Any, chairman: Any, commune: Any
) -> None:
    from danchu.disclosures.models import Disclosure

    report = services.report_draft(actor=officer, place=commune, period=Y)
    signed = services.report_sign(actor=chairman, report=report, publish=True)
    d = Disclosure.objects.get(place=commune)
    assert signed.published_as == d.get_absolute_url() and "Số: 1/BC-BCĐ" in d.title
    assert d.attachments.count() == 1


def test_a_province_committee_publishes_its_signed_report_for_its_province(
    reported: Any,
    steering_member: Any,
    officer: Any,
    chairman: Any,
    commune: Any,
    province: Any,
    committee: Any,
    client_as: Any,
) -> None:
    """A province committee's members publish the committee's own documents for the province
    (disclosures/permissions.py): the report page offers publishing, and the signed report becomes a
    disclosure of the province in the committee's category. A commune officer may not publish the
    province's report: the page says why and asking anyway is refused before anything is signed."""
    from danchu.disclosures.models import Disclosure

    report = services.report_draft(actor=steering_member, place=province, period=Y, committee=committee)
    page = (
        client_as(steering_member)
        .get(reverse("reporting:report", args=[report.pk]), HTTP_ACCEPT_LANGUAGE="vi")
        .content.decode()
    )
    assert 'name="publish"' in page and 'id="publish-refusal"' not in page
    services.report_sign(actor=steering_member, report=report, publish=True)
    published = Disclosure.objects.get(place=province)
    assert published.category == "steering_documents" and published.is_public
    # The commune's own report is drafted by its office and signed and published by its chairman.
    own = services.report_draft(actor=officer, place=commune, period=Y)
    page = client_as(chairman).get(reverse("reporting:report", args=[own.pk])).content.decode()
    assert 'name="publish"' in page and 'id="publish-refusal"' not in page
    services.report_sign(actor=chairman, report=own, publish=True)
    assert Disclosure.objects.filter(place=commune).count() == 1


def test_who_may_not_publish_is_told_before_signing(
    steering_member: Any, province: Any, outsider: Any
) -> None:
    """Someone outside the province committee asking to publish its report is refused with the reason."""
    from danchu.steering.reports import publish_refusal

    assert publish_refusal(actor=steering_member, place=province) is None
    reason = publish_refusal(actor=outsider, place=province)
    assert reason and province.name in reason


def test_a_unit_that_had_not_reported_when_the_province_accepted_still_reports(
    forms: Any, reported: Any, steering_member: Any, province: Any, admin_user: Any
) -> None:
    from danchu.places.tests import factories as pf

    quarterly, _annual = forms
    q = Period.quarter(2025, 4)
    late = pf.commune(province, code="24999", name="Xã Ea Nuôl")
    services.submissions_accept(actor=steering_member, place=province, period=Y)
    sub = services.submission_open(form=quarterly, place=late, period=q)
    services.submission_save(
        actor=admin_user,
        submission=sub,
        raw={
            "adminreform.received": "40",
            "adminreform.resolved": "40",
            "adminreform.resolved_on_time": "39",
            "pib.matters_supervised": "2",
            "adminreform.communes_online": "1",
        },
    )
    services.submission_submit(actor=admin_user, submission=sub)
    services.submission_decide(actor=admin_user, submission=sub, approve=True)
    assert services.submissions_accept(actor=steering_member, place=province, period=Y) == 1
    sub.refresh_from_db()
    assert sub.status == Submission.Status.ACCEPTED
    with pytest.raises(Conflict):
        services.submission_save(actor=admin_user, submission=sub, raw={"adminreform.received": "41"})


def test_a_commune_officer_drafts_and_issues_but_does_not_sign(
    reported: Any, officer: Any, chairman: Any, commune: Any, browser_as: Any
) -> None:
    """The office drafts; the head signs (Decree 30 art. 13). The officer's page offers no sign-off and
    says who signs; a sign-off posted anyway (through the CSRF-checking client) is refused with that
    reason and leaves the version unsigned and unnumbered."""
    from danchu.core.errors import Forbidden

    report = services.report_draft(actor=officer, place=commune, period=Y)
    with pytest.raises(Forbidden):
        services.report_sign(actor=officer, report=report)
    c = browser_as(officer)
    url = reverse("reporting:report", args=[report.pk])
    page = c.get(url, HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    assert 'value="sign"' not in page and 'id="sign-refusal"' in page
    assert "Chủ tịch" in page or "chủ tịch" in page
    r = c.post_form(url, {"action": "sign"}, HTTP_REFERER=url)
    assert r.status_code == 403  # the report page again with the refusal, not a redirect
    fresh = DraftReport.objects.get(pk=report.pk)
    assert fresh.status != DraftReport.Status.SIGNED and not fresh.number
    assert "chủ tịch" in r.content.decode().lower()
    page = browser_as(chairman).get(url).content.decode()
    assert 'value="sign"' in page and 'id="sign-refusal"' not in page
    assert services.report_sign(actor=chairman, report=fresh).number == "1"


def test_the_level_above_is_told_when_a_commune_signs_and_nobody_else_is(
    reported: Any,
    officer: Any,
    chairman: Any,
    commune: Any,
    province: Any,
    steering_member: Any,
    client_as: Any,
) -> None:
    from django.core import mail

    from danchu.accounts.models import Membership, Role
    from danchu.accounts.tests.factories import person_with_role
    from danchu.places.tests import factories as pf

    elsewhere = person_with_role(Role.STEERING_MEMBER, pf.province(code="01", name="Thành phố Hà Nội"))
    report = services.report_draft(actor=officer, place=commune, period=Y)
    mail.outbox.clear()
    services.report_update(actor=officer, report=report, sections={"shortcomings": "Còn chậm."})
    assert not mail.outbox  # a draft tells nobody above
    signed = services.report_sign(actor=chairman, report=report)
    sent_up = [m for m in mail.outbox if "đã ký báo cáo số" in m.subject]
    (told,) = [m for m in sent_up if steering_member.email in m.to]
    assert "Xã Krông Pắc" in told.subject and f"{signed.number}/{signed.symbol}" in told.subject
    assert chairman.full_name in told.body and reverse("reporting:report", args=[signed.pk]) in told.body
    told_to = {address for m in sent_up for address in m.to}
    assert elsewhere.email not in told_to and chairman.email not in told_to and officer.email not in told_to
    assert all(Membership.objects.filter(person__email=a, place=province).exists() for a in told_to)
    # The link opens the report for the level above.
    assert client_as(steering_member).get(reverse("reporting:report", args=[signed.pk])).status_code == 200


def test_a_commune_report_without_a_committee_on_record_names_its_commune_in_the_header(
    reported: Any, officer: Any, commune: Any
) -> None:
    report = services.report_draft(actor=officer, place=commune, period=Y)
    assert report.issuer == "BAN CHỈ ĐẠO THỰC HIỆN QUY CHẾ DÂN CHỦ Ở CƠ SỞ XÃ KRÔNG PẮC"
    assert "BAN CHỈ ĐẠO THỰC HIỆN QUY CHẾ DÂN CHỦ Ở CƠ SỞ XÃ KRÔNG PẮC" in docx_text(
        exports.docx_bytes(report)
    )
