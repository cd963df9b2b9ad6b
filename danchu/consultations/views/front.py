"""The Fatherland Front's records: comments on drafts and social critique conferences."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from danchu.accounts.permissions import acting_places, readable_places
from danchu.core.access import STAFF, access
from danchu.core.forms import DayField, TypedIntegerField
from danchu.core.paging import page_for

from ..forms import DATE
from ..models import CritiqueConference, FrontComment
from ..permissions import FRONT, conference_for, front_comment_for
from ..services import front as svc


class FrontCommentForm(forms.Form):
    draft_title = forms.CharField(label=gettext_lazy("Draft"), max_length=500)
    drafting_body = forms.CharField(label=gettext_lazy("Drafting body"), max_length=255)
    internal = forms.BooleanField(label=gettext_lazy("Drafted in the unit"), required=False, initial=True)
    commented_on = DayField(label=gettext_lazy("Commented on"), widget=DATE)
    comments = forms.CharField(
        label=gettext_lazy("The Front's comments"), max_length=10000, widget=forms.Textarea(attrs={"rows": 3})
    )


class ConferenceForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("Title"), max_length=500)
    draft_title = forms.CharField(label=gettext_lazy("Draft"), max_length=500)
    drafting_body = forms.CharField(label=gettext_lazy("Drafting body"), max_length=255)
    held_on = DayField(label=gettext_lazy("Held on"), widget=DATE)
    participants = forms.CharField(
        label=gettext_lazy("Participants"), max_length=5000, widget=forms.Textarea(attrs={"rows": 2})
    )
    participant_count = TypedIntegerField(
        label=gettext_lazy("Number of participants"), min_value=1, max_value=100000
    )
    conclusions = forms.CharField(
        label=gettext_lazy("Conclusions"), max_length=10000, widget=forms.Textarea(attrs={"rows": 3})
    )


class DraftingAnswerForm(forms.Form):
    answer = forms.CharField(
        label=gettext_lazy("Answer of the drafting body"),
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    answered_on = DayField(label=gettext_lazy("Answered on"), widget=DATE)


PER_PAGE = 50


def _front_place(request: HttpRequest) -> Any:
    places = [p for p in acting_places(request.user, FRONT)]
    return places[0] if places else None


def _page(request: HttpRequest, status: int = 200, **forms_: Any) -> HttpResponse:
    places = readable_places(request.user)
    context = {
        "place": _front_place(request),
        # Every one, a page at a time (the lists stopped at 200 without a word).
        "comments": page_for(
            request,
            FrontComment.objects.filter(place__in=places)
            .select_related("place")
            .order_by("-commented_on", "-pk"),
            PER_PAGE,
        ),
        "conferences": page_for(
            request,
            CritiqueConference.objects.filter(place__in=places)
            .select_related("place")
            .order_by("-held_on", "-pk"),
            PER_PAGE,
            param="cpage",
        ),
        "comment_form": forms_.get("comment_form") or FrontCommentForm(),
        "conference_form": forms_.get("conference_form") or ConferenceForm(),
    }
    return render(request, "consultations/front.html", context, status=status)


@access(STAFF)
def index(request: HttpRequest) -> HttpResponse:
    return _page(request)


@access("consultations.front.manage")
@require_POST
def comment_record(request: HttpRequest) -> HttpResponse:
    form = FrontCommentForm(request.POST)
    place = _front_place(request)
    if not form.is_valid() or place is None:
        return _page(request, 400, comment_form=form)
    svc.front_comment_record(actor=request.user, data=svc.FrontCommentInput(place=place, **form.cleaned_data))
    messages.success(request, _("The Front's comments are recorded."))
    return redirect("consultations:front")


@access("consultations.front.manage")
@require_POST
def conference_record(request: HttpRequest) -> HttpResponse:
    form = ConferenceForm(request.POST)
    place = _front_place(request)
    if not form.is_valid() or place is None:
        return _page(request, 400, conference_form=form)
    svc.conference_record(actor=request.user, data=svc.ConferenceInput(place=place, **form.cleaned_data))
    messages.success(request, _("The critique conference is recorded."))
    return redirect("consultations:front")


@access("consultations.front.manage")
@require_POST
def comment_answer(request: HttpRequest, pk: int) -> HttpResponse:
    record = front_comment_for(request.user, pk)
    form = DraftingAnswerForm(request.POST)
    if not form.is_valid():
        return _page(request, 400)
    svc.drafting_answer_record(actor=request.user, record=record, **form.cleaned_data)
    return redirect("consultations:front")


@access("consultations.front.manage")
@require_POST
def conference_answer(request: HttpRequest, pk: int) -> HttpResponse:
    record = conference_for(request.user, pk)
    form = DraftingAnswerForm(request.POST)
    if not form.is_valid():
        return _page(request, 400)
    svc.drafting_answer_record(actor=request.user, record=record, **form.cleaned_data)
    return redirect("consultations:front")
