"""The case list for daily work: search, filters, real pagination, CSV/XLSX export of the filtered list."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from danchu.core.access import STAFF, access, can
from danchu.core.calendar import Calendar
from danchu.core.calendar import today as vn_today
from danchu.core.errors import DomainError
from danchu.core.office import few
from danchu.core.paging import page_for

from .. import exports, queries
from ..models import State
from ..permissions import FULL, unit_for, visibility
from ..types import CASE_TYPES

PER_PAGE = 50


def _day(value: str) -> dt.date | None:
    """A date of the filter, or a refusal: a date that cannot be read is never dropped in silence (the
    list, or an export, would hold every case while the person believes it filtered)."""
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise DomainError(
            _("“%(value)s” is not a date: choose it in the calendar (day/month/year).")
            % {"value": value[:20]},
            code="date",
        ) from None


def _filtered(request: HttpRequest) -> tuple[Any, Any]:
    q = request.GET
    unit = unit_for(request.user, q["unit"]) if q.get("unit") else None
    received_from, received_to = _day(q.get("from", "")), _day(q.get("to", ""))
    if received_from and received_to and received_from > received_to:
        raise DomainError(_("The first date of the period is after the last."), code="date")
    qs = queries.staff_cases(
        request.user,
        unit=unit,
        state=q.get("state", "open"),
        timeliness=q.get("t", ""),
        case_type=q.get("type", ""),
        text=q.get("q", ""),
        received_from=received_from,
        received_to=received_to,
    )
    return qs, unit


@access(STAFF, "the cases the person sees (need-to-know by case type and role)", below="accounts:home")
def staff_list(request: HttpRequest) -> HttpResponse:
    qs, unit = _filtered(request)
    page = page_for(request, qs, PER_PAGE)
    today, cal = vn_today(), Calendar()
    rows = [(c, c.timeliness(today, cal), visibility(request.user, c) == FULL) for c in page.object_list]
    params = request.GET.copy()
    params.pop("page", None)
    units = queries.handled_units(request.user)
    context = {
        "cases": rows,
        "page": page,
        "query": params.urlencode(),
        "units": units,
        "few_units": few(units),  # a dashboard link for each unit, else one (its page picks the unit)
        "unit": unit,
        "q": request.GET,
        "types": list(CASE_TYPES),
        "states": State.choices,
        "can_manage_authority": can(request.user, "cases.manage_authority"),
        # The Front and the inspection board read cases here but keep no reception office.
        "can_open_office": can(request.user, "cases.open_office"),
    }
    return render(request, "cases/staff_list.html", context)


@access(STAFF, "the filtered case list as a file, with only what the person reads of each case")
def staff_export(request: HttpRequest, fmt: str) -> HttpResponse:
    if fmt not in exports.FORMATS:
        raise DomainError(exports.unknown_format(), code="format", status=404)
    qs, _unit = _filtered(request)
    return exports.case_list(request.user, qs, fmt)
