from __future__ import annotations

import time_machine
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH

from danchu.cases import services

from .conftest import at


def test_signed_answer_is_a_docx_in_the_decree_30_layout(file_case, officer, chairman, commune):
    case = file_case(anonymous=False, identity=services.Identity(name="Trần Văn Hỏi", phone="0911000111"))
    services.case_accept(case=case, by=officer)
    services.case_respond(case=case, by=officer, body="UBND xã đã sửa đoạn đường.\nKính báo để ông biết.")
    with time_machine.travel(at(2026, 2, 5, 10), tick=False):
        reply = services.case_sign_reply(case=case, by=chairman, signer_title="Chủ tịch")
    doc = Document(reply.document.open("rb"))
    s = doc.sections[0]
    mm = {
        k: round(getattr(s, k).mm, 1)
        for k in ("page_width", "page_height", "top_margin", "bottom_margin", "left_margin", "right_margin")
    }
    assert (mm["page_width"], mm["page_height"]) == (210.0, 297.0)
    assert 20 <= mm["top_margin"] <= 25 and 20 <= mm["bottom_margin"] <= 25
    assert 30 <= mm["left_margin"] <= 35 and 15 <= mm["right_margin"] <= 20
    assert s.different_first_page_header_footer  # no page number on page 1
    header = doc.tables[0]
    left, right = header.rows[0].cells
    assert "ỦY BAN NHÂN DÂN" in left.text and commune.name.upper() in left.text
    title = right.paragraphs[0]
    assert title.text == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" and title.runs[0].bold
    assert right.paragraphs[1].text == "Độc lập - Tự do - Hạnh phúc" and right.paragraphs[1].runs[0].bold
    number, date = header.rows[1].cells
    assert number.text == "Số: 1/TB-UBND"
    assert date.text == "Xã Krông Pắc, ngày 05 tháng 02 năm 2026"
    assert date.paragraphs[0].runs[0].italic
    fonts = {r.font.name for p in doc.paragraphs for r in p.runs} | {
        r.font.name
        for t in doc.tables
        for row in t.rows
        for c in row.cells
        for p in c.paragraphs
        for r in p.runs
    }
    assert fonts == {"Times New Roman"}
    texts = [p.text for p in doc.paragraphs]
    assert "THÔNG BÁO" in texts
    body = [p for p in doc.paragraphs if p.text.startswith("UBND xã đã sửa")][0]
    assert body.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY
    sign = doc.tables[1]
    assert "Nơi nhận:" in sign.rows[0].cells[0].text
    assert (
        "TM. ỦY BAN NHÂN DÂN" in sign.rows[0].cells[1].text
        and chairman.full_name in sign.rows[0].cells[1].text
    )
