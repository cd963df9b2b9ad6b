"""The written answer as a DOCX in the layout of Decree 30/2020/NĐ-CP, Appendix I (DOMAIN.md §9.1).

A4 portrait; Times New Roman; margins top 20, bottom 20, left 30, right 15 mm (inside the ranges
20–25 / 20–25 / 30–35 / 15–20); header table: issuing body top left (cell 2), national title and
motto top right (cell 1), number and symbol (cell 3), place and date in italics (cell 4); document
type and summary (5a); body justified, size 14 (cell 6); signing authority (7a–7c); recipients (9a).
Page numbers centred in the top margin from page 2 on.
"""

from __future__ import annotations

import datetime as dt
import io
from typing import TYPE_CHECKING

from django.core.files.base import ContentFile
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

if TYPE_CHECKING:
    from .models import Case, Reply

FONT = "Times New Roman"


def vn_date_line(place_name: str, day: dt.date) -> str:
    """ "Xã Krông Pắc, ngày 05 tháng 02 năm 2026": days 1–9 and months 1–2 take a leading zero
    (Decree 30/2020, Appendix I)."""
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return _("%(place)s, day %(d)s month %(m)s year %(y)s") % {
        "place": place_name,
        "d": f"{day.day:02d}",
        "m": month,
        "y": day.year,
    }


def next_number(case: Case, at: dt.datetime) -> str:
    from .models import Reply

    symbol = case.type.reply_symbol
    count = Reply.objects.filter(
        case__unit=case.unit,
        status=Reply.Status.SIGNED,
        signed_at__year=at.year,
        case__case_type__in=_types_with_symbol(symbol),
    ).count()
    return f"{count + 1}/{symbol}-UBND"


def _types_with_symbol(symbol: str) -> list[str]:
    from .types import CASE_TYPES

    return [t.key for t in CASE_TYPES if t.reply_symbol == symbol]


def _run(paragraph, text: str, *, size: float = 14, bold: bool = False, italic: bool = False):  # noqa: ANN001, ANN202
    run = paragraph.add_run(text)
    run.font.name = FONT
    run.font.size = Pt(size)
    run.bold, run.italic = bold, italic
    run._element.rPr.rFonts.set(qn("w:eastAsia"), FONT)
    return run


def _para(
    container,
    text: str = "",
    *,
    size: float = 14,
    bold: bool = False,
    italic: bool = False,  # noqa: ANN001, ANN202
    align: int = WD_ALIGN_PARAGRAPH.CENTER,
    space_after: float = 0,
):
    p = container.add_paragraph()
    p.alignment = align
    p.paragraph_format.space_after = Pt(space_after)
    p.paragraph_format.space_before = Pt(0)
    if text:
        _run(p, text, size=size, bold=bold, italic=italic)
    return p


def _cell_para(cell, text: str, **kw):  # noqa: ANN001, ANN003, ANN202
    first = cell.paragraphs[0]
    p = first if len(cell.paragraphs) == 1 and not first.runs else cell.add_paragraph()
    p.alignment = kw.pop("align", WD_ALIGN_PARAGRAPH.CENTER)
    p.paragraph_format.space_after = Pt(0)
    _run(p, text, **kw)
    return p


def _page_number_header(section) -> None:  # noqa: ANN001
    section.different_first_page_header_footer = True  # no number on page 1
    p = section.header.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = _run(p, "", size=13)
    for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
        if kind:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
        else:
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = text
        run._r.append(el)


# Document type name and summary (cell 5a) of the reply template of each case type.
TITLES = {
    "notice": (gettext_noop("NOTICE"), gettext_noop("On the answer to the %(type)s of a citizen")),
    "decision": (gettext_noop("DECISION"), gettext_noop("On the settlement of the %(type)s")),
    "conclusion": (gettext_noop("CONCLUSION"), gettext_noop("On the content of the %(type)s")),
}


def build_reply_docx(case: Case, reply: Reply) -> ContentFile:
    with translation.override("vi"):
        return ContentFile(_build(case, reply))


