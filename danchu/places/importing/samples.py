"""Sample workbooks for imports: the header row in Vietnamese, as the importer reads it, example rows,
and a second sheet explaining each column (`workbook`, used by every module's import). An officer
fills the sample rather than guessing the header names (the importers name the columns they do not
read, but a file that imports the first time is better). Here: the village and household imports,
with two example rows in the commune's first village."""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

from django.http import HttpResponse
from django.utils.translation import gettext as _

from danchu.core.text import spreadsheet_row

from ..models import Level, Place

KINDS = ("villages", "households")


def sample_workbook(what: str, commune: Place) -> bytes:
    village = commune.children.filter(level=Level.VILLAGE, valid_to__isnull=True).order_by("code").first()
    first = village.code if village else f"{commune.code}-001"
    if what == "villages":
        rows = [
            # No codes: a code that exists would rename its village to the example's name.
            [commune.code, "", "Thôn Ví Dụ", "thôn"],
            [commune.code, "", "Tổ dân phố Ví Dụ", "tổ dân phố"],
        ]
        notes = [
            ("Mã xã", _("The commune's code; required.")),
            ("Mã thôn", _("May be empty: the next free code is given.")),
            ("Tên thôn", _("Required; at most 200 characters.")),
            ("Loại", _("thôn, bản, buôn, ấp… or tổ dân phố, khu phố…")),
        ]
    else:
        # A number no register uses ("VD", ví dụ): one that exists would have its members replaced.
        rows = [
            [
                first,
                "VD-01",
                "Số 5, đường Hùng Vương",
                "Nguyễn Văn An",
                "12/03/1970",
                "nam",
                "chủ hộ",
                "",
                "",
                "x",
            ],
            [first, "VD-01", "", "Trần Thị Bình", "01/05/1972", "nữ", "vợ", "", "", ""],
        ]
        notes = [
            ("Mã thôn", _("The village's code; required.")),
            ("Số hộ", _("The household's number in the village; required. One row per member.")),
            ("Địa chỉ", _("On the household's first row.")),
            ("Họ và tên", _("Required; at most 200 characters.")),
            ("Ngày sinh", _("dd/mm/yyyy, or a date cell.")),
            ("Giới tính", "nam, nữ"),
            ("Quan hệ với chủ hộ", _("chủ hộ, vợ, chồng, con…")),
            ("Số CCCD", _("12 digits; may be empty.")),
            ("Số điện thoại", _("May be empty.")),
            ("Đại diện hộ", _("x for the household's representative (else the head represents it).")),
        ]
    return workbook(notes, rows, widths=[14, 12, 26, 22, 12, 10, 18, 14, 14, 12])


def workbook(
    notes: Sequence[tuple[Any, ...]], rows: Sequence[Sequence[Any]] = (), *, widths: Sequence[int] = ()
) -> bytes:
    """A sample: the first sheet headed by the notes' columns (as the importer reads them) with the
    example `rows`, the second ("Hướng dẫn") each column with how to fill it and, where a note has a
    third item, an example. Without `rows` the data sheet holds the header alone: a sample uploaded
    unchanged is refused ("no rows") rather than recording examples as records."""
    # Imported here: openpyxl (and the numpy it loads) stays out of every worker's start-up.
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    sheet = wb.active
    sheet.title = _("Data")
    sheet.append([note[0] for note in notes])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(spreadsheet_row(list(row)))
    for n, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(n)].width = width
    guide = wb.create_sheet(_("Guide"))
    examples = any(len(note) > 2 for note in notes)
    guide.append([_("Column"), _("How to fill it"), *([_("Example")] if examples else [])])
    for cell in guide[1]:
        cell.font = Font(bold=True)
    for note in notes:
        guide.append(spreadsheet_row([str(part) for part in note]))
    guide.append([])
    if rows:
        guide.append([_("Replace the example rows with your own before importing.")])
    else:
        guide.append([_("Fill one row per record under the header of the first sheet.")])
    guide.append([_("Only the first sheet is imported. Rows above the header (a title) are allowed.")])
    guide.column_dimensions["A"].width, guide.column_dimensions["B"].width = 24, 70
    guide.column_dimensions["C"].width = 30
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def download(data: bytes, filename: str) -> HttpResponse:
    """A sample workbook as a download named `filename` (ASCII: "mau-dong-gop-12.xlsx")."""
    response = HttpResponse(
        data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
