"""Importing villages: validate every row, then import all or (when asked) the good rows."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from django.db import transaction
from django.utils.translation import gettext as _

from danchu.core.errors import DomainError
from danchu.core.text import fold

from ..models import Level, Place
from ..services.common import VILLAGE_CODE
from .reading import ImportResult, Row, RowError, _require_columns, read_table, unread_columns
from .values import Invalid, commune_code, village_kind

# --- Villages -------------------------------------------------------------------------------------------

VILLAGE_REQUIRED = ["commune_code", "name"]
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
    _require_columns(
        rows,
        VILLAGE_REQUIRED,
        headers={"commune_code": "Mã xã (commune_code)", "name": "Tên thôn (name)"},
        known=VILLAGE_ALIASES.values(),
    )
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
            if row.unreadable:  # a NUL byte, a value under no header (reading.py)
                raise Invalid(row.unreadable)
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
                if not re.fullmatch(VILLAGE_CODE, code):
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
    from .. import services

    rows = read_table(file, filename, VILLAGE_ALIASES, required=VILLAGE_REQUIRED)
    if not rows:  # a header alone would otherwise "import" nothing and say so as a success
        raise DomainError(_("The file has no rows."))
    good, errors = validate_villages(rows, only_commune=only_commune)
    result = ImportResult(
        errors=errors, skipped_rows=len(errors), unread_columns=unread_columns(rows, VILLAGE_ALIASES.values())
    )
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
