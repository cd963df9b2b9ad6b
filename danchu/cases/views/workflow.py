"""The workflow steps posted from a case's staff page: one short function per step, each calling one
service. A refusal (DomainError) goes to the kernel's middleware: back to the case with the message."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _

from danchu.core.errors import DomainError

from .. import queries, services
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
    handler = queries.unit_handler(case.unit, _p(request, "handler"))
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
    return services.case_sign_reply(case=case, by=request.user, signer_title=_p(request, "signer_title"))


def close(request: HttpRequest, case: Case) -> Any:
    return services.case_close(case=case, by=request.user)


def reopen(request: HttpRequest, case: Case) -> Any:
    return services.case_reopen(case=case, by=request.user, reason=_p(request, "reason"))


def _other(request: HttpRequest) -> Case:
    return case_for(request.user, code=_p(request, "other"), action="cases.handle_case")


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
}
