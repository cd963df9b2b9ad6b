"""The minutes (biên bản) of a conference as DOCX, in the layout of Decree 30/2020/NĐ-CP Appendix I:
the unit and the national title in the header table, place and date, the document name, the body
(time, place, attendance, contents, resolutions and votes), and the signatures of chair and secretary.
Always written in Vietnamese, the language of official documents."""

from __future__ import annotations

import io
import re
from typing import Any

from django.utils import translation
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from danchu.core.formats import place_and_date

from .models import Conference
from .resolutions import minutes_closing, resolution_lines

FONT = "Times New Roman"
# What XML 1.0 refuses (python-docx raises on it): text recorded before workplaces refused these
# characters, or through another module (a candidate's name, the vote-counting team), still prints.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _run(paragraph: Any, text: str, *, size: float = 14, bold: bool = False, italic: bool = False) -> Any:
    run = paragraph.add_run(_NOT_XML.sub("", text))
    run.font.name = FONT
    run.font.size = Pt(size)
    run.bold, run.italic = bold, italic
    run._element.rPr.rFonts.set(qn("w:eastAsia"), FONT)
    return run


def _para(container: Any, text: str = "", *, align: Any = WD_ALIGN_PARAGRAPH.JUSTIFY, **kw: Any) -> Any:
    p = container.add_paragraph()
    p.alignment = align
    p.paragraph_format.space_after = Pt(kw.pop("space_after", 3))
    if text:
        _run(p, text, **kw)
    return p


def _cell(cell: Any, text: str, **kw: Any) -> None:
    first = cell.paragraphs[0]
    p = first if len(cell.paragraphs) == 1 and not first.runs else cell.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p.paragraph_format.space_after = Pt(0)
    _run(p, text, **kw)


def election_lines(c: Conference) -> list[str]:
    """The People's Inspection Board elections held at the conference, as the minutes state them:
    how the vote was held, the ballots, each candidate's votes and who was elected. Only a tallied
    vote has figures; a vote still open is stated as such."""
    from .queries import conference_elections

    lines = []
    for e in conference_elections(c):
        how = "bỏ phiếu kín bằng phiếu giấy" if e.paper else "bỏ phiếu kín trực tuyến"
        if e.paper and e.team_head:
            how += f", Ban kiểm phiếu do ông/bà {e.team_head} làm Trưởng ban"
        head = f"Hội nghị bầu {e.seats} thành viên Ban Thanh tra nhân dân ({how})"
        if e.status not in ("tallied", "recognised", "failed"):
            lines.append(f"{head}: chưa kiểm phiếu.")
            continue
        t = e.tally
        paper = t.get("paper", {})
        lines.append(
            f"{head}: số phiếu phát ra {paper.get('issued', 0) + t.get('ballots', 0)}, "
            f"số phiếu thu về {paper.get('returned', 0) + t.get('ballots', 0)}, "
            f"phiếu hợp lệ {paper.get('valid', 0) + t.get('ballots', 0)}, "
            f"phiếu không hợp lệ {paper.get('invalid', 0)}."
        )
        base = t.get("roster", 0)
        for cand in e.candidates.all():
            votes = t.get("votes", {}).get(str(cand.pk), 0)
            share = f" ({votes * 100 / base:.1f}%)".replace(".", ",") if base else ""
            mark = " — trúng cử" if cand.elected else ""
            lines.append(f"- {cand.full_name}: {votes} phiếu{share}{mark}.")
        elected = [cand.full_name for cand in e.candidates.all() if cand.elected]
        lines.append(
            "Các ông/bà trúng cử: " + ", ".join(elected) + "." if elected else "Không có người trúng cử."
        )
        if e.status == "recognised" and e.recognised_on:
            lines.append(f"Kết quả được công nhận ngày {e.recognised_on:%d/%m/%Y}.")
            chosen = _positions_line(c, e.election_day)
            if chosen:
                lines.append(chosen)
    return lines


def _positions_line(c: Conference, elected_on: Any) -> str:
    """The head and deputy head the board elected at this conference chose among its members."""
    from .queries import inspection_board_members

    seats = [m for m in inspection_board_members(c.unit) if m.elected_on == elected_on]
    head = [m.person.full_name for m in seats if m.position == "head"]
    deputy = [m.person.full_name for m in seats if m.position == "deputy"]
    if not head:
        return ""
    text = f"Ban Thanh tra nhân dân đã bầu ông/bà {head[0]} làm Trưởng ban"
    if deputy:
        text += f", ông/bà {deputy[0]} làm Phó Trưởng ban"
    return text + "."


def minutes_docx(conference: Conference) -> bytes:
    with translation.override("vi"):
        return _build(conference)


