"""Back-office pages of a unit: recording a case for a citizen, importing a register, the citizen
reception schedule, log and dialogues; and the Open311 API keys (administrators)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from danchu.accounts.counter import actor_for
from danchu.core.access import access, can
from danchu.core.idempotency import idempotent
from danchu.core.middleware import attempt, status_of
from danchu.core.text import query_text
from danchu.places.importing.pages import warn_unread

from .. import queries, receipts, services
from ..forms import DialogueForm, ImportForm, IntakeForm, ReceptionLogForm, SlotForm
from ..importing import COLUMNS, import_cases
from ..models import ApiKey
from ..permissions import apikey_for
from .submission import submission_from_form

RECEPTION_FORMS = {"slot": SlotForm, "log": ReceptionLogForm, "dialogue": DialogueForm}


@access("cases.open_office", "reception staff record a case for a citizen of their unit")
@idempotent
def intake(request: HttpRequest) -> HttpResponse:
    initial = {"place": query_text(request, "place", label=_("Place"), limit=32)}  # refused, not cut
    form = IntakeForm(request.POST or None, request.FILES or None, user=request.user, initial=initial)
    case = attempt(form, lambda: _record(request, form)) if form.is_valid() else None
    if case is None:
        return render(request, "cases/intake.html", {"form": form}, status=status_of(form))
    # The receipt for the citizen at the counter: its secret key is shown to the officer recording it
    # (who sees the case in full anyway) to hand over, and not on the case's page afterwards.
    note = _(
        "Case %(code)s recorded. Give the citizen the tracking code %(code)s and the secret key %(key)s: with the "
        "key they read the answer and rate it."
    ) % {"code": case.tracking_code, "key": receipts.shown(case.receipt_key)}
    messages.success(request, note)
    return redirect("cases:staff_detail", code=case.tracking_code)


def _record(request: HttpRequest, form: IntakeForm) -> Any:
    actor = actor_for(request, place=form.cleaned_data["place"])  # the citizen chosen at the counter
    submitter = actor.subject if actor.subject != request.user else None
    channel = form.cleaned_data["channel"]
    sub = submission_from_form(request, form, channel=channel, recorded_by=request.user, submitter=submitter)
    return services.case_submit(sub)


@access("cases.open_office", "bulk import by the staff of a unit")
def import_view(request: HttpRequest) -> HttpResponse:
    form = ImportForm(request.POST or None, request.FILES or None)
    result = attempt(form, lambda: _import(request, form)) if form.is_valid() else None
    if result is not None:
        warn_unread(request, result.unread_columns)
    status = 400 if result is not None and result.errors and not result.imported else status_of(form)
    return render(
        request, "cases/import.html", {"form": form, "result": result, "columns": COLUMNS}, status=status
    )


def _import(request: HttpRequest, form: ImportForm) -> Any:
    f, skip = form.cleaned_data["file"], form.cleaned_data["skip_bad_rows"]
    return import_cases(data=f.read(), filename=f.name, by=request.user, skip_bad=skip)


@access("cases.open_office", "reception schedule, log and dialogues of a unit the person acts for")
def reception(request: HttpRequest) -> HttpResponse:
    unit = queries.chosen_unit(request.user, request.GET.get("unit") or request.POST.get("unit"))
    year, month = queries.parse_month(request.GET.get("month", ""))
    forms: dict[str, Any] = {kind: cls(prefix=kind) for kind, cls in RECEPTION_FORMS.items()}
    if request.method == "POST":
        kind = queries.reception_kind(request.POST.get("kind", ""), RECEPTION_FORMS)
        form = forms[kind] = RECEPTION_FORMS[kind](request.POST, prefix=kind)
        if form.is_valid() and attempt(
            form, lambda: _record_reception(request, unit, kind, form.cleaned_data)
        ):
            messages.success(request, _("Saved."))
            return HttpResponseRedirect(request.get_full_path())
    context = queries.reception_context(request.user, unit, year, month) | {"forms": forms}
    status = max(status_of(f) for f in forms.values())
    return render(request, "cases/reception.html", context, status=status)


def _record_reception(request: HttpRequest, unit: Any, kind: str, d: dict[str, Any]) -> Any:
    by = request.user
    if kind == "slot":
        return services.reception_slot_add(unit=unit, by=by, **d)
    if kind == "log":
        cases = queries.unit_cases_by_codes(by, unit, d.pop("case_codes"))
        return services.reception_log_add(unit=unit, by=by, cases=cases, **d)
    return services.dialogue_add(unit=unit, by=by, **d)


# The raw key of the last issue, kept in the session only until the page after the redirect shows it.
NEW_KEY_SLOT = "cases_new_apikey"


@access("cases.manage_apikeys", "administrators issue and revoke Open311 keys")
@idempotent
def apikeys(request: HttpRequest) -> HttpResponse:
    """Post, redirect, get: reloading the page after issuing a key shows the list again instead of
    posting again and issuing a second key; the raw key is shown once, on the page after the redirect
    (and a double click, by the idempotency key, replays the redirect, never the key)."""
    if request.method == "POST" and request.POST.get("revoke"):
        services.apikey_revoke(key=apikey_for(request.user, request.POST["revoke"]), by=request.user)
        messages.success(request, _("Key revoked."))
        return redirect("cases:apikeys")
    if request.method == "POST":
        name, contact = request.POST.get("name", ""), request.POST.get("contact", "")
        _key, request.session[NEW_KEY_SLOT] = services.apikey_issue(
            name=name, by=request.user, contact=contact
        )
        return redirect("cases:apikeys")
    keys = ApiKey.objects.order_by("-created_at")
    new_key = request.session.pop(NEW_KEY_SLOT, None)
    return render(request, "cases/apikeys.html", {"keys": keys, "new_key": new_key})  # no-store: staff


@access(
    "cases.read_escalations", "steering offices, supervisors and chairmen see overdue cases nobody acted on"
)
def escalations(request: HttpRequest) -> HttpResponse:
    if not can(request.user, "cases.read_escalations"):
        raise Http404
    rows = queries.unacted_escalations(request.user)
    return render(request, "cases/escalations.html", {"rows": rows})
