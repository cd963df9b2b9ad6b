"""Writes of administrative-reform records: a unit's one-stop desk, a province's departments, and one
unit's one-stop figures for a period (what the import records row by row)."""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left, bisect_right, insort
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from danchu.core.audit import audit, audit_many
from danchu.core.bulk import update_rows
from danchu.core.errors import Conflict, DomainError
from danchu.core.formats import short_date
from danchu.places.models import Level, Place

from .models import Centre, Department, Figure, ServiceLevel, alive_during


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
    if not alive_during(place, start, end):
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


class _Periods:
    """One unit's periods, sorted by start and by end: a period crossing a new one is found among those
    that start or end inside it, not by going through them all (20,000 days of one unit in a file)."""

    def __init__(self) -> None:
        self.by_start: list[tuple[dt.date, dt.date]] = []
        self.by_end: list[tuple[dt.date, dt.date]] = []

    def add(self, start: dt.date, end: dt.date) -> None:
        insort(self.by_start, (start, end))
        insort(self.by_end, (end, start))

    def crossing(self, start: dt.date, end: dt.date) -> tuple[dt.date, dt.date] | None:
        """The earliest period that overlaps start–end without containing it or lying within it: one
        starting inside and ending after it, or starting before and ending inside."""
        first = bisect_right(self.by_start, (start, dt.date.max))  # starting after `start`…
        last = bisect_right(self.by_start, (end, dt.date.max))  # …up to `end`
        found = [(s, e) for s, e in self.by_start[first:last] if e > end]
        first = bisect_left(self.by_end, (start, dt.date.min))  # ending on `start` or after…
        last = bisect_left(self.by_end, (end, dt.date.min))  # …before `end`
        found += [(s, e) for e, s in self.by_end[first:last] if s < start]
        return min(found, default=None)


# The columns a record sets, on a new figure or one it replaces (update_rows() writes them back).
_RECORDED = (
    "carried_over",
    "received",
    "received_online",
    "resolved",
    "resolved_on_time",
    "services_level_3",
    "services_level_4",
    "services_full",
    "services_partial",
    "source",
    "imported_by_id",
)


def _recorded(figures: Figures, source: str, by: Any) -> tuple[Any, ...]:
    """The values of _RECORDED for `figures`."""
    services = figures.services or {}
    return (
        figures.carried_over,
        figures.received,
        figures.received_online,
        figures.resolved,
        figures.resolved_on_time,
        services.get(ServiceLevel.LEVEL_3),
        services.get(ServiceLevel.LEVEL_4),
        services.get(ServiceLevel.FULL),
        services.get(ServiceLevel.PARTIAL),
        source[:255],
        getattr(by, "pk", None),  # None: the system (the demo)
    )


class FigureBook:
    """What recording figures reads — the units' stored figures, to replace the same period's and to
    refuse a period crossing another — read once for many records: one by one, an export took 14
    statements a row (6, and 8 savepoints), 20,000 rows 197 s on PostgreSQL where a web worker is
    stopped after 30 s; now a few statements per thousand rows (docs/adminreform.md). Each figure
    checked counts for the next check, as when they were written one by one."""

    def __init__(self, stored: Iterable[Figure]) -> None:
        self.stored: dict[tuple[int, int | None, dt.date, dt.date], Figure] = {}
        self.periods: dict[tuple[int, int | None], _Periods] = {}
        self.recorded: list[tuple[Figure, dict[str, Any]]] = []  # (figure, its audit entry's `after`)
        for figure in stored:
            key = (figure.place_id, figure.department_id, figure.start, figure.end)
            self.stored[key] = figure
            self.periods.setdefault(key[:2], _Periods()).add(figure.start, figure.end)

    def check(
        self,
        *,
        by: Any,
        place: Place,
        figures: Figures,
        department: Department | None = None,
        source: str = "",
    ) -> tuple[Figure, bool]:
        """figure_record()'s rules for one unit's figures; the figure (new or replaced, not saved yet:
        save() writes them all) and whether it is new."""
        check_figures(figures)
        start, end = figures.start, figures.end
        if department is not None:
            if not alive_during(department, start, end):
                raise DomainError(_("%(unit)s did not exist at that time.") % {"unit": department.name})
            place = department.province
        elif place.level not in (Level.COMMUNE, Level.PROVINCE):
            raise DomainError(_("Figures are recorded for a commune, a province or a province's department."))
        _existed(place, start, end)
        unit = (place.pk, department.pk if department else None)
        periods = self.periods.setdefault(unit, _Periods())
        # A unit's periods are nested (a year and its quarters) or apart; a period that crosses another
        # (January–March and February–April) would count the same dossiers twice, whichever is kept.
        crossing = periods.crossing(start, end)
        if crossing is not None:
            raise DomainError(
                _(
                    "The period %(start)s–%(end)s overlaps the unit's figures of %(other_start)s–%(other_end)s "
                    "without containing them or lying within them: the same dossiers would be counted twice."
                )
                % {
                    "start": short_date(start),
                    "end": short_date(end),
                    "other_start": short_date(crossing[0]),
                    "other_end": short_date(crossing[1]),
                }
            )
        figure = self.stored.get((*unit, start, end))
        created = figure is None
        if figure is None:
            figure = self.stored[(*unit, start, end)] = Figure(
                place=place, department=department, start=start, end=end
            )
            periods.add(start, end)
        for name, value in zip(_RECORDED, _recorded(figures, source, by), strict=True):
            setattr(figure, name, value)
        after = {
            "unit": department.code if department else place.code,
            "start": str(start),
            "end": str(end),
            "received": figures.received,
            "resolved": figures.resolved,
            "on_time": figures.resolved_on_time,
        }
        self.recorded.append((figure, after))
        return figure, created

    def save(self, *, by: Any) -> None:
        """The checked figures written in batches — new ones created, stored ones replaced — each
        with its audit entry, in the order checked."""
        figures = list({id(f): f for f, _after in self.recorded}.values())
        new = [f for f in figures if f.pk is None]
        replaced = [f for f in figures if f.pk is not None]
        now = timezone.now()
        for f in replaced:
            f.imported_at = now  # update_rows() sets no auto_now
        try:
            with transaction.atomic():
                Figure.objects.bulk_create(new, batch_size=500)
                update_rows(
                    Figure,
                    [*_RECORDED, "imported_at"],
                    [(f.pk, *(getattr(f, n) for n in _RECORDED), now) for f in replaced],
                )
        except IntegrityError:
            # Another import recorded the same unit and period since this one read the stored figures.
            raise Conflict(
                _("Figures of the same unit and period were recorded meanwhile: import again.")
            ) from None
        audit_many(
            {"actor": by, "action": "adminreform.figures_recorded", "obj": f, "after": after}
            for f, after in self.recorded
        )
        self.recorded = []


def stored_figures(places: Iterable[int]) -> Iterator[Figure]:
    """Every figure recorded at `places` (a province's include its departments'), 500 places a query."""
    wanted = sorted(set(places))
    for i in range(0, len(wanted), 500):
        yield from Figure.objects.filter(place_id__in=wanted[i : i + 500])


@transaction.atomic
def figure_record(
    *, by: Any, place: Place, figures: Figures, department: Department | None = None, source: str = ""
) -> tuple[Figure, bool]:
    """Record (or replace) one unit's figures for a period. Returns the figure and whether it is new."""
    unit = department.province if department is not None else place
    book = FigureBook(
        Figure.objects.filter(
            place=unit, department=department, start__lte=figures.end, end__gte=figures.start
        )
    )
    recorded = book.check(by=by, place=place, figures=figures, department=department, source=source)
    book.save(by=by)
    return recorded
