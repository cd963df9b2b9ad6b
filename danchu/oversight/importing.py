"""Import of a board's past matters from XLSX or CSV (UTF-8): every bad row is reported with its line
number and nothing is imported from a file with errors, unless the member asks to skip the bad rows
(then the good rows are imported and the bad ones listed).

Row 1 is the header; columns are found by their name (Vietnamese or English, case and diacritics do
not matter — docs/oversight.md): tiêu đề (title), nội dung (description), ngày tiếp nhận (received
on), thôn (village), ngày kết luận (concluded on), kết luận (findings), dấu hiệu vi phạm (có/không),
kiến nghị (recommendation), người có thẩm quyền (competent person), ngày kiến nghị (recommended on),
ngày trả lời (answered on), trả lời (answer), ngày giải quyết (resolved on). Dates as spreadsheet
dates or dd/mm/yyyy. The file is read by places' `read_checked`, every row checked in memory
(`check_rows`), then the good rows written together in batches, numbered after the codes taken
(services/numbering.py) with the same audit entries as one by one.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from danchu.core.audit import audit, audit_many
from danchu.core.calendar import add_calendar_days, today
from danchu.core.errors import DomainError
from danchu.core.formats import cell_date, read_yes_no
from danchu.core.text import fold, quoted
from danchu.places.importing import samples
from danchu.places.importing.reading import (
    Row,
    RowError,
    check_rows,
    column_names,
    read_checked,
    unread_columns,
    unread_notice,
)

from .models import Board, Channel, Matter, Recommendation
from .rules import in_force
from .services.common import EARLIEST, nfc
from .services.numbering import Numbers

MAX_ROWS = 5000
MAX_BYTES = 5 * 1024 * 1024
BATCH = 500  # rows a statement (fewer on SQLite, whose statements take at most 999 parameters)
# Header keys (folded Vietnamese) and the other names a sheet may give them.
ALIASES = {
    "title": "tieu_de",
    "ten_vu_viec": "tieu_de",
    "vu_viec": "tieu_de",
    "description": "noi_dung",
    "received_on": "ngay_tiep_nhan",
    "date_received": "ngay_tiep_nhan",
    "ngay_nhan": "ngay_tiep_nhan",
    "village": "thon",
    "thon_to_dan_pho": "thon",
    "concluded_on": "ngay_ket_luan",
    "date_concluded": "ngay_ket_luan",
    "findings": "ket_luan",
    "violation": "dau_hieu_vi_pham",
    "signs_of_violation": "dau_hieu_vi_pham",
    "co_dau_hieu_vi_pham": "dau_hieu_vi_pham",
    "recommendation": "kien_nghi",
    "competent_person": "nguoi_co_tham_quyen",
    "addressee": "nguoi_co_tham_quyen",
    "nguoi_nhan_kien_nghi": "nguoi_co_tham_quyen",
    "recommended_on": "ngay_kien_nghi",
    "date_recommended": "ngay_kien_nghi",
    "answered_on": "ngay_tra_loi",
    "date_answered": "ngay_tra_loi",
    "answer": "tra_loi",
    "resolved_on": "ngay_giai_quyet",
    "date_resolved": "ngay_giai_quyet",
}
REQUIRED = ("tieu_de", "ngay_tiep_nhan")
# Text columns: the key, what the messages call it, the longest text accepted.
TEXTS = {
    "title": ("tieu_de", pgettext_lazy("import column", "title"), 255),
    "description": ("noi_dung", pgettext_lazy("import column", "description"), 10000),
    "village": ("thon", pgettext_lazy("import column", "village"), 200),
    "findings": ("ket_luan", pgettext_lazy("import column", "findings"), 20000),
    "violation": ("dau_hieu_vi_pham", pgettext_lazy("import column", "signs of violation"), 20),
    "recommendation": ("kien_nghi", pgettext_lazy("import column", "recommendation"), 10000),
    "addressee": ("nguoi_co_tham_quyen", pgettext_lazy("import column", "competent person"), 300),
    "answer": ("tra_loi", pgettext_lazy("import column", "answer"), 10000),
}
DATES = {
    "received_on": ("ngay_tiep_nhan", pgettext_lazy("import column", "date received")),
    "concluded_on": ("ngay_ket_luan", pgettext_lazy("import column", "date concluded")),
    "recommended_on": ("ngay_kien_nghi", pgettext_lazy("import column", "date recommended")),
    "answered_on": ("ngay_tra_loi", pgettext_lazy("import column", "date answered")),
    "resolved_on": ("ngay_giai_quyet", pgettext_lazy("import column", "date resolved")),
}
# A matter's dates follow each other as its steps do (the services refuse a step dated before the
# previous one); a row that says otherwise is refused rather than imported as an impossible history.
IN_ORDER = ("received_on", "concluded_on", "recommended_on", "answered_on", "resolved_on")
# The sample workbook's columns, each read as the key it names (a test holds them to ALIASES' keys).
SAMPLE_COLUMNS = (
    ("Tiêu đề", gettext_lazy("What the matter is about; required."), "Thu quỹ an ninh sai quy định"),
    ("Nội dung", gettext_lazy("What was received, in full."), "Thôn thu quỹ an ninh 50.000 đồng/hộ"),
    ("Ngày tiếp nhận", gettext_lazy("dd/mm/yyyy, or a date cell; required."), "15/03/2024"),
    ("Thôn", gettext_lazy("The name of a village of the commune; may be empty."), "Thôn 1"),
    ("Ngày kết luận", gettext_lazy("When the board concluded its verification."), "20/04/2024"),
    ("Kết luận", gettext_lazy("The board's findings."), "Thu sai quy định"),
    ("Dấu hiệu vi phạm", gettext_lazy("có or không."), "có"),
    (
        "Kiến nghị",
        gettext_lazy("The recommendation made; needs a conclusion, its addressee and date."),
        "Hoàn trả cho các hộ",
    ),
    ("Người có thẩm quyền", gettext_lazy("To whom the recommendation was made."), "Chủ tịch UBND xã"),
    ("Ngày kiến nghị", gettext_lazy("When the recommendation was made."), "22/04/2024"),
    ("Ngày trả lời", gettext_lazy("When the answer came."), "05/05/2024"),
    ("Trả lời", gettext_lazy("The answer received."), "Đã chỉ đạo hoàn trả"),
    ("Ngày giải quyết", gettext_lazy("When the matter was resolved; after the answer."), "10/05/2024"),
)


@dataclass
class Imported:
    matters: list[Matter] = field(default_factory=list)
    skipped: list[RowError] = field(default_factory=list)
    unread_columns: list[str] = field(default_factory=list)  # headers naming no column of ALIASES


def _texts(row: Row, problems: list[str]) -> dict[str, str]:
    """The text cells, refusing NUL bytes and over-long text by name (Row.get would drop a NUL)."""
    out: dict[str, str] = {}
    for name, (key, label, limit) in TEXTS.items():
        raw = row.values.get(key)
        value = "" if raw is None else nfc(str(raw)).strip()
        if "\x00" in value:
            problems.append(
                _("%(column)s contains a character that is not allowed (NUL)") % {"column": label}
            )
            value = value.replace("\x00", "")
        elif len(value) > limit:
            problems.append(_("%(column)s is longer than %(n)s characters") % {"column": label, "n": limit})
        out[name] = value  # kept when refused: the row is refused anyway, and is not "missing" it
    return out


def _dates(row: Row, problems: list[str]) -> dict[str, dt.date | None]:
    out: dict[str, dt.date | None] = {}
    for name, (key, label) in DATES.items():
        try:
            out[name] = cell_date(row.values.get(key))
        except ValueError:
            problems.append(
                _("%(column)s “%(value)s” is not a date (dd/mm/yyyy)")
                % {"column": label, "value": quoted(str(row.values.get(key)))}
            )
            out[name] = None
            continue
        found = out[name]
        if found is not None and found > today():
            problems.append(_("%(column)s is in the future") % {"column": label})
        elif found is not None and found < EARLIEST:
            problems.append(_("%(column)s is before %(year)s") % {"column": label, "year": EARLIEST.year})
    given = [name for name in IN_ORDER if out[name] is not None]
    for earlier, later in zip(given, given[1:], strict=False):
        if out[later] < out[earlier]:  # type: ignore[operator]
            problems.append(
                _("%(later)s is before %(earlier)s")
                % {"later": DATES[later][1], "earlier": DATES[earlier][1]}
            )
    return out


def _check(row: Row, villages: dict[str, Any]) -> dict[str, Any]:
    """The row's values, or DomainError naming every problem of the row."""
    problems: list[str] = []
    out: dict[str, Any] = {**_texts(row, problems), **_dates(row, problems)}
    if not out["title"]:
        problems.append(_("the title is missing"))
    if out["received_on"] is None and row.values.get("ngay_tiep_nhan") in (None, ""):
        problems.append(_("the date received is missing"))
    try:
        out["violation"] = read_yes_no(out["violation"])
    except ValueError:
        if len(out["violation"]) <= TEXTS["violation"][2]:  # else said too long already
            problems.append(_("signs of violation must be “có” or “không”"))
        out["violation"] = False
    village_name = out["village"]
    out["village"] = None
    if village_name:
        out["village"] = villages.get(fold(village_name))
        if out["village"] is None:
            problems.append(_("the village “%(name)s” is not in this commune") % {"name": village_name[:100]})
    if out["recommendation"] and not (out["addressee"] and out["recommended_on"]):
        problems.append(_("a recommendation needs the competent person and its date"))
    if (out["answered_on"] or out["answer"]) and not (out["answered_on"] and out["recommendation"]):
        problems.append(_("an answer needs its date and a recommendation"))
    if out["resolved_on"] and not out["answered_on"]:
        problems.append(_("a recommendation cannot be resolved before it is answered"))
    if out["recommendation"] and not out["concluded_on"]:
        problems.append(_("a recommendation needs the date of the conclusion"))
    if problems:
        raise DomainError("; ".join(str(p) for p in problems), detail=[str(p) for p in problems])
    return out


