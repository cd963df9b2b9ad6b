"""Exports: the drafted report as DOCX in the Decree 30/2020 layout, as PDF, its XLSX annex with a
native chart, and any dashboard table as XLSX or CSV."""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from danchu.core.text import spreadsheet_row

from .catalogue import all_indicators
from .models import DraftReport

# Decree 30/2020/NĐ-CP, Appendix I: A4; margins top/bottom 20–25 mm, left 30–35 mm, right 15–20 mm;
# Times New Roman 13–14. Values from the allowed ranges, configurable.
LAYOUT: dict[str, Any] = {
    "margin_top_mm": 20,
    "margin_bottom_mm": 20,
    "margin_left_mm": 30,
    "margin_right_mm": 15,
    "font": "Times New Roman",
    "body_pt": 14,
    "title_pt": 13,
    "motto_pt": 14,
    **settings.REPORT_LAYOUT,
}
NATIONAL_TITLE = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"


def date_line(report: DraftReport) -> str:
    """ "Đắk Lắk, ngày 05 tháng 02 năm 2026": days 1–9 and months 1–2 take a leading 0 (Decree 30)."""
    d = report.issue_date
    month = f"{d.month:02d}" if d.month <= 2 else str(d.month)
    return f"{report.place_name}, ngày {d.day:02d} tháng {month} năm {d.year}"


PARTY_TITLE = "ĐẢNG CỘNG SẢN VIỆT NAM"


def number_tail(report: DraftReport) -> str:
    """What follows the number: "/BC-BCĐ" (Decree 30: slash, type-issuer) or "-BC/BCĐ" for a Party
    body (DOMAIN.md §9.2: hyphen after the number, slash before the issuer); the report page writes it
    after the number field, so that the field reads as the signed number will."""
    if report.is_party:
        symbol = report.symbol if "/" in report.symbol else report.symbol.replace("-", "/", 1)
        return f"-{symbol}"
    return f"/{report.symbol}"


def number_line(report: DraftReport) -> str:
    """ "Số: 12/BC-BCĐ", or "Số 12-BC/BCĐ" for a Party body. Unsigned: a blank to fill."""
    n = report.number or "…"
    return f"Số {n}{number_tail(report)}" if report.is_party else f"Số: {n}{number_tail(report)}"


def header_right(report: DraftReport) -> list[str]:
    """The top right: the national title and motto, or "ĐẢNG CỘNG SẢN VIỆT NAM" for a Party body."""
    return [PARTY_TITLE] if report.is_party else [NATIONAL_TITLE, MOTTO]


def _sections(report: DraftReport) -> list[Any]:
    return list(report.sections.all())


