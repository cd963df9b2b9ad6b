"""A refused action on a drafted report answers the refusal's 4xx with the report page again and its
message (core.middleware.page_again), never a 302 — and writes nothing (docs/architecture.md
"Errors")."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from danchu.core.models import AuditEntry
from danchu.reporting import services
from danchu.reporting.models import DraftReport, Submission
from danchu.reporting.periods import Period

Y = Period.year(2025)


def _refused(client: Any, url: str, data: dict[str, str], status: int, message: str) -> None:
    audits, reports = AuditEntry.objects.count(), DraftReport.objects.count()
    r = client.post_form(url, data, HTTP_REFERER=url, HTTP_ACCEPT_LANGUAGE="vi")
    assert r.status_code == status
    assert message.lower() in r.content.decode().lower()
    assert (AuditEntry.objects.count(), DraftReport.objects.count()) == (audits, reports)


def test_issuing_twice_is_refused_with_409(
    reported: Any, officer: Any, commune: Any, browser_as: Any
) -> None:
    report = services.report_draft(actor=officer, place=commune, period=Y)
    url = reverse("reporting:report", args=[report.pk])
    c = browser_as(officer)
    assert c.post_form(url, {"action": "issue"}, HTTP_REFERER=url).status_code == 302
    _refused(c, url, {"action": "issue"}, 409, "Phiên bản này đã được ban hành")


def test_a_commune_officer_signing_is_refused_with_403(
    reported: Any, officer: Any, commune: Any, browser_as: Any
) -> None:
    report = services.report_draft(actor=officer, place=commune, period=Y)
    url = reverse("reporting:report", args=[report.pk])
    _refused(browser_as(officer), url, {"action": "sign"}, 403, "chủ tịch")
    assert DraftReport.objects.get(pk=report.pk).status == DraftReport.Status.DRAFT


def test_signing_twice_is_refused_with_409(
    reported: Any, officer: Any, chairman: Any, commune: Any, browser_as: Any
) -> None:
    report = services.report_draft(actor=officer, place=commune, period=Y)
    url = reverse("reporting:report", args=[report.pk])
    c = browser_as(chairman)
    assert c.post_form(url, {"action": "sign"}, HTTP_REFERER=url).status_code == 302
    _refused(c, url, {"action": "sign"}, 409, "Phiên bản này đã được ký")


def test_signing_while_a_stated_figure_is_unapproved_is_refused_and_keeps_the_edits_out(
    forms: Any,
    reported: Any,
    steering_member: Any,
    province: Any,
    committee: Any,
    commune: Any,
    browser_as: Any,
) -> None:
    """The refusal names the unit; the edits posted with the sign-off are not saved either (the save
    and the signing are one change)."""
    quarterly, _annual = forms
    sub = Submission.objects.get(form=quarterly, place=commune, period_start=Period.quarter(2025, 4).start)
    Submission.objects.filter(pk=sub.pk).update(status=Submission.Status.SUBMITTED)
    report = services.report_draft(actor=steering_member, place=province, period=Y, committee=committee)
    url = reverse("reporting:report", args=[report.pk])
    _refused(
        browser_as(steering_member),
        url,
        {"action": "sign", "section-shortcomings": "Một số xã báo cáo chậm."},
        409,
        "Xã Krông Pắc",
    )
    fresh = DraftReport.objects.get(pk=report.pk)
    assert fresh.status == DraftReport.Status.DRAFT and not fresh.number
    assert "báo cáo chậm" not in fresh.sections.get(key="shortcomings").text


def test_accepting_with_nothing_approved_is_refused_with_the_page_again(
    forms: Any, steering_member: Any, province: Any, browser_as: Any
) -> None:
    url = reverse("reporting:completeness", args=[province.code]) + "?period=2025Q1"
    c = browser_as(steering_member)
    audits = AuditEntry.objects.count()
    r = c.post_form(url, {"action": "accept"}, HTTP_REFERER=url, HTTP_ACCEPT_LANGUAGE="vi")
    assert r.status_code == 400
    assert "Không có số liệu đã phê duyệt" in r.content.decode()
    assert AuditEntry.objects.count() == audits