def matters_import(
    *, actor: Any, board: Board, file: Any, filename: str = "", skip_bad_rows: bool = False
) -> Imported:
    """All rows or none: DomainError listing every bad row by its line (`detail`: [{line, problems}]).
    With `skip_bad_rows`, the good rows are imported and the bad ones returned in `skipped`."""
    if (getattr(file, "size", 0) or 0) > MAX_BYTES:
        raise DomainError(_("The file is too large (at most 5 MB)."))
    name = (filename or getattr(file, "name", "") or "").replace("\x00", "")
    if not name.lower().endswith((".csv", ".txt")):
        name = "matters.xlsx"  # a workbook whatever its name: read_table refuses one that is not
    rows = read_checked(
        file,
        name,
        ALIASES,
        required=REQUIRED,
        max_rows=MAX_ROWS,
        headers=column_names(SAMPLE_COLUMNS, ALIASES),
        known=ALIASES.values(),
    )
    villages = {fold(p.name): p for p in board.body.place.children.all()}
    # A row with a NUL byte is refused by check_rows() before `check` sees it.
    refused: dict[int, DomainError] = {r.line: DomainError(r.unreadable) for r in rows if r.unreadable}

    recorded = _recorded(board)
    earlier: dict[tuple[dt.date, str], int] = {}  # a matter of the file by what names it: its first line

    def check(row: Row) -> dict[str, Any]:
        try:
            out = _check(row, villages)
            key = (out["received_on"], _title_key(out["title"]))
            if key in recorded:
                raise DomainError(
                    _("the matter is already recorded (%(code)s): the same date received and title")
                    % {"code": recorded[key]}
                )
            if key in earlier:
                raise DomainError(
                    _("the same matter (date received and title) is on line %(line)s above")
                    % {"line": earlier[key]}
                )
            earlier[key] = row.line
            return out
        except DomainError as e:
            refused[row.line] = e
            raise

    unread = unread_columns(rows, ALIASES.values())
    try:
        checked, _bad = check_rows(rows, check, skip_bad=skip_bad_rows, unread=unread)
    except DomainError as e:
        detail = [{"line": line, "problems": _problems(found)} for line, found in sorted(refused.items())]
        if skip_bad_rows:  # every row was bad: said, with each row's line as without skipping
            said = [
                _("Nothing was imported: no row of the file is correct."),
                unread_notice(unread),
                *(str(RowError(line, found.message)) for line, found in sorted(refused.items())[:50]),
            ]
            raise DomainError(" ".join(part for part in said if part), detail=detail) from None
        raise DomainError(e.message, detail=detail) from None
    with transaction.atomic():
        result = Imported(
            matters=_create_all(actor, board, checked),
            skipped=[RowError(line, e.message) for line, e in sorted(refused.items())],
            unread_columns=unread,
        )
        audit(
            actor=actor,
            action="oversight.matters_import",
            obj=board,
            after={"imported": len(result.matters), "skipped": [e.line for e in result.skipped]},
        )
    return result


