"""Public pages: the case form and its receipt, tracking by code (with the signed answer and the
rating), the on-time table and a commune's published answers. Anyone holding a tracking code follows
how the case is handled; its content and the rating need the receipt key (receipts.py) or being its
signed-in submitter. Lookups by code go through `receipt_for`/`case_for`, which limit misses (unknown
codes, wrong keys) per client address."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from danchu.accounts import queries as account_queries
from danchu.accounts.queries import landing
from danchu.core.access import PUBLIC, access, can
from danchu.core.calendar import today as vn_today
from danchu.core.files import serve_protected
from danchu.core.idempotency import idempotent
from danchu.core.middleware import attempt, status_of
from danchu.core.text import quoted
from danchu.places.queries import chosen_province, current_provinces, place_or_none

from .. import captcha, queries, ratelimit, receipts, services
from ..forms import LostKeyForm, PublicCaseForm, RateForm, TrackForm
from ..handlers import handler_of
from ..models import CaseEvent, Dialogue, ReceptionSlot, Reply, State
from ..permissions import Receipt, case_for, photo_for, receipt_for
from ..types import FEEDBACK, public_types
from .submission import limit_place_choices, refresh_captcha, submission_from_form


@access(PUBLIC, "public case form; complaints and denunciations need a verified resident")
@idempotent
def submit(request: HttpRequest) -> HttpResponse:
    form = PublicCaseForm(
        request.POST or None,
        request.FILES or None,
        initial=_initial(request),
        signed_in=request.user.is_authenticated,
    )
    if form.is_valid():
        case = attempt(form, lambda: _file(request, form))
        if case is not None:
            # The code in the URL; the key for this browser's receipt page in a cookie of that page
            # alone: nothing in the session links this browser (or a denouncer's account) to the case.
            return receipts.receipt_page(case.tracking_code)
    return render(request, "cases/submit.html", _submit_context(request, form), status=status_of(form))


def _initial(request: HttpRequest) -> dict[str, Any]:
    initial: dict[str, Any] = {"case_type": request.GET.get("type", FEEDBACK)}
    if request.GET.get("place"):
        initial["place"] = place_or_none(request.GET["place"])  # a suggestion: the person can change it
    user = request.user
    if user.is_authenticated:
        initial.update(name=user.full_name, phone=user.phone_display, email=user.email or "")  # type: ignore[union-attr]
        # A resident writes most often about their own village: it is chosen for them (they can change it).
        if initial.get("place") is None:
            initial["place"] = account_queries.home_village(user)
    return initial


def _file(request: HttpRequest, form: PublicCaseForm) -> Any:
    d = form.cleaned_data
    ratelimit.submission(request, phone=d.get("phone", ""), email=d.get("email", ""))
    return services.case_submit(submission_from_form(request, form, channel="web", submitter=request.user))


def _submit_context(request: HttpRequest, form: PublicCaseForm) -> dict[str, Any]:
    province = chosen_province(request)
    province = limit_place_choices(form, form.initial.get("place"), province)
    question = ""
    if form.asks_captcha:
        question, token = captcha.new_challenge()
        refresh_captcha(form, token)
    refusal = getattr(form, "refusal", None)
    return {
        "form": form,
        "question": question,
        "types": public_types(),
        "offer_feedback": isinstance(refusal, services.IdentityRequired),
        "tile_url": getattr(settings, "MAP_TILE_URL", ""),
        "provinces": current_provinces(),
        "province": province,
    }


@access(PUBLIC, "the receipt: its code to whoever holds it, its key only to the browser that sent the case")
def submitted(request: HttpRequest, code: str) -> HttpResponse:
    case = case_for(request.user, code=code, action="cases.track", request=request)
    key = case.receipt_key if receipts.handed_over(request, case) else ""
    context = {
        "case": case,
        "key": receipts.shown(key),
        "track_url": receipts.track_path(case.tracking_code, key),
    }
    return _private(render(request, "cases/submitted.html", context))


@access(PUBLIC)
def track(request: HttpRequest) -> HttpResponse:
    form = TrackForm(request.GET or None)
    if form.is_valid():
        code = form.cleaned_data["code"]
        try:  # a code that matches nothing is said so beside the field, with what was typed (a miss)
            case_for(request.user, code=code, action="cases.track", request=request)
        except Http404:
            form.add_error("code", _("No case has the tracking code %(code)s.") % {"code": quoted(code)})
            form.status = 404  # type: ignore[attr-defined]  # read by status_of()
        else:
            return redirect(receipts.track_path(code, form.cleaned_data["key"]))
    return render(request, "cases/track_form.html", {"form": form}, status=status_of(form))


@access(PUBLIC, "how the case is handled, to whoever holds the code; its content with the receipt key")
def track_detail(request: HttpRequest, code: str) -> HttpResponse:
    typed = request.GET.get(receipts.QUERY)
    receipt = receipt_for(request.user, code=code, key=typed, request=request)
    context = _track_context(request, receipt, RateForm())
    # A key that opens nothing is said to be wrong, not taken for no key at all (a typo is told).
    context["wrong_key"] = bool(receipts.normalise(typed)) and not receipt.key
    return _private(render(request, "cases/track.html", context))


@access(
    PUBLIC, "a lost receipt key sent again to the address given with the case, never shown (services.keys)"
)
def lost_key(request: HttpRequest, code: str) -> HttpResponse:
    case = case_for(request.user, code=code, action="cases.track", request=request)
    form = LostKeyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        address = form.cleaned_data["address"]

        def send() -> bool:
            services.resend_key(request.user, code=case.tracking_code, address=address, request=request)
            return True

        sent = attempt(form, send)
        if sent:
            messages.success(request, services.keys.on_its_way(case.tracking_code))
            return redirect("cases:track_detail", case.tracking_code)
    return _private(
        render(request, "cases/lost_key.html", {"case": case, "form": form}, status=status_of(form))
    )


def _private(response: HttpResponse) -> HttpResponse:
    # A receipt or an answer opened with its key: never kept by a cache or a shared computer's history.
    response["Cache-Control"] = "private, no-store"
    return response


def _track_context(request: HttpRequest, receipt: Receipt, rate_form: RateForm) -> dict[str, Any]:
    case = receipt.case
    followed = case.merged_into or case
    content = can(request.user, "cases.track_content", receipt)
    rateable = case.state in (State.RESOLVED, State.CLOSED) and case.satisfaction is None
    handler = handler_of(followed.case_type)
    return {
        "case": case,
        "followed": followed,
        # Without the key: what a supervisor sees (state, unit, dates, the timeline's labels).
        "content": content,
        "key": receipt.key if content else "",
        # A type another body handles names that body (the inspection board, a works board), not only
        # the commune its case belongs to.
        "body": handler.label if handler is not None else None,
        "events": CaseEvent.objects.filter(case=followed, public=True).order_by("at"),
        "reply": followed.replies.filter(status=Reply.Status.SIGNED).first() if content else None,
        "rate_form": rate_form if rateable and can(request.user, "cases.rate", receipt) else None,
        "timeliness": followed.timeliness(),
    }


@access(PUBLIC, "the signed answer, to the holder of the receipt key or the signed-in submitter")
def track_reply(request: HttpRequest, code: str) -> HttpResponseBase:
    key = request.GET.get(receipts.QUERY)
    case = receipt_for(request.user, code=code, key=key, request=request, action="cases.track_content").case
    reply = (case.merged_into or case).replies.filter(status=Reply.Status.SIGNED).first()
    document = reply.document if reply is not None else None
    return serve_protected(request, document, filename=f"{case.tracking_code}.docx", inline=False)  # type: ignore[arg-type]


@access(PUBLIC, "rating by the person who sent the case (receipt key or signed-in submitter), no handler")
@require_POST
def rate(request: HttpRequest, code: str) -> HttpResponse:
    key = request.POST.get(receipts.QUERY) or request.GET.get(receipts.QUERY)
    receipt = receipt_for(request.user, code=code, key=key, request=request, action="cases.rate")
    form = RateForm(request.POST)
    if form.is_valid():
        services.case_rate(
            case=receipt.case,
            satisfaction=form.cleaned_data["satisfaction"],
            comment=form.cleaned_data["comment"],
        )
        messages.success(request, _("Thank you for rating the answer."))
        return redirect(receipts.track_path(receipt.case.tracking_code, receipt.key))
    # The page again with what was typed and what is wrong: a rating is never dropped in silence.
    return _private(render(request, "cases/track.html", _track_context(request, receipt, form), status=400))


@access(PUBLIC)
def on_time(request: HttpRequest) -> HttpResponse:
    province = chosen_province(request)
    since = vn_today() - dt.timedelta(days=365)
    context = {
        "rows": queries.public_on_time_rates(province, since=since),
        "province": province,
        "provinces": current_provinces(),
        "since": since,
    }
    return render(request, "cases/on_time.html", context)


@access(PUBLIC, "a commune's published answers and reception schedule")
def place(request: HttpRequest, code: str) -> HttpResponse:
    unit = queries.public_unit(code)
    context = {
        "unit": unit,
        "responses": queries.recent_public_responses(unit, 20),
        "slots": ReceptionSlot.objects.filter(unit=unit, date__gte=vn_today().replace(day=1))[:30],
        "dialogues": Dialogue.objects.filter(unit=unit)[:10],
    }
    return render(request, "cases/place.html", context)


@access(PUBLIC, "a photo of public feedback or a petition (Open311 media_url); never of a complaint")
def track_photo(request: HttpRequest, code: str, pk: int) -> HttpResponseBase:
    case = case_for(request.user, code=code, action="cases.open311_view", request=request)
    return serve_protected(request, photo_for(request.user, case, pk, action="cases.open311_view").image)


@access(PUBLIC)
def index(request: HttpRequest) -> HttpResponse:
    """A module root: staff to the cases they handle, anyone else to the form that sends one."""
    return redirect(landing(request.user, office="cases:staff_list", otherwise="cases:submit"))
