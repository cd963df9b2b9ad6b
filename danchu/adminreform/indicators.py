"""Figures of administrative reform, computed from the one-stop figures, desks and the register:
dossiers received and resolved (on time) per commune and per province-level department, online
public services by level, communes with a one-stop desk and with online services (denominator: all
commune-level units of the area on the period's last day)."""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from collections.abc import Callable, Iterator
from typing import Any

from django.db.models import Max, Min, Q
from django.utils.translation import gettext_lazy as _

from danchu.places.models import Level, Place
from danchu.reporting.registry import (
    ComputeRow,
    Grouped,
    Section,
    grouped,
    register_computed,
    register_dimension,
    register_form_part,
    register_ratio,
)

from .models import Centre, Department, Figure, ServiceLevel

# "Administrative reform" once reporting has the section (issue #15 item 3); until then the figures
# stay where the typed-in one-stop figures were (People know).
ADMIN_REFORM = "admin_reform" if "admin_reform" in Section.values else Section.DAN_BIET


def _tiles(figures: list[Figure], start: dt.date, end: dt.date) -> bool:
    """Whether `figures` (sorted) cover start..end day after day, without gap or overlap."""
    day = start
    for f in figures:
        if f.start != day:
            return False
        day = f.end + dt.timedelta(days=1)
    return day == end + dt.timedelta(days=1)


def _once(figures: list[Figure]) -> list[Figure]:
    """Of one unit's figures (nested or apart; services refuse crossing periods), those that count,
    each dossier once: a figure whose shorter figures cover its whole period gives way to them (a year
    and its four quarters: the quarters); otherwise it counts and the figures within it do not (a year
    and three of its quarters: the year, since the quarters would leave the fourth out)."""
    ordered = sorted(figures, key=lambda f: (f.start, -(f.end - f.start).days))
    out: list[Figure] = []
    i = 0
    while i < len(ordered):
        top, j = ordered[i], i + 1
        while j < len(ordered) and ordered[j].end <= top.end:
            j += 1
        inner = _once(ordered[i + 1 : j])
        out.extend(inner if inner and _tiles(inner, top.start, top.end) else [top])
        i = j
    return out


def _counted(start: dt.date, end: dt.date) -> list[Figure]:
    """The figures counted in start..end (a month of the roll-up): a figure counts in the month its
    period ends — a quarter's or a year's export in its last month, so a quarter's or a year's report
    adds it once and a month's report shows it in the month it closed — and each unit's dossiers once
    (`_once`). Every figure of the units concerned that could contain or be contained is read."""
    near = Figure.objects.filter(start__lte=end, end__gte=start)
    units = set(near.values_list("place_id", "department_id"))
    if not units:
        return []
    bounds = near.aggregate(lo=Min("start"), hi=Max("end"))
    pool = Figure.objects.filter(
        place_id__in={p for p, _d in units}, start__gte=bounds["lo"], end__lte=bounds["hi"]
    ).select_related("place", "department")
    by_unit: dict[tuple[int, int | None], list[Figure]] = defaultdict(list)
    for f in pool:
        if (f.place_id, f.department_id) in units:
            by_unit[(f.place_id, f.department_id)].append(f)
    return [f for figures in by_unit.values() for f in _once(figures) if start <= f.end <= end]


def _unit(f: Figure) -> str:
    if f.department_id:
        return f.department.code  # type: ignore[union-attr]
    return "commune" if f.place.level == Level.COMMUNE else "province"


def _summed(field: str) -> Callable[..., Iterator[ComputeRow]]:
    def compute(*, start: dt.date, end: dt.date) -> Iterator[ComputeRow]:
        for f in _counted(start, end):
            yield f.place_id, {"unit": _unit(f)}, getattr(f, field)

    return compute


def _latest(start: dt.date, end: dt.date) -> list[Figure]:
    """Each unit's services offered as of `end` (a stock, not a flow): its figures whose period ended
    in the year to `end`, the last of them — carried into the months after it until the next export,
    so a year's value (its December) is the last one known, never the sum of its quarters'."""
    out: dict[tuple[int, int | None], Figure] = {}
    since = end - dt.timedelta(days=365)
    for f in (
        Figure.objects.filter(end__gt=since, end__lte=end).select_related("place").order_by("end", "start")
    ):
        out[(f.place_id, f.department_id)] = f
    return list(out.values())


