"""The pivot table: indicators × places (the place itself or the places one level below) × periods,
as a table and a chart, exported to CSV or XLSX — for the analyst who wants more than the dashboard."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from danchu.core.access import STAFF, access
from danchu.core.text import quoted

from .. import exports, queries
from ..catalogue import all_indicators, get_indicator
from ..formatting import number
from ..periods import Period, parse_many
from ..permissions import place_for
from ..registry import Indicator

MAX_INDICATORS = 8
MAX_PERIODS = 8


def _choices(request: HttpRequest) -> tuple[list[Indicator], list[Period], str, list[str]]:
    """The indicators, periods and rows asked for, and what is wrong with the asking: a code that names
    no indicator or period, or more than the table takes, is said on the page (never dropped in
    silence, never replaced by this year)."""
    problems: list[str] = []
    codes = request.GET.getlist("indicator")
    if len(codes) > MAX_INDICATORS:
        problems.append(
            _("Choose at most %(n)s indicators (%(m)s were chosen).") % {"n": MAX_INDICATORS, "m": len(codes)}
        )
    inds: list[Indicator] = []
    for c in codes[:MAX_INDICATORS]:
        if (i := get_indicator(c)) is None:
            problems.append(_("There is no indicator with the code “%(code)s”.") % {"code": quoted(c)})
        elif i not in inds:
            inds.append(i)
    year = timezone.localdate().year
    asked = request.GET.getlist("period")
    if len(asked) > MAX_PERIODS:
        problems.append(
            _("Choose at most %(n)s periods (%(m)s were chosen).") % {"n": MAX_PERIODS, "m": len(asked)}
        )
    periods, wrong = parse_many(asked[:MAX_PERIODS])
    problems += wrong
    rows = "self" if request.GET.get("rows") == "self" else "children"
    return inds, periods or [Period.year(year - 1), Period.year(year)], rows, problems


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
    inds, periods, rows_by, problems = _choices(request)
    headers = [_("Place"), _("Period")] + [str(i.name) for i in inds]
    rows = pivot_rows(place, inds, periods, rows_by) if inds and not problems else []
    fmt = request.GET.get("format")
    if fmt in ("csv", "xlsx") and inds and not problems:
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
            # What was chosen stays chosen, also past the limit: the person unticks one, not all again.
            "chosen": set(request.GET.getlist("indicator")),
            "periods": [(p.code, p.name("vi")) for p in period_choices],
            "chosen_periods": set(request.GET.getlist("period")) or {p.code for p in periods},
            "rows_by": rows_by,
            "headers": headers,
            "rows": [r[:2] + [number(v) if v is not None else None for v in r[2:]] for r in rows],
            "chart": chart,
            "query": request.GET.urlencode(),
            "problems": problems,
        },
        status=400 if problems else 200,
    )
