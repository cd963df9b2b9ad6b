"""The case list as CSV or XLSX: the rows of the filtered list, all of them (no silent cut), with only
what the person reads of each case. Never a submitter's name, phone or address, and never anything of
a denouncer (DOMAIN.md §8.3)."""

from __future__ import annotations

import csv
import io
from typing import Any

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from danchu.core.calendar import Calendar
from danchu.core.calendar import today as vn_today
from danchu.core.text import spreadsheet_row

from .models import State, Timeliness
from .permissions import FULL, visibility

FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def unknown_format() -> str:
    return _("Choose CSV or XLSX.")


def _header() -> list[str]:
    return [
        _("Code"),
        _("Type"),
        _("Subject"),
        _("Unit"),
        _("State"),
        _("Received"),
        _("Due"),
        _("Deadline"),
        _("Handler"),
    ]


def _rows(person: Any, qs: Any) -> Any:
    today, cal = vn_today(), Calendar()
    for c in qs.iterator(chunk_size=500):
        full = visibility(person, c) == FULL
        due = c.current_due
        yield [
            c.tracking_code,
            str(c.type_label),
            c.title if full else _("handling only"),
            c.unit.name,
            str(State(c.state).label),
            timezone.localtime(c.received_at).strftime("%d/%m/%Y"),
            due.strftime("%d/%m/%Y") if due else "",
            str(Timeliness(c.timeliness(today, cal)).label),
            str(c.handler or "") if full else "",
        ]


def case_list(person: Any, qs: Any, fmt: str) -> HttpResponse:
    name = f"danh-sach-don-thu-{vn_today():%Y%m%d}.{fmt}"
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(_header())
        for row in _rows(person, qs):
            writer.writerow(spreadsheet_row(row))
        body: bytes = ("\ufeff" + out.getvalue()).encode("utf-8")  # BOM: Excel reads UTF-8
    else:
        from openpyxl import Workbook

        wb = Workbook(write_only=True)
        ws = wb.create_sheet(_("Cases")[:31])
        ws.append(_header())
        for row in _rows(person, qs):
            ws.append(spreadsheet_row(row))
        buf = io.BytesIO()
        wb.save(buf)
        body = buf.getvalue()
    response = HttpResponse(body, content_type=FORMATS[fmt])
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "private, no-store"
    return response
