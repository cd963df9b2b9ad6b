"""Importing household registers: validate every row, then import all or (when asked) the good rows."""

from __future__ import annotations

import datetime as dt
from dataclasses import astuple, dataclass, field
from pathlib import Path
from typing import IO, Any

from django.db import transaction
from django.db.models import Prefetch
from django.utils.translation import gettext as _

from danchu.core.errors import DomainError
from danchu.core.formats import number as formatted

from ..models import Household, HouseholdMember, Level, Place
from .common import Relation
from .reading import ImportResult, Row, RowError, _require_columns, read_table, unread_columns
from .values import (
    Invalid,
    parse_bool,
    parse_date,
    parse_gender,
    parse_id_number,
    parse_phone,
    parse_relation,
)

# --- Households ----------------------------------------------------------------------------------------

# Rows (members, about 4,000 households) one import takes, in one web request (gunicorn: 30 s).
# Measured on PostgreSQL, 2 cores: 20,000 rows took 5.8 s as new households and 14.2 s when every
# household of them was updated (a 90,089-row file had taken 73 s).
MAX_ROWS = 15_000
HOUSEHOLD_REQUIRED = ["village_code", "household_number", "full_name"]
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
    "so_cmnd": "id_number",  # the identity card before the CCCD
    "cmnd": "id_number",
    "so_cmnd_cccd": "id_number",
    "cmnd_cccd": "id_number",
    "so_dien_thoai": "phone",
    "dien_thoai": "phone",
    "sdt": "phone",
    "ma_ho_gia_dinh": "household_number",
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
    _require_columns(
        rows,
        HOUSEHOLD_REQUIRED,
        headers={  # in Vietnamese, and the key as the page lists it
            "village_code": "Mã thôn (village_code)",
            "household_number": "Số hộ (household_number)",
            "full_name": "Họ và tên (full_name)",
        },
        known=HOUSEHOLD_ALIASES.values(),
    )
    codes = {r.get("village_code") for r in rows}
    villages = {
        p.code: p for p in Place.objects.filter(code__in=codes, level=Level.VILLAGE).select_related("parent")
    }
    today = dt.date.today()
    households: dict[tuple[str, str], HouseholdRows] = {}
    errors: list[RowError] = []
    bad_households: set[tuple[str, str]] = set()
    # The first line of each citizen ID number and of each member row, as the file gives them: one
    # person is one row of one household (an ID twice would make two current members of one person).
    id_lines: dict[str, int] = {}
    member_lines: dict[tuple[Any, ...], int] = {}
    for row in rows:
        village_code = row.get("village_code")
        number = row.get("household_number")
        key = (village_code, number)
        problems = _row_problems(row, villages, today, only_commune=only_commune, only_village=only_village)
        member = problems.value
        if member is not None:
            same = (village_code, number, *astuple(member)[1:])
            if same in member_lines:
                problems.messages = [
                    _("the same member as line %(line)s, repeated.") % {"line": member_lines[same]}
                ]
            else:
                member_lines[same] = row.line
                if member.id_number and member.id_number in id_lines:
                    problems.messages.append(
                        _("the citizen ID number %(id)s is also on line %(line)s: one person is one row.")
                        % {"id": member.id_number, "line": id_lines[member.id_number]}
                    )
                elif member.id_number:
                    id_lines[member.id_number] = row.line
        if problems.messages or member is None:
            errors.append(RowError(row.line, " ".join(problems.messages)))
            bad_households.add(key)
            continue
        village = villages[village_code]
        group = households.get(key)
        if group is None:
            group = households[key] = HouseholdRows(village, number, row.get("address"), row.line)
        elif not group.address:
            group.address = row.get("address")
        group.members.append(member)
    good: list[HouseholdRows] = []
    for key, group in households.items():
        refused = _group_problems(group)
        errors.extend(refused)
        if refused or key in bad_households:
            bad_households.add(key)
        else:
            good.append(group)
    errors.sort(key=lambda e: e.line)
    return good, errors


@dataclass
class _Checked:
    """A row's member (None when it cannot be read) and every problem found in it."""

    value: MemberRow | None = None
    messages: list[str] = field(default_factory=list)


