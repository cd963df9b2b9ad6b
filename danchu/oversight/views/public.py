"""The public page of a commune's People's Inspection Board, and citizens' information to it."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from danchu.accounts.queries import landing
from danchu.cases.receipts import receipt_page
from danchu.core.access import PUBLIC, SIGNED_IN, access
from danchu.core.calendar import today
from danchu.core.idempotency import idempotent
from danchu.core.paging import page_for

from .. import queries, services
from ..forms import InformationForm, cleaned
from ..permissions import public_commune

FINDINGS_PER_PAGE = 20


@access(SIGNED_IN)
@require_safe
def mine(request: HttpRequest) -> HttpResponse:
    """Where /oversight/ sends a resident: the board of their own commune (home to choose a place
    without a confirmed household)."""
    return redirect(landing(request.user, office="oversight:office", commune="oversight:commune"))


@access(PUBLIC)
def commune(request: HttpRequest, code: str) -> HttpResponse:
    place = public_commune(code)
    board = queries.board_of_place(place)
    context: dict[str, Any] = {"place": place, "board": board}
    if board is not None:
        context.update(
            members=queries.active_members(board),
            year=today().year,
            plans=queries.plans_of_year(board, today().year),
            # Every published conclusion stays reachable, a page at a time (newest first).
            matters=page_for(request, queries.public_matters(board), FINDINGS_PER_PAGE),
            form=InformationForm(place=place),
            once=uuid.uuid4().hex,  # the form's idempotency key: a double submit sends once
        )
    return render(request, "oversight/commune.html", context)


@access("oversight.send_information")
@require_POST
@idempotent
def information_send(request: HttpRequest, code: str) -> HttpResponse:
    place = public_commune(code)
    board = queries.board_of_place(place)
    if board is None:
        raise Http404
    data = cleaned(InformationForm(request.POST, place=place))
    sent = services.information_send(person=request.user, board=board, **data)
    messages.success(
        request,
        _(
            "Thank you. The board received your information. Its tracking code is %(code)s: follow it on "
            "the case tracking page. Your identity is kept confidential."
        )
        % {"code": sent.tracking_code},
    )
    return receipt_page(sent.tracking_code)  # with its secret key, for this browser alone
