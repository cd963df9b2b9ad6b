"""Staff pages: the works a person runs or supervises, a new work, progress, acceptance, handover."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from danchu.accounts.permissions import COMMUNE_STAFF, acting_places, readable_places
from danchu.core.access import STAFF, access
from danchu.core.forms import valid
from danchu.core.idempotency import idempotent
from danchu.core.paging import page_for
from danchu.places.models import Level, Place

from .. import queries, services
from ..forms import AcceptForm, HandOverForm, ProgressForm, WorkForm
from ..models import Work
from ..permissions import LEDGER_READERS, work_for
from .common import uploaded


def _communes(request: HttpRequest) -> QuerySet[Place]:
    pks = [p.pk for p in acting_places(request.user, COMMUNE_STAFF) if p.level == Level.COMMUNE]
    return Place.objects.filter(pk__in=pks)  # the form shows them in Vietnamese order


WORKS_PER_PAGE = 100  # a province's officers read every work of its communes


@access(STAFF, below="works:mine")
def office(request: HttpRequest) -> HttpResponse:
    readable = readable_places(request.user, LEDGER_READERS)
    works = (
        Work.objects.filter(Q(commune__in=readable) | Q(villages__in=readable))
        .distinct()
        .select_related("commune")
    )
    page = page_for(request, works, WORKS_PER_PAGE)
    boards = list(queries.boards_served(request.user))
    communes = _communes(request)
    return render(
        request,
        "works/office.html",
        {
            "works": page.object_list,
            "page": page,
            "boards": boards,
            "form": WorkForm(communes=communes) if communes.exists() else None,
        },  # type: ignore[attr-defined]
    )


@require_POST
@access(STAFF)
@idempotent
def create(request: HttpRequest) -> HttpResponse:
    communes = _communes(request)
    data = valid(WorkForm(request.POST, communes=communes))
    data.pop("idempotency_key")
    commune = data.pop("commune")  # the form's choices are the communes the person runs
    villages = list(data.pop("villages"))
    fields: dict[str, Any] = {
        k: (v if v is not None or k in ("planned_start", "planned_end", "decided_item") else "")
        for k, v in data.items()
    }
    work = services.work_create(
        by=request.user,
        commune=commune,
        data=services.WorkData(
            villages=villages,
            **fields,
        ),
    )
    messages.success(request, _("The work was recorded."))
    return redirect("works:detail", pk=work.pk)


@require_POST
@access("works.manage")
def progress(request: HttpRequest, pk: int) -> HttpResponse:
    work = work_for(request.user, pk, "works.manage")
    data = valid(ProgressForm(request.POST))
    services.progress_add(work=work, by=request.user, photos=uploaded(request), **data)
    messages.success(request, _("The progress was recorded."))
    return redirect("works:detail", pk=work.pk)


@require_POST
@access("works.manage")
def accept(request: HttpRequest, pk: int) -> HttpResponse:
    work = work_for(request.user, pk, "works.manage")
    services.work_accept(work=work, by=request.user, **valid(AcceptForm(request.POST)))
    messages.success(request, _("The acceptance was recorded."))
    return redirect("works:detail", pk=work.pk)


@require_POST
@access("works.manage")
def hand_over(request: HttpRequest, pk: int) -> HttpResponse:
    work = work_for(request.user, pk, "works.manage")
    services.work_hand_over(work=work, by=request.user, **valid(HandOverForm(request.POST)))
    messages.success(request, _("The handover was recorded."))
    return redirect("works:detail", pk=work.pk)
