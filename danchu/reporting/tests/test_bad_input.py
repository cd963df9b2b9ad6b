"""Bad input on reporting's pages and API: a clear message and a 4xx, never a 500, nothing half-saved."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from danchu.reporting import services
from danchu.reporting.models import DraftReport, ReportedValue, Submission
from danchu.reporting.periods import Period

Q1 = Period.quarter(2025, 1)


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("NaN", ("not a number", "không phải là số")),
        ("Infinity", ("not a number", "không phải là số")),
        ("-12", ("not a number", "không phải là số")),
        ("1e30", ("not a number", "không phải là số")),
        ("123456789012345678901", ("too large", "quá lớn")),
        ("2,555", ("two decimal", "hai chữ số thập phân")),
        # The NUL shown, not dropped: the message said "“12” is not a number" of what read as 1␀2.
        ("1\x002", ("“1␀2” is not", "“1␀2” không phải là số")),
    ],
)
def test_a_figure_that_cannot_be_stored_is_refused_with_a_message(
    typed: str, message: tuple[str, str], forms: Any, commune: Any, officer: Any, browser_as: Any
) -> None:
    quarterly, _ = forms
    url = reverse("reporting:entry", args=[quarterly.code, commune.code, Q1.code])
    r = browser_as(officer).post_form(
        url, {"adminreform.received": typed, "pib.matters_supervised": "12", "action": "save"}
    )
    assert r.status_code == 422
    page = r.content.decode()
    assert any(m in page for m in message)
    kept = dict(ReportedValue.objects.values_list("code", "value"))
    assert "adminreform.received" not in kept and kept["pib.matters_supervised"] == 12


def test_the_api_refuses_a_figure_that_cannot_be_stored(
    forms: Any, commune: Any, officer: Any, client: Any, token_for: Any
) -> None:
    quarterly, _ = forms
    r = client.put(
        f"/api/v1/reporting/forms/{quarterly.code}/submissions/{commune.code}/{Q1.code}",
        {"values": {"adminreform.received": "Infinity"}},
        content_type="application/json",
        **token_for(officer),
    )
    assert r.status_code == 422
    assert "adminreform.received" in r.json()["refused"]


def test_a_figure_with_thousands_and_two_decimals_is_kept_exactly(
    forms: Any, commune: Any, officer: Any
) -> None:
    quarterly, _ = forms
    sub = services.submission_open(form=quarterly, place=commune, period=Q1)
    errors = services.submission_save(
        actor=officer,
        submission=sub,
        raw={"adminreform.received": "52.620", "pib.matters_supervised": "2,50"},
    )
    assert errors == {}
    kept = dict(sub.values.values_list("code", "value"))
    assert kept["adminreform.received"] == 52620 and str(kept["pib.matters_supervised"]) == "2.50"


@pytest.mark.parametrize("comment", ["Số liệu sai\x00", "x" * 2001])
def test_a_return_comment_with_a_nul_byte_or_too_long_is_refused_and_nothing_changes(
    comment: str, forms: Any, commune: Any, officer: Any, steering_member: Any, browser_as: Any
) -> None:
    quarterly, _ = forms
    sub = services.submission_open(form=quarterly, place=commune, period=Q1)
    services.submission_save(
        actor=officer, submission=sub, raw={"adminreform.received": "100", "adminreform.resolved": "90"}
    )
    services.submission_submit(actor=officer, submission=sub)
    url = reverse("reporting:entry", args=[quarterly.code, commune.code, Q1.code])
    c = browser_as(steering_member)
    r = c.post_form(url, {"action": "decide", "decision": "return", "comment": comment})
    assert r.status_code == 400
    sub.refresh_from_db()
    assert sub.status == Submission.Status.SUBMITTED and sub.comment == ""
    page = r.content.decode()  # the return's page again, with the reason
    assert "Ý kiến có ký tự không được phép (NUL)." in page or "Ý kiến quá dài (dài hơn 2.000 ký tự)." in page


@pytest.fixture
def report(reported: Any, steering_member: Any, province: Any, committee: Any) -> DraftReport:
    return services.report_draft(
        actor=steering_member, place=province, period=Period.year(2025), committee=committee
    )


@pytest.mark.parametrize(
    "posted,said",
    [
        # 800 characters: the title holds 500
        ({"title": "Báo cáo " * 100}, "Tiêu đề quá dài (dài hơn 500 ký tự)."),
        ({"place_name": "Krông Pắc\x00"}, "Địa danh có ký tự không được phép (NUL)."),
        ({"title": ""}, "Cần nhập Tiêu đề."),
        ({"issue_date": "2025-13-45"}, "“2025-13-45” không phải là ngày (dd/mm/yyyy)."),
        (
            {"section-shortcomings": "Một số xã báo cáo chậm.\x00"},
            "Nội dung báo cáo có ký tự không được phép (NUL).",
        ),
    ],
)
def test_a_bad_header_or_text_is_refused_whole_and_nothing_is_saved(
    posted: dict[str, str], said: str, report: DraftReport, steering_member: Any, browser_as: Any
) -> None:
    c = browser_as(steering_member)
    url = reverse("reporting:report", args=[report.pk])
    r = c.post_form(url, {"action": "save", "signer_title": "PHÓ TRƯỞNG BAN", **posted})
    assert r.status_code == 400 and said in r.content.decode()  # the report's page again, with why
    fresh = DraftReport.objects.get(pk=report.pk)
    assert (fresh.title, fresh.signer_title, fresh.place_name, fresh.issue_date) == (
        report.title,
        report.signer_title,
        report.place_name,
        report.issue_date,
    )
    assert DraftReport.objects.count() == 1
    assert not fresh.sections.filter(edited=True).exists()


def test_signing_with_unsaved_edits_signs_the_edited_text(
    report: DraftReport, steering_member: Any, browser_as: Any
) -> None:
    c = browser_as(steering_member)
    url = reverse("reporting:report", args=[report.pk])
    r = c.post_form(
        url,
        {
            "action": "sign",
            "signer_title": "PHÓ TRƯỞNG BAN",
            "recipients": report.recipients.replace("\n", "\r\n"),  # as a browser sends a textarea
            "section-shortcomings": "Một số xã báo cáo chậm.",
        },
    )
    assert r.status_code == 302
    signed = DraftReport.objects.get(status=DraftReport.Status.SIGNED)
    assert signed.signer_title == "PHÓ TRƯỞNG BAN" and signed.recipients == report.recipients
    assert signed.signer_name == steering_member.full_name  # whoever signs, never a typed name
    assert signed.sections.get(key="shortcomings").text == "Một số xã báo cáo chậm."


def test_saving_an_issued_version_unchanged_makes_no_new_version(
    report: DraftReport, steering_member: Any, browser_as: Any
) -> None:
    services.report_issue(actor=steering_member, report=report)
    c = browser_as(steering_member)
    url = reverse("reporting:report", args=[report.pk])
    c.post_form(url, {"action": "save", "recipients": report.recipients.replace("\n", "\r\n")})
    assert DraftReport.objects.count() == 1
    r = c.post_form(url, {"action": "sign"})
    assert r.status_code == 302
    assert DraftReport.objects.get(pk=report.pk).status == DraftReport.Status.SIGNED


def test_reading_the_entry_page_creates_no_draft_and_the_first_save_does(
    forms: Any, commune: Any, officer: Any, browser_as: Any
) -> None:
    quarterly, _ = forms
    url = reverse("reporting:entry", args=[quarterly.code, commune.code, Q1.code])
    browser = browser_as(officer)
    page = browser.get(url)
    assert page.status_code == 200 and 'name="adminreform.received"' in page.content.decode()
    assert not Submission.objects.exists()  # a GET writes nothing
    saved = browser.post_form(url, {"adminreform.received": "40", "action": "save"})
    assert saved.status_code == 302
    sub = Submission.objects.get()
    assert (sub.status, sub.due_date) == (Submission.Status.DRAFT, Q1.due_date(quarterly.due_days))
    assert 'value="40"' in browser.get(url).content.decode()
