"""Convention pages: every version public and printable with its changes; the village head prepares,
residents comment on the version's consultation (through the kernel's discussion hook), the commune
chairman recognises."""

from __future__ import annotations

from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from danchu.core import discussions
from danchu.core.access import PUBLIC, access, can
from danchu.core.errors import DomainError
from danchu.core.middleware import status_of

from .. import services
from ..forms import AmendForm, ConventionForm, OpenCommentsForm, RecogniseForm, RefuseForm
from ..models import AgendaItem
from ..permissions import item_for, version_for
from ..services.conventions import diff

MANAGE = "meetings.manage_convention"


@access("meetings.convene")
def new(request: HttpRequest) -> HttpResponse:
    form = ConventionForm(request.POST or None, person=request.user)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        v = services.convention_draft(
            actor=request.user, village=d["village"], title=d["title"], text=d["text"], kind=d["kind"]
        )
        return redirect("meetings:version", v.pk)
    return render(request, "meetings/convention_new.html", {"form": form}, status=status_of(form))


@access(PUBLIC)
def version(request: HttpRequest, pk: int) -> HttpResponse:
    v = version_for(request.user, pk)
    manages = can(request.user, MANAGE, v)
    votes = []
    if manages:
        votes = list(
            AgendaItem.objects.filter(
                meeting__village=v.convention.village, matter=AgendaItem.Matter.CONVENTION, passed=True
            ).select_related("meeting")
        )
    ctx = {
        "v": v,
        "convention": v.convention,
        "versions": v.convention.versions.exclude(status="draft")
        if not manages
        else v.convention.versions.all(),
        "changes": diff(v),
        "discussion": discussions.discussion(v.discussion),
        "discussions_available": discussions.available(),
        "history": v.comments.select_related("author"),  # comments written here before consultations
        "manages": manages,
        "may_recognise": request.user.is_authenticated
        and can(request.user, "meetings.recognise_convention", v),
        "votes": votes,
        "amend_form": AmendForm(initial={"text": v.text}),
        "open_form": OpenCommentsForm(),
        "recognise_form": RecogniseForm(),
        "refuse_form": RefuseForm(),
    }
    return render(request, "meetings/version.html", ctx)


def _valid(form: Form) -> None:
    """A form that does not validate refuses the request (400, the version's page again with the
    message; core.middleware.page_again), never a redirect to a page answered 200."""
    if not form.is_valid():
        raise DomainError(_("Check the form: a field is missing, too long or has a forbidden character."))


@require_POST
@access(MANAGE)
def open_comments(request: HttpRequest, pk: int) -> HttpResponse:
    v = version_for(request.user, pk, MANAGE)
    form = OpenCommentsForm(request.POST)
    _valid(form)
    services.version_open_comments(actor=request.user, version=v, closes_on=form.cleaned_data["closes_on"])
    return redirect("meetings:version", pk)


@require_POST
@access(MANAGE)
def amend(request: HttpRequest, pk: int) -> HttpResponse:
    v = version_for(request.user, pk, MANAGE)
    form = AmendForm(request.POST)
    _valid(form)
    new = services.convention_amend(actor=request.user, convention=v.convention, **form.cleaned_data)
    return redirect("meetings:version", new.pk)


@require_POST
@access(MANAGE)
def adopt(request: HttpRequest, pk: int) -> HttpResponse:
    v = version_for(request.user, pk, MANAGE)
    item = item_for(request.user, request.POST.get("item", ""))
    services.version_adopt(actor=request.user, version=v, item=item)
    return redirect("meetings:version", pk)


@require_POST
@access(MANAGE)
def submit(request: HttpRequest, pk: int) -> HttpResponse:
    services.version_submit(actor=request.user, version=version_for(request.user, pk, MANAGE))
    return redirect("meetings:version", pk)


@require_POST
@access("meetings.recognise_convention")
def recognise(request: HttpRequest, pk: int) -> HttpResponse:
    v = version_for(request.user, pk, "meetings.recognise_convention")
    form = RecogniseForm(request.POST)
    _valid(form)
    services.version_recognise(actor=request.user, version=v, **form.cleaned_data)
    return redirect("meetings:version", pk)


@require_POST
@access("meetings.recognise_convention")
def refuse(request: HttpRequest, pk: int) -> HttpResponse:
    v = version_for(request.user, pk, "meetings.recognise_convention")
    form = RefuseForm(request.POST)
    _valid(form)
    services.version_refuse(actor=request.user, version=v, **form.cleaned_data)
    return redirect("meetings:version", pk)