def _row_problems(
    row: Row,
    villages: dict[str, Place],
    today: dt.date,
    *,
    only_commune: Place | None,
    only_village: Place | None,
) -> _Checked:
    """The row's member and all its problems, so its line is reported with every wrong cell at once."""
    checked = _Checked()
    if row.unreadable:  # a NUL byte, a value under no header (reading.py): no cell can be trusted
        checked.messages.append(row.unreadable)
        return checked
    said = checked.messages

    def take(parse: Any, value: Any, default: Any) -> Any:
        try:
            return parse(value)
        except Invalid as e:
            said.append(str(e))
            return default

    village_code = row.get("village_code")
    village = villages.get(village_code)
    if not village_code:
        said.append(_("the village code is missing."))
    elif village is None:
        said.append(_("no village has the code %(code)s.") % {"code": village_code})
    elif village.valid_to is not None and village.valid_to < today:
        said.append(
            _("the village %(village)s ended on %(date)s.")
            % {"village": village.name, "date": village.valid_to.strftime("%d/%m/%Y")}
        )
    elif only_commune is not None and village.parent_id != only_commune.pk:
        said.append(
            _("the village %(code)s is not in %(commune)s.")
            % {"code": village_code, "commune": only_commune.name}
        )
    elif only_village is not None and village != only_village:
        said.append(
            _("the village %(code)s is not %(village)s.")
            % {"code": village_code, "village": only_village.name}
        )
    number = row.get("household_number")
    if not number:
        said.append(_("the household number is missing."))
    elif len(number) > 32:
        said.append(_("the household number is longer than 32 characters."))
    full_name = " ".join(row.get("full_name").split())
    if not full_name:
        said.append(_("the member's full name is missing."))
    elif len(full_name) > 200:
        said.append(_("the member's full name is longer than 200 characters."))
    if len(row.get("address")) > 255:
        said.append(_("the address is longer than 255 characters."))
    birth_date = take(parse_date, row.values.get("birth_date"), None)
    if birth_date and birth_date > today:
        said.append(
            _("the date of birth %(date)s is in the future.") % {"date": birth_date.strftime("%d/%m/%Y")}
        )
    member = MemberRow(
        line=row.line,
        full_name=full_name,
        birth_date=birth_date,
        gender=take(parse_gender, row.get("gender"), ""),
        relation=take(parse_relation, row.get("relation"), Relation.OTHER),
        id_number=take(parse_id_number, row.get("id_number"), ""),
        phone=take(parse_phone, row.get("phone"), ""),
        is_representative=take(parse_bool, row.get("is_representative"), False),
    )
    if not said:
        checked.value = member
    return checked


def _group_problems(group: HouseholdRows) -> list[RowError]:
    """Why a household of the file cannot be imported: a second head (a household has one, chủ hộ;
    Luật Cư trú 2020, Điều 10), a second member marked representative, or no one to represent it."""
    flagged = [m for m in group.members if m.is_representative]
    heads = [m for m in group.members if m.relation == Relation.HEAD]
    refused = [
        RowError(
            extra.line,
            _("household %(number)s has more than one head of household (also line %(line)s).")
            % {"number": group.number, "line": heads[0].line},
        )
        for extra in heads[1:]
    ]
    refused += [
        RowError(
            extra.line,
            _("household %(number)s has more than one representative (also line %(line)s).")
            % {"number": group.number, "line": flagged[0].line},
        )
        for extra in flagged[1:]
    ]
    if not flagged and not heads:
        refused.append(
            RowError(
                group.first_line,
                _(
                    "household %(number)s has no representative: mark one member as representative or give the head of household (chủ hộ)."
                )
                % {"number": group.number},
            )
        )
    return refused


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
    from .. import services

    rows = read_table(file, filename, HOUSEHOLD_ALIASES, required=HOUSEHOLD_REQUIRED)
    if not rows:  # a header alone would otherwise "import" nothing and say so as a success
        raise DomainError(_("The file has no rows."))
    if len(rows) > MAX_ROWS:
        raise DomainError(
            _(
                "The file has %(rows)s rows; one import takes at most %(n)s. Split it into several files "
                "(a few villages each) and import them one after another."
            )
            % {"rows": formatted(len(rows)), "n": formatted(MAX_ROWS)}
        )
    good, errors = validate_households(rows, only_commune=only_commune, only_village=only_village)
    result = ImportResult(errors=errors, unread_columns=unread_columns(rows, HOUSEHOLD_ALIASES.values()))
    if errors and not skip_errors:
        return result
    result.skipped_rows = len(rows) - sum(len(g.members) for g in good)
    with transaction.atomic():
        # Every household of the file's villages with its current members, read once.
        existing = {
            (h.village_id, h.number): h
            for h in Household.objects.filter(village__in={g.village.pk for g in good}).prefetch_related(
                Prefetch(
                    "members",
                    HouseholdMember.objects.filter(left_on__isnull=True).order_by("pk"),
                    to_attr="current_members",
                )
            )
        }
        new = [g for g in good if (g.village.pk, g.number) not in existing]
        # Households not yet registered (a first import: all of them) in batches: one by one, each
        # took six statements (2.9 ms a household on the demo, SQLite; a ward of 10,000 households
        # would outlast a web worker's 30 s).
        if new:
            services.households_register(actor=actor, households=[_new_household(g) for g in new])
        result.created = len(new)
        for group in good:
            if (group.village.pk, group.number) not in existing:
                continue
            outcome = services.household_upsert(
                actor=actor,
                village=group.village,
                number=group.number,
                address=group.address,
                members=[_member_data(m) for m in group.members],
                representative=_member_data(group.representative),
                known=existing[(group.village.pk, group.number)],
            )
            setattr(result, outcome, getattr(result, outcome) + 1)
    result.imported = True
    return result


def _new_household(group: HouseholdRows) -> Any:
    from ..services import NewHousehold

    return NewHousehold(
        village=group.village,
        number=group.number,
        address=group.address,
        members=[_member_data(m) for m in group.members],
        representative_index=group.members.index(group.representative),
    )


def _member_data(m: MemberRow) -> Any:
    from ..services import MemberData

    return MemberData(
        full_name=m.full_name,
        birth_date=m.birth_date,
        gender=m.gender,
        relation=m.relation,
        id_number=m.id_number,
        phone=m.phone,
    )
