"""Staff pages of a case: the list, a unit's deadline dashboard, a case (in full, or only its handling
for the supervisors), the workflow steps, the protected identity and the case's files."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from danchu.accounts.phones import display_phone
from danchu.core.access import access, can
from danchu.core.files import serve_protected
from danchu.core.office import few

from .. import queries, services
from ..permissions import FULL, case_for, photo_for, reply_for, visibility
from .workflow import ACTIONS


@access("cases.open_office", "dashboard of a unit the person handles cases for")
def dashboard(request: HttpRequest) -> HttpResponse:
    unit = queries.chosen_unit(request.user, request.GET.get("unit"))
    units = queries.handled_units(request.user)
    context = {"unit": unit, "units": units, "few_units": few(units), "d": queries.unit_dashboard(unit)}
    return render(request, "cases/dashboard.html", context)


@access("cases.read_case", "404 outside the person's need-to-know; supervisors see the handling only")
def staff_detail(request: HttpRequest, code: str) -> HttpResponse:
    case = case_for(request.user, code=code)
    if visibility(request.user, case) != FULL:
        return render(request, "cases/staff_handling.html", queries.handling_context(case))
    return render(request, "cases/staff_detail.html", queries.detail_context(request.user, case))


@access("cases.handle_case", "workflow step; 404 outside the person's cases")
@require_POST
def action(request: HttpRequest, code: str, name: str) -> HttpResponse:
    step = ACTIONS.get(name)
    if step is None:
        raise Http404
    permission = {"assign": "cases.assign_case", "sign": "cases.sign_reply"}.get(name, "cases.handle_case")
    case = case_for(request.user, code=code, action=permission)
    step(request, case)
    messages.success(request, _("Done."))
    if not can(request.user, "cases.read_case", queries.fresh(case)):
        return redirect("cases:staff_list")  # transferred out of the person's reach
    return redirect("cases:staff_detail", code=case.tracking_code)


@access("cases.reveal_identity", "assigned handler only, with a stated reason; every attempt is audited")
@require_POST
def identity(request: HttpRequest, code: str) -> HttpResponse:
    case = case_for(request.user, code=code, action="cases.read_case", audit_refusal="cases.identity_refused")
    data = services.reveal_identity(case=case, by=request.user, reason=request.POST.get("reason", ""))
    phone = display_phone(data.get("phone"))  # as people read it, 0912 345 678
    response = render(request, "cases/identity.html", {"case": case, "identity": data, "phone": phone})
    response["Cache-Control"] = "private, no-store"
    return response


@access("cases.read_content", "the reply document of a case the person sees in full")
def reply_docx(request: HttpRequest, code: str, pk: int) -> HttpResponseBase:
    case = case_for(request.user, code=code, action="cases.read_content")
    reply = reply_for(request.user, case, pk)
    return serve_protected(
        request, reply.document, filename=f"{case.tracking_code}-{reply.pk}.docx", inline=False
    )


@access("cases.read_content", "a photo of a case the person sees in full")
def photo(request: HttpRequest, code: str, pk: int) -> HttpResponseBase:
    case = case_for(request.user, code=code, action="cases.read_content")
    return serve_protected(request, photo_for(request.user, case, pk).image)
