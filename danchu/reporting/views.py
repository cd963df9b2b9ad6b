"""Pages of reporting: dashboards, completeness, data entry, drafted reports, open data."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from danchu.accounts.permissions import can_read_place, readable_places
from danchu.core.access import PUBLIC, STAFF, access
from danchu.core.errors import DomainError
from danchu.places.models import Level, Place

from . import exports, permissions, queries, services
from .catalogue import all_indicators, get_indicator
from .completeness import completeness, forms_for
from .models import DraftReport, ReportForm, Submission
from .periods import Period, PeriodType, parse
from .registry import Section


def staff_required(view: Any) -> Any:
    """Anonymous people are sent to sign in; signed-in non-staff get 404 (scope is checked inside)."""
    from functools import wraps

    from django.contrib.auth.views import redirect_to_login

    from danchu.accounts.permissions import is_staff

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not is_staff(request.user):
            raise Http404
        return view(request, *args, **kwargs)

    return wrapper


def _place(request: HttpRequest, code: str) -> Place:
    """A place the person may read as staff; 404 for missing and forbidden alike."""
    place = Place.objects.filter(code=code).first()
    if place is None or not can_read_place(request.user, place):
        raise Http404
    return place


def _period(request: HttpRequest, default_type: str = PeriodType.YEAR) -> Period:
    code = request.GET.get("period") or request.POST.get("period")
    if code:
        try:
            return parse(code)
        except DomainError:
            pass
    today = timezone.localdate()
    return Period.containing(today, default_type)


def _submission(request: HttpRequest, pk: int) -> Submission:
    sub = Submission.objects.filter(pk=pk).select_related("form", "place").first()
    if sub is None or not can_read_place(request.user, sub.place):
        raise Http404
    return sub


def _report(request: HttpRequest, pk: int) -> DraftReport:
    report = DraftReport.objects.filter(pk=pk).select_related("place").first()
    if report is None or not can_read_place(request.user, report.place):
        raise Http404
    return report


def approx_position(place: Place, parent: Place | None) -> tuple[float, float, bool]:
    """(lat, lng, approximate): a place's coordinates, or a stable position derived from its code
    around its parent's (or Vietnam's centre) when it has none."""
    if place.latitude is not None and place.longitude is not None:
        return place.latitude, place.longitude, False
    base_lat, base_lng = 14.06, 108.28  # the middle of Viet Nam
    if parent is not None and parent.latitude is not None and parent.longitude is not None:
        base_lat, base_lng = parent.latitude, parent.longitude
    h = hashlib.sha256(place.code.encode()).digest()
    spread = 0.35 if place.level == Level.COMMUNE else 0.05 if place.level == Level.VILLAGE else 3.0
    return base_lat + (h[0] / 255 - 0.5) * spread, base_lng + (h[1] / 255 - 0.5) * spread, True


@access(STAFF)
@staff_required
def home(request: HttpRequest) -> HttpResponse:
    places = list(
        readable_places(request.user).filter(level__lte=Level.COMMUNE).order_by("level", "name")[:1]
    )
    if not places:
        raise Http404
    return redirect("reporting:dashboard", code=places[0].code)


@access(STAFF)
@staff_required
def dashboard(request: HttpRequest, code: str) -> HttpResponse:
    place = _place(request, code)
    period = _period(request)
    inds = [i for i in all_indicators() if i.overlaps(period.start, period.end)]
    figs = [f for f in queries.figures(inds, place, period) if f.current.value is not None]
    chosen = get_indicator(request.GET.get("indicator", "")) or next(
        (f.indicator for f in figs if f.indicator.kind == "computed" and f.indicator.aggregation == "sum"),
        figs[0].indicator if figs else None,
    )
    rows = queries.by_child(chosen, place, period) if chosen else []
    points, approximate = [], False
    for child, result in rows:
        lat, lng, approx = approx_position(child, place)
        approximate |= approx
        points.append(
            {
                "name": child.name,
                "code": child.code,
                "lat": lat,
                "lng": lng,
                "value": result.value,
                "text": result.text(chosen.unit) if chosen else "",
            }
        )
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
        "rows": rows,
        "breakdowns": queries.breakdowns(chosen, place, period) if chosen else [],
        "ancestors": [a for a in place.ancestors() if can_read_place(request.user, a)],
        "chart": {
            "labels": [t[0] for t in trend],
            "current": [t[1] for t in trend],
            "previous": [t[1] for t in trend_prev][: len(trend)],
            "label_current": period.name("vi"),
            "label_previous": period.same_period_last_year().name("vi"),
        },
        "map": {"points": points, "tiles": _tile_url()},
        "approximate": approximate,
        "completeness": status,
        "last_refresh": queries.last_refresh(),
        "periods": _period_choices(period),
        "sections": dict(Section.choices),
        "can_draft": permissions.can_draft_report(request.user, place),
        "reports": DraftReport.objects.filter(place=place).order_by("-created_at")[:5],
    }
    return render(request, "reporting/dashboard.html", context)


def _by_section(figs: list[queries.Figure]) -> list[tuple[str, list[queries.Figure]]]:
    labels = dict(Section.choices)
    groups: dict[str, list[queries.Figure]] = {}
    for f in figs:
        groups.setdefault(f.indicator.section, []).append(f)
    return [(str(labels.get(key, key)), items) for key, items in groups.items()]


def _tile_url() -> str:
    from django.conf import settings

    return getattr(settings, "MAP_TILE_URL", "")


def _period_choices(period: Period) -> list[Period]:
    year = timezone.localdate().year
    out = []
    for y in (year, year - 1):
        out.append(Period.year(y))
        out += [Period.six_months(y, h) for h in (1, 2)]
        out += [Period.quarter(y, q) for q in (1, 2, 3, 4)]
    if period not in out:
        out.insert(0, period)
    return out


@access(STAFF)
@staff_required
@require_POST
def refresh(request: HttpRequest, code: str) -> HttpResponse:
    place = _place(request, code)
    period = _period(request)
    from .tasks import refresh_now

    refresh_now(period.code)
    messages.success(request, _("The figures are being refreshed; reload the page in a moment."))
    return redirect(f"{place_url(place)}?period={period.code}")


def place_url(place: Place) -> str:
    from django.urls import reverse

    return reverse("reporting:dashboard", kwargs={"code": place.code})


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
            [_("Dimension"), _("Category"), _("Value")],
            [list(r) for r in queries.breakdowns(ind, place, period)],
        )
    return (
        str(ind.name),
        [_("Place"), _("Code"), str(ind.name), _("Numerator"), _("Denominator")],
        [[c.name, c.code, r.value, r.num, r.den] for c, r in queries.by_child(ind, place, period)],
    )


@access(STAFF)
@staff_required
def export_table(request: HttpRequest, code: str, table: str, fmt: str) -> HttpResponse:
    place = _place(request, code)
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
@staff_required
def completeness_page(request: HttpRequest, code: str) -> HttpResponse:
    place = _place(request, code)
    forms = forms_for(place)
    form = next((f for f in forms if f.code == request.GET.get("form")), forms[0] if forms else None)
    if form is None:
        return render(request, "reporting/completeness.html", {"place": place, "forms": [], "status": None})
    period = _period(request, form.period_type)
    if period.type != form.period_type:
        period = Period.containing(period.start, form.period_type)
    status = completeness(form, place, period)
    for u in status.units:
        u.can_approve = bool(u.submission and permissions.can_approve(request.user, u.submission))  # type: ignore[attr-defined]
    return render(
        request,
        "reporting/completeness.html",
        {
            "place": place,
            "forms": forms,
            "form": form,
            "period": period,
            "status": status,
            "previous": period.previous(),
            "next": period.next(),
        },
    )


@access("reporting.enter")
@staff_required
def entry(request: HttpRequest, form_code: str, code: str, period_code: str) -> HttpResponse:
    place = _place(request, code)
    form = get_object_or_404(ReportForm, code=form_code)
    try:
        sub = services.submission_open(form=form, place=place, period=parse(period_code))
    except DomainError as e:
        messages.error(request, e.message)
        return redirect("reporting:completeness", code=place.code)
    errors: dict[str, str] = {}
    raw: dict[str, str] = {}
    if request.method == "POST":
        action = request.POST.get("action", "save")
        raw = {e.code: request.POST[e.code] for e in form.elements.all() if e.code in request.POST}
        try:
            if action == "decide":
                services.submission_decide(
                    actor=request.user,
                    submission=sub,
                    approve=request.POST.get("decision") == "approve",
                    comment=request.POST.get("comment", ""),
                )
                messages.success(request, _("Decision recorded."))
                return redirect(request.path)
            if raw:
                errors = services.submission_save(actor=request.user, submission=sub, raw=raw)
            if request.headers.get("HX-Request"):
                return JsonResponse({"errors": errors}, status=200 if not errors else 422)
            if not errors and action == "submit":
                services.submission_submit(actor=request.user, submission=sub)
                messages.success(request, _("Submitted. The province will review it."))
                return redirect(request.path)
            if not errors:
                messages.success(request, _("Saved."))
                return redirect(request.path)
        except DomainError as e:
            if request.headers.get("HX-Request"):
                return JsonResponse({"errors": {"__all__": e.message}}, status=e.status)
            messages.error(request, e.message)
    sub.refresh_from_db()
    stored = {v.code: v.value for v in sub.values.filter(breakdown="")}
    fields = []
    for el in form.elements.all():
        ind = get_indicator(el.code)
        fields.append(
            {
                "code": el.code,
                "name": ind.name if ind else el.code,
                "unit": ind.unit if ind else "",
                "required": el.required,
                "error": errors.get(el.code, ""),
                "value": raw.get(
                    el.code, "" if (sv := stored.get(el.code)) is None else f"{sv.normalize():f}"
                ),
            }
        )
    return render(
        request,
        "reporting/entry.html",
        {
            "form": form,
            "place": place,
            "submission": sub,
            "fields": fields,
            "rules": form.rules.all(),
            "can_enter": permissions.can_enter(request.user, sub) and not sub.locked,
            "can_approve": sub.status == Submission.Status.SUBMITTED
            and permissions.can_approve(request.user, sub),
            "draft_key": f"danchu-entry-{form.code}-{place.code}-{sub.period.code}",
        },
        status=422 if errors else 200,
    )


@access(STAFF)
@staff_required
def catalogue(request: HttpRequest) -> HttpResponse:
    sections = dict(Section.choices)
    rows = [(i, sections.get(i.section, i.section)) for i in all_indicators()]
    return render(request, "reporting/catalogue.html", {"rows": rows})


@access("reporting.draft_report")
@staff_required
def report_new(request: HttpRequest, code: str) -> HttpResponse:
    place = _place(request, code)
    if request.method != "POST":
        return redirect("reporting:dashboard", code=place.code)
    from danchu.accounts.models import Body

    committee = Body.objects.filter(place=place, kind=Body.Kind.STEERING_COMMITTEE).first()
    try:
        report = services.report_draft(
            actor=request.user, place=place, period=_period(request), committee=committee
        )
    except DomainError as e:
        messages.error(request, e.message)
        return redirect("reporting:dashboard", code=place.code)
    return redirect("reporting:report", pk=report.pk)


@access("reporting.draft_report")
@staff_required
def report(request: HttpRequest, pk: int) -> HttpResponse:
    rep = _report(request, pk)
    if request.method == "POST":
        try:
            if request.POST.get("action") == "issue":
                services.report_issue(actor=request.user, report=rep)
                messages.success(request, _("Version %(v)s issued and archived.") % {"v": rep.version})
                return redirect("reporting:report", pk=rep.pk)
            texts = {s.key: request.POST.get(f"section-{s.key}", s.text) for s in rep.sections.all()}
            header = {
                f: request.POST.get(f)
                for f in (
                    "title",
                    "number",
                    "issuer",
                    "parent_issuer",
                    "place_name",
                    "signer_title",
                    "signer_name",
                    "recipients",
                )
            }
            new = services.report_update(actor=request.user, report=rep, sections=texts, header=header)
            messages.success(request, _("Saved."))
            return redirect("reporting:report", pk=new.pk)
        except DomainError as e:
            messages.error(request, e.message)
    section_list = list(rep.sections.prefetch_related("sentences"))
    versions = DraftReport.objects.filter(
        place=rep.place, period_start=rep.period_start, period_end=rep.period_end
    ).order_by("-version")
    return render(
        request,
        "reporting/report.html",
        {
            "report": rep,
            "sections": section_list,
            "versions": versions,
            "can_edit": permissions.can_draft_report(request.user, rep.place),
        },
    )


@access(STAFF)
@staff_required
def report_download(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    rep = _report(request, pk)
    name = f"bao-cao-{rep.place.code}-{rep.period.code}-v{rep.version}.{fmt}"
    if fmt == "docx":
        resp = HttpResponse(
            exports.docx_bytes(rep),
            content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        )
    elif fmt == "pdf":
        resp = HttpResponse(exports.pdf_bytes(rep), content_type="application/pdf")
    elif fmt == "xlsx":
        tables = []
        for code_ in ("cases.received", "onestop.received", "pib.matters_supervised", "ntm.criteria_met"):
            ind = get_indicator(code_)
            if ind is not None:
                rows = [(c.name, r.value) for c, r in queries.by_child(ind, rep.place, rep.period)]
                if any(v is not None for _, v in rows):
                    tables.append((str(ind.name), rows))
        resp = HttpResponse(
            exports.xlsx_annex(rep, tables),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    else:
        raise Http404
    resp["Content-Disposition"] = f'attachment; filename="{name}"'
    return resp


# --- open data ------------------------------------------------------------------------------------


def _open_rows(request: HttpRequest) -> tuple[Period, list[dict[str, Any]]]:
    period = _period(request)
    province = Place.objects.filter(code=request.GET.get("province", ""), level=Level.PROVINCE).first()
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

        from .models import IndicatorValue

        for ind in inds:
            if ind.kind != "computed" and ind.kind != "reported":
                continue
            agg = Avg("value") if ind.aggregation == "avg" else Sum("value")
            for r in (
                IndicatorValue.objects.filter(
                    indicator=ind.code,
                    period_start__gte=period.start,
                    period_end__lte=period.end,
                    breakdown="",
                    grain=queries.grain(ind, scope),
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
            "provinces": Place.objects.provinces().current().order_by("name"),
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

    resp["Cache-Control"] = f"public, max-age={getattr(settings, 'PUBLIC_CACHE_SECONDS', 60)}"
    return resp


def chart_json(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False)
