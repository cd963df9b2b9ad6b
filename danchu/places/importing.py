"""Importing villages, household registers and legacy units from CSV (UTF-8, with or without BOM)
or XLSX files. One importer, used by the management commands and the back-office upload page.

Every row is validated first. A bad row is reported with its line number and the reason; if any row
is bad nothing of the file is imported, unless the caller asks to skip bad rows. Re-importing the
same file is safe: rows are matched to what exists (upsert), never duplicated.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from django.db import transaction
from django.utils.translation import gettext as _

from danchu.core.errors import DomainError
from danchu.core.text import fold

from .models import KIND_LEVEL, HouseholdMember, Level, Place, PlaceKind

Gender = HouseholdMember.Gender
Relation = HouseholdMember.Relation


# --- Reading files ----------------------------------------------------------------------------------


@dataclass
class Row:
    line: int  # line number in the file (the header is line 1)
    values: dict[str, Any]

    def get(self, key: str) -> str:
        value = self.values.get(key)
        if value is None:
            return ""
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        return str(value).replace("\x00", "").strip()


@dataclass
class RowError:
    line: int
    message: str

    def __str__(self) -> str:
        return _("Line %(line)s: %(message)s") % {"line": self.line, "message": self.message}


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped_rows: int = 0
    errors: list[RowError] = field(default_factory=list)
    imported: bool = False

    def summary(self) -> str:
        return _(
            "%(created)s created, %(updated)s updated, %(unchanged)s unchanged, %(skipped)s rows skipped"
        ) % {
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "skipped": self.skipped_rows,
        }


def _header_key(text: str, aliases: dict[str, str]) -> str:
    key = re.sub(r"[^a-z0-9]+", "_", fold(text)).strip("_")
    return aliases.get(key, key)


def read_table(file: IO[bytes] | Path | str, filename: str, aliases: dict[str, str]) -> list[Row]:
    """Rows of the first sheet of an XLSX file or of a CSV file (comma, semicolon or tab separated)."""
    if isinstance(file, (str, Path)):
        data = Path(file).read_bytes()
    else:
        data = file.read()
    if filename.lower().endswith(".xlsx"):
        return _read_xlsx(data, aliases)
    if filename.lower().endswith((".csv", ".txt")):
        return _read_csv(data, aliases)
    raise DomainError(_("Upload a CSV (UTF-8) or XLSX file."), code="bad_file")


def _read_csv(data: bytes, aliases: dict[str, str]) -> list[Row]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise DomainError(
            _('The file is not UTF-8 text. Save it as "CSV UTF-8" and try again.'), code="bad_file"
        ) from None
    first = text.split("\n", 1)[0]
    delimiter = max([",", ";", "\t"], key=first.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows: list[Row] = []
    headers: list[str] | None = None
    for record in reader:
        if headers is None:
            headers = [_header_key(h, aliases) for h in record]
            continue
        if not any(cell.strip() for cell in record):
            continue
        rows.append(Row(reader.line_num, dict(zip(headers, record, strict=False))))
    if headers is None:
        raise DomainError(_("The file is empty."), code="bad_file")
    return rows


def _read_xlsx(data: bytes, aliases: dict[str, str]) -> list[Row]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a file that is not a workbook
        raise DomainError(_("The file is not a valid XLSX workbook."), code="bad_file") from None
    sheet = workbook.worksheets[0]
    rows: list[Row] = []
    headers: list[str] | None = None
    for number, record in enumerate(sheet.iter_rows(values_only=True), start=1):
        if headers is None:
            headers = [_header_key(str(h or ""), aliases) for h in record]
            continue
        if not any(cell not in (None, "") for cell in record):
            continue
        rows.append(Row(number, dict(zip(headers, record, strict=False))))
    workbook.close()
    if headers is None:
        raise DomainError(_("The file is empty."), code="bad_file")
    return rows


def _require_columns(rows_headers: Iterable[str], required: Iterable[str]) -> None:
    missing = [c for c in required if c not in rows_headers]
    if missing:
        raise DomainError(
            _("Missing columns: %(columns)s.") % {"columns": ", ".join(missing)}, code="bad_file"
        )


# --- Values -------------------------------------------------------------------------------------------


class Invalid(Exception):
    pass


def parse_date(value: Any) -> dt.date | None:
    """dd/mm/yyyy (as written in Vietnam), yyyy-mm-dd, or a spreadsheet date cell."""
    if value in (None, ""):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    for pattern in ("%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d"):
        try:
            return dt.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise Invalid(_('"%(value)s" is not a date (write dd/mm/yyyy).') % {"value": text})


def commune_code(value: str) -> str:
    """Spreadsheets drop leading zeros ("70" for "00070"); commune codes are 5 digits."""
    value = value.strip()
    if value.isdigit() and len(value) < 5:
        return value.zfill(5)
    return value


VILLAGE_WORDS = {
    # thôn, làng, ấp, bản, buôn, phum, sóc are villages; tổ dân phố, khu phố, khối phố… residential groups
    # (Law 10/2022, Art. 2; DOMAIN.md §1).
    "thon": PlaceKind.VILLAGE,
    "lang": PlaceKind.VILLAGE,
    "ap": PlaceKind.VILLAGE,
    "ban": PlaceKind.VILLAGE,
    "buon": PlaceKind.VILLAGE,
    "phum": PlaceKind.VILLAGE,
    "soc": PlaceKind.VILLAGE,
    "xom": PlaceKind.VILLAGE,
    "plei": PlaceKind.VILLAGE,
    "village": PlaceKind.VILLAGE,
    "to dan pho": PlaceKind.RESIDENTIAL_GROUP,
    "to": PlaceKind.RESIDENTIAL_GROUP,
    "khu pho": PlaceKind.RESIDENTIAL_GROUP,
    "khoi pho": PlaceKind.RESIDENTIAL_GROUP,
    "khu": PlaceKind.RESIDENTIAL_GROUP,
    "khoi": PlaceKind.RESIDENTIAL_GROUP,
    "tieu khu": PlaceKind.RESIDENTIAL_GROUP,
    "to dan cu": PlaceKind.RESIDENTIAL_GROUP,
    "residential group": PlaceKind.RESIDENTIAL_GROUP,
    "residential_group": PlaceKind.RESIDENTIAL_GROUP,
}


def village_kind(word: str, commune: Place | None = None, name: str = "") -> str:
    """The kind for a Vietnamese word ("thôn", "tổ dân phố"…); blank means: guess from the name, then
    from the commune (wards have residential groups, communes villages)."""
    key = fold(word)
    if key:
        if key in VILLAGE_WORDS:
            return VILLAGE_WORDS[key]
        raise Invalid(
            _('Unknown village type "%(word)s" (use thôn, bản, ấp, buôn, tổ dân phố, khu phố…).')
            % {"word": word}
        )
    folded_name = fold(name)
    for prefix in sorted(VILLAGE_WORDS, key=len, reverse=True):
        if folded_name.startswith(prefix + " "):
            return VILLAGE_WORDS[prefix]
    if commune is not None and commune.kind == PlaceKind.WARD:
        return PlaceKind.RESIDENTIAL_GROUP
    return PlaceKind.VILLAGE


GENDER_WORDS = {
    "nam": Gender.MALE,
    "male": Gender.MALE,
    "m": Gender.MALE,
    "nu": Gender.FEMALE,
    "female": Gender.FEMALE,
    "f": Gender.FEMALE,
    "khac": Gender.OTHER,
    "other": Gender.OTHER,
}


def parse_gender(word: str) -> str:
    key = fold(word)
    if not key:
        return ""
    if key in GENDER_WORDS:
        return GENDER_WORDS[key]
    raise Invalid(_('Unknown gender "%(word)s" (use nam or nữ).') % {"word": word})


RELATION_WORDS = {
    "chu ho": Relation.HEAD,
    "head": Relation.HEAD,
    "vo": Relation.SPOUSE,
    "chong": Relation.SPOUSE,
    "spouse": Relation.SPOUSE,
    "con": Relation.CHILD,
    "con trai": Relation.CHILD,
    "con gai": Relation.CHILD,
    "child": Relation.CHILD,
    "bo": Relation.PARENT,
    "me": Relation.PARENT,
    "cha": Relation.PARENT,
    "ba": Relation.PARENT,
    "cha de": Relation.PARENT,
    "me de": Relation.PARENT,
    "parent": Relation.PARENT,
}


def parse_relation(word: str) -> str:
    """Other relations written in registers (cháu, con dâu, ông, bà…) are kept as "other"."""
    return RELATION_WORDS.get(fold(word), Relation.OTHER)


TRUE_WORDS = {"x", "1", "co", "yes", "true", "dai dien", "v"}


def parse_bool(word: str) -> bool:
    return fold(word) in TRUE_WORDS


def parse_id_number(value: str) -> str:
    # Citizen ID cards have 12 digits; the old identity cards 9.
    digits = value.replace(" ", "")
    if digits and not (digits.isdigit() and len(digits) in (9, 12)):
        raise Invalid(
            _('"%(value)s" is not a citizen ID number (12 digits, or 9 for an old card).') % {"value": value}
        )
    return digits


def parse_phone(value: str) -> str:
    phone = re.sub(r"[\s.\-()]", "", value)
    if phone.startswith("+84"):
        phone = "0" + phone[3:]
    elif phone.startswith("84") and len(phone) == 11:
        phone = "0" + phone[2:]
    if phone and not (phone.isdigit() and len(phone) in (10, 11) and phone.startswith("0")):
        raise Invalid(_('"%(value)s" is not a phone number.') % {"value": value})
    return phone


# --- Villages -------------------------------------------------------------------------------------------

VILLAGE_ALIASES = {
    "ma_xa": "commune_code",
    "ma_don_vi": "commune_code",
    "commune": "commune_code",
    "ma_thon": "code",
    "ma": "code",
    "ten_thon": "name",
    "ten": "name",
    "loai": "kind",
    "type": "kind",
}


@dataclass
class VillageRow:
    line: int
    commune: Place
    code: str
    name: str
    kind: str


def validate_villages(
    rows: list[Row], *, only_commune: Place | None = None
) -> tuple[list[VillageRow], list[RowError]]:
    """Check every row; `only_commune` restricts the file to one commune (the back-office upload)."""
    if rows:
        _require_columns(rows[0].values.keys(), ["commune_code", "name"])
    codes = {commune_code(r.get("commune_code")) for r in rows}
    communes = {p.code: p for p in Place.objects.filter(code__in=codes, level=Level.COMMUNE)}
    given = {r.get("code") for r in rows if r.get("code")}
    existing = {p.code: p for p in Place.objects.filter(code__in=given)}
    good: list[VillageRow] = []
    errors: list[RowError] = []
    seen: dict[str, int] = {}
    for row in rows:
        code_value = commune_code(row.get("commune_code"))
        name = " ".join(row.get("name").split())
        commune = communes.get(code_value)
        try:
            if not code_value:
                raise Invalid(_("the commune code is missing."))
            if commune is None:
                raise Invalid(
                    _('village "%(village)s": no commune has the code %(code)s.')
                    % {"village": name, "code": code_value}
                )
            if only_commune is not None and commune != only_commune:
                raise Invalid(
                    _("the commune %(code)s is not the commune of this page (%(commune)s).")
                    % {"code": code_value, "commune": only_commune.name}
                )
            if not name:
                raise Invalid(_("the village name is missing."))
            if len(name) > 200:
                raise Invalid(_("the village name is longer than 200 characters."))
            kind = village_kind(row.get("kind"), commune, name)
            code = row.get("code")
            if code:
                if not re.fullmatch(r"[0-9A-Za-z._-]{1,32}", code):
                    raise Invalid(
                        _('the village code "%(code)s" may only use letters, digits, ".", "-" and "_".')
                        % {"code": code}
                    )
                other = existing.get(code)
                if other is not None and (other.level != Level.VILLAGE or other.parent_id != commune.pk):
                    raise Invalid(
                        _("the code %(code)s already belongs to %(place)s.")
                        % {"code": code, "place": other.name}
                    )
            key = code or f"{commune.code}:{fold(name)}"
            if key in seen:
                raise Invalid(_("the same village is already on line %(line)s.") % {"line": seen[key]})
            seen[key] = row.line
        except Invalid as e:
            errors.append(RowError(row.line, str(e)))
            continue
        good.append(VillageRow(row.line, commune, code, name, kind))
    return good, errors


def import_villages(
    file: IO[bytes] | Path | str,
    *,
    filename: str,
    actor: Any = None,
    skip_errors: bool = False,
    only_commune: Place | None = None,
) -> ImportResult:
    from . import services

    rows = read_table(file, filename, VILLAGE_ALIASES)
    good, errors = validate_villages(rows, only_commune=only_commune)
    result = ImportResult(errors=errors, skipped_rows=len(errors))
    if errors and not skip_errors:
        result.skipped_rows = 0
        return result
    with transaction.atomic():
        for item in good:
            village = _find_village(item)
            if village is None:
                services.village_create(
                    actor=actor, commune=item.commune, name=item.name, kind=item.kind, code=item.code or None
                )
                result.created += 1
            elif village.name != item.name or village.kind != item.kind or village.valid_to is not None:
                services.village_update(
                    actor=actor, village=village, name=item.name, kind=item.kind, reopen=True
                )
                result.updated += 1
            else:
                result.unchanged += 1
    result.imported = True
    return result


def _find_village(item: VillageRow) -> Place | None:
    qs = Place.objects.filter(parent=item.commune, level=Level.VILLAGE)
    if item.code:
        return qs.filter(code=item.code).first()
    return qs.filter(name_folded=fold(item.name)).order_by("valid_to", "code").first()


# --- Households ----------------------------------------------------------------------------------------

HOUSEHOLD_ALIASES = {
    "ma_thon": "village_code",
    "village": "village_code",
    "so_ho": "household_number",
    "so_ho_khau": "household_number",
    "ma_ho": "household_number",
    "household": "household_number",
    "dia_chi": "address",
    "ho_va_ten": "full_name",
    "ho_ten": "full_name",
    "name": "full_name",
    "ngay_sinh": "birth_date",
    "gioi_tinh": "gender",
    "quan_he": "relation",
    "quan_he_voi_chu_ho": "relation",
    "so_cccd": "id_number",
    "cccd": "id_number",
    "so_dinh_danh": "id_number",
    "so_dien_thoai": "phone",
    "dien_thoai": "phone",
    "dai_dien": "is_representative",
    "dai_dien_ho": "is_representative",
    "representative": "is_representative",
}


@dataclass
class MemberRow:
    line: int
    full_name: str
    birth_date: dt.date | None
    gender: str
    relation: str
    id_number: str
    phone: str
    is_representative: bool


@dataclass
class HouseholdRows:
    village: Place
    number: str
    address: str
    first_line: int
    members: list[MemberRow] = field(default_factory=list)

    @property
    def representative(self) -> MemberRow:
        flagged = [m for m in self.members if m.is_representative]
        if flagged:
            return flagged[0]
        return next(m for m in self.members if m.relation == Relation.HEAD)


def validate_households(
    rows: list[Row],
    *,
    only_commune: Place | None = None,
    only_village: Place | None = None,
) -> tuple[list[HouseholdRows], list[RowError]]:
    if rows:
        _require_columns(rows[0].values.keys(), ["village_code", "household_number", "full_name"])
    codes = {r.get("village_code") for r in rows}
    villages = {
        p.code: p for p in Place.objects.filter(code__in=codes, level=Level.VILLAGE).select_related("parent")
    }
    today = dt.date.today()
    households: dict[tuple[str, str], HouseholdRows] = {}
    errors: list[RowError] = []
    bad_households: set[tuple[str, str]] = set()
    for row in rows:
        village_code = row.get("village_code")
        number = row.get("household_number")
        key = (village_code, number)
        try:
            village = villages.get(village_code)
            if not village_code:
                raise Invalid(_("the village code is missing."))
            if village is None:
                raise Invalid(_("no village has the code %(code)s.") % {"code": village_code})
            if village.valid_to is not None and village.valid_to < today:
                raise Invalid(
                    _("the village %(village)s ended on %(date)s.")
                    % {"village": village.name, "date": village.valid_to.strftime("%d/%m/%Y")}
                )
            if only_commune is not None and village.parent_id != only_commune.pk:
                raise Invalid(
                    _("the village %(code)s is not in %(commune)s.")
                    % {"code": village_code, "commune": only_commune.name}
                )
            if only_village is not None and village != only_village:
                raise Invalid(
                    _("the village %(code)s is not %(village)s.")
                    % {"code": village_code, "village": only_village.name}
                )
            if not number:
                raise Invalid(_("the household number is missing."))
            if len(number) > 32:
                raise Invalid(_("the household number is longer than 32 characters."))
            full_name = " ".join(row.get("full_name").split())
            if not full_name:
                raise Invalid(_("the member's full name is missing."))
            birth_date = parse_date(row.values.get("birth_date"))
            if birth_date and birth_date > today:
                raise Invalid(
                    _("the date of birth %(date)s is in the future.")
                    % {"date": birth_date.strftime("%d/%m/%Y")}
                )
            member = MemberRow(
                line=row.line,
                full_name=full_name,
                birth_date=birth_date,
                gender=parse_gender(row.get("gender")),
                relation=parse_relation(row.get("relation")),
                id_number=parse_id_number(row.get("id_number")),
                phone=parse_phone(row.get("phone")),
                is_representative=parse_bool(row.get("is_representative")),
            )
        except Invalid as e:
            errors.append(RowError(row.line, str(e)))
            bad_households.add(key)
            continue
        group = households.get(key)
        if group is None:
            group = households[key] = HouseholdRows(village, number, row.get("address"), row.line)
        elif not group.address:
            group.address = row.get("address")
        group.members.append(member)
    good: list[HouseholdRows] = []
    for key, group in households.items():
        flagged = [m for m in group.members if m.is_representative]
        heads = [m for m in group.members if m.relation == Relation.HEAD]
        if len(flagged) > 1:
            errors.append(
                RowError(
                    flagged[1].line,
                    _("household %(number)s has more than one representative (also line %(line)s).")
                    % {"number": group.number, "line": flagged[0].line},
                )
            )
        elif not flagged and not heads:
            errors.append(
                RowError(
                    group.first_line,
                    _(
                        "household %(number)s has no representative: mark one member as representative or give the head of household (chủ hộ)."
                    )
                    % {"number": group.number},
                )
            )
        elif key not in bad_households:
            good.append(group)
            continue
        bad_households.add(key)
    errors.sort(key=lambda e: e.line)
    return good, errors


def import_households(
    file: IO[bytes] | Path | str,
    *,
    filename: str,
    actor: Any = None,
    skip_errors: bool = False,
    only_commune: Place | None = None,
    only_village: Place | None = None,
) -> ImportResult:
    """With skip_errors, a household with any bad row is skipped whole, never imported in part."""
    from . import services

    rows = read_table(file, filename, HOUSEHOLD_ALIASES)
    good, errors = validate_households(rows, only_commune=only_commune, only_village=only_village)
    result = ImportResult(errors=errors)
    if errors and not skip_errors:
        return result
    result.skipped_rows = len(rows) - sum(len(g.members) for g in good)
    with transaction.atomic():
        for group in good:
            outcome = services.household_upsert(
                actor=actor,
                village=group.village,
                number=group.number,
                address=group.address,
                members=[_member_data(m) for m in group.members],
                representative=_member_data(group.representative),
            )
            setattr(result, outcome, getattr(result, outcome) + 1)
    result.imported = True
    return result


def _member_data(m: MemberRow) -> Any:
    from .services import MemberData

    return MemberData(
        full_name=m.full_name,
        birth_date=m.birth_date,
        gender=m.gender,
        relation=m.relation,
        id_number=m.id_number,
        phone=m.phone,
    )


# --- Legacy units (districts and communes before 1 July 2025) --------------------------------------------

LEGACY_ALIASES = {
    "ma": "code",
    "ten": "name",
    "loai": "kind",
    "ma_cap_tren": "parent_code",
    "tu_ngay": "valid_from",
    "den_ngay": "valid_to",
    "sap_nhap_vao": "merged_into_code",
}

LEGACY_KINDS = {
    "district": PlaceKind.DISTRICT,
    "huyen": PlaceKind.DISTRICT,
    "quan": PlaceKind.DISTRICT,
    "thi xa": PlaceKind.DISTRICT,
    "thanh pho thuoc tinh": PlaceKind.DISTRICT,
    "township": PlaceKind.TOWNSHIP,
    "thi tran": PlaceKind.TOWNSHIP,
    "commune": PlaceKind.COMMUNE,
    "xa": PlaceKind.COMMUNE,
    "ward": PlaceKind.WARD,
    "phuong": PlaceKind.WARD,
    "province": PlaceKind.PROVINCE,
    "tinh": PlaceKind.PROVINCE,
}


@dataclass
class LegacyRow:
    line: int
    code: str
    name: str
    kind: str
    parent_code: str
    valid_from: dt.date | None
    valid_to: dt.date | None
    merged_into_code: str


def validate_legacy(rows: list[Row]) -> tuple[list[LegacyRow], list[RowError]]:
    if rows:
        _require_columns(rows[0].values.keys(), ["code", "name", "kind", "parent_code", "valid_to"])
    in_file = {r.get("code") for r in rows}
    known = set(
        Place.objects.filter(
            code__in=in_file
            | {r.get("parent_code") for r in rows}
            | {r.get("merged_into_code") for r in rows}
        ).values_list("code", flat=True)
    )
    existing = {p.code: p for p in Place.objects.filter(code__in=in_file)}
    good: list[LegacyRow] = []
    errors: list[RowError] = []
    seen: dict[str, int] = {}
    for row in rows:
        try:
            code, name = row.get("code"), " ".join(row.get("name").split())
            if not code or not name:
                raise Invalid(_("the code and the name are required."))
            if code in seen:
                raise Invalid(
                    _("the code %(code)s is already on line %(line)s.") % {"code": code, "line": seen[code]}
                )
            seen[code] = row.line
            kind = LEGACY_KINDS.get(fold(row.get("kind")))
            if kind is None:
                raise Invalid(
                    _('unknown unit type "%(word)s" (use huyện, thị xã, quận, thị trấn, xã, phường).')
                    % {"word": row.get("kind")}
                )
            parent_code = row.get("parent_code")
            if parent_code and parent_code not in known and parent_code not in in_file:
                raise Invalid(_("no unit has the parent code %(code)s.") % {"code": parent_code})
            merged = row.get("merged_into_code")
            if merged and merged not in known and merged not in in_file:
                raise Invalid(_("no unit has the code %(code)s (merged into).") % {"code": merged})
            valid_from = parse_date(row.values.get("valid_from"))
            valid_to = parse_date(row.values.get("valid_to"))
            if valid_to is None:
                raise Invalid(_("the end date (valid_to) is required for a legacy unit."))
            if valid_from and valid_from > valid_to:
                raise Invalid(_("the start date is after the end date."))
            other = existing.get(code)
            if other is not None and other.valid_to is None:
                raise Invalid(
                    _(
                        "the code %(code)s belongs to the current unit %(place)s; give the legacy unit another code."
                    )
                    % {"code": code, "place": other.name}
                )
        except Invalid as e:
            errors.append(RowError(row.line, str(e)))
            continue
        good.append(LegacyRow(row.line, code, name, kind, parent_code, valid_from, valid_to, merged))
    return good, errors


def import_legacy_units(
    file: IO[bytes] | Path | str,
    *,
    filename: str,
    actor: Any = None,
    skip_errors: bool = False,
) -> ImportResult:
    from danchu.core.audit import audit

    rows = read_table(file, filename, LEGACY_ALIASES)
    good, errors = validate_legacy(rows)
    result = ImportResult(errors=errors, skipped_rows=len(errors) if skip_errors else 0)
    if errors and not skip_errors:
        return result
    with transaction.atomic():
        # Parents before children: a district is written before its communes.
        pending = list(good)
        done: dict[str, Place] = {}
        while pending:
            progressed = False
            for item in list(pending):
                parent = done.get(item.parent_code) or Place.objects.filter(code=item.parent_code).first()
                if item.parent_code and parent is None:
                    continue
                values = {
                    "name": item.name,
                    "name_folded": fold(item.name),
                    "kind": item.kind,
                    "level": int(KIND_LEVEL[PlaceKind(item.kind)]),
                    "parent": parent,
                    "path": (parent.path if parent else "/") + item.code + "/",
                    "valid_from": item.valid_from,
                    "valid_to": item.valid_to,
                }
                place = Place.objects.filter(code=item.code).first()
                if place is None:
                    place = Place.objects.create(code=item.code, **values)
                    result.created += 1
                elif any(getattr(place, k) != v for k, v in values.items()):
                    for k, v in values.items():
                        setattr(place, k, v)
                    place.save()
                    result.updated += 1
                else:
                    result.unchanged += 1
                done[item.code] = place
                pending.remove(item)
                progressed = True
            if not progressed:
                raise DomainError(_("Some parent codes form a loop."), code="bad_file")
        for item in good:
            merged = (
                Place.objects.filter(code=item.merged_into_code).first() if item.merged_into_code else None
            )
            place = done[item.code]
            if place.merged_into_id != (merged.pk if merged else None):
                place.merged_into = merged
                place.save(update_fields=["merged_into", "updated_at"])
        if result.created or result.updated:
            audit(
                actor=actor,
                action="places.legacy_imported",
                object_type="places.place",
                after={"file": filename, "created": result.created, "updated": result.updated},
            )
    result.imported = True
    return result