def _build(case: Case, reply: Reply) -> bytes:
    doc = Document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    style = doc.styles["Normal"]
    style.font.name, style.font.size = FONT, Pt(14)
    style.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)
    _page_number_header(section)

    unit = case.unit
    signed_on = timezone.localtime(reply.signed_at or timezone.now()).date()
    header = doc.add_table(rows=2, cols=2)
    header.autofit = False
    widths = (Mm(65), Mm(100))
    for row in header.rows:
        for i, w in enumerate(widths):
            row.cells[i].width = w
    left, right = header.rows[0].cells
    # Cell 2: issuing body, upper case, bold.
    _cell_para(left, _("PEOPLE'S COMMITTEE"), size=13, bold=True)
    _cell_para(left, unit.name.upper(), size=13, bold=True)
    _cell_para(left, "_______", size=13)
    # Cell 1: national title (upper case, bold, 12–13) and motto (bold, 13–14) with a rule below.
    _cell_para(right, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", size=12.5, bold=True)
    _cell_para(right, "Độc lập - Tự do - Hạnh phúc", size=13.5, bold=True)
    _cell_para(right, "________________________", size=13)
    # Cells 3 and 4: number and symbol; place and date (italic).
    num_cell, date_cell = header.rows[1].cells
    _cell_para(num_cell, _("No.: %(number)s") % {"number": reply.number}, size=13)
    _cell_para(date_cell, vn_date_line(unit.name, signed_on), size=13.5, italic=True)

    kind, summary = TITLES.get(case.type.reply_template, TITLES["notice"])
    _para(doc, "", space_after=6)
    _para(doc, _(kind), size=14, bold=True)
    _para(doc, _(summary) % {"type": str(case.type_label).lower()}, size=14, bold=True)
    _para(doc, "________", size=14, space_after=6)

    if case.is_confidential:
        # Never the denouncer's identity in a document (Luật Tố cáo 2018, Art. 9, 47–48 [U]).
        addressee = _("The denouncer (case %(code)s)") % {"code": case.tracking_code}
    else:
        addressee = case.submitter_name or (str(case.submitter) if case.submitter_id else _("The citizen"))
    _para(doc, _("To: %(who)s") % {"who": addressee}, align=WD_ALIGN_PARAGRAPH.CENTER, space_after=6)
    received = timezone.localtime(case.received_at).date()
    for line in [
        _("Pursuant to %(basis)s;") % {"basis": case.rules.basis},
        _("Considering case %(code)s received on %(date)s about: %(title)s.")
        % {"code": case.tracking_code, "date": received.strftime("%d/%m/%Y"), "title": case.title},
    ]:
        _para(doc, line, italic=True, align=WD_ALIGN_PARAGRAPH.JUSTIFY, space_after=3)
    for block in reply.body.splitlines():
        if block.strip():
            p = _para(doc, block.strip(), align=WD_ALIGN_PARAGRAPH.JUSTIFY, space_after=6)
            p.paragraph_format.first_line_indent = Mm(10)

    sign = doc.add_table(rows=1, cols=2)
    recip, signer = sign.rows[0].cells
    _cell_para(recip, _("Recipients:"), size=12, bold=True, italic=True, align=WD_ALIGN_PARAGRAPH.LEFT)
    for line in (_("- As above;"), _("- Chairman, Vice-chairmen;"), _("- Filed: office, case file.")):
        _cell_para(recip, line, size=11, align=WD_ALIGN_PARAGRAPH.LEFT)
    # Cell 7a–7b: the capacity lines (TM./KT./Q.) and the title, as authority.signature_lines made them.
    for line in (reply.signer_title or "CHỦ TỊCH").splitlines():
        _cell_para(signer, line.upper(), size=13, bold=True)
    _cell_para(signer, "", size=13)
    _cell_para(signer, _("(signed)"), size=13, italic=True)
    _cell_para(signer, "", size=13)
    _cell_para(
        signer, getattr(reply.signed_by, "full_name", "") or str(reply.signed_by or ""), size=13, bold=True
    )

    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