def _title_key(title: str) -> str:
    return " ".join(nfc(title).split()).casefold()


def _recorded(board: Board) -> dict[tuple[dt.date, str], str]:
    """The board's matters by what names one (date received, title), each with its code: a file
    imported twice, or again after its bad rows were mended, would otherwise record its rows twice."""
    return {
        (received_on, _title_key(title)): code
        for received_on, title, code in Matter.objects.filter(board=board).values_list(
            "received_on", "title", "code"
        )
    }


def _problems(refusal: DomainError) -> list[str]:
    return [str(p) for p in refusal.detail] if isinstance(refusal.detail, list) else [refusal.message]


def _status(out: dict[str, Any]) -> str:
    S = Matter.Status
    if out["recommendation"]:
        return S.RESOLVED if out["resolved_on"] else S.RECOMMENDED
    return S.CONCLUDED if out["concluded_on"] else S.ACCEPTED


def _due_on(made_on: dt.date) -> dt.date:
    return add_calendar_days(made_on, in_force("answer_days", made_on).value)


def _create_all(actor: Any, board: Board, checked: list[dict[str, Any]]) -> list[Matter]:
    """The checked rows' matters, their recommendations and an audit entry each, written in batches
    (row by row a file of 5,000 matters took 29 s on PostgreSQL, past a web worker's 30 s)."""
    numbers = Numbers(board)  # the codes in the file's order, after those taken
    due_on = functools.cache(_due_on)
    matters = [
        Matter(
            board=board,
            code=numbers.next(out["received_on"].year),
            title=out["title"],
            description=out["description"] or out["title"],
            channel=Channel.IMPORTED,
            village=out["village"],
            received_on=out["received_on"],
            classified_on=out["received_on"],
            status=_status(out),
            findings=out["findings"],
            signs_of_violation=out["violation"],
            concluded_on=out["concluded_on"],
            recommended_on=out["recommended_on"] if out["recommendation"] else None,
            resolved_on=out["resolved_on"] if out["recommendation"] else None,
        )
        for out in checked
    ]
    Matter.objects.bulk_create(matters, batch_size=BATCH)
    R = Recommendation.Status
    Recommendation.objects.bulk_create(
        [
            Recommendation(
                matter=matter,
                addressee=out["addressee"],
                content=out["recommendation"],
                made_on=out["recommended_on"],
                due_on=due_on(out["recommended_on"]),
                status=R.RESOLVED if out["resolved_on"] else (R.ANSWERED if out["answered_on"] else R.OPEN),
                answer=out["answer"],
                answered_on=out["answered_on"],
                resolved_on=out["resolved_on"],
            )
            for matter, out in zip(matters, checked, strict=True)
            if out["recommendation"]
        ],
        batch_size=BATCH,
    )
    audit_many(
        {
            "actor": actor,
            "action": "oversight.matter_import",
            "obj": matter,
            "after": {"code": matter.code, "status": matter.status},
        }
        for matter in matters
    )
    return matters


def matters_sample() -> bytes:
    """The past matters import's sample workbook: its header, each column explained with an example
    on the guide sheet (no example row: one uploaded unchanged would be a matter in the register)."""
    return samples.workbook(SAMPLE_COLUMNS, widths=[28, 30, 14, 12, 14, 24, 12, 24, 20, 14, 14, 24, 14])
