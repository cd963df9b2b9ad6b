"""Satisfaction surveys: the staff's list and results, receipts with a QR code, the anonymous form."""

from __future__ import annotations

from typing import Any

import segno
from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from danchu.accounts.permissions import COMMUNE_STAFF, acting_places, readable_places
from danchu.core.access import PUBLIC, STAFF, access, can
from danchu.core.forms import DayField, TypedIntegerField, valid_form
from danchu.core.paging import page_for
from danchu.places.queries import sort_key

from ..forms import DATE, survey_form
from ..models import Questionnaire, Survey
from ..permissions import receipt_for, survey_for
from ..services import surveys as svc


class SurveyForm(forms.Form):
    questionnaire = forms.ModelChoiceField(
        label=gettext_lazy("Questionnaire"), queryset=Questionnaire.objects.all()
    )
    place = forms.ChoiceField(label=gettext_lazy("Unit"), choices=())
    title = forms.CharField(label=gettext_lazy("Title"), max_length=300)
    starts_on = DayField(label=gettext_lazy("From"), widget=DATE)
    ends_on = DayField(label=gettext_lazy("Until"), widget=DATE)


class IssueForm(forms.Form):
    count = TypedIntegerField(label=gettext_lazy("Number of receipts"), min_value=1, max_value=500, initial=1)
    dossier = forms.CharField(label=gettext_lazy("Dossier number"), max_length=64, required=False)


def _places(request: HttpRequest) -> list[Any]:
    return [p for p in acting_places(request.user, COMMUNE_STAFF) if p.level <= 3]


@access(STAFF)
def index(request: HttpRequest) -> HttpResponse:
    places = _places(request)
    form = SurveyForm(request.POST or None)
    form.fields["place"].choices = [(p.code, p.name) for p in sorted(places, key=sort_key)]  # type: ignore[attr-defined]
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        place = next(p for p in places if p.code == d["place"])
        s = svc.survey_create(
            actor=request.user,
            questionnaire=d["questionnaire"],
            place=place,
            title=d["title"],
            starts_on=d["starts_on"],
            ends_on=d["ends_on"],
        )
        return redirect("consultations:survey", pk=s.pk)
    surveys = (
        Survey.objects.filter(place__in=readable_places(request.user))
        .select_related("place", "questionnaire")
        .order_by("-starts_on", "-pk")
    )
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "consultations/surveys.html",
        # Every one, a page at a time (the list stopped at 200 without a word).
        {
            "surveys": page_for(request, surveys, 50),
            "form": form,
            "can_create": bool(places),
        },
        status=status,
    )


def qr_svg(url: str) -> str:
    return str(segno.make(url, error="m").svg_inline(scale=3, omitsize=True))


@access("consultations.surveys.read")
def survey(request: HttpRequest, pk: int) -> HttpResponse:
    s = survey_for(request.user, pk)
    issued = [
        {
            "code": r.code,
            "dossier": r.dossier,
            "url": request.build_absolute_uri(reverse("consultations:answer", args=[r.code])),
        }
        for r in s.codes.filter(pk__in=request.session.get(f"survey-{s.pk}-issued", []))
    ]
    for item in issued:
        item["qr"] = qr_svg(item["url"])
    context = {
        "s": s,
        "results": svc.survey_results(s),
        "manage": can(request.user, "consultations.surveys.manage", s),
        "issue_form": IssueForm(),
        "issued": issued,
    }
    return render(request, "consultations/survey.html", context)


@access("consultations.surveys.manage")
@require_POST
def issue(request: HttpRequest, pk: int) -> HttpResponse:
    s = survey_for(request.user, pk, "consultations.surveys.manage")
    form = valid_form(IssueForm(request.POST))
    codes = svc.receipts_issue(actor=request.user, survey=s, **form.cleaned_data)
    request.session[f"survey-{s.pk}-issued"] = [c.pk for c in codes]
    messages.success(request, _("Receipt codes issued: print them with their QR code."))
    return redirect("consultations:survey", pk=s.pk)


@access(PUBLIC)
def answer(request: HttpRequest, code: str) -> HttpResponse:
    receipt = receipt_for(request.user, code)
    s = receipt.survey
    questions = list(s.questionnaire.questions.all())
    if hasattr(receipt, "response"):
        return render(request, "consultations/answer.html", {"s": s, "done": True}, status=409)
    form = survey_form(questions, request.POST or None)
    if request.method == "POST" and form.is_valid():
        answers = {int(k[1:]): v for k, v in form.cleaned_data.items() if v not in ("", None)}
        svc.survey_answer(receipt=receipt, answers=answers)
        return render(request, "consultations/answer.html", {"s": s, "thanks": True})
    status = 400 if request.method == "POST" else 200
    return render(
        request, "consultations/answer.html", {"s": s, "form": form, "code": receipt.code}, status=status
    )
