"""Pages: a unit's one-stop desk and figures (public), the office with the import, a unit's desk and a
province's departments."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from danchu.accounts.queries import landing
from danchu.core.access import PUBLIC, STAFF, access, can
from danchu.core.formats import number
from danchu.core.forms import valid
from danchu.core.idempotency import idempotent
from danchu.core.text import query_year
from danchu.places.importing.pages import warn_skipped, warn_unread
from danchu.places.models import Level
from danchu.reporting.exports import csv_table, xlsx_table

from . import exports, importing, queries, services
from .forms import CentreForm, DepartmentForm, ImportForm
from .permissions import may_import, place_for


def _year(request: HttpRequest) -> int:
    this_year = dt.date.today().year
    return query_year(request, first=queries.FIRST_YEAR, last=this_year, default=this_year)


@access(PUBLIC)
def place(request: HttpRequest, code: str) -> HttpResponse:
    unit = place_for(request.user, code)
    year = _year(request)
    figures = queries.figures_of(unit, year)
    return render(
        request,
        "adminreform/place.html",
        {
            "place": unit,
            "year": year,
            "years": range(dt.date.today().year, queries.FIRST_YEAR - 1, -1),
            "centres": queries.centres_of(unit),
            "figures": figures,
            "figures_total": queries.figures_total(figures),
            "totals": queries.area_totals(unit, year) if unit.level < Level.COMMUNE else None,
            "departments": queries.departments_of(unit) if unit.level == Level.PROVINCE else [],
            "centre_form": CentreForm() if can(request.user, "adminreform.manage", unit) else None,
            "department_form": DepartmentForm()
            if can(request.user, "adminreform.departments", unit)
            else None,
        },
    )


FILE_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@access(PUBLIC)
def figures_file(request: HttpRequest, code: str, fmt: str) -> HttpResponse:
    """The page's table of figures, with its total row, as CSV or XLSX."""
    unit = place_for(request.user, code)
    year = _year(request)
    headers, rows = exports.figures_table(unit, year)
    if fmt == "csv":
        body = csv_table(headers, rows)
    else:
        body = xlsx_table(_("Administrative reform %(year)s") % {"year": year}, headers, rows)
    response = HttpResponse(body, content_type=FILE_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="cai-cach-hanh-chinh-{unit.code}-{year}.{fmt}"'
    return response


@access(STAFF)
def office(request: HttpRequest) -> HttpResponse:
    context = {"form": ImportForm(), "may_import": may_import(request.user)}
    return render(request, "adminreform/office.html", context)


@require_POST
@access(STAFF, "each row is checked against its unit (adminreform.manage)")
@idempotent
def import_figures(request: HttpRequest) -> HttpResponse:
    data = valid(ImportForm(request.POST, request.FILES))
    upload = data["file"]
    result = importing.import_figures(
        by=request.user, file=upload, filename=upload.name or "", skip_bad=data["skip_bad"]
    )
    messages.success(
        request,
        _("Imported: %(c)s new rows, %(u)s replaced.")
        % {"c": number(result.created), "u": number(result.updated)},
    )
    warn_unread(request, result.unread_columns)
    warn_skipped(request, result.skipped)
    return redirect("adminreform:office")


@require_POST
@access("adminreform.manage")
@idempotent
def centre(request: HttpRequest, code: str) -> HttpResponse:
    unit = place_for(request.user, code, "adminreform.manage")
    services.centre_record(by=request.user, place=unit, **valid(CentreForm(request.POST)))
    messages.success(request, _("The one-stop desk was recorded."))
    return redirect("adminreform:place", code=unit.code)


@require_POST
@access("adminreform.departments")
@idempotent
def department(request: HttpRequest, code: str) -> HttpResponse:
    province = place_for(request.user, code, "adminreform.departments")
    services.department_add(by=request.user, province=province, **valid(DepartmentForm(request.POST)))
    messages.success(request, _("The department was added."))
    return redirect("adminreform:place", code=province.code)


@access(PUBLIC)
def index(request: HttpRequest) -> HttpResponse:
    """A module root: staff to the office, a resident to their commune's figures, others home."""
    return redirect(landing(request.user, office="adminreform:office", commune="adminreform:place"))