def _build(c: Conference) -> bytes:
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    style = doc.styles["Normal"]
    style.font.name, style.font.size = FONT, Pt(14)

    unit = c.unit
    header = doc.add_table(rows=2, cols=2)
    left, right = header.rows[0].cells
    _cell(left, unit.name.upper(), size=13, bold=True)
    _cell(left, "_______", size=13)
    _cell(right, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", size=12.5, bold=True)
    _cell(right, "Độc lập - Tự do - Hạnh phúc", size=13.5, bold=True)
    _cell(right, "________________________", size=13)
    _blank, date_cell = header.rows[1].cells
    if c.held_on:
        _cell(date_cell, place_and_date(unit.place.name, c.held_on, lang="vi"), size=13.5, italic=True)

    title = "HỘI NGHỊ NGƯỜI LAO ĐỘNG" if c.kind == "workers" else "HỘI NGHỊ CÁN BỘ, CÔNG CHỨC, VIÊN CHỨC"
    _para(doc, "", space_after=6)
    _para(doc, "BIÊN BẢN", align=WD_ALIGN_PARAGRAPH.CENTER, bold=True, space_after=0)
    _para(doc, f"{title} NĂM {c.year}", align=WD_ALIGN_PARAGRAPH.CENTER, bold=True, space_after=0)
    _para(doc, "________", align=WD_ALIGN_PARAGRAPH.CENTER, space_after=6)

    held = c.held_on.strftime("%d/%m/%Y") if c.held_on else "…"
    _para(doc, f"Thời gian: ngày {held}.")
    _para(doc, f"Địa điểm: {c.venue or unit.name}.")
    _para(doc, f"Chủ trì: {c.chair or '…'}. Thư ký: {c.secretary or '…'}.")
    present = c.delegates_present or 0
    _para(
        doc,
        f"Số đại biểu được triệu tập: {c.delegates_convened}; có mặt: {present} "
        f"({present * 100 // max(c.delegates_convened, 1)}%). "
        + (
            f"Hội nghị đủ điều kiện tiến hành (từ {c.rule.quorum_num}/{c.rule.quorum_den} số đại biểu triệu tập trở lên)."
            if c.quorum_met
            else f"Hội nghị không đủ {c.rule.quorum_num}/{c.rule.quorum_den} số đại biểu triệu tập."
        ),
    )
    if c.rule.article:
        _para(doc, f"Căn cứ: {c.rule.article}.", italic=True)

    _para(doc, "I. NỘI DUNG HỘI NGHỊ", bold=True, space_after=3)
    for item in c.required_contents:
        mark = "☒" if item["key"] in c.contents_done else "☐"
        _para(doc, f"{mark} {item['label']}")
    for block in c.proceedings.splitlines():
        if block.strip():
            p = _para(doc, block.strip())
            p.paragraph_format.first_line_indent = Mm(10)

    _para(doc, "II. CÁC NỘI DUNG BIỂU QUYẾT", bold=True, space_after=3)
    resolutions = resolution_lines(c)
    if not resolutions:
        _para(doc, "Không có nội dung biểu quyết.")
    for i, line in enumerate(resolutions, start=1):
        _para(doc, f"{i}. {line}")
    elections = election_lines(c)
    if elections:
        _para(doc, "III. BẦU BAN THANH TRA NHÂN DÂN", bold=True, space_after=3)
        for line in elections:
            _para(doc, line)
    _para(doc, minutes_closing(c), italic=True, space_after=12)

    sign = doc.add_table(rows=1, cols=2)
    sec, chair = sign.rows[0].cells
    for cell, role, name in ((sec, "THƯ KÝ", c.secretary), (chair, "CHỦ TRÌ HỘI NGHỊ", c.chair)):
        _cell(cell, role, size=13, bold=True)
        _cell(cell, "(Ký, ghi rõ họ tên)", size=13, italic=True)
        _cell(cell, "", size=13)
        _cell(cell, "", size=13)
        _cell(cell, name, size=13, bold=True)

    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


PDF_CSS = """
@page { size: A4; margin: 20mm 15mm 20mm 30mm; }
body { font-family: "Times New Roman", "Liberation Serif", serif; font-size: 14pt; }
table { width: 100%; border-collapse: collapse; }
table td { text-align: center; vertical-align: top; font-size: 13pt; }
h1 { text-align: center; font-size: 14pt; margin: 12pt 0; }
h2 { font-size: 14pt; }
ul.check { list-style: none; padding-left: 0; }
p { text-align: justify; margin: 3pt 0; }
"""


def minutes_pdf(conference: Conference) -> bytes:
    """The same minutes as a PDF (WeasyPrint), for printing and filing."""
    from django.template.loader import render_to_string
    from weasyprint import CSS, HTML

    c = conference
    title = "HỘI NGHỊ NGƯỜI LAO ĐỘNG" if c.kind == "workers" else "HỘI NGHỊ CÁN BỘ, CÔNG CHỨC, VIÊN CHỨC"
    with translation.override("vi"):
        html = render_to_string(
            "workplaces/minutes_pdf.html",
            {
                "c": c,
                "unit": c.unit,
                "title": title,
                "date_line": place_and_date(c.unit.place.name, c.held_on, lang="vi") if c.held_on else "",
                "contents": [
                    {**item, "done": item["key"] in c.contents_done} for item in c.required_contents
                ],
                "resolutions": resolution_lines(c),
                "elections": election_lines(c),
                "closing": minutes_closing(c),
            },
        )
    return HTML(string=html).write_pdf(stylesheets=[CSS(string=PDF_CSS)])  # type: ignore[no-any-return]
