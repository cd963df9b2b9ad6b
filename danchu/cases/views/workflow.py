"""The workflow steps posted from a case's staff page: one short function per step, each calling one
service. A refusal (DomainError) goes to the kernel's middleware: back to the case with the message."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _

from danchu.core.errors import DomainError
from danchu.core.text import quoted

from .. import handlers, queries, services
from ..models import Case
from ..permissions import case_for

Step = Callable[[HttpRequest, Case], Any]


def _p(request: HttpRequest, name: str) -> str:
    return request.POST.get(name, "")


def accept(request: HttpRequest, case: Case) -> Any:
    return services.case_accept(case=case, by=request.user, remote_area=_p(request, "remote_area") == "on")


def refuse(request: HttpRequest, case: Case) -> Any:
    return services.case_refuse(case=case, by=request.user, reason=_p(request, "reason"))


def assign(request: HttpRequest, case: Case) -> Any:
    handler = handlers.case_handler(case, _p(request, "handler"))
    if handler is None:
        raise DomainError(_("Choose a handler."))
    return services.case_assign(case=case, by=request.user, handler=handler)


def transfer(request: HttpRequest, case: Case) -> Any:
    to_unit = queries.transfer_target(case, _p(request, "to_unit"))
    if to_unit is None:
        raise DomainError(_("Choose the unit to transfer to."))
    return services.case_transfer(case=case, by=request.user, to_unit=to_unit, reason=_p(request, "reason"))


def extend(request: HttpRequest, case: Case) -> Any:
    reason, basis = _p(request, "reason"), _p(request, "legal_basis")
    return services.case_extend(case=case, by=request.user, reason=reason, legal_basis=basis)


def pause(request: HttpRequest, case: Case) -> Any:
    reason, basis = _p(request, "reason"), _p(request, "legal_basis")
    return services.case_pause(case=case, by=request.user, reason=reason, legal_basis=basis)


def resume(request: HttpRequest, case: Case) -> Any:
    return services.case_resume(case=case, by=request.user)


def respond(request: HttpRequest, case: Case) -> Any:
    publish = _p(request, "publish") == "on"
    return services.case_respond(case=case, by=request.user, body=_p(request, "body"), publish=publish)


def sign(request: HttpRequest, case: Case) -> Any:
    return services.case_sign_reply(case=case, by=request.user)


def close(request: HttpRequest, case: Case) -> Any:
    return services.case_close(case=case, by=request.user)


def reopen(request: HttpRequest, case: Case) -> Any:
    return services.case_reopen(case=case, by=request.user, reason=_p(request, "reason"))


def extend_acceptance(request: HttpRequest, case: Case) -> Any:
    return services.case_extend_acceptance(case=case, by=request.user, reason=_p(request, "reason"))


def limitation(request: HttpRequest, case: Case) -> Any:
    try:
        known_on = dt.date.fromisoformat(_p(request, "known_on"))
        obstacle_days = int(_p(request, "obstacle_days") or 0)
    except ValueError:
        raise DomainError(_("Enter a valid date and a whole number of days."), code="known_on") from None
    return services.case_record_limitation(
        case=case,
        by=request.user,
        known_on=known_on,
        obstacle_days=obstacle_days,
        obstacle_reason=_p(request, "obstacle_reason"),
    )


def notice(request: HttpRequest, case: Case) -> Any:
    return services.case_send_acceptance_notice(case=case, by=request.user)


def _other(request: HttpRequest) -> Case:
    """The case typed in the form; one this person does not handle, or none, is said to be so on the
    case's page (a refusal), not answered by a bare "page not found"."""
    code = _p(request, "other")
    try:
        return case_for(request.user, code=code, action="cases.handle_case")
    except Http404:
        raise DomainError(
            _("You handle no case with the tracking code %(code)s.") % {"code": quoted(code, 40)},
            code="unknown_case",
        ) from None


def link(request: HttpRequest, case: Case) -> Any:
    return services.case_link(case=case, other=_other(request), by=request.user)


def merge(request: HttpRequest, case: Case) -> Any:
    return services.case_merge(case=case, into=_other(request), by=request.user)


ACTIONS: dict[str, Step] = {
    "accept": accept,
    "refuse": refuse,
    "assign": assign,
    "transfer": transfer,
    "extend": extend,
    "pause": pause,
    "resume": resume,
    "respond": respond,
    "sign": sign,
    "close": close,
    "reopen": reopen,
    "link": link,
    "merge": merge,
    "extend_acceptance": extend_acceptance,
    "limitation": limitation,
    "notice": notice,
}
