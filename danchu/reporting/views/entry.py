"""Typing a unit's figures into a report form, and approving them."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from danchu.core.access import access, can

from .. import permissions, services
from ..catalogue import get_indicator
from ..models import Submission
from ..periods import parse
from ..permissions import form_for, place_for


@access("reporting.work_on")
def entry(request: HttpRequest, form_code: str, code: str, period_code: str) -> HttpResponse:
    place = place_for(request.user, code)
    form = form_for(request.user, form_code)
    # Asked before the submission is opened (opening creates the draft): the rule needs its form and place.
    if not can(request.user, "reporting.work_on", Submission(form=form, place=place)):
        raise Http404
    # Reading the page creates nothing; the draft is made by the first save.
    opening = services.submission_open if request.method == "POST" else services.submission_peek
    # A unit that did not exist in the period is refused by the service (its 4xx and message).
    sub = opening(form=form, place=place, period=parse(period_code))
    errors: dict[str, str] = {}
    raw: dict[str, str] = {}
    if request.method == "POST":
        raw = {e.code: request.POST[e.code] for e in form.elements.all() if e.code in request.POST}
        done, errors = _entry_post(request, sub, raw)
        if done is not None:
            return done
    return render(
        request,
        "reporting/entry.html",
        _entry_context(request, sub, errors, raw),
        status=422 if errors else 200,
    )


def _entry_post(
    request: HttpRequest, sub: Submission, raw: dict[str, str]
) -> tuple[HttpResponse | None, dict[str, str]]:
    """Decide, save or submit; a refusal rises to the middleware (the page's message, or JSON for
    the page's script)."""
    action = request.POST.get("action", "save")
    if action == "decide":
        approve = request.POST.get("decision") == "approve"
        comment = request.POST.get("comment", "")
        services.submission_decide(actor=request.user, submission=sub, approve=approve, comment=comment)
        messages.success(request, _("Decision recorded."))
        return redirect(request.path), {}
    errors = services.submission_save(actor=request.user, submission=sub, raw=raw) if raw else {}
    if request.headers.get("HX-Request"):
        return JsonResponse({"errors": errors}, status=200 if not errors else 422), errors
    if errors:
        return None, errors
    if action == "submit":
        services.submission_submit(actor=request.user, submission=sub)
        messages.success(request, _("Submitted. The province will review it."))
    else:
        messages.success(request, _("Saved."))
    return redirect(request.path), {}


def _entry_context(
    request: HttpRequest, sub: Submission, errors: dict[str, str], raw: dict[str, str]
) -> dict[str, Any]:
    stored: dict[str, Any] = {}
    if sub.pk is not None:  # an unsaved draft (nothing typed yet) has no values
        sub.refresh_from_db()
        stored = {v.code: v.value for v in sub.values.filter(breakdown="")}
    form = sub.form
    fields = []
    for el in form.elements.all():
        ind = get_indicator(el.code)
        stored_value = stored.get(el.code)
        fields.append(
            {
                "code": el.code,
                "name": ind.name if ind else el.code,
                "unit": ind.unit if ind else "",
                "required": el.required,
                "error": errors.get(el.code, ""),
                "value": raw.get(el.code, "" if stored_value is None else f"{stored_value.normalize():f}"),
            }
        )
    return {
        "form": form,
        "place": sub.place,
        "submission": sub,
        "fields": fields,
        "rules": form.rules.all(),
        "can_enter": permissions.can_enter(request.user, sub) and not sub.locked,
        "can_approve": sub.status == Submission.Status.SUBMITTED
        and permissions.can_approve(request.user, sub),
        "draft_key": f"danchu-entry-{form.code}-{sub.place.code}-{sub.period.code}",
    }