def _services(*, start: dt.date, end: dt.date) -> Iterator[ComputeRow]:
    for f in _latest(start, end):
        for level, field in (
            (ServiceLevel.LEVEL_3, "services_level_3"),
            (ServiceLevel.LEVEL_4, "services_level_4"),
            (ServiceLevel.FULL, "services_full"),
            (ServiceLevel.PARTIAL, "services_partial"),
        ):
            n = getattr(f, field)
            if n is not None:
                yield f.place_id, {"level": level.value}, n


def _communes_on(end: dt.date) -> list[int]:
    return list(Place.objects.current(end).filter(level=Level.COMMUNE).values_list("pk", flat=True))


def _communes(*, start: dt.date, end: dt.date) -> Grouped:
    # One row per commune of the register (a count of 1 each), as a grouped query: the roll-up
    # compares it with the stored rows inside the database and writes only what changed, instead of
    # rewriting every commune's row of every month (3,321 communes × 12 months at each refresh).
    return grouped(Place.objects.current(end).filter(level=Level.COMMUNE), place="id")


def _with_centre(*, start: dt.date, end: dt.date) -> Iterator[ComputeRow]:
    open_ = Centre.objects.filter(opened_on__lte=end).filter(
        Q(closed_on__isnull=True) | Q(closed_on__gte=end)
    )
    existing = set(_communes_on(end))
    for pk in set(open_.values_list("place_id", flat=True)) & existing:
        yield pk, {}, 1


def _online(*, start: dt.date, end: dt.date) -> Iterator[ComputeRow]:
    existing = set(_communes_on(end))
    for f in _latest(start, end):
        offered = sum(
            n or 0 for n in (f.services_level_3, f.services_level_4, f.services_full, f.services_partial)
        )
        if f.department_id is None and f.place_id in existing and offered > 0:
            yield f.place_id, {}, 1


