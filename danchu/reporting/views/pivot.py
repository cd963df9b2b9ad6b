"""The pivot table: indicators × places (the place itself or the places one level below) × periods,
as a table and a chart, exported to CSV or XLSX — for the analyst who wants more than the dashboard."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from danchu.core.access import STAFF, access

from .. import exports, queries
from ..catalogue import all_indicators, get_indicator
from ..formatting import number
from ..periods import Period, parse_or
from ..permissions import place_for
from ..registry import Indicator

MAX_INDICATORS = 8
MAX_PERIODS = 8


def _choices(request: HttpRequest) -> tuple[list[Indicator], list[Period], str]:
    inds = [
        i for c in request.GET.getlist("indicator")[:MAX_INDICATORS] if (i := get_indicator(c)) is not None
    ]
    year = timezone.localdate().year
    periods = []
    for code in request.GET.getlist("period")[:MAX_PERIODS]:
        p = parse_or(code, Period.year(year))  # a period the form did not offer: this year
        if p not in periods:
            periods.append(p)
    rows = "self" if request.GET.get("rows") == "self" else "children"
    return inds, periods or [Period.year(year - 1), Period.year(year)], rows


def pivot_rows(place: Any, inds: list[Indicator], periods: list[Period], rows: str) -> list[list[Any]]:
    """[place name, period name, value of each indicator…] (None where there is no figure)."""
    out: list[list[Any]] = []
    for period in periods:
        if rows == "self":
            got = queries.many(inds, place, period)
            out.append([place.name, period.name("vi")] + [got[i.code].value for i in inds])
            continue
        columns = [dict((k.pk, r.value) for k, r in queries.by_child(i, place, period)) for i in inds]
        for kid in queries.children(place):
            out.append([kid.name, period.name("vi")] + [col.get(kid.pk) for col in columns])
    return out


@access(STAFF)
def pivot(request: HttpRequest, code: str) -> HttpResponse:
    place = place_for(request.user, code)
    inds, periods, rows_by = _choices(request)
    headers = [_("Place"), _("Period")] + [str(i.name) for i in inds]
    rows = pivot_rows(place, inds, periods, rows_by) if inds else []
    fmt = request.GET.get("format")
    if fmt in ("csv", "xlsx") and inds:
        name = f"pivot-{place.code}.{fmt}"
        if fmt == "csv":
            resp = HttpResponse(exports.csv_table(headers, rows), content_type="text/csv; charset=utf-8")
        else:
            resp = HttpResponse(
                exports.xlsx_table(_("Pivot table"), headers, rows),
                content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            )
        resp["Content-Disposition"] = f'attachment; filename="{name}"'
        return resp
    chart = {
        "labels": [f"{r[0]} — {r[1]}" for r in rows],
        "datasets": [{"label": str(i.name), "data": [r[2 + n] for r in rows]} for n, i in enumerate(inds)],
    }
    year = timezone.localdate().year
    period_choices = [Period.year(y) for y in range(year, year - 6, -1)] + [
        Period.quarter(y, q) for y in (year, year - 1) for q in (1, 2, 3, 4)
    ]
    return render(
        request,
        "reporting/pivot.html",
        {
            "place": place,
            "indicators": [i for i in all_indicators()],
            "chosen": {i.code for i in inds},
            "periods": [(p.code, p.name("vi")) for p in period_choices],
            "chosen_periods": {p.code for p in periods},
            "rows_by": rows_by,
            "headers": headers,
            "rows": [r[:2] + [number(v) if v is not None else None for v in r[2:]] for r in rows],
            "chart": chart,
            "query": request.GET.urlencode(),
        },
    )
