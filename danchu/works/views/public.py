"""Public pages: the works of a place on a list and a map, a work's whole history, receipt checks."""

from __future__ import annotations

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from danchu.accounts.queries import landing
from danchu.cases.receipts import receipt_page
from danchu.core.access import PUBLIC, access, can
from danchu.core.files import serve_protected
from danchu.core.forms import valid

from .. import queries, services
from ..checklist import CHECKLIST
from ..forms import InformationForm
from ..models import Board, Payment
from ..permissions import photo_for, work_for


@access(PUBLIC)
def place(request: HttpRequest, code: str) -> HttpResponse:
    found = queries.place_of_works(code)
    if found is None:
        raise Http404
    works = list(queries.works_in(found))
    return render(
        request,
        "works/place.html",
        {"place": found, "works": works, "map": {**queries.map_data(works), "tiles": settings.MAP_TILE_URL}},
    )


@access(PUBLIC)
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    work = work_for(request.user, pk)
    board = getattr(work, "board", None)
    user = request.user
    return render(
        request,
        "works/detail.html",
        {
            "work": work,
            "totals": queries.totals(work),
            "updates": queries.history(work),
            "board": board,
            "members": board.members.current() if board else [],
            "sessions": queries.sessions(work),
            "recommendations": board.recommendations.all() if board else [],
            "checklist": CHECKLIST,
            "today": timezone.localdate(),
            "map": {**queries.map_data([work]), "tiles": settings.MAP_TILE_URL},
            "can_manage": can(user, "works.manage", work),
            "can_ledger": can(user, "works.ledger", work),
            "can_board": can(user, "works.board_establish", work) or can(user, "works.supervise", work),
            "info_form": InformationForm()
            if user.is_authenticated and board and board.status == Board.Status.ACTIVE
            else None,
        },
    )


@access(PUBLIC)
def photo(request: HttpRequest, pk: int) -> HttpResponseBase:
    """Photos of progress and supervision are public (EXIF removed at upload)."""
    found = photo_for(request.user, pk)
    response = serve_protected(request, found.image)
    response["Cache-Control"] = "public, max-age=86400"
    return response


@access(PUBLIC)
def verify(request: HttpRequest, token: str) -> HttpResponse:
    """What the receipt's QR code opens: enough to check it is genuine, nothing about the household
    beyond its village."""
    payment = queries.payment_by_token(token)
    reversed_by = Payment.objects.filter(reverses=payment).first() if payment else None
    return render(
        request,
        "works/verify.html",
        {"payment": payment, "reversed_by": reversed_by},
        status=200 if payment else 404,
    )


@require_POST
@access("works.inform")
def inform(request: HttpRequest, pk: int) -> HttpResponse:
    work = work_for(request.user, pk, "works.inform")
    data = valid(InformationForm(request.POST))
    info = services.information_send(work=work, sender=request.user, text=data["text"])
    from django.contrib import messages
    from django.utils.translation import gettext as _

    messages.success(
        request,
        _(
            "Thank you. The supervision board received your information. Its tracking code is %(code)s: "
            "follow the board's answer on the case tracking page."
        )
        % {"code": info.tracking_code},
    )
    return receipt_page(info.tracking_code)  # with its secret key, for this browser alone


@access(PUBLIC)
def index(request: HttpRequest) -> HttpResponse:
    """A module root: staff to the works office, a resident to their commune's works, others home."""
    return redirect(landing(request.user, office="works:office", commune="works:place"))
