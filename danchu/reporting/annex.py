"""The report's annex: one table per report section, the places one level below in rows."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from danchu.places.models import Place

from .catalogue import all_indicators
from .periods import Period
from .queries import by_child
from .registry import Indicator, Section

# The annex's sheet names: Excel allows 31 characters, so each section has a full name that fits
# (in Vietnamese) instead of a cut one.
SHEET_NAMES: dict[str, Any] = {
    Section.SITUATION: gettext_lazy("General situation"),
    Section.DAN_BIET: gettext_lazy("People know"),
    Section.DAN_BAN: gettext_lazy("People discuss"),
    Section.DAN_LAM: gettext_lazy("People do"),
    Section.DAN_KIEM_TRA: gettext_lazy("People inspect"),
    Section.DAN_GIAM_SAT: gettext_lazy("People supervise"),
    Section.DAN_THU_HUONG: gettext_lazy("People benefit"),
    Section.WORKPLACES: gettext_lazy("Agencies and enterprises"),
    Section.ADMIN_REFORM: gettext_lazy("Administrative reform"),
    Section.NEW_RURAL: gettext_lazy("New-rural development"),
    Section.BRIGHT_SPOTS: gettext_lazy("Bright spots and models"),
    Section.AWARDS: gettext_lazy("Commendations and awards"),
}


def annex_tables(place: Place, period: Period) -> list[tuple[str, list[str], list[list[Any]]]]:
    """The report's annex: one table per report section, the places one level below in rows and
    the section's indicators in columns (sections and indicators come from the registry: reporting
    names no module's indicator). Sections without any figure are left out."""
    tables = []
    for section, _label in Section.choices:
        label = SHEET_NAMES.get(section, _label)
        inds = [
            i
            for i in all_indicators()
            if i.section == section and i.kind != "ratio" and i.overlaps(period.start, period.end)
        ]
        columns: list[tuple[Indicator, dict[int, float | None]]] = []
        kids: list[Place] = []
        for ind in inds:
            pairs = by_child(ind, place, period)
            kids = kids or [k for k, _ in pairs]
            values = {k.pk: r.value for k, r in pairs}
            if any(v is not None for v in values.values()):
                columns.append((ind, values))
        if not columns:
            continue
        headers = [str(_("Place"))] + [str(ind.name) for ind, _ in columns]
        rows = [[k.name] + [values.get(k.pk) for _, values in columns] for k in kids]
        tables.append((str(label), headers, rows))
    return tables
