"""Importing the known shares of the 2025 mapping (population or households of each part of a split unit).

The package gives the links but no shares for a split commune; a province that knows them (from the
merger dossiers: the population of each part) records them here, so a new commune's figure for a year
before the reform can be computed as Σ predecessor's figure × share.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import IO, Any

from django.db import transaction
from django.utils.translation import gettext as _

from danchu.core.text import fold, quoted

from ..models import Place, Succession
from .reading import ImportResult, Row, RowError, _require_columns, read_table
from .values import Invalid

SHARE_REQUIRED = ["old_code", "new_code", "share", "basis"]
SHARE_ALIASES = {
    "ma_cu": "old_code",
    "ma_don_vi_cu": "old_code",
    "ma_moi": "new_code",
    "ma_don_vi_moi": "new_code",
    "ty_le": "share",
    "can_cu": "basis",
}
BASIS_WORDS = {
    "population": Succession.Basis.POPULATION,
    "dan so": Succession.Basis.POPULATION,
    "households": Succession.Basis.HOUSEHOLDS,
    "so ho": Succession.Basis.HOUSEHOLDS,
    "ho": Succession.Basis.HOUSEHOLDS,
}


def _share(text: str) -> Decimal:
    """0.4, 0,4 or 40% → Decimal("0.4"); refused unless 0 < share ≤ 1."""
    raw = text.replace(",", ".").strip()
    percent = raw.endswith("%")
    try:
        value = Decimal(raw.rstrip("%").strip())
    except InvalidOperation:
        raise Invalid(_('"%(value)s" is not a share (write 0.4 or 40%%).') % {"value": text}) from None
    if percent:
        value /= 100
    if not Decimal(0) < value <= Decimal(1):
        raise Invalid(
            _("the share %(value)s is not between 0 and 1 (a part cannot exceed its whole).")
            % {"value": text}
        )
    return value.quantize(Decimal("0.000001"))


def _validate(rows: list[Row]) -> tuple[list[tuple[Row, Succession, Decimal, str]], list[RowError]]:
    _require_columns(rows, SHARE_REQUIRED)
    codes = {r.get("old_code") for r in rows} | {r.get("new_code") for r in rows}
    places = {p.code: p for p in Place.objects.filter(code__in=codes)}
    links = {
        (s.old.code, s.new.code): s
        for s in Succession.objects.filter(old__code__in=codes).select_related("old", "new")
    }
    good: list[tuple[Row, Succession, Decimal, str]] = []
    errors: list[RowError] = []
    totals: dict[str, Decimal] = {}
    for row in rows:
        try:
            if row.unreadable:  # a NUL byte, a value under no header (reading.py)
                raise Invalid(row.unreadable)
            old, new = (
                row.get("old_code"),
                row.get("new_code"),
            )  # whole: a code cut to fit could match another
            for code in (old, new):
                if code not in places:
                    raise Invalid(_("no unit has the code %(code)s.") % {"code": quoted(code)})
            link = links.get((old, new))
            if link is None:
                raise Invalid(
                    _("%(old)s did not go into %(new)s in the 2025 mapping.")
                    % {"old": places[old].name, "new": places[new].name}
                )
            share = _share(row.get("share"))
            basis = BASIS_WORDS.get(fold(row.get("basis")))
            if basis is None:
                raise Invalid(
                    _('unknown basis "%(word)s" (use dân số or số hộ).') % {"word": quoted(row.get("basis"))}
                )
            totals[old] = totals.get(old, Decimal(0)) + share
            if totals[old] > 1:
                raise Invalid(
                    _("the shares of %(old)s add up to more than 1 (a part cannot exceed its whole).")
                    % {"old": places[old].name}
                )
        except Invalid as e:
            errors.append(RowError(row.line, str(e)))
            continue
        good.append((row, link, share, basis))
    return good, errors


def import_shares(
    file: IO[bytes] | Path | str, *, filename: str, actor: Any = None, skip_errors: bool = False
) -> ImportResult:
    """Set the share and basis of existing links; nothing is imported if a row is bad (unless skipped)."""
    from danchu.core.audit import audit

    rows = read_table(file, filename, SHARE_ALIASES, required=SHARE_REQUIRED)
    good, errors = _validate(rows)
    result = ImportResult(errors=errors, skipped_rows=len(errors) if skip_errors else 0)
    if errors and not skip_errors:
        return result
    with transaction.atomic():
        for _row, link, share, basis in good:
            if (link.share, link.basis) == (share, basis):
                result.unchanged += 1
                continue
            before = {"share": str(link.share) if link.share is not None else None, "basis": link.basis}
            link.share, link.basis, link.source = share, basis, filename[:200]
            link.save(update_fields=["share", "basis", "source"])
            result.updated += 1
            audit(
                actor=actor,
                action="places.share_set",
                object_type="places.succession",
                object_id=str(link.pk),
                before=before,
                after={"share": str(share), "basis": basis, "file": filename},
            )
    result.imported = True
    return result
