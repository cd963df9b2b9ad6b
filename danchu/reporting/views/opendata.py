"""Open data: public indicators by commune as CSV and JSON."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from danchu.core.access import PUBLIC, access
from danchu.places.models import Level, Place
from danchu.places.queries import chosen_province, current_provinces

from .. import exports, queries
from ..audience import approved_only
from ..catalogue import all_indicators
from ..periods import Period
from .common import _period


def _open_rows(request: HttpRequest) -> tuple[Period, list[dict[str, Any]]]:
    with approved_only():  # open data, like the public figures: values typed in a form once approved
        return _open_rows_of(request)


def _open_rows_of(request: HttpRequest) -> tuple[Period, list[dict[str, Any]]]:
    period = _period(request)
    province = chosen_province(request)
    scope = province or Place.objects.filter(level=Level.COUNTRY).first()
    if scope is None:
        return period, []
    inds = [i for i in all_indicators() if i.public and i.overlaps(period.start, period.end)]
    out: dict[int, dict[str, Any]] = {}
    if scope.level == Level.PROVINCE:
        communes = list(queries.children(scope))
        for ind in inds:
            for c, res in queries.by_child(ind, scope, period):
                row = out.setdefault(c.pk, {"commune_code": c.code, "commune": c.name, "period": period.code})
                row[ind.code] = res.value
    else:
        communes = list(Place.objects.communes().current().order_by("code"))
        names = {c.pk: c for c in communes}
        from django.db.models import Avg, Sum

        from ..models import IndicatorValue

        for ind in inds:
            if ind.kind != "computed" and ind.kind != "reported":
                continue
            agg = Avg("value") if ind.aggregation == "avg" else Sum("value")
            for r in (
                IndicatorValue.objects.filter(
                    indicator=ind.code,
                    period_start__gte=period.start,
                    period_start__lte=period.end,  # bounds the index range (reporting_iv_country)
                    period_end__lte=period.end,
                    breakdown="",
                    grain=queries.grain(ind, scope),
                    pending=False,
                )
                .values("commune_id")
                .annotate(v=agg)
            ):
                commune = names.get(r["commune_id"]) if r["commune_id"] is not None else None
                if commune is None:
                    continue
                row = out.setdefault(
                    commune.pk, {"commune_code": commune.code, "commune": commune.name, "period": period.code}
                )
                row[ind.code] = r["v"]
    return period, sorted(out.values(), key=lambda r: r["commune_code"])


@access(PUBLIC)
def open_data(request: HttpRequest) -> HttpResponse:
    period = _period(request)
    inds = [i for i in all_indicators() if i.public]
    return render(
        request,
        "reporting/open_data.html",
        {
            "indicators": inds,
            "period": period,
            "province": chosen_province(request),
            "provinces": current_provinces(),
        },
    )


@access(PUBLIC)
def open_data_file(request: HttpRequest, fmt: str) -> HttpResponse:
    period, rows = _open_rows(request)
    codes = [i.code for i in all_indicators() if i.public]
    if fmt == "json":
        resp: HttpResponse = JsonResponse(
            {"period": period.code, "indicators": codes, "communes": rows},
            json_dumps_params={"ensure_ascii": False},
        )
    elif fmt == "csv":
        headers = ["commune_code", "commune", "period", *codes]
        resp = HttpResponse(
            exports.csv_table(headers, [[r.get(h) for h in headers] for r in rows]),
            content_type="text/csv; charset=utf-8",
        )
        resp["Content-Disposition"] = f'attachment; filename="danchu-{period.code}.csv"'
    else:
        raise Http404
    from django.conf import settings

    resp["Cache-Control"] = f"public, max-age={settings.PUBLIC_CACHE_SECONDS}"
    return resp
