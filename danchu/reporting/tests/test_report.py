from __future__ import annotations

import io
import re
from typing import Any

import pytest
from django.urls import reverse

from danchu.core.errors import Conflict
from danchu.reporting import services
from danchu.reporting.models import DraftReport
from danchu.reporting.periods import Period

from .documents import docx_text


def test_drafted_report_states_figures_traceably(
    reported: Any, steering_member: Any, province: Any, committee: Any
) -> None:
    report = services.report_draft(
        actor=steering_member, place=province, period=Period.year(2025), committee=committee
    )
    keys = [s.key for s in report.sections.all()]
    assert keys[:2] == ["situation", "results"] and keys[-2:] == ["tasks", "sources"]
    assert "shortcomings" in keys and "admin_reform" in keys and "new_rural" in keys
    for s in report.sections.all():
        print(s.heading, "\n", s.text, "\n")
    reform = report.sections.get(key="admin_reform")
    assert reform.heading.startswith("IV. ")
    assert "tiếp nhận 6.600 hồ sơ" in reform.text and "tăng 10% so với cùng kỳ" in reform.text
    assert "Số hồ sơ" not in reform.text and ": 6.600." not in reform.text  # prose, not "Số …: n." lines
    sentence = reform.sentences.get(indicator="adminreform.received")
    assert sentence.value == 6600 and sentence.previous_value == 6000
    assert {f["indicator"] for f in sentence.figures} >= {"adminreform.received", "adminreform.resolved"}
    benefit = report.sections.get(key="new_rural").text
    assert "1/2" in benefit and "15" in benefit
    # No section is a dotted line or empty: a part without figures says so in one sentence.
    for s in report.sections.all():
        assert s.text.strip() and "…" not in s.text and "0/0" not in s.text, s.key
    assert "chưa có số liệu" in report.sections.get(key="dan_lam").text.lower()
    sources = report.sections.get(key="sources").text
    assert "2/2" in sources and "Xã Ea Kly" in sources  # completeness and who reported


def test_issue_locks_and_edits_make_version_two(
    reported: Any, steering_member: Any, province: Any, committee: Any
) -> None:
    report = services.report_draft(
        actor=steering_member, place=province, period=Period.year(2025), committee=committee
    )
    services.report_issue(actor=steering_member, report=report)
    with pytest.raises(Conflict):
        services.report_issue(actor=steering_member, report=report)
    v2 = services.report_update(
        actor=steering_member, report=report, sections={"shortcomings": "Một số xã báo cáo chậm."}
    )
    assert v2.pk != report.pk and v2.version == 2 and v2.previous_id == report.pk
    report.refresh_from_db()
    assert report.locked and report.sections.get(key="shortcomings").text != "Một số xã báo cáo chậm."
    assert v2.sections.get(key="shortcomings").text == "Một số xã báo cáo chậm."
    assert DraftReport.objects.count() == 2


def test_docx_has_the_official_layout_and_the_figures(
    reported: Any, client_as: Any, steering_member: Any, province: Any
) -> None:
    from docx import Document
    from docx.shared import Mm

    c = client_as(steering_member)
    r = c.post(reverse("reporting:report_new", args=[province.code]), {"period": "2025"})
    report = DraftReport.objects.get()
    assert r.url == reverse("reporting:report", args=[report.pk])
    assert c.get(r.url).status_code == 200
    r = c.get(reverse("reporting:report_download", args=[report.pk, "docx"]))
    text = docx_text(r.content)
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text and "Độc lập - Tự do - Hạnh phúc" in text
    assert "Số: …/BC-BCĐ" in text and "Nơi nhận:" in text and "6.600" in text
    doc = Document(io.BytesIO(r.content))
    sec = doc.sections[0]
    assert sec.left_margin is not None and sec.page_width is not None
    assert abs(sec.left_margin - Mm(30)) < Mm(1) and abs(sec.page_width - Mm(210)) < Mm(1)
    assert doc.styles["Normal"].font.name == "Times New Roman"
    r = c.get(reverse("reporting:report_download", args=[report.pk, "xlsx"]))
    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(r.content))
    assert any(ws._charts for ws in wb.worksheets)
    # One sheet per report section, named in Vietnamese, and no internal indicator code anywhere.
    assert wb.sheetnames[0] == "Số liệu" and len(wb.sheetnames) > 1
    section_labels = {"Dân biết", "Dân bàn", "Dân làm", "Dân kiểm tra", "Dân giám sát", "Dân thụ hưởng"}
    assert set(wb.sheetnames[1:]) & section_labels, wb.sheetnames
    cells = [str(c.value) for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.value]
    assert not [c for c in cells if re.fullmatch(r"[a-z_]+\.[a-z_]+", c)], "internal codes in the annex"


@pytest.mark.slow
def test_pdf_export(
    reported: Any, client_as: Any, steering_member: Any, province: Any, committee: Any
) -> None:
    report = services.report_draft(
        actor=steering_member, place=province, period=Period.year(2025), committee=committee
    )
    r = client_as(steering_member).get(reverse("reporting:report_download", args=[report.pk, "pdf"]))
    assert r.status_code == 200 and r.content[:4] == b"%PDF"


def test_one_stop_figures_are_stated_once_when_adminreform_recorded_them(
    reported: Any, steering_member: Any, province: Any, commune: Any, committee: Any
) -> None:
    """Issue #15: one code per figure, records win unit by unit: the first commune's records (every
    month of 2025) replace what it typed, the second commune's typed quarters count; one share each."""
    import datetime as dt

    from danchu.adminreform.services import Figures, figure_record
    from danchu.reporting import rollup

    for month in range(1, 13):
        start = dt.date(2025, month, 1)
        end = (start + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
        figure_record(
            by=None,
            place=commune,
            figures=Figures(start=start, end=end, received=800, resolved=700, resolved_on_time=650),
        )
    rollup.refresh(period=Period.year(2025))
    report = services.report_draft(
        actor=steering_member, place=province, period=Period.year(2025), committee=committee
    )
    reform = report.sections.get(key="admin_reform")
    indicators = set(reform.sentences.values_list("indicator", flat=True))
    text = reform.text
    # received: the first commune's records 12 × 800, the second's typed 4 × 550 (its typed 4 × 1,100 left out)
    assert "11.800" in text and "6.600" not in text, text
    assert "10.600" in text and "9.956" in text, text  # resolved 8,400 + 2,200; on time 7,800 + 2,156
    stated = [f["indicator"] for s in reform.sentences.all() for f in s.figures]
    assert stated.count("adminreform.received") == 1 and stated.count("adminreform.on_time_rate") == 1
    assert indicators
