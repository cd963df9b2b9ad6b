"""Writes of villages: create, rename, end (merge into another)."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from danchu.core.audit import audit, snapshot
from danchu.core.errors import Conflict, DomainError
from danchu.core.text import fold

from ..models import KIND_LEVEL, Level, Place, PlaceKind
from .common import _VILLAGE_FIELDS, VILLAGE_CODE, VILLAGE_KINDS, clean_text

# --- Villages -----------------------------------------------------------------------------------------


def next_village_code(commune: Place) -> str:
    """ "<commune code>-NNN", one more than the highest number used in the commune (ended villages count:
    a code is never reused)."""
    pattern = re.compile(rf"^{re.escape(commune.code)}-(\d+)$")
    numbers = [
        int(m.group(1))
        for code in Place.objects.filter(code__startswith=f"{commune.code}-").values_list("code", flat=True)
        if (m := pattern.match(code))
    ]
    return f"{commune.code}-{max(numbers, default=0) + 1:03d}"


@transaction.atomic
def village_create(
    *,
    actor: Any,
    commune: Place,
    name: str,
    kind: str | None = None,
    code: str | None = None,
    valid_from: dt.date | None = None,
) -> Place:
    if commune.level != Level.COMMUNE:
        raise DomainError(_("Villages and residential groups belong to a commune, ward or special zone."))
    if commune.valid_to is not None and commune.valid_to < dt.date.today():
        raise DomainError(
            _("%(commune)s no longer exists; villages cannot be added to it.") % {"commune": commune.name}
        )
    name = clean_text(name, 200)
    if not name:
        raise DomainError(_("Give the village a name."))
    kind = kind or (PlaceKind.RESIDENTIAL_GROUP if commune.kind == PlaceKind.WARD else PlaceKind.VILLAGE)
    if kind not in VILLAGE_KINDS:
        raise DomainError(_("A village is a village (thôn, bản, ấp…) or a residential group (tổ dân phố…)."))
    if Place.objects.filter(parent=commune, name_folded=fold(name), valid_to__isnull=True).exists():
        raise Conflict(
            _("%(commune)s already has a village named %(name)s.") % {"commune": commune.name, "name": name}
        )
    if code and not re.fullmatch(VILLAGE_CODE, code):
        raise DomainError(_('Use only letters, digits, ".", "-" and "_".'), code="bad_code")
    code = code or next_village_code(commune)
    if Place.objects.filter(code=code).exists():
        raise Conflict(_("The code %(code)s is already used.") % {"code": code})
    village = Place.objects.create(
        code=code,
        name=name,
        name_folded=fold(name),
        kind=kind,
        level=int(KIND_LEVEL[PlaceKind(kind)]),
        parent=commune,
        path=f"{commune.path}{code}/",
        valid_from=valid_from or dt.date.today(),
    )
    audit(actor=actor, action="places.village_create", obj=village, after=snapshot(village, _VILLAGE_FIELDS))
    return village


@transaction.atomic
def village_update(
    *,
    actor: Any,
    village: Place,
    name: str | None = None,
    kind: str | None = None,
    reopen: bool = False,
) -> Place:
    """Rename or retype a village. `reopen` clears an end date (an import that lists it again)."""
    _check_village(village)
    before = snapshot(village, _VILLAGE_FIELDS)
    if name is not None:
        name = clean_text(name, 200)
        if not name:
            raise DomainError(_("Give the village a name."))
        clash = Place.objects.filter(
            parent_id=village.parent_id, name_folded=fold(name), valid_to__isnull=True
        )
        if clash.exclude(pk=village.pk).exists():
            raise Conflict(_("This commune already has a village named %(name)s.") % {"name": name})
        village.name, village.name_folded = name, fold(name)
    if kind is not None:
        if kind not in VILLAGE_KINDS:
            raise DomainError(
                _("A village is a village (thôn, bản, ấp…) or a residential group (tổ dân phố…).")
            )
        village.kind = kind
    if reopen:
        village.valid_to = None
    village.save(update_fields=["name", "name_folded", "kind", "valid_to", "updated_at"])
    audit(
        actor=actor,
        action="places.village_update",
        obj=village,
        before=before,
        after=snapshot(village, _VILLAGE_FIELDS),
    )
    return village


@transaction.atomic
def village_end(*, actor: Any, village: Place, on: dt.date, merged_into: Place | None = None) -> Place:
    """The village ceases on `on` (merged or dissolved by the commune People's Council, DOMAIN.md §10)."""
    _check_village(village)
    if village.valid_to is not None:
        raise Conflict(
            _("%(village)s already ended on %(date)s.")
            % {"village": village.name, "date": village.valid_to.strftime("%d/%m/%Y")}
        )
    if village.valid_from and on < village.valid_from:
        raise DomainError(_("The end date is before the village began."))
    if merged_into is not None and (merged_into == village or merged_into.level != Level.VILLAGE):
        raise DomainError(_("A village can only be merged into another village."))
    before = snapshot(village, _VILLAGE_FIELDS)
    village.valid_to = on
    village.merged_into = merged_into
    village.save(update_fields=["valid_to", "merged_into", "updated_at"])
    audit(
        actor=actor,
        action="places.village_end",
        obj=village,
        before=before,
        after={
            **snapshot(village, _VILLAGE_FIELDS),
            "merged_into": merged_into.code if merged_into else None,
        },
    )
    return village


def _check_village(village: Place) -> None:
    if village.level != Level.VILLAGE:
        raise DomainError(_("%(place)s is not a village or residential group.") % {"place": village.name})
