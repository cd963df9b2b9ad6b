"""Sample workbooks for the village and household imports: the header row in Vietnamese, as the
importers read it, two example rows in the commune's first village, and a second sheet explaining
each column. An officer fills the sample rather than guessing the header names (the importers name the
columns they do not read, but a file that imports the first time is better)."""

from __future__ import annotations

import io

from django.utils.translation import gettext as _

from danchu.core.text import spreadsheet_row

from ..models import Level, Place

KINDS = ("villages", "households")


def sample_workbook(what: str, commune: Place) -> bytes:
    # Imported here: openpyxl (and the numpy it loads) stays out of every worker's start-up.
    from openpyxl import Workbook
    from openpyxl.styles import Font

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
    header = [column for column, _note in notes]  # the columns as the importer reads them
    wb = Workbook()
    sheet = wb.active
    sheet.title = _("Data")
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(spreadsheet_row(row))
    for column, width in zip("ABCDEFGHIJ", [14, 12, 26, 22, 12, 10, 18, 14, 14, 12], strict=False):
        sheet.column_dimensions[column].width = width
    guide = wb.create_sheet(_("Guide"))
    guide.append([_("Column"), _("How to fill it")])
    for cell in guide[1]:
        cell.font = Font(bold=True)
    for note in notes:
        guide.append(spreadsheet_row(list(note)))
    guide.append([])
    guide.append([_("Replace the two example rows with your own before importing.")])
    guide.append([_("Only the first sheet is imported. Rows above the header (a title) are allowed.")])
    guide.column_dimensions["A"].width, guide.column_dimensions["B"].width = 22, 70
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