def register() -> None:
    # Received, resolved and on time are also typed in the quarterly form by a unit whose one-stop
    # system exports nothing, and for the years before danchu (typed=True): one code per figure, the
    # records counting wherever they have the unit's row for the period (they replaced reporting's
    # typed "onestop.*" twins, issue #15).
    formerly = {
        "received": ("onestop.received", "Hồ sơ thủ tục hành chính tiếp nhận"),
        "resolved": ("onestop.resolved", "Hồ sơ thủ tục hành chính đã giải quyết"),
        "resolved_on_time": ("onestop.resolved_on_time", "Hồ sơ thủ tục hành chính giải quyết đúng hạn"),
    }
    for order, (field, code, name, definition, phrase, typed) in enumerate(
        [
            (
                "received",
                "received",
                _("Dossiers received"),
                _("Administrative-procedure dossiers received in the period, by unit"),
                _("received %(figure)s administrative-procedure dossiers"),
                True,
            ),
            (
                "received_online",
                "received_online",
                _("Dossiers received online"),
                _("Dossiers received through the online public-service portal"),
                "",
                False,
            ),
            (
                "resolved",
                "resolved",
                _("Dossiers resolved"),
                _("Dossiers resolved in the period, by unit"),
                _("resolved %(figure)s dossiers"),
                True,
            ),
            (
                "resolved_on_time",
                "resolved_on_time",
                _("Dossiers resolved on time"),
                _("Dossiers resolved before or on their due date"),
                _("%(figure)s of them on time"),
                True,
            ),
        ],
        start=70,
    ):
        register_computed(
            code=f"adminreform.{code}",
            section=ADMIN_REFORM,
            name=name,
            definition=definition,
            breakdowns=("unit",),
            public=True,
            compute=_summed(field),
            order=order,
            phrase=phrase,
            typed=typed,
            formerly=formerly.get(code, ()),
        )
    register_ratio(
        code="adminreform.resolved_rate",
        section=ADMIN_REFORM,
        name=_("Share of dossiers resolved"),
        numerator="adminreform.resolved",
        denominator="adminreform.received",
        public=True,
        order=73,
        phrase=_("a resolution rate of %(figure)s"),
    )
    register_ratio(
        code="adminreform.on_time_rate",
        section=ADMIN_REFORM,
        name=_("Share of dossiers resolved on time"),
        numerator="adminreform.resolved_on_time",
        denominator="adminreform.resolved",
        public=True,
        order=74,
        phrase=_("resolved on time: %(figure)s"),
    )
    register_ratio(
        code="adminreform.online_rate",
        section=ADMIN_REFORM,
        name=_("Share of dossiers received online"),
        numerator="adminreform.received_online",
        denominator="adminreform.received",
        public=True,
        order=75,
    )
    register_computed(
        code="adminreform.online_services",
        section=ADMIN_REFORM,
        name=_("Online public services offered, by level"),
        definition=_(
            "Services offered at the end of the period, in the terms then in force (levels 3/4, full/partly online)"
        ),
        breakdowns=("level",),
        public=True,
        compute=_services,
        stock=True,  # offered at the end of the period: a year's value is its last month's
        order=76,
        phrase=_("offered %(figure)s online public services"),
        typed=True,
        formerly=("onestop.online_services", "Dịch vụ công trực tuyến mức độ 3, 4 được cung cấp"),
    )
    register_computed(
        code="adminreform.communes",
        section=ADMIN_REFORM,
        name=_("Commune-level units"),
        definition=_(
            "Communes, wards and special zones of the area on the period's last day, from the register"
        ),
        public=True,
        compute=_communes,
        order=77,
        stock=True,  # the register on the period's last day, not the sum of its months
    )
    register_computed(
        code="adminreform.communes_with_desk",
        section=ADMIN_REFORM,
        name=_("Commune-level units with a one-stop desk"),
        definition=_("Units whose one-stop desk was open on the period's last day"),
        public=True,
        compute=_with_centre,
        order=78,
        stock=True,
    )
    register_computed(
        code="adminreform.communes_online",
        section=ADMIN_REFORM,
        name=_("Commune-level units offering online public services"),
        definition=_("Units whose last figures of the period list at least one online service"),
        # Typed 1 by a unit without figures that offers them; of every unit in the register.
        aggregation="count_units",
        public=True,
        compute=_online,
        order=79,
        phrase=_("online public services available in %(figure)s communes"),
        typed=True,
        formerly=("onestop.offers_online", "Số xã, phường triển khai dịch vụ công trực tuyến"),
    )
    register_ratio(
        code="adminreform.online_communes_rate",
        section=ADMIN_REFORM,
        name=_("Share of commune-level units offering online public services"),
        numerator="adminreform.communes_online",
        denominator="adminreform.communes",
        public=True,
        order=80,
        in_report=False,  # the report states "x/y" with communes_online itself
    )
    # The quarterly form asks these of a unit whose one-stop system exports nothing (records win).
    register_form_part(
        key="adminreform",
        form="QCDC-Q",
        codes=[
            "adminreform.received",
            "adminreform.resolved",
            "adminreform.resolved_on_time",
            "adminreform.online_services",
            "adminreform.communes_online",
        ],
        required=["adminreform.received", "adminreform.resolved"],
        rules=[
            ("Hồ sơ đã giải quyết ≤ hồ sơ tiếp nhận", "adminreform.resolved", "<=", "adminreform.received"),
            (
                "Hồ sơ giải quyết đúng hạn ≤ hồ sơ đã giải quyết",
                "adminreform.resolved_on_time",
                "<=",
                "adminreform.resolved",
            ),
        ],
        demo=_demo_values,
    )


def _demo_values(index: int, period: Any, rng: random.Random) -> dict[str, str]:
    """A demo commune's typed quarter (reporting's demo types the forms)."""
    grow = 1.0 + 0.06 * (period.start.year - 2020)
    received = int(rng.randint(900, 1800) * grow * (1 + index * 0.4))
    resolved = received - rng.randint(0, 12)
    return {
        "adminreform.received": str(received),
        "adminreform.resolved": str(resolved),
        "adminreform.resolved_on_time": str(resolved - rng.randint(0, 9)),
        "adminreform.online_services": str(rng.randint(80, 140)),
        "adminreform.communes_online": "1",
    }


def _units() -> dict[str, object]:
    """The communes' desks, the province's own desk, and each department's by its code (_unit)."""
    names: dict[str, object] = {
        "commune": _("communes' one-stop desks"),
        "province": _("province's one-stop desk"),
    }
    names.update(Department.objects.values_list("code", "name"))
    return names


# How the dashboards name the breakdowns of the one-stop figures.
register_dimension(module="adminreform", name="unit", label=_("one-stop desk"), values=_units)
register_dimension(
    module="adminreform", name="level", label=_("level of service"), values=ServiceLevel.choices
)
