"""Dashboards, drill-down tables, completeness and the indicator catalogue."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_POST

from danchu.accounts.permissions import can_read_place, readable_places
from danchu.core.access import PUBLIC, STAFF, access
from danchu.core.errors import NotFound
from danchu.core.paths import url_prefix
from danchu.core.text import quoted
from danchu.places.models import Level, Place

from .. import exports, permissions, queries, services
from ..catalogue import all_indicators, get_indicator
from ..completeness import completeness, forms_for
from ..models import Submission
from ..periods import Period
from ..permissions import place_for
from ..registry import Section, dimension, labelled_breakdowns
from .common import (
    _by_section,
    _period,
    _period_choices,
    _tile_url,
    place_url,
)
from .public import public_figures


@access(PUBLIC, "staff go to their dashboard; everyone else reads the public figures")
def home(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        places = list(
            readable_places(request.user).filter(level__lte=Level.COMMUNE).order_by("level", "path")[:1]
        )
        if places:  # the period or figure asked for goes along
            query = "?" + request.GET.urlencode() if request.GET else ""
            return redirect(reverse("reporting:dashboard", args=[places[0].code]) + query)
    return public_figures(request)


@access(STAFF)
def dashboard(request: HttpRequest, code: str) -> HttpResponse:
    place = place_for(request.user, code)
    period = _period(request)
    inds = [i for i in all_indicators() if i.overlaps(period.start, period.end)]
    figs = [f for f in queries.figures(inds, place, period) if f.current.value is not None]
    asked = request.GET.get("indicator", "")
    if asked and get_indicator(asked) is None:  # not the first figure instead, in silence
        message = _("There is no indicator with the code “%(code)s”.") % {"code": quoted(asked)}
        raise NotFound(message, status=400)
    chosen = get_indicator(asked) or next(
        (f.indicator for f in figs if f.indicator.kind == "computed" and f.indicator.aggregation == "sum"),
        figs[0].indicator if figs else None,
    )
    rows = queries.by_child(chosen, place, period) if chosen else []
    unit = chosen.unit if chosen else "count"
    # A click on a place of the map drills down as its row of the table does (same period and figure).
    query = f"?period={period.code}&indicator={chosen.code}" if chosen else f"?period={period.code}"
    prefix = url_prefix("reporting:dashboard", "code")  # one reverse(), not one per commune
    # (place, figure's text, link): each figure formatted once, for the table and the map.
    links = [(child, r.text(unit), f"{prefix}{child.code}/{query}") for child, r in rows]
    # The table's rows written out here, escaped as the template would: through the template's loop a
    # province's ~100 communes took 0.6 of the page's 2.6 ms of rendering (issue #17, measured).
    row_html = format_html_join(
        "",
        '<tr><td><a href="{}">{}</a></td><td class="num">{}</td></tr>',
        ((u, c.name, t) for c, t, u in links),
    )
    values = {
        child.code: {"value": r.value, "text": text, "url": url}
        for (child, r), (_child, text, url) in zip(rows, links, strict=True)
    }
    # Never a made-up position: a place without coordinates is in the table, not on the map.
    points = [
        {"name": child.name, "code": child.code, "lat": child.latitude, "lng": child.longitude}
        for child, _r in rows
        if child.latitude is not None and child.longitude is not None
    ]
    trend = queries.trend(chosen, place, period) if chosen else []
    trend_prev = queries.trend(chosen, place, period.same_period_last_year()) if chosen else []
    status = [
        completeness(f, place, f_period)
        for f in forms_for(place)
        if (f_period := Period.containing(timezone.localdate(), f.period_type).previous())
    ]
    context = {
        "place": place,
        "period": period,
        "figures": figs,
        "figure_groups": _by_section(figs),
        "chosen": chosen,
        "rows": links,
        "row_html": row_html,
        "breakdowns": labelled_breakdowns(chosen.code, queries.breakdowns(chosen, place, period))
        if chosen
        else [],
        "ancestors": [a for a in place.ancestors() if can_read_place(request.user, a)],
        "chart": {
            "labels": [t[0] for t in trend],
            "current": [t[1] for t in trend],
            "previous": [t[1] for t in trend_prev][: len(trend)],
            "label_current": str(period),
            "label_previous": str(period.same_period_last_year()),
        },
        "map": {
            "points": points,
            "values": values,
            "tiles": _tile_url(),
            # The country's children are the provinces: their shapes (points if not built).
            "shapes": reverse("places:map_provinces") if place.level == Level.COUNTRY else "",
        },
        "unplaced": 0 if place.level == Level.COUNTRY else len(rows) - len(points),
        "completeness": status,
        "last_refresh": queries.last_refresh(),
        "periods": _period_choices(period),
        "sections": dict(Section.choices),
        "can_draft": permissions.can_draft_report(request.user, place),
        "reports": queries.recent_reports(place),
        "reports_below": queries.signed_below(place) if place.level < Level.COMMUNE else [],
    }
    return render(request, "reporting/dashboard.html", context)


@access(STAFF)
@require_POST
def refresh(request: HttpRequest, code: str) -> HttpResponse:
    place = place_for(request.user, code)
    period = _period(request)
    from ..tasks import ask_refresh

    if ask_refresh(period.code):
        messages.success(request, _("The figures are being refreshed; reload the page in a moment."))
    else:
        messages.info(
            request,
            _("A refresh of these figures was asked for a few minutes ago; reload the page in a moment."),
        )
    return redirect(f"{place_url(place)}?period={period.code}")


def _table(
    request: HttpRequest, place: Place, period: Period, table: str
) -> tuple[str, list[str], list[list[Any]]]:
    if table == "figures":
        inds = all_indicators()
        figs = queries.figures(inds, place, period)
        return (
            _("Key figures"),
            [_("Code"), _("Indicator"), _("Value"), _("Same period last year"), _("Change")],
            [
                [f.indicator.code, str(f.indicator.name), f.current.value, f.previous.value, f.change_text]
                for f in figs
                if f.current.value is not None
            ],
        )
    ind = get_indicator(request.GET.get("indicator", ""))
    if ind is None:
        raise Http404
    if table == "breakdowns":
        return (
            str(ind.name),
            [_("Dimension"), pgettext("breakdown", "Category"), _("Value")],
            [list(r) for r in labelled_breakdowns(ind.code, queries.breakdowns(ind, place, period))],
        )
    return (
        str(ind.name),
        [_("Place"), _("Code"), str(ind.name), _("Numerator"), _("Denominator")],
        [[c.name, c.code, r.value, r.num, r.den] for c, r in queries.by_child(ind, place, period)],
    )


@access(STAFF)
def export_table(request: HttpRequest, code: str, table: str, fmt: str) -> HttpResponse:
    place = place_for(request.user, code)
    period = _period(request)
    if table not in ("figures", "children", "breakdowns") or fmt not in ("xlsx", "csv"):
        raise Http404
    title, headers, rows = _table(request, place, period, table)
    name = f"{table}-{place.code}-{period.code}.{fmt}"
    if fmt == "csv":
        resp = HttpResponse(exports.csv_table(headers, rows), content_type="text/csv; charset=utf-8")
    else:
        resp = HttpResponse(
            exports.xlsx_table(title, headers, rows, chart_col=3 if table == "children" else None),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    resp["Content-Disposition"] = f'attachment; filename="{name}"'
    return resp


@access(STAFF)
def completeness_page(request: HttpRequest, code: str) -> HttpResponse:
    place = place_for(request.user, code)
    forms = forms_for(place)
    form = next((f for f in forms if f.code == request.GET.get("form")), forms[0] if forms else None)
    if form is None:
        return render(request, "reporting/completeness.html", {"place": place, "forms": [], "status": None})
    period = _period(request, form.period_type)
    if period.type != form.period_type:
        period = Period.containing(period.start, form.period_type)
    if request.method == "POST" and request.POST.get("action") == "accept":
        # The level above accepts the units' approved data for the period: locked below it. A
        # refusal rises to the middleware (its status with this page again).
        done = services.submissions_accept(actor=request.user, place=place, period=period)
        messages.success(request, _("%(n)s approved report(s) accepted and locked.") % {"n": done})
        return redirect(f"{request.path}?form={form.code}&period={period.code}")
    status = completeness(form, place, period)
    for u in status.units:
        u.can_approve = bool(u.submission and permissions.can_approve(request.user, u.submission))  # type: ignore[attr-defined]
        # The entry page's own check: a link only where it opens (the Front and the boards read the
        # completeness, not a unit's figures).
        u.can_open = u.can_approve or permissions.can_enter(  # type: ignore[attr-defined]
            request.user, u.submission or Submission(form=form, place=u.place)
        )
    return render(
        request,
        "reporting/completeness.html",
        {
            "place": place,
            "forms": forms,
            "form": form,
            "period": period,
            "status": status,
            "can_accept": permissions.can_accept(request.user, place),
            "previous": period.previous(),
            "next": period.next(),
        },
    )


@access(STAFF)
def catalogue(request: HttpRequest) -> HttpResponse:
    """Every indicator by its name first; codes (which the API and imports use) in <code> beside it,
    formulas as the names of their parts, aggregations and breakdowns in words."""
    sections = dict(Section.choices)
    aggregations = {
        "sum": _("added up"),
        "avg": _("averaged over the units"),
        "count_units": _("units counted (x/y)"),
    }
    rows = []
    for i in all_indicators():
        parts = []
        for code in (i.numerator, i.denominator) if i.kind == "ratio" else ():
            found = get_indicator(code)
            parts.append({"code": code, "name": str(found.name) if found is not None else ""})
        rows.append(
            {
                "indicator": i,
                "section": sections.get(i.section, i.section),
                "parts": parts,
                "aggregation": aggregations.get(i.aggregation, ""),
                "breakdowns": [
                    {"code": b, "name": str(d.label) if (d := dimension(i.code, b)) is not None else ""}
                    for b in i.breakdowns
                ],
            }
        )
    return render(request, "reporting/catalogue.html", {"rows": rows})