def docx_bytes(report: DraftReport) -> bytes:
    from docx import Document
    from docx.enum.section import WD_SECTION  # noqa: F401
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt

    doc = Document()
    sec = doc.sections[0]
    sec.page_width, sec.page_height = Mm(210), Mm(297)
    sec.top_margin, sec.bottom_margin = Mm(LAYOUT["margin_top_mm"]), Mm(LAYOUT["margin_bottom_mm"])
    sec.left_margin, sec.right_margin = Mm(LAYOUT["margin_left_mm"]), Mm(LAYOUT["margin_right_mm"])
    style = doc.styles["Normal"]
    style.font.name = LAYOUT["font"]
    style.font.size = Pt(LAYOUT["body_pt"])
    style.element.rPr.rFonts.set(qn("w:eastAsia"), LAYOUT["font"])
    style.paragraph_format.space_after = Pt(6)

    # Page numbers centred in the top margin, none on page 1.
    sec.different_first_page_header_footer = True
    hp = sec.header.paragraphs[0]
    hp.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = hp.add_run()
    for tag, text in (("begin", None), (None, "PAGE"), ("end", None)):
        if tag:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), tag)
        else:
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = text
        run._r.append(el)
    run.font.size = Pt(13)

    def para(
        cell_or_doc: Any,
        text: str,
        *,
        bold: bool = False,
        italic: bool = False,
        size: float | None = None,
        align: Any = WD_ALIGN_PARAGRAPH.CENTER,
        first: bool = False,
    ) -> Any:
        p = cell_or_doc.paragraphs[0] if first else cell_or_doc.add_paragraph()
        p.alignment = align
        p.paragraph_format.space_after = Pt(0)
        r = p.add_run(text)
        r.bold, r.italic = bold, italic
        if size:
            r.font.size = Pt(size)
        return p

    # Header: issuing body (cells 2, 3) left; national title, motto, place and date (cells 1, 4) right.
    table = doc.add_table(rows=1, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    left, right = table.rows[0].cells
    left.width, right.width = Mm(65), Mm(100)
    first = True
    if report.parent_issuer:
        para(left, report.parent_issuer.upper(), size=LAYOUT["title_pt"], first=True)
        first = False
    para(left, report.issuer.upper(), bold=True, size=LAYOUT["title_pt"], first=first)
    para(left, "*" if report.is_party else "―――――", size=LAYOUT["title_pt"])
    para(left, number_line(report), size=13)
    if report.is_party:
        para(right, PARTY_TITLE, bold=True, size=LAYOUT["title_pt"] + 1, first=True)
    else:
        para(right, NATIONAL_TITLE, bold=True, size=LAYOUT["title_pt"] - 1, first=True)
        para(right, MOTTO, bold=True, size=LAYOUT["motto_pt"])
    para(right, "―――――――――――――――", size=LAYOUT["title_pt"])
    para(right, date_line(report), italic=True, size=14)

    # Cell 5a: document type and summary.
    p = doc.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p.paragraph_format.space_before = Pt(12)
    p.paragraph_format.space_after = Pt(0)
    r = p.add_run("BÁO CÁO")
    r.bold = True
    r.font.size = Pt(14)
    para(doc, report.title, bold=True, size=14)
    para(doc, "―――――", size=14)

    # Cell 6: body, justified, first-line indent.
    for s in _sections(report):
        h = doc.add_paragraph()
        h.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        h.paragraph_format.first_line_indent = Mm(10)
        hr = h.add_run(s.heading)
        hr.bold = True
        for chunk in [c for c in (s.text or "").split("\n") if c.strip()]:
            bp = doc.add_paragraph(chunk.strip())
            bp.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
            bp.paragraph_format.first_line_indent = Mm(10)

    # Cells 7 and 9: signature block right, recipients left.
    sig = doc.add_table(rows=1, cols=2)
    rec, sign = sig.rows[0].cells
    para(rec, "Nơi nhận:", bold=True, italic=True, size=12, align=WD_ALIGN_PARAGRAPH.LEFT, first=True)
    for line in (report.recipients or "").splitlines():
        para(rec, line, size=11, align=WD_ALIGN_PARAGRAPH.LEFT)
    para(sign, "T/M BAN CHỈ ĐẠO" if report.is_party else "TM. BAN CHỈ ĐẠO", bold=True, size=14, first=True)
    para(sign, report.signer_title.upper(), bold=True, size=14)
    for _i in range(4):
        para(sign, "", size=14)
    para(sign, report.signer_name, bold=True, size=14)

    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def pdf_html(report: DraftReport) -> str:
    """The PDF's page as HTML (what weasyprint lays out)."""
    return render_to_string(
        "reporting/report_pdf.html",
        {
            "report": report,
            "sections": _sections(report),
            "date_line": date_line(report),
            "number_line": number_line(report),
            "header_right": header_right(report),
            "layout": LAYOUT,
        },
    )


def pdf_bytes(report: DraftReport) -> bytes:
    from weasyprint import HTML

    return HTML(string=pdf_html(report)).write_pdf()


def xlsx_table(
    title: str, headers: Sequence[str], rows: Sequence[Sequence[Any]], *, chart_col: int | None = None
) -> bytes:
    """One sheet with a header row; with `chart_col`, a native bar chart of that column."""
    from openpyxl import Workbook
    from openpyxl.chart import BarChart, Reference
    from openpyxl.styles import Font

    wb = Workbook()
    ws = wb.active
    ws.title = title[:31] or "Sheet"
    ws.append(spreadsheet_row(headers))
    for c in ws[1]:
        c.font = Font(bold=True)
    for row in rows:
        ws.append(_figures(row))
    ws.column_dimensions["A"].width = 40
    if chart_col is not None and rows:
        _bar_chart(ws, chart_col, len(rows), headers[chart_col - 1], BarChart, Reference)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _bar_chart(ws: Any, col: int, n: int, title: str, BarChart: Any, Reference: Any) -> None:
    chart = BarChart()
    chart.title = title
    chart.y_axis.title = title
    chart.height, chart.width = 9, 18
    data = Reference(ws, min_col=col, min_row=1, max_row=n + 1)
    cats = Reference(ws, min_col=1, min_row=2, max_row=n + 1)
    chart.add_data(data, titles_from_data=True)
    chart.set_categories(cats)
    ws.add_chart(chart, f"{chr(ord('A') + ws.max_column + 1)}2")


def _figures(row: Sequence[Any]) -> list[Any]:
    """A table row as a spreadsheet shows it: a whole number as an integer ("11", not "11.0": the
    roll-ups sum in floating point), text through spreadsheet_row."""
    return spreadsheet_row(
        int(v) if isinstance(v, (float, Decimal)) and math.isfinite(v) and v == int(v) else v for v in row
    )


def csv_table(headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> bytes:
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(spreadsheet_row(headers))
    for row in rows:
        w.writerow(_figures(row))
    return ("\ufeff" + buf.getvalue()).encode("utf-8")  # BOM so Excel reads Vietnamese


def xlsx_annex(report: DraftReport, tables: list[tuple[str, list[str], list[list[Any]]]]) -> bytes:
    """The annex: every figure the report states (with last year's), then one sheet per report
    section with the places below in rows (Vietnamese labels; a chart of the first figure)."""
    from openpyxl import Workbook
    from openpyxl.chart import BarChart, Reference
    from openpyxl.styles import Font

    wb = Workbook()
    ws = wb.active
    ws.title = _sheet_title(_("Figures"), set())
    ws.append([_("Section"), _("Indicator"), _("Value"), _("Same period last year"), _("Sentence")])
    for c in ws[1]:
        c.font = Font(bold=True)
    names = {i.code: str(i.name) for i in all_indicators()}
    for s in report.sections.prefetch_related("sentences"):
        for x in s.sentences.all():
            stated = x.figures or (
                [{"indicator": x.indicator, "value": x.value, "previous": x.previous_value}]
                if x.indicator
                else []
            )
            for f in stated:
                name = names.get(str(f.get("indicator", "")))
                if name:  # figures of the register and of the forms' completeness are in the text
                    ws.append(spreadsheet_row([s.heading, name, f.get("value"), f.get("previous"), x.text]))
    ws.column_dimensions["A"].width = 30
    ws.column_dimensions["B"].width = 50
    ws.column_dimensions["E"].width = 80
    used = {ws.title}
    for title, headers, rows in tables:
        sheet = wb.create_sheet(_sheet_title(title, used))
        sheet.append(spreadsheet_row(headers))
        for c in sheet[1]:
            c.font = Font(bold=True)
        for row in rows:
            sheet.append(spreadsheet_row(row))
        sheet.column_dimensions["A"].width = 35
        for col in range(2, len(headers) + 1):
            sheet.column_dimensions[chr(ord("A") + col - 1)].width = 22
        if rows:
            _bar_chart(sheet, 2, len(rows), headers[1], BarChart, Reference)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _sheet_title(title: str, used: set[str]) -> str:
    """Excel allows 31 characters and no []:*?/\\ in a sheet's name: cut at a word, keep it unique."""
    clean = "".join(" " if ch in "[]:*?/\\" else ch for ch in str(title)).strip() or "Sheet"
    if len(clean) > 31:
        clean = clean[:31].rsplit(" ", 1)[0].rstrip(",;- ")
    name, n = clean, 2
    while name in used:
        suffix = f" ({n})"
        name, n = clean[: 31 - len(suffix)] + suffix, n + 1
    used.add(name)
    return name
