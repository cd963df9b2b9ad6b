"""Pages: a unit's new-rural status (public), the office with the import, a commune's assessment and
evidence, a recognition, and an evidence file (staff reading the commune)."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from danchu.accounts.permissions import can_read_place
from danchu.accounts.queries import landing
from danchu.core.access import PUBLIC, STAFF, access, can
from danchu.core.files import serve_protected
from danchu.core.formats import number
from danchu.core.forms import valid
from danchu.core.idempotency import idempotent
from danchu.core.text import query_year
from danchu.places.importing import samples
from danchu.places.importing.pages import warn_skipped, warn_unread
from danchu.places.models import Level

from . import importing, queries, services
from .checks import FIRST_YEAR
from .forms import AssessForm, ImportForm, RecogniseForm
from .models import CriteriaSet
from .permissions import evidence_for, place_for


def _year(request: HttpRequest) -> int:
    this_year = dt.date.today().year
    return query_year(request, first=FIRST_YEAR, last=this_year, default=this_year)


@access(PUBLIC)
def place(request: HttpRequest, code: str) -> HttpResponse:
    unit = place_for(request.user, code)
    year = _year(request)
    context: dict[str, object] = {
        "place": unit,
        "year": year,
        "years": range(dt.date.today().year, FIRST_YEAR - 1, -1),
    }
    if unit.level == Level.COMMUNE:
        recognitions, assessments = queries.unit_history(unit)
        context.update(
            recognitions=recognitions,
            assessments=assessments,
            evidence_visible=can_read_place(request.user, unit),
            assess_form=AssessForm() if can(request.user, "newrural.assess", unit) else None,
        )
    else:
        context["figures"] = queries.area_figures(unit, year)
    if can(request.user, "newrural.recognise", unit):
        context["recognise_form"] = RecogniseForm()
    return render(request, "newrural/place.html", context)


@access(STAFF)
def office(request: HttpRequest) -> HttpResponse:
    sets = CriteriaSet.objects.prefetch_related("criteria")
    return render(
        request,
        "newrural/office.html",
        {"form": ImportForm(), "sets": sets, "columns": [c[0] for c in importing.SAMPLE_COLUMNS]},
    )


@access(STAFF)
def import_sample(request: HttpRequest) -> HttpResponse:
    """The import's sample workbook: the header as the import reads it and a guide sheet."""
    return samples.download(importing.records_sample(), "mau-nong-thon-moi.xlsx")


@require_POST
@access(STAFF, "each row is checked against the rows' units (newrural.assess / newrural.recognise)")
@idempotent
def import_records(request: HttpRequest) -> HttpResponse:
    data = valid(ImportForm(request.POST, request.FILES))
    upload = data["file"]
    result = importing.import_records(
        by=request.user, file=upload, filename=upload.name or "", skip_bad=data["skip_bad"]
    )
    messages.success(
        request,
        _("Imported: %(a)s assessments, %(r)s recognitions.")
        % {"a": number(result.assessments), "r": number(result.recognitions)},
    )
    warn_unread(request, result.unread_columns)
    warn_skipped(request, result.skipped)
    return redirect("newrural:office")


@require_POST
@access("newrural.assess")
@idempotent
def assess(request: HttpRequest, code: str) -> HttpResponse:
    commune = place_for(request.user, code, "newrural.assess")
    data = valid(AssessForm(request.POST, request.FILES))
    assessment = services.assessment_record(
        by=request.user,
        commune=commune,
        year=data["year"],
        level=data["level"],
        met_count=data["met_count"],
        note=data["note"],
    )
    upload = data.get("evidence")
    if upload:
        services.evidence_add(
            by=request.user, assessment=assessment, file=upload, name=upload.name or "", size=upload.size or 0
        )
    messages.success(request, _("The assessment was recorded."))
    return redirect("newrural:place", code=commune.code)


@require_POST
@access("newrural.recognise")
@idempotent
def recognise(request: HttpRequest, code: str) -> HttpResponse:
    unit = place_for(request.user, code, "newrural.recognise")
    data = valid(RecogniseForm(request.POST))
    services.recognition_record(by=request.user, place=unit, **data)
    messages.success(request, _("The recognition was recorded."))
    return redirect("newrural:place", code=unit.code)


@access("newrural.evidence")
def evidence(request: HttpRequest, pk: int) -> HttpResponseBase:
    item = evidence_for(request.user, pk)
    return serve_protected(request, item.file, filename=item.original_name, inline=False)


@access(PUBLIC)
def index(request: HttpRequest) -> HttpResponse:
    """A module root: staff to the office, a resident to their commune's assessment, others home."""
    return redirect(landing(request.user, office="newrural:office", commune="newrural:place"))
