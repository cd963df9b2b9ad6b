"""The minutes and resolution of a village meeting (Decree 59/2023, Template 03) as DOCX and PDF,
laid out per Decree 30/2020 (A4, Times New Roman, national title top right)."""

from __future__ import annotations

import io
from typing import Any

from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from danchu.core.errors import Conflict

from . import queries
from .models import Meeting


def context(m: Meeting) -> dict[str, Any]:
    total = queries.roster_size(m)
    present = m.attendances.count()
    local = timezone.localtime(m.starts_at)
    items = list(m.items.prefetch_related("boxes"))
    return {
        "meeting": m,
        # Each item with its counts as both documents state them ("" for an item not voted on: zeros
        # there read like a real vote).
        "items": [(item, _counts(item)) for item in items],
        "total": total,
        "present": present,
        "absent": max(total - present, 0),
        "when": local,
        "dated": _("%(village)s, day %(d)s month %(m)s year %(y)s")
        % {"village": m.village.name, "d": f"{local.day:02d}", "m": f"{local.month:02d}", "y": local.year},
    }


def _counts(item: Any) -> str:
    if not item.needs_vote or item.status != item.Status.DECIDED:
        return ""
    return _(
        "For %(for)s, against %(against)s, abstain %(abstain)s, spoilt %(spoilt)s, blank %(blank)s, slips for %(slips)s."
    ) % {
        "for": item.votes_for,
        "against": item.votes_against,
        "abstain": item.abstentions,
        "spoilt": item.spoilt,
        "blank": item.blank,
        "slips": item.slips_for,
    }


# XML 1.0 has no place for the C0 control characters but tab, line feed and carriage return: python-docx
# refuses them (a 500). A vertical tab or form feed is what Word pastes for a manual line or page
# break, so they become line breaks; the others, invisible, are dropped.
_XML_TEXT = {c: None for c in range(32) if c not in (9, 10, 13)} | {11: "\n", 12: "\n"}


def _x(text: str) -> str:
    """`text` as a Word document can hold it."""
    return text.translate(_XML_TEXT)


def docx_bytes(m: Meeting) -> bytes:
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm, Pt

    c = context(m)
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    style = doc.styles["Normal"]
    style.font.name = "Times New Roman"  # type: ignore[attr-defined]
    style.font.size = Pt(13)  # type: ignore[attr-defined]

    table = doc.add_table(rows=1, cols=2)
    left, right = table.rows[0].cells
    left.text = _x(m.village.name.upper())
    right.paragraphs[0].add_run("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM").bold = True
    right.add_paragraph().add_run("Độc lập - Tự do - Hạnh phúc").bold = True
    for cell in (left, right):
        for p in cell.paragraphs:
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p = doc.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    p.add_run(_x(c["dated"])).italic = True
    p = doc.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p.add_run(_("MINUTES AND RESOLUTION OF THE MEETING")).bold = True
    doc.add_paragraph(_x(m.title)).alignment = WD_ALIGN_PARAGRAPH.CENTER
    doc.add_paragraph(
        _x(
            _("Time: %(time)s, %(date)s. Place: %(place)s.")
            % {
                "time": c["when"].strftime("%H:%M"),
                "date": c["when"].strftime("%d/%m/%Y"),
                "place": m.location,
            }
        )
    )
    doc.add_paragraph(
        _x(
            _("Chair: %(chair)s. Secretary: %(secretary)s.")
            % {"chair": m.chair_name, "secretary": m.secretary_name}
        )
    )
    doc.add_paragraph(
        _("Households registered: %(total)s; represented: %(present)s; not represented: %(absent)s.")
        % {"total": c["total"], "present": c["present"], "absent": c["absent"]}
    )
    for item, counts in c["items"]:
        doc.add_paragraph(_x(f"{item.order}. {item.title} ({item.get_kind_display()})"))
        if counts:
            doc.add_paragraph(counts)
        if item.outcome:
            doc.add_paragraph(_x(item.outcome))
    if m.minutes_notes:
        doc.add_paragraph(_x(m.minutes_notes))
    sig = doc.add_table(rows=2, cols=2)
    sig.rows[0].cells[0].text, sig.rows[0].cells[1].text = _("SECRETARY"), _("CHAIR")
    sig.rows[1].cells[0].text, sig.rows[1].cells[1].text = _x(m.secretary_name), _x(m.chair_name)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def pdf_bytes(m: Meeting) -> bytes:
    from weasyprint import HTML

    html = render_to_string("meetings/minutes.html", context(m))
    return HTML(string=html).write_pdf()  # type: ignore[no-any-return]


def response(m: Meeting, kind: str) -> HttpResponse:
    if m.status not in (Meeting.Status.CLOSED, Meeting.Status.CONFIRMED):
        raise Conflict(_("The minutes exist once the meeting is closed."), code="not_closed", status=404)
    if kind == "docx":
        data = docx_bytes(m)
        ctype = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    else:
        data = pdf_bytes(m)
        ctype = "application/pdf"
    resp = HttpResponse(data, content_type=ctype)
    resp["Content-Disposition"] = f'attachment; filename="bien-ban-hop-{m.pk}.{kind}"'
    return resp
