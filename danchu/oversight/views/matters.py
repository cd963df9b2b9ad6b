"""Pages of a matter and of a Front supervision: each step is one form calling one service."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from danchu.core.access import access, can
from danchu.core.audit import audit
from danchu.core.calendar import today
from danchu.core.idempotency import idempotent

from .. import queries, services
from ..forms import (
    AnswerForm,
    ClassifyForm,
    ConcludeForm,
    DocumentsForm,
    FollowUpForm,
    InspectionPlanForm,
    InterestForm,
    PaperAnswerForm,
    PublishForm,
    RecommendForm,
    ReportForm,
    ResolveForm,
    StartForm,
    SupervisionConcludeForm,
    SupervisionRecommendForm,
    cleaned,
)
from ..models import Matter, Supervision
from ..permissions import (
    document_request_for,
    front_for,
    is_addressee,
    matter_for,
    reads_reported_words,
    recommendation_for,
    supervision_for,
)
from ..services.common import chairmen

HANDLE = "oversight.handle_matter"


def _rec_forms() -> dict[str, Any]:
    # Each recommendation's forms repeat on the page: the template gives each copy its own ids
    # ({% form_with_ids %}).
    return {
        "answer_form": AnswerForm(),
        "paper_answer_form": PaperAnswerForm(),
        "follow_up_form": FollowUpForm(),
        "resolve_form": ResolveForm(),
    }


def _recs(request: HttpRequest, recs: Any) -> list[dict[str, Any]]:
    return [
        {
            "rec": r,
            "can_answer": can(request.user, "oversight.answer", r),
            "on_paper": not is_addressee(request.user, r),
            "can_follow_up": can(request.user, "oversight.follow_up", r),
        }
        for r in recs
    ]


@access("oversight.view_matter")
def matter(request: HttpRequest, pk: int) -> HttpResponse:
    m = matter_for(request.user, pk)
    handles = can(request.user, HANDLE, m)
    if handles and (m.reporter_name or m.reporter_contact):
        # Who reported it is shown to the board's members only, and each reading is audited.
        audit(actor=request.user, action="oversight.reporter_read", obj=m)
    context = {
        "matter": m,
        "S": Matter.Status,
        "can_handle": handles,
        # The Front and the steering members read the board too; a citizen or an addressee does not.
        "reads_board": handles or can(request.user, "oversight.read_board", m.board),
        # A published matter shows its findings to anyone; its record only to its readers.
        "reads_record": handles or can(request.user, "oversight.read_matter_record", m),
        "reads_words": reads_reported_words(request.user, m, handles=handles),
        "recs": _recs(request, m.recommendations.select_related("addressee_person")),
        "requests": m.document_requests.all(),
        "interests": m.interests.select_related("member__person"),
        "handlers": m.handlers.select_related("person"),
        "earliest": services.earliest_start(m.plan_sent_on) if m.plan_sent_on else None,
        "today": today(),
        # The tracking code is the key to the case (its answer, signed reply, rating): the board's.
        "case_url": queries.case_tracking_url(m) if handles else "",
    }
    if handles:
        context.update(
            classify_form=_classify_form(m),
            interest_form=InterestForm(auto_id="interest-%s"),
            plan_form=InspectionPlanForm(auto_id="plan-%s", initial={"sent_on": today()}),
            start_form=StartForm(auto_id="start-%s", initial={"on": today()}),
            documents_form=DocumentsForm(auto_id="documents-%s"),
            conclude_form=ConcludeForm(auto_id="conclude-%s"),
            recommend_form=_recommend_form(m),
            report_form=ReportForm(auto_id="report-%s"),
        )
    context.update(_rec_forms())
    return render(request, "oversight/matter.html", context)


def _classify_form(m: Matter) -> ClassifyForm:
    form = ClassifyForm(auto_id="classify-%s")
    if m.board.is_unit or m.forwarded_case:  # a unit's matters go to its head; a petition is filed once
        del form.fields["file_as_case"]
    return form


def _recommend_form(m: Matter) -> RecommendForm:
    if m.board.is_unit:  # the unit's competent person, whom the board names
        form = RecommendForm(auto_id="recommend-%s")
        del form.fields["to_chairman"]
        return form
    return RecommendForm(
        auto_id="recommend-%s", initial={"addressee": _("Chairman of the commune People's Committee")}
    )


def _handled(request: HttpRequest, pk: int) -> Matter:
    return matter_for(request.user, pk, HANDLE)


def _done(request: HttpRequest, m: Matter, message: str) -> HttpResponse:
    messages.success(request, message)
    return redirect("oversight:matter", pk=m.pk)


@access(HANDLE)
@require_POST
def matter_classify(request: HttpRequest, pk: int) -> HttpResponse:
    m = _handled(request, pk)
    services.matter_classify(actor=request.user, matter=m, **cleaned(ClassifyForm(request.POST)))
    return _done(request, m, _("Matter classified."))


@access(HANDLE)
@require_POST
def interest_declare(request: HttpRequest, pk: int) -> HttpResponse:
    m = _handled(request, pk)
    services.interest_declare(actor=request.user, matter=m, note=cleaned(InterestForm(request.POST))["note"])
    return _done(request, m, _("Your interest is recorded; you no longer handle this matter."))


@access(HANDLE)
@require_POST
def inspection_plan_send(request: HttpRequest, pk: int) -> HttpResponse:
    m = _handled(request, pk)
    services.inspection_plan_send(actor=request.user, matter=m, **cleaned(InspectionPlanForm(request.POST)))
    return _done(request, m, _("Inspection plan sent to the Front, the chairman and the inspected party."))


@access(HANDLE)
@require_POST
def inspection_start(request: HttpRequest, pk: int) -> HttpResponse:
    m = _handled(request, pk)
    services.inspection_start(actor=request.user, matter=m, on=cleaned(StartForm(request.POST))["on"])
    return _done(request, m, _("Inspection started."))


@access(HANDLE)
@require_POST
@idempotent
def documents_request(request: HttpRequest, pk: int) -> HttpResponse:
    m = _handled(request, pk)
    services.documents_request(actor=request.user, matter=m, **cleaned(DocumentsForm(request.POST)))
    return _done(request, m, _("Document request recorded."))


@access(HANDLE)
@require_POST
def documents_received(request: HttpRequest, pk: int, request_pk: int) -> HttpResponse:
    m = _handled(request, pk)
    req = document_request_for(request.user, m, request_pk)
    services.documents_received(actor=request.user, request=req)
    return _done(request, m, _("Documents received."))


@access(HANDLE)
@require_POST
def matter_conclude(request: HttpRequest, pk: int) -> HttpResponse:
    m = _handled(request, pk)
    services.matter_conclude(actor=request.user, matter=m, **cleaned(ConcludeForm(request.POST)))
    return _done(request, m, _("Conclusion recorded."))


@access(HANDLE)
@require_POST
def matter_publish(request: HttpRequest, pk: int) -> HttpResponse:
    m = _handled(request, pk)
    public = cleaned(PublishForm(request.POST))["public"]
    services.matter_publish(actor=request.user, matter=m, public=public)
    return _done(
        request, m, _("The findings are published.") if public else _("The findings are no longer public.")
    )


@access(HANDLE)
@require_POST
@idempotent
def recommendation_make(request: HttpRequest, pk: int) -> HttpResponse:
    m = _handled(request, pk)
    data = cleaned(RecommendForm(request.POST))
    person = None
    # A unit's board recommends to the unit's competent person, not the commune's chairman.
    if data.pop("to_chairman") and not m.board.is_unit:
        found = chairmen(m.board.body.place)
        person = found[0] if found else None
    services.recommendation_make(actor=request.user, matter=m, addressee_person=person, **data)
    return _done(request, m, _("Recommendation sent."))


@access(HANDLE)
@require_POST
def matter_report(request: HttpRequest, pk: int) -> HttpResponse:
    m = _handled(request, pk)
    services.matter_report(actor=request.user, matter=m, report=cleaned(ReportForm(request.POST))["report"])
    return _done(request, m, _("Report sent to the commune Front."))


def _back(request: HttpRequest, rec: Any) -> HttpResponse:
    if rec.matter_id:
        return redirect("oversight:matter", pk=rec.matter_id)
    return redirect("oversight:supervision", pk=rec.supervision_id)


@access("oversight.answer")
@require_POST
def recommendation_answer(request: HttpRequest, pk: int) -> HttpResponse:
    rec = recommendation_for(request.user, pk, "oversight.answer")
    d = cleaned((AnswerForm if is_addressee(request.user, rec) else PaperAnswerForm)(request.POST))
    services.recommendation_answer(
        actor=request.user,
        recommendation=rec,
        answer=d["answer"],
        on=services.dated_here(request.user, rec, d.get("answered_on")),
    )
    messages.success(request, _("Answer recorded."))
    return _back(request, rec)


@access("oversight.follow_up")
@require_POST
def recommendation_follow_up(request: HttpRequest, pk: int) -> HttpResponse:
    rec = recommendation_for(request.user, pk, "oversight.follow_up")
    services.recommendation_follow_up(
        actor=request.user, recommendation=rec, note=cleaned(FollowUpForm(request.POST))["note"]
    )
    messages.success(request, _("Follow-up recorded."))
    return _back(request, rec)


@access("oversight.follow_up")
@require_POST
def recommendation_resolve(request: HttpRequest, pk: int) -> HttpResponse:
    rec = recommendation_for(request.user, pk, "oversight.follow_up")
    data = cleaned(ResolveForm(request.POST))
    services.recommendation_resolve(actor=request.user, recommendation=rec, resolution=data["resolution"])
    messages.success(request, _("Recommendation resolved."))
    return _back(request, rec)


@access("oversight.view_supervision")
def supervision(request: HttpRequest, pk: int) -> HttpResponse:
    s = supervision_for(request.user, pk)
    context = {
        "s": s,
        "S": Supervision.Status,
        "can_supervise": can(request.user, "oversight.supervise", s.front),
        "reads_record": can(request.user, "oversight.read_supervision_record", s),
        "recs": _recs(request, s.recommendations.all()),
        "conclude_form": SupervisionConcludeForm(auto_id="conclude-%s"),
        "recommend_form": SupervisionRecommendForm(auto_id="recommend-%s"),
        **_rec_forms(),
    }
    return render(request, "oversight/supervision.html", context)


def _supervised(request: HttpRequest, pk: int) -> Supervision:
    s = supervision_for(request.user, pk)
    front_for(request.user, s.front_id)  # 404 unless the person runs this Front's supervisions
    return s


@access("oversight.supervise")
@require_POST
def supervision_start(request: HttpRequest, pk: int) -> HttpResponse:
    s = _supervised(request, pk)
    services.supervision_start(actor=request.user, supervision=s)
    messages.success(request, _("Supervision started."))
    return redirect("oversight:supervision", pk=s.pk)


@access("oversight.supervise")
@require_POST
def supervision_conclude(request: HttpRequest, pk: int) -> HttpResponse:
    s = _supervised(request, pk)
    services.supervision_conclude(
        actor=request.user, supervision=s, **cleaned(SupervisionConcludeForm(request.POST))
    )
    messages.success(request, _("Findings recorded."))
    return redirect("oversight:supervision", pk=s.pk)


@access("oversight.supervise")
@require_POST
@idempotent
def supervision_recommend(request: HttpRequest, pk: int) -> HttpResponse:
    s = _supervised(request, pk)
    services.recommendation_make(
        actor=request.user, supervision=s, **cleaned(SupervisionRecommendForm(request.POST))
    )
    messages.success(request, _("Recommendation sent."))
    return redirect("oversight:supervision", pk=s.pk)


@access("oversight.supervise")
@require_POST
def supervision_close(request: HttpRequest, pk: int) -> HttpResponse:
    s = _supervised(request, pk)
    services.supervision_close(actor=request.user, supervision=s)
    messages.success(request, _("Supervision closed."))
    return redirect("oversight:supervision", pk=s.pk)
