"""The synthesis report (báo cáo tổng hợp, tiếp thu, giải trình ý kiến) as DOCX and PDF, in the layout
of Decree 30/2020/NĐ-CP, Appendix I (DOMAIN.md §9.1): A4, Times New Roman, margins 20/20/30/15 mm,
national title and motto top right, issuing body top left, number and symbol, place and date in
italics, type name in bold capitals, no page number on page 1."""

from __future__ import annotations

import io
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone, translation

from danchu.core.formats import place_and_date

from .models import Consultation

FONT = "Times New Roman"
NATIONAL_TITLE = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"


def context(c: Consultation) -> dict[str, Any]:
    groups = list(c.groups.prefetch_related("comments"))
    day = timezone.localdate(c.closed_at) if c.closed_at else timezone.localdate()
    return {
        "c": c,
        "national_title": NATIONAL_TITLE,
        "motto": MOTTO,
        "issuer": c.consulting_body.upper(),
        "number": "Số:       /BC-UBND",
        "date_line": place_and_date(c.place.name, day, lang="vi"),
        "groups": groups,
        "comment_count": c.comments.count(),
        "online": c.comments.filter(source="online").count(),
    }


def build_docx(c: Consultation) -> bytes:
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt

    with translation.override("vi"):
        ctx = context(c)
        doc = Document()
        sec = doc.sections[0]
        sec.page_width, sec.page_height = Mm(210), Mm(297)
        sec.top_margin, sec.bottom_margin, sec.left_margin, sec.right_margin = Mm(20), Mm(20), Mm(30), Mm(15)
        sec.different_first_page_header_footer = True  # no page number on page 1

        def run(p: Any, t: str, *, size: float = 14, bold: bool = False, italic: bool = False) -> None:
            r = p.add_run(t)
            r.font.name, r.font.size, r.bold, r.italic = FONT, Pt(size), bold, italic
            r._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FONT)

        def para(container: Any, t: str, *, align: Any = WD_ALIGN_PARAGRAPH.CENTER, **kw: Any) -> Any:
            p = container.add_paragraph()
            p.alignment = align
            p.paragraph_format.space_after = Pt(0)
            run(p, t, **kw)
            return p

        table = doc.add_table(rows=2, cols=2)
        left, right = table.rows[0].cells
        left.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
        run(left.paragraphs[0], ctx["issuer"], size=13, bold=True)
        right.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
        run(right.paragraphs[0], NATIONAL_TITLE, size=13, bold=True)
        para(right, MOTTO, size=14, bold=True)
        left2, right2 = table.rows[1].cells
        left2.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
        run(left2.paragraphs[0], ctx["number"], size=13)
        right2.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
        run(right2.paragraphs[0], ctx["date_line"], size=14, italic=True)

        para(doc, "")
        para(doc, "BÁO CÁO", bold=True)
        para(doc, f"Tổng hợp, tiếp thu, giải trình ý kiến góp ý dự thảo {c.title}", bold=True)
        body = WD_ALIGN_PARAGRAPH.JUSTIFY
        para(doc, f"Căn cứ {c.basis_article};", align=body, italic=True)
        para(
            doc,
            f"{c.consulting_body} đã lấy ý kiến Nhân dân về dự thảo từ ngày "
            f"{c.opens_on:%d/%m/%Y} đến ngày {c.closes_on:%d/%m/%Y}; đã nhận {ctx['comment_count']} ý kiến "
            f"({ctx['online']} ý kiến trực tuyến). Kết quả tổng hợp, tiếp thu, giải trình như sau:",
            align=body,
        )
        for i, g in enumerate(ctx["groups"], start=1):
            para(doc, f"{i}. {g.title} ({g.comments.count()} ý kiến)", align=body, bold=True)
            para(doc, f"Tiếp thu: {g.get_answer_display()}. {g.reason}", align=body)
        if c.decision:
            para(doc, f"Quyết định cuối cùng ({c.decision_reference}): {c.decision}", align=body)
        sign = doc.add_table(rows=1, cols=2)
        run(sign.rows[0].cells[0].paragraphs[0], "Nơi nhận:", size=12, bold=True, italic=True)
        sign.rows[0].cells[1].paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
        run(sign.rows[0].cells[1].paragraphs[0], "TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH", bold=True)
        out = io.BytesIO()
        doc.save(out)
        return out.getvalue()


def build_pdf(c: Consultation) -> bytes:
    from weasyprint import HTML

    with translation.override("vi"):
        html = render_to_string("consultations/synthesis_pdf.html", context(c))
    return bytes(HTML(string=html).write_pdf())
