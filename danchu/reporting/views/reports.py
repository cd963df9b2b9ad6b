"""Drafted periodic reports: draft, edit, issue, download."""

from __future__ import annotations

from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from danchu.core.access import STAFF, access

from .. import annex, exports, permissions, services
from ..completeness import awaiting_approval
from ..models import DraftReport
from ..permissions import place_for, report_for
from ..registry import publish_refusal
from .common import _period


@access("reporting.draft_report")
def report_new(request: HttpRequest, code: str) -> HttpResponse:
    place = place_for(request.user, code, "reporting.draft_report")
    if request.method != "POST":
        return redirect("reporting:dashboard", code=place.code)
    from danchu.accounts.models import Body

    committee = Body.objects.filter(place=place, kind=Body.Kind.STEERING_COMMITTEE).first()
    # A refusal rises to the middleware: its status with the dashboard again and the message.
    report = services.report_draft(
        actor=request.user, place=place, period=_period(request), committee=committee
    )
    return redirect("reporting:report", pk=report.pk)


@access("reporting.view_dashboard")
def report(request: HttpRequest, pk: int) -> HttpResponse:
    """Read by whoever reads the place's dashboard; edited, issued and signed by its drafters (the
    services' rule)."""
    rep = report_for(request.user, pk)
    if request.method == "POST":
        return _report_post(request, rep)
    section_list = list(rep.sections.prefetch_related("sentences"))
    versions = DraftReport.objects.filter(
        place=rep.place, period_start=rep.period_start, period_end=rep.period_end
    ).order_by("-version")
    return render(
        request,
        "reporting/report.html",
        {
            "report": rep,
            "sections": section_list,
            "versions": versions,
            "can_edit": permissions.can_draft_report(request.user, rep.place),
            "can_sign": permissions.can_sign_report(request.user, rep.place),
            "publish_refusal": publish_refusal(request.user, rep.place),
            "diff": services.report_diff(rep),
            "number_line": exports.number_line(rep),
            "number_tail": exports.number_tail(rep),
            "awaiting_approval": awaiting_approval(rep.place, rep.period_start, rep.period_end)
            if rep.status != "signed"
            else [],
        },
    )


@transaction.atomic
def _report_post(request: HttpRequest, rep: DraftReport) -> HttpResponse:
    """Save the edited texts (a new version if this one is issued), then issue or sign what was
    saved — the text on the screen, not the one stored before the edits. One change: a refusal
    (issued or signed already, a signer who may not sign, a figure not approved) rises to the
    middleware, which answers its status with the report page again, and nothing is saved."""
    action = request.POST.get("action")
    texts = {s.key: request.POST.get(f"section-{s.key}", s.text) for s in rep.sections.all()}
    header = {f: request.POST.get(f) for f in services.HEADER_FIELDS}
    done: list[str] = []
    if action not in ("sign", "issue") or services.report_changed(report=rep, sections=texts, header=header):
        rep = services.report_update(actor=request.user, report=rep, sections=texts, header=header)
        done.append(_("Saved."))
    if action == "sign":
        signed = services.report_sign(
            actor=request.user, report=rep, publish=request.POST.get("publish") == "1"
        )
        done.append(_("Signed as %(n)s.") % {"n": exports.number_line(signed)})
    elif action == "issue":
        services.report_issue(actor=request.user, report=rep)
        done.append(_("Version %(v)s issued and archived.") % {"v": rep.version})
    for message in done:
        messages.success(request, message)
    return redirect("reporting:report", pk=rep.pk)


@access(STAFF)
def report_download(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    rep = report_for(request.user, pk)
    name = f"bao-cao-{rep.place.code}-{rep.period.code}-v{rep.version}.{fmt}"
    if fmt == "docx":
        resp = HttpResponse(
            exports.docx_bytes(rep),
            content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        )
    elif fmt == "pdf":
        resp = HttpResponse(exports.pdf_bytes(rep), content_type="application/pdf")
    elif fmt == "xlsx":
        tables = annex.annex_tables(rep.place, rep.period)
        resp = HttpResponse(
            exports.xlsx_annex(rep, tables),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    else:
        raise Http404
    resp["Content-Disposition"] = f'attachment; filename="{name}"'
    return resp
