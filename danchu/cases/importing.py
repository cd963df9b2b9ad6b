"""Bulk import of cases from CSV or XLSX (paper registers typed up).

Columns (header row, Vietnamese or English names): type, place_code, title, content, field, name,
phone, email, address, received (dd/mm/yyyy or yyyy-mm-dd), contested_decision, denounced, first_decision_on
(second-time complaints: when the first-time decision was received, Luật Khiếu nại Art. 33).
Every bad row is reported with its line number; nothing is imported unless `skip_bad` is set.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from danchu.core.errors import DomainError
from danchu.core.formats import cell_date
from danchu.core.text import quoted
from danchu.places.importing.reading import Row, read_table, refuse_too_many, unread_columns
from danchu.places.models import Place

from .models import Case, Channel, Field
from .services import CaseSubmission, Identity
from .services.intake import Intake
from .types import CASE_TYPES

# Header names as places.importing.reading folds them (no diacritics, lower case, "_" between words).
ALIASES = {
    "loai": "type",
    "loai_don": "type",
    "ma_dia_ban": "place_code",
    "tieu_de": "title",
    "noi_dung": "content",
    "linh_vuc": "field",
    "ho_ten": "name",
    "ho_va_ten": "name",
    "dien_thoai": "phone",
    "so_dien_thoai": "phone",
    "e_mail": "email",
    "thu_dien_tu": "email",
    "dia_chi": "address",
    "ngay_nhan": "received",
    "quyet_dinh_bi_khieu_nai": "contested_decision",
    "nguoi_bi_to_cao": "denounced",
    "ngay_nhan_quyet_dinh_lan_dau": "first_decision_on",
}
TYPE_ALIASES = {
    "phan anh": "feedback",
    "kien nghi": "petition",
    "khieu nai": "complaint",
    "khieu nai lan hai": "complaint_second",
    "to cao": "denunciation",
}
MAX_ROWS = 5000
REQUIRED = ["place_code", "title", "content"]
# The columns as the import page lists them (the three required first), each with what it holds.
COLUMNS = (
    ("place_code", gettext_lazy("code of the village or commune")),
    ("title", gettext_lazy("title")),
    ("content", gettext_lazy("content")),
    ("type", gettext_lazy("kind of case (feedback when empty)")),
    ("field", gettext_lazy("field")),
    ("name", gettext_lazy("name of the person who filed it")),
    ("phone", gettext_lazy("phone")),
    ("email", gettext_lazy("e-mail")),
    ("address", gettext_lazy("address")),
    ("received", gettext_lazy("day received (dd/mm/yyyy)")),
    ("contested_decision", gettext_lazy("decision or act complained about")),
    ("denounced", gettext_lazy("person or body denounced")),
    ("first_decision_on", gettext_lazy("second-time complaints: day the first decision was received")),
)


@dataclass
class ImportResult:
    imported: list[Case] = field(default_factory=list)
    errors: list[tuple[int, str]] = field(default_factory=list)
    unread_columns: list[str] = field(default_factory=list)  # headers named as no column of COLUMNS


def _rows(data: bytes, filename: str) -> tuple[list[Row], list[str]]:
    """The file's rows by line, read as every import of the house reads (a CSV separated by commas,
    semicolons as Excel saves it in Vietnamese, or tabs; an XLSX judged before it is unpacked)."""
    name = filename if filename.lower().endswith((".xlsx", ".csv", ".txt")) else "upload.csv"
    rows = read_table(io.BytesIO(data), name, ALIASES, required=REQUIRED)
    if not rows:
        raise DomainError(_("The file has no rows."))
    if not set(REQUIRED) <= rows[0].values.keys():
        raise DomainError(_("The header row must name at least the columns place_code, title and content."))
    refuse_too_many(rows, MAX_ROWS)
    # As text (a code or a phone typed as a number: no ".0"); a row with a NUL byte stays unreadable.
    unread = unread_columns(rows, [key for key, _label in COLUMNS])
    return [Row(row.line, {k: row.get(k) for k in row.values}, row.unreadable) for row in rows], unread


_CLOCK = re.compile(r"[ T](\d{1,2}):(\d{2})")


def _date(text: str) -> dt.datetime | None:
    """The moment a case came in: a day as `cell_date` reads it, at its time when the register gives
    one (an exported timestamp), never before 08:00 — a case received on a day counts from office hours."""
    if not text:
        return None
    try:
        day = cell_date(text)
        clock = _CLOCK.search(text)
        at = dt.time(int(clock.group(1)), int(clock.group(2))) if clock else dt.time()
    except ValueError:
        raise DomainError(_("the date “%(d)s” is not dd/mm/yyyy") % {"d": quoted(text)}) from None
    if day is None:
        return None
    if day > timezone.localdate():  # a register lists what came in, never what will
        raise DomainError(_("the date “%(d)s” is in the future") % {"d": quoted(text)})
    return timezone.make_aware(dt.datetime.combine(day, at.replace(hour=max(at.hour, 8))))


def _day(text: str) -> dt.date | None:
    moment = _date(text)
    return timezone.localtime(moment).date() if moment is not None else None


def _submission(
    row: dict[str, str], places: dict[str, Place], fields: dict[str, Field], by: Any
) -> CaseSubmission:
    from danchu.core.text import fold

    kind = row.get("type", "") or "feedback"
    kind = TYPE_ALIASES.get(fold(kind), kind)
    if kind not in CASE_TYPES:
        raise DomainError(_("unknown type “%(t)s”") % {"t": row.get("type")})
    place = places.get(row.get("place_code", ""))
    if place is None:
        raise DomainError(_("unknown place code “%(c)s”") % {"c": row.get("place_code")})
    fld = fields.get(row.get("field", "")) or fields.get(fold(row.get("field", "")))
    if row.get("field") and fld is None:
        raise DomainError(_("unknown field “%(f)s”") % {"f": row.get("field")})
    return CaseSubmission(
        case_type_key=kind,
        place=place,
        field=fld,
        title=row.get("title", ""),
        description=row.get("content", ""),
        channel=Channel.IMPORT,
        recorded_by=by,
        identity=Identity(name=row.get("name", ""), phone=row.get("phone", ""), email=row.get("email", "")),
        address=row.get("address", ""),
        contested_decision=row.get("contested_decision", ""),
        denounced=row.get("denounced", ""),
        received_at=_date(row.get("received", "")),
        first_decision_on=_day(row.get("first_decision_on", "")),
        anonymous=not row.get("name") and kind == "feedback",
        send_notice=False,
    )


def import_cases(*, data: bytes, filename: str, by: Any, skip_bad: bool = False) -> ImportResult:
    """Every row checked by the rules of case_submit (Intake.check), then the good ones written together
    (Intake.save); nothing is written when a row is bad, unless `skip_bad`."""
    from danchu.core.text import fold

    rows, unread = _rows(data, filename)
    result = ImportResult(unread_columns=unread)
    codes = {r.values.get("place_code", "") for r in rows}
    # A village's commune is read with it: routing and the recorder's scope ask for it on every row.
    places = {p.code: p for p in Place.objects.filter(code__in=codes).select_related("parent")}
    fields = {f.code: f for f in Field.objects.all()}
    fields |= {fold(f.name): f for f in fields.values()}
    intake = Intake()
    names = dict(COLUMNS)  # a refused field named as the import page lists its column
    checked = []
    recorded = _recorded(places.values())
    earlier: dict[tuple[Any, ...], int] = {}  # a case of the file by what names it: its first line
    for row in rows:
        try:
            row.readable()  # a NUL byte in a cell of a CSV
            one = intake.check(_submission(row.values, places, fields, by))
            key = _key(one.case)
            if key in recorded:
                raise DomainError(
                    _(
                        "the case is already recorded (%(code)s): the same place, type, day received, title and content"
                    )
                    % {"code": recorded[key]}
                )
            if key in earlier:
                raise DomainError(
                    _(
                        "the same case (place, type, day received, title and content) is on line %(line)s above"
                    )
                    % {"line": earlier[key]}
                )
            earlier[key] = row.line
            checked.append(one)
        except DomainError as e:
            detail = (
                f" ({', '.join(str(names.get(d, d)) for d in e.detail)})"
                if isinstance(e.detail, list)
                else ""
            )
            result.errors.append((row.line, e.message + detail))
    if checked and (skip_bad or not result.errors):
        result.imported = intake.save(checked)
    return result


def _key(case: Case) -> tuple[Any, ...]:
    """What names a case in a register: its place, type, day received, title, content and the name it
    was filed under (empty for a denunciation, whose identity is in the vault, and an anonymous one)."""
    return (
        case.place_id,
        case.case_type,
        timezone.localdate(case.received_at),
        " ".join(case.title.split()).casefold(),
        " ".join(case.description.split()).casefold(),
        " ".join(case.submitter_name.split()).casefold(),
    )


def _recorded(places: Any) -> dict[tuple[Any, ...], str]:
    """The cases of the file's places already recorded, by `_key`, each with its tracking code: a file
    imported twice, or again after its bad rows were mended, would otherwise file its rows twice."""
    found = Case.objects.filter(place__in=[p.pk for p in places]).only(
        "place", "case_type", "received_at", "title", "description", "submitter_name", "tracking_code"
    )
    return {_key(case): case.tracking_code for case in found}
