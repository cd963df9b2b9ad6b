"""Back office: commune staff write, publish, correct and withdraw disclosures, attach files and proofs,
moderate questions, follow their obligation calendar; steering committees see compliance below them."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from danchu.accounts.permissions import is_staff
from danchu.core.access import access
from danchu.core.errors import DomainError, Forbidden

from .. import categories, queries, services
from ..forms import (
    AnswerForm,
    AttachForm,
    CorrectForm,
    DisclosureForm,
    ModerateForm,
    ProofForm,
    PublishForm,
    VoiceForm,
    year_or_current,
)
from ..models import Disclosure
from ..permissions import can_read_compliance
from .common import domain_errors

MANAGE = "disclosures.manage"
COMPLIANCE = "disclosures.read_compliance"


def _staff_or_404(request: HttpRequest) -> None:
    if not is_staff(request.user):
        raise Http404(_("The back office is for staff."))


def _get(request: HttpRequest, pk: int) -> Disclosure:
    try:
        return services.get_for_staff(request.user, pk)
    except DomainError as e:
        raise Http404(e.message) from None


@access(MANAGE)
@login_required
def index(request: HttpRequest) -> HttpResponse:
    _staff_or_404(request)
    status = request.GET.get("status", "")
    items = list(queries.office_list(request.user, status=status)[:100])
    context = {
        "items": items,
        "status": status,
        "statuses": Disclosure.Status.choices,
        "places": queries.managed_places(request.user),
        "failed": list(queries.failed_jobs(request.user)[:20]),
        "questions": queries.pending_questions(request.user).count(),
        "overdue": list(queries.overdue_obligations(request.user)[:20]),
    }
    return render(request, "disclosures/office/index.html", context)


@access(MANAGE)
@login_required
def create(request: HttpRequest) -> HttpResponse:
    _staff_or_404(request)
    places = queries.managed_places(request.user)
    if not places:
        raise Http404(_("You do not publish for any unit."))
    form = DisclosureForm(request.POST or None, places=places)
    if request.method == "POST" and form.is_valid():
        c = form.cleaned_data
        try:
            d = services.disclosure_create(
                actor=request.user,
                place=c["place"],
                category=c["category"],
                title=c["title"],
                summary=c["summary"],
                body=c["body"],
                legal_basis=c["legal_basis"],
                issuing_unit=c["issuing_unit"],
                villages=c["villages"],
                voice=c["voice"],
            )
        except DomainError as e:
            messages.error(request, e.message)
        else:
            messages.success(request, _("Draft saved. Check it, add files, then publish."))
            return redirect("disclosures:office_detail", pk=d.pk)
    return render(request, "disclosures/office/form.html", {"form": form, "title": _("New disclosure")})


@access(MANAGE)
@login_required
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    d = _get(request, pk)
    places = [d.place]
    initial = {
        "place": d.place.pk,
        "category": d.category,
        "title": d.title,
        "summary": d.summary,
        "body": d.body,
        "legal_basis": d.legal_basis,
        "issuing_unit": d.issuing_unit,
        "villages": list(d.villages.all()),
        "voice": d.voice,
    }
    form = DisclosureForm(request.POST or None, places=places, initial=initial)
    if request.method == "POST" and form.is_valid():
        c = form.cleaned_data
        try:
            services.disclosure_update(
                actor=request.user,
                disclosure=d,
                title=c["title"],
                summary=c["summary"],
                body=c["body"],
                category=c["category"],
                legal_basis=c["legal_basis"],
                issuing_unit=c["issuing_unit"],
                villages=c["villages"],
                voice=c["voice"],
            )
        except DomainError as e:
            messages.error(request, e.message)
        else:
            messages.success(request, _("Saved."))
            return redirect("disclosures:office_detail", pk=d.pk)
    return render(request, "disclosures/office/form.html", {"form": form, "d": d, "title": _("Edit draft")})


@access(MANAGE)
@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    d = _get(request, pk)
    cat = categories.get(d.category)
    context = {
        "d": d,
        "cat": cat,
        "publish_form": PublishForm(),
        "correct_form": CorrectForm(initial={"title": d.title, "summary": d.summary, "body": d.body}),
        "attach_form": AttachForm(),
        "proof_form": ProofForm(commune=d.place),
        "attachments": list(d.attachments.all()),
        "versions": queries.versions(d),
        "proofs": list(d.proofs.select_related("place")),
        "posted": services.posted_days(d),
        "questions": list(d.questions.select_related("asker")),
        "citations": list(d.citations.select_related("document")),
    }
    return render(request, "disclosures/office/detail.html", context)


def _act(request: HttpRequest, d: Disclosure, fn, success: str) -> HttpResponse:  # type: ignore[no-untyped-def]
    try:
        fn()
    except DomainError as e:
        messages.error(request, e.message)
    else:
        messages.success(request, success)
    return redirect("disclosures:office_detail", pk=d.pk)


@access(MANAGE)
@require_POST
@login_required
def publish(request: HttpRequest, pk: int) -> HttpResponse:
    d = _get(request, pk)
    form = PublishForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Please check the dates."))
        return redirect("disclosures:office_detail", pk=d.pk)
    c = form.cleaned_data
    return _act(
        request,
        d,
        lambda: services.disclosure_publish(
            actor=request.user,
            disclosure=d,
            publish_at=c["publish_at"],
            posting_start=c["posting_start"],
            posting_end=c["posting_end"],
            period_key=c["period_key"],
        ),
        _("Published."),
    )


@access(MANAGE)
@require_POST
@login_required
def correct(request: HttpRequest, pk: int) -> HttpResponse:
    d = _get(request, pk)
    form = CorrectForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say what the correction changes: a correction without a note is refused."))
        return redirect("disclosures:office_detail", pk=d.pk)
    c = form.cleaned_data
    return _act(
        request,
        d,
        lambda: services.disclosure_correct(
            actor=request.user,
            disclosure=d,
            title=c["title"],
            summary=c["summary"],
            body=c["body"],
            note=c["note"],
        ),
        _("Correction published as a new version."),
    )


@access(MANAGE)
@require_POST
@login_required
def withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    d = _get(request, pk)
    return _act(
        request,
        d,
        lambda: services.disclosure_withdraw(
            actor=request.user, disclosure=d, reason=request.POST.get("reason", "")
        ),
        _("Withdrawn."),
    )


@access(MANAGE)
@require_POST
@login_required
def attach(request: HttpRequest, pk: int) -> HttpResponse:
    d = _get(request, pk)
    form = AttachForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Choose a file."))
        return redirect("disclosures:office_detail", pk=d.pk)
    f = form.cleaned_data["file"]
    return _act(
        request,
        d,
        lambda: services.attachment_add(actor=request.user, disclosure=d, file=f, name=f.name, size=f.size),
        _("File added."),
    )


@access(MANAGE)
@require_POST
@login_required
def proof(request: HttpRequest, pk: int) -> HttpResponse:
    d = _get(request, pk)
    form = ProofForm(request.POST, request.FILES, commune=d.place)
    if not form.is_valid():
        messages.error(request, _("Please check the proof: %(errors)s") % {"errors": form.errors.as_text()})
        return redirect("disclosures:office_detail", pk=d.pk)
    c = form.cleaned_data
    photo = c.get("photo")
    return _act(
        request,
        d,
        lambda: services.proof_add(
            actor=request.user,
            disclosure=d,
            kind=c["kind"],
            place=c["place"],
            at=c["at"],
            location=c["location"],
            note=c["note"],
            photo=photo,
            photo_name=photo.name if photo else "",
            photo_size=photo.size if photo else 0,
        ),
        _("Proof recorded."),
    )


@access(MANAGE)
@require_POST
@login_required
def retry(request: HttpRequest, pk: int) -> HttpResponse:
    d = _get(request, pk)
    return _act(
        request,
        d,
        lambda: services.retry_jobs(actor=request.user, disclosure=d),
        _("The poster and audio jobs were started again."),
    )


@access(MANAGE)
@login_required
def questions(request: HttpRequest) -> HttpResponse:
    _staff_or_404(request)
    return render(
        request,
        "disclosures/office/questions.html",
        {
            "questions": list(queries.pending_questions(request.user)[:100]),
            "moderate_form": ModerateForm(),
            "answer_form": AnswerForm(),
        },
    )


@access(MANAGE)
@require_POST
@login_required
def question_decide(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        q = services.question_for_staff(request.user, pk)
    except DomainError as e:
        raise Http404(e.message) from None
    try:
        if request.POST.get("decision") == "case":
            code = services.question_to_case(actor=request.user, question=q)
            messages.success(request, _("Filed as the feedback case %(code)s.") % {"code": code})
        elif "answer" in request.POST:
            services.question_answer(actor=request.user, question=q, answer=request.POST.get("answer", ""))
            messages.success(request, _("Answer published."))
        else:
            services.question_moderate(
                actor=request.user,
                question=q,
                approve=request.POST.get("decision") == "approve",
                reason=request.POST.get("reason", ""),
            )
            messages.success(request, _("Question moderated."))
    except DomainError as e:
        messages.error(request, e.message)
    return redirect("disclosures:office_questions")


@access(COMPLIANCE)
@login_required
@domain_errors
def obligations(request: HttpRequest, code: str) -> HttpResponse:
    place = queries.public_place(code)
    if not can_read_compliance(request.user, place):
        raise Http404(_("No such unit among yours."))
    year = year_or_current(request.GET.get("year"))
    if services.can_manage(request.user, place) or place.is_commune:
        services.obligations_refresh(place=place, year=year)
    rows = queries.obligations_of(place, year)
    return render(
        request,
        "disclosures/office/obligations.html",
        {
            "place": place,
            "year": year,
            "rows": rows,
            "today": timezone.localdate(),
            "categories": {c.code: c for c in categories.ordered()},
        },
    )


@access(COMPLIANCE)
@login_required
def compliance(request: HttpRequest) -> HttpResponse:
    _staff_or_404(request)
    return render(
        request,
        "disclosures/office/compliance.html",
        {
            "rows": queries.compliance_overview(request.user),
            "overdue": list(queries.overdue_obligations(request.user)[:200]),
            "categories": {c.code: c for c in categories.ordered()},
        },
    )


@access(MANAGE)
@login_required
@domain_errors
def bulletin_settings(request: HttpRequest, code: str) -> HttpResponse:
    place = queries.public_place(code)
    if not services.can_manage(request.user, place):
        raise Http404(_("No such unit among yours."))
    form = VoiceForm(request.POST or None, initial={"voice": services.voice_for(place)})
    if request.method == "POST" and form.is_valid():
        try:
            services.bulletin_settings_set(actor=request.user, place=place, voice=form.cleaned_data["voice"])
            messages.success(request, _("Saved."))
        except (DomainError, Forbidden) as e:
            messages.error(request, e.message)
    return render(request, "disclosures/office/settings.html", {"place": place, "form": form})


@access(MANAGE)
@require_POST
@login_required
@domain_errors
def bulletin_build(request: HttpRequest, code: str) -> HttpResponse:
    from .. import tasks

    place = queries.public_place(code)
    if not services.can_manage(request.user, place):
        raise Http404(_("No such unit among yours."))
    day = request.POST.get("day") or timezone.localdate().isoformat()
    try:
        day = dt.date.fromisoformat(day).isoformat()
    except ValueError:
        raise Http404(_("Not a date.")) from None
    tasks.make_bulletin(place.pk, day)
    messages.success(request, _("The bulletin is being joined into one file."))
    return redirect("disclosures:bulletin_day", code=place.code, day=day)
