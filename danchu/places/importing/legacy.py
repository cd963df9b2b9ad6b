"""Importing the legacy units (districts and communes before 1 July 2025)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from django.db import transaction
from django.utils.translation import gettext as _

from danchu.core.errors import DomainError
from danchu.core.text import fold

from ..models import KIND_LEVEL, Place, PlaceKind, Succession
from .reading import ImportResult, Row, RowError, _require_columns, read_table
from .values import Invalid, parse_date

# --- Legacy units (districts and communes before 1 July 2025) --------------------------------------------

LEGACY_REQUIRED = ["code", "name", "kind", "parent_code", "valid_to"]
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
    _require_columns(rows, LEGACY_REQUIRED)
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
            if row.unreadable:  # a NUL byte, a value under no header (reading.py)
                raise Invalid(row.unreadable)
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

    rows = read_table(file, filename, LEGACY_ALIASES, required=LEGACY_REQUIRED)
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
                    "official_code": item.code.removeprefix("L") if item.code[1:].isdigit() else item.code,
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
            if merged is not None:
                # "Merged into" is the whole unit going into one new unit: a link of the mapping.
                Succession.objects.get_or_create(
                    old=place,
                    new=merged,
                    defaults={"share": 1, "basis": Succession.Basis.WHOLE, "source": filename[:200]},
                )
        if result.created or result.updated:
            audit(
                actor=actor,
                action="places.legacy_imported",
                object_type="places.place",
                after={"file": filename, "created": result.created, "updated": result.updated},
            )
    result.imported = True
    return result
