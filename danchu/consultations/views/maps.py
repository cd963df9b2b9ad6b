"""Opinion maps: the conversation, voting, moderation, the map data and the Pol.is CSV files."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from danchu.accounts.permissions import COMMUNE_STAFF, acting_places
from danchu.core.access import PUBLIC, SIGNED_IN, STAFF, access, can
from danchu.core.errors import DomainError
from danchu.core.forms import TypedIntegerField, valid_form
from danchu.core.paging import page_for

from ..models import Conversation, Participant, Statement, Vote
from ..permissions import conversation_for, statement_for
from ..services import opinions as svc
from ..services import polis


class ConversationForm(forms.Form):
    topic = forms.CharField(label=gettext_lazy("Topic"), max_length=300)
    description = forms.CharField(
        label=gettext_lazy("Description"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class StatementForm(forms.Form):
    text = forms.CharField(
        label=gettext_lazy("Your statement"), max_length=400, widget=forms.Textarea(attrs={"rows": 2})
    )


class VoteForm(forms.Form):
    statement = TypedIntegerField(min_value=0)
    value = forms.TypedChoiceField(coerce=int, choices=[(1, "1"), (0, "0"), (-1, "-1")])


class ImportForm(forms.Form):
    topic = forms.CharField(label=gettext_lazy("Topic"), max_length=300)
    comments = forms.FileField(label="comments.csv")
    votes = forms.FileField(label="votes.csv")


def _place(request: HttpRequest) -> Any:
    places = (
        [p for p in acting_places(request.user, COMMUNE_STAFF) if p.level <= 3]
        if request.user.is_authenticated
        else []
    )
    return places[0] if places else None


@access(PUBLIC)
def index(request: HttpRequest) -> HttpResponse:
    place = _place(request)
    return render(
        request,
        "consultations/maps.html",
        {
            # Every one, a page at a time (the list stopped at 200 without a word).
            "items": page_for(request, Conversation.objects.select_related("place").order_by("-pk"), 60),
            "place": place,
            "form": ConversationForm(),
            "import_form": ImportForm(),
        },
    )


@access(STAFF)
@require_POST
def create(request: HttpRequest) -> HttpResponse:
    place = _place(request)
    if place is None:
        raise Http404
    form = valid_form(ConversationForm(request.POST))
    conv = svc.conversation_create(actor=request.user, place=place, **form.cleaned_data)
    return redirect("consultations:map", pk=conv.pk)


@access(STAFF)
@require_POST
def import_(request: HttpRequest) -> HttpResponse:
    place = _place(request)
    if place is None:
        raise Http404
    d = valid_form(ImportForm(request.POST, request.FILES)).cleaned_data
    conv = polis.conversation_import(
        actor=request.user,
        place=place,
        topic=d["topic"],
        comments_csv=d["comments"].read(),
        votes_csv=d["votes"].read(),
    )
    return redirect("consultations:map", pk=conv.pk)


def _me(request: HttpRequest, conv: Conversation) -> Participant | None:
    if not request.user.is_authenticated:
        return None
    return Participant.objects.filter(conversation=conv, person=request.user).first()


@access("consultations.maps.view")
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    conv = conversation_for(request.user, pk)
    me = _me(request, conv)
    mine = dict(Vote.objects.filter(participant=me).values_list("statement_id", "value")) if me else {}
    accepted = list(conv.statements.filter(status=Statement.Status.ACCEPTED))
    to_vote = [s for s in accepted if s.pk not in mine][:20]
    manage = can(request.user, "consultations.maps.manage", conv)
    context = {
        "conv": conv,
        "to_vote": to_vote,
        "voted": len(mine),
        "pending": conv.statements.filter(status=Statement.Status.PENDING) if manage else [],
        "manage": manage,
        "statement_form": StatementForm(),
    }
    return render(request, "consultations/map.html", context)


@access("consultations.maps.view")
def data(request: HttpRequest, pk: int) -> JsonResponse:
    conv = conversation_for(request.user, pk)
    me = _me(request, conv)
    # The result was computed earlier: a statement rejected since then (or any not accepted now) is
    # left out rather than shown with its text.
    texts = dict(conv.statements.filter(status=Statement.Status.ACCEPTED).values_list("number", "text"))
    result = conv.result or {}
    return JsonResponse(
        {
            "computing": conv.computing,
            "computed_at": conv.computed_at.isoformat() if conv.computed_at else None,
            "me": me.number if me else None,
            "points": result.get("points", []),
            "groups": [
                {
                    **g,
                    "representative": [
                        {**r, "text": texts[r["statement"]]}
                        for r in g["representative"]
                        if r["statement"] in texts
                    ],
                }
                for g in result.get("groups", [])
            ],
            "consensus": [
                {**c, "text": texts[c["statement"]]}
                for c in result.get("consensus", [])
                if c["statement"] in texts
            ],
            "participants": result.get("participants", 0),
            "votes": result.get("votes", 0),
        }
    )


@access("consultations.maps.vote")
@require_POST
def vote(request: HttpRequest, pk: int) -> HttpResponse:
    conv = conversation_for(request.user, pk, "consultations.maps.vote")
    form = valid_form(VoteForm(request.POST))
    svc.vote_cast(
        actor=request.user,
        conversation=conv,
        statement_number=form.cleaned_data["statement"],
        value=form.cleaned_data["value"],
    )
    return redirect("consultations:map", pk=conv.pk)


@access(SIGNED_IN)
@require_POST
def statement(request: HttpRequest, pk: int) -> HttpResponse:
    conv = conversation_for(request.user, pk, "consultations.maps.vote")
    form = StatementForm(request.POST)
    if not form.is_valid():
        raise DomainError(" ".join(str(e) for errs in form.errors.values() for e in errs))
    svc.statement_submit(actor=request.user, conversation=conv, text_=form.cleaned_data["text"])
    messages.success(request, gettext_lazy("Thank you: your statement will be shown once moderated."))
    return redirect("consultations:map", pk=conv.pk)


@access("consultations.maps.manage")
@require_POST
def moderate(request: HttpRequest, pk: int, statement_pk: int) -> HttpResponse:
    conv = conversation_for(request.user, pk, "consultations.maps.manage")
    st = statement_for(request.user, conv, statement_pk)
    svc.statement_moderate(
        actor=request.user,
        statement=st,
        accept=request.POST.get("accept") == "1",
        reason=request.POST.get("reason", ""),
    )
    return redirect("consultations:map", pk=conv.pk)


@access("consultations.maps.manage")
@require_POST
def recompute(request: HttpRequest, pk: int) -> HttpResponse:
    conv = conversation_for(request.user, pk, "consultations.maps.manage")
    svc.map_compute(conversation=conv)
    return redirect("consultations:map", pk=conv.pk)


EXPORTS = {
    "comments": svc.export_comments,
    "votes": svc.export_votes,
    "participants-votes": svc.export_participants_votes,
}


@access("consultations.maps.view")
def export(request: HttpRequest, pk: int, name: str) -> HttpResponse:
    conv = conversation_for(request.user, pk)
    if name not in EXPORTS:
        raise Http404
    everything = can(request.user, "consultations.maps.manage", conv)
    # A BOM, as every CSV of the house: Excel then reads the Vietnamese as UTF-8; the import reads past it.
    response = HttpResponse(
        "\ufeff" + EXPORTS[name](conv, everything=everything), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    return response
