"""What a signed report carries (the audit of the drafted QCDC report, December 2026): the signer who
signed, not the officer who drafted; a new version made from a signed one is an unsigned draft; the
published disclosure named in words with its link; running text and the number field as the signed
document writes them."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.urls import reverse

from danchu.reporting import exports, services
from danchu.reporting.models import DraftReport
from danchu.reporting.periods import Period
from danchu.steering.models import SteeringCommittee

from .documents import docx_text

Y = Period.year(2025)


def test_the_signed_document_names_the_chairman_who_signed_not_the_officer_who_drafted(
    reported: Any, officer: Any, chairman: Any, commune: Any
) -> None:
    report = services.report_draft(actor=officer, place=commune, period=Y)
    assert report.signer_name == ""  # the officer may not sign: the draft names no signer
    services.report_issue(actor=officer, report=report)
    signed = services.report_sign(actor=chairman, report=report)
    fresh = DraftReport.objects.get(pk=signed.pk)
    assert (fresh.signed_by, fresh.signer_name) == (chairman, chairman.full_name)
    for text in (docx_text(exports.docx_bytes(fresh)), exports.pdf_html(fresh)):
        assert chairman.full_name in text and officer.full_name not in text


def test_a_name_typed_in_the_header_does_not_outlive_the_signature(
    reported: Any, officer: Any, chairman: Any, commune: Any
) -> None:
    """Whoever signs is the name under the signature, whatever the header said before."""
    report = services.report_draft(actor=officer, place=commune, period=Y)
    services.report_update(actor=officer, report=report, sections={}, header={"signer_name": "Người Khác"})
    signed = services.report_sign(actor=chairman, report=DraftReport.objects.get(pk=report.pk))
    assert DraftReport.objects.get(pk=signed.pk).signer_name == chairman.full_name


def test_editing_a_signed_report_makes_an_unsigned_draft(
    reported: Any, officer: Any, chairman: Any, commune: Any
) -> None:
    report = services.report_draft(actor=officer, place=commune, period=Y)
    signed = services.report_sign(actor=chairman, report=report, publish=True)
    assert signed.number == "1" and signed.published_as
    v2 = services.report_update(
        actor=officer, report=signed, sections={"shortcomings": "Một số thôn họp chưa đủ số hộ."}
    )
    v2 = DraftReport.objects.get(pk=v2.pk)
    assert (v2.version, v2.status, v2.previous_id) == (2, DraftReport.Status.DRAFT, signed.pk)
    assert v2.number == "" and v2.signed_by is None and v2.signed_at is None
    assert v2.signer_name == "" and v2.published_as == ""
    assert v2.issued_at is None and v2.issued_by is None
    assert exports.number_line(v2) == "Số: …/BC-BCĐ"
    assert "Số: 1/BC-BCĐ" not in docx_text(exports.docx_bytes(v2))
    # The signed version keeps everything it was signed with.
    assert DraftReport.objects.get(pk=signed.pk).number == "1"


def test_the_signed_page_links_the_published_disclosure_in_words(
    reported: Any, officer: Any, chairman: Any, commune: Any, client_as: Any
) -> None:
    from danchu.disclosures.models import Disclosure

    report = services.report_draft(actor=officer, place=commune, period=Y)
    services.report_sign(actor=chairman, report=report, publish=True)
    d = Disclosure.objects.get(place=commune)
    page = (
        client_as(chairman)
        .get(reverse("reporting:report", args=[report.pk]), HTTP_ACCEPT_LANGUAGE="vi")
        .content.decode()
    )
    assert f'href="{d.get_absolute_url()}"' in page
    assert "disclosure " not in page and "Đã công khai" in page


def test_running_text_writes_the_kind_of_commune_in_lower_case(
    reported: Any, officer: Any, commune: Any
) -> None:
    report = services.report_draft(actor=officer, place=commune, period=Y)
    texts = [s.text for s in report.sections.all()]
    assert any("xã Krông Pắc" in t for t in texts)
    assert not any(" Xã Krông Pắc" in t for t in texts)


def test_the_party_format_number_field_reads_as_the_signed_number(
    reported: Any, steering_member: Any, province: Any, committee: Any, client_as: Any
) -> None:
    SteeringCommittee.objects.update_or_create(
        body=committee, defaults={"party_committee": "Tỉnh ủy Đắk Lắk", "term_start": dt.date(2020, 10, 20)}
    )
    report = services.report_draft(actor=steering_member, place=province, period=Y, committee=committee)
    url = reverse("reporting:report", args=[report.pk])
    page = client_as(steering_member).get(url).content.decode()
    assert "-BC/BCĐ" in page and "/BC/BCĐ" not in page
    signed = services.report_sign(actor=steering_member, report=report)
    assert exports.number_line(signed) == "Số 1-BC/BCĐ"


def test_the_decree_30_number_field_reads_as_the_signed_number(
    reported: Any, officer: Any, commune: Any, client_as: Any
) -> None:
    report = services.report_draft(actor=officer, place=commune, period=Y)
    page = client_as(officer).get(reverse("reporting:report", args=[report.pk])).content.decode()
    assert "/BC-BCĐ" in page


def test_the_province_dashboard_lists_the_signed_reports_of_its_communes(
    reported: Any,
    officer: Any,
    chairman: Any,
    commune: Any,
    province: Any,
    steering_member: Any,
    client_as: Any,
) -> None:
    """A commune's signed report reaches the level above: the province's dashboard lists it (a draft
    not yet signed is not listed); the report opens for the province's member."""
    signed = services.report_sign(
        actor=chairman, report=services.report_draft(actor=officer, place=commune, period=Y)
    )
    services.report_draft(actor=officer, place=commune, period=Period.quarter(2025, 4))
    c = client_as(steering_member)
    page = c.get(reverse("reporting:dashboard", args=[province.code]) + "?period=2025").content.decode()
    listed = page[page.index('id="reports-below"') :]
    listed = listed[: listed.index("</ul>")]
    assert reverse("reporting:report", args=[signed.pk]) in listed and commune.name in listed
    assert listed.count("<li>") == 1
    assert c.get(reverse("reporting:report", args=[signed.pk])).status_code == 200
