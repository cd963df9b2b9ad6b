"""Writes of administrative-reform records: a unit's one-stop desk, a province's departments, and one
unit's one-stop figures for a period (what the import records row by row)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from danchu.core.audit import audit
from danchu.core.errors import Conflict, DomainError
from danchu.core.formats import short_date
from danchu.places.models import Level, Place

from .models import Centre, Department, Figure, ServiceLevel


def terms_change() -> dt.date:
    return dt.date.fromisoformat(settings.ONLINE_SERVICE_TERMS_FROM)


def levels_for(start: dt.date, end: dt.date) -> set[str]:
    """The online-service levels whose terms applied during the period (both around the change)."""
    change = terms_change()
    levels: set[str] = set()
    if start < change:
        levels |= {ServiceLevel.LEVEL_3, ServiceLevel.LEVEL_4}
    if end >= change:
        levels |= {ServiceLevel.FULL, ServiceLevel.PARTIAL}
    return levels


def _text(value: str, limit: int, what: str) -> str:
    value = value.replace("\x00", "").strip()
    if not value:
        raise DomainError(_("%(what)s is required.") % {"what": what})
    if len(value) > limit:
        raise DomainError(_("%(what)s is too long (%(n)s characters at most).") % {"what": what, "n": limit})
    return value


def _existed(place: Place, start: dt.date, end: dt.date) -> None:
    if (place.valid_from and place.valid_from > end) or (place.valid_to and place.valid_to < start):
        begin = short_date(place.valid_from) if place.valid_from else _("its creation")
        until = short_date(place.valid_to) if place.valid_to else _("today")
        raise DomainError(
            _("%(unit)s did not exist at that time: it existed from %(start)s to %(end)s.")
            % {"unit": place.name, "start": begin, "end": until}
        )


def centre_record(*, by: Any, place: Place, name: str, address: str = "", opened_on: dt.date) -> Centre:
    if place.level not in (Level.COMMUNE, Level.PROVINCE):
        raise DomainError(_("A one-stop desk belongs to a commune or a province."))
    if opened_on > timezone.localdate():
        raise DomainError(_("The opening date is in the future."))
    _existed(place, opened_on, opened_on)
    with transaction.atomic():
        centre = Centre.objects.create(
            place=place,
            name=_text(name, 255, _("The name")),
            address=_text(address, 255, _("The address")) if address.strip() else "",
            opened_on=opened_on,
        )
        audit(
            actor=by,
            action="adminreform.centre_recorded",
            obj=centre,
            after={"place": place.code, "name": centre.name},
        )
    return centre


def department_add(*, by: Any, province: Place, code: str, name: str) -> Department:
    if province.level != Level.PROVINCE:
        raise DomainError(_("A department belongs to a province."))
    try:
        with transaction.atomic():
            department = Department.objects.create(
                province=province, code=_text(code, 32, _("The code")), name=_text(name, 255, _("The name"))
            )
            audit(
                actor=by,
                action="adminreform.department_added",
                obj=department,
                after={"province": province.code, "code": department.code},
            )
    except IntegrityError:
        raise Conflict(_("The province already has a department with this code.")) from None
    return department


@dataclass
class Figures:
    start: dt.date
    end: dt.date
    received: int
    resolved: int
    resolved_on_time: int
    carried_over: int = 0
    received_online: int = 0
    services: dict[str, int] | None = None  # {ServiceLevel: count}


# The largest count a figure's column keeps (PositiveIntegerField); a larger one is a typing slip.
MAX_FIGURE = 2_147_483_647


def check_figures(f: Figures) -> None:
    """The rules every row obeys: a closed period not in the future, no part greater than its whole,
    the online-service levels of the terms in force then."""
    if f.start > f.end:
        raise DomainError(_("The period ends before it starts."))
    if f.end > timezone.localdate():
        raise DomainError(_("The period ends in the future (%(end)s).") % {"end": short_date(f.end)})
    numbers = [
        f.received,
        f.resolved,
        f.resolved_on_time,
        f.carried_over,
        f.received_online,
        *(f.services or {}).values(),
    ]
    if any(n < 0 for n in numbers):
        raise DomainError(_("A figure is negative."))
    if any(n > MAX_FIGURE for n in numbers):
        raise DomainError(
            _("A figure is larger than %(max)s: check the column.")
            % {"max": f"{MAX_FIGURE:,}".replace(",", ".")}
        )
    if f.received_online > f.received:
        raise DomainError(
            _("Dossiers received online (%(part)s) are more than the dossiers received (%(whole)s).")
            % {"part": f.received_online, "whole": f.received}
        )
    if f.resolved > f.received + f.carried_over:
        raise DomainError(
            _("Dossiers resolved (%(part)s) are more than those received and carried over (%(whole)s).")
            % {"part": f.resolved, "whole": f.received + f.carried_over}
        )
    if f.resolved_on_time > f.resolved:
        raise DomainError(
            _("Dossiers resolved on time (%(part)s) are more than the dossiers resolved (%(whole)s).")
            % {"part": f.resolved_on_time, "whole": f.resolved}
        )
    allowed = levels_for(f.start, f.end)
    for level in f.services or {}:
        if level not in allowed:
            raise DomainError(
                _(
                    "“%(level)s” was not a term for online services in this period (the terms changed on %(day)s)."
                )
                % {"level": ServiceLevel(level).label, "day": short_date(terms_change())}
            )


def _refuse_crossing(place: Place, department: Department | None, start: dt.date, end: dt.date) -> None:
    """A unit's periods are nested (a year and its quarters) or apart; a period that crosses another
    (January–March and February–April) would count the same dossiers twice, whichever is kept."""
    crossing = (
        Figure.objects.filter(place=place, department=department, start__lte=end, end__gte=start)
        .exclude(start__gte=start, end__lte=end)
        .exclude(start__lte=start, end__gte=end)
        .first()
    )
    if crossing is not None:
        raise DomainError(
            _(
                "The period %(start)s–%(end)s overlaps the unit's figures of %(other_start)s–%(other_end)s "
                "without containing them or lying within them: the same dossiers would be counted twice."
            )
            % {
                "start": short_date(start),
                "end": short_date(end),
                "other_start": short_date(crossing.start),
                "other_end": short_date(crossing.end),
            }
        )


def figure_record(
    *, by: Any, place: Place, figures: Figures, department: Department | None = None, source: str = ""
) -> tuple[Figure, bool]:
    """Record (or replace) one unit's figures for a period. Returns the figure and whether it is new."""
    check_figures(figures)
    if department is not None:
        if not department.existed_during(figures.start, figures.end):
            raise DomainError(_("%(unit)s did not exist at that time.") % {"unit": department.name})
        place = department.province
    elif place.level not in (Level.COMMUNE, Level.PROVINCE):
        raise DomainError(_("Figures are recorded for a commune, a province or a province's department."))
    _existed(place, figures.start, figures.end)
    _refuse_crossing(place, department, figures.start, figures.end)
    services = figures.services or {}
    with transaction.atomic():
        figure, created = Figure.objects.update_or_create(
            place=place,
            department=department,
            start=figures.start,
            end=figures.end,
            defaults={
                "carried_over": figures.carried_over,
                "received": figures.received,
                "received_online": figures.received_online,
                "resolved": figures.resolved,
                "resolved_on_time": figures.resolved_on_time,
                "services_level_3": services.get(ServiceLevel.LEVEL_3),
                "services_level_4": services.get(ServiceLevel.LEVEL_4),
                "services_full": services.get(ServiceLevel.FULL),
                "services_partial": services.get(ServiceLevel.PARTIAL),
                "source": source[:255],
                "imported_by": by,
            },
        )
        audit(
            actor=by,
            action="adminreform.figures_recorded",
            obj=figure,
            after={
                "unit": department.code if department else place.code,
                "start": str(figures.start),
                "end": str(figures.end),
                "received": figures.received,
                "resolved": figures.resolved,
                "on_time": figures.resolved_on_time,
            },
        )
    return figure, created
