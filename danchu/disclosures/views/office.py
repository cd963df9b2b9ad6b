"""Back office: commune staff write, publish, correct and withdraw disclosures, attach files and proofs,
moderate questions, follow their obligation calendar; steering committees see compliance below them.

Each page declares its rule (@access) and reaches its object through the getter of permissions.py;
a service's DomainError is shown by the kernel's middleware (back to the form, with the message)."""

from __future__ import annotations

import csv
import datetime as dt
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from danchu.core.access import access
from danchu.core.errors import DomainError
from danchu.core.files import serve_protected
from danchu.core.forms import valid
from danchu.core.middleware import status_of
from danchu.core.office import few
from danchu.core.paging import page_for
from danchu.core.text import query_text, query_year, spreadsheet_text

from .. import categories, posters, queries, services
from ..forms import (
    AnswerForm,
    AttachForm,
    CorrectForm,
    DisclosureForm,
    ModerateForm,
    ProofForm,
    PublishForm,
    VoiceForm,
    draft_from,
    proof_from,
)
from ..models import Disclosure
from ..permissions import (
    COMMITTEE_CATEGORY,
    COMPLIANCE,
    MANAGE,
    can_manage,
    clean,
    committee_only,
    disclosure_for,
    proof_for,
    question_for,
    unit_for,
)


def _committee_categories(request: HttpRequest, places: list[Any]) -> list[str] | None:
    """A steering committee member who is not the places' staff is offered the committee's category only."""
    if places and all(committee_only(request.user, p) for p in places):
        return [COMMITTEE_CATEGORY]
    return None


def _publisher(request: HttpRequest) -> None:
    """The rule of MANAGE without an object: the person publishes for some unit (404 otherwise, as
    the kernel's gate answers); each object's scope is then its getter's."""
    if not can_manage(request.user):
        raise Http404(_("You do not publish for any unit."))


@access(MANAGE)
def index(request: HttpRequest) -> HttpResponse:
    _publisher(request)
    # Each filter as typed, or a refusal naming it (an unknown status or category, a search longer than
    # the field takes): never cut or dropped in silence, which would list what was not asked for.
    status = query_text(request, "status", label=_("Status"), limit=32)
    q = query_text(request, "q", label=_("Search"), limit=100)
    place = query_text(request, "place", label=_("Unit"), limit=32)
    category = query_text(request, "category", label=_("Category"), limit=64)
    qs = queries.office_list(request.user, status=status, q=q, place=place, category=category)
    if request.GET.get("format") == "csv":
        return _csv(qs)
    page = page_for(request, qs, OFFICE_PAGE_SIZE)
    filters = request.GET.copy()
    filters.pop("page", None)
    places = queries.managed_places(request.user)
    context = {
        "page": page,
        "items": page.object_list,
        "filters": filters.urlencode(),
        "status": status,
        "q": q,
        "place": place,
        "category": category,
        "categories": categories.ordered(),
        "statuses": Disclosure.Status.choices,
        "places": places,
        # Each place's own pages: all of them for a few places, else the one chosen in the filter.
        "linked": places if few(places) else [p for p in places if p.code == place],
        **_site_url_context(),
        "failed": list(queries.failed_jobs(request.user)[:20]),
        "questions": queries.pending_questions(request.user).count(),
        "overdue": list(queries.overdue_obligations(request.user)[:20]),
    }
    return render(request, "disclosures/office/index.html", context)


@access(MANAGE)
def create(request: HttpRequest) -> HttpResponse:
    _publisher(request)
    places = queries.managed_places(request.user)
    form = DisclosureForm(
        request.POST or None, places=places, only_categories=_committee_categories(request, places)
    )
    if request.method == "POST" and form.is_valid():
        c = form.cleaned_data
        d = services.disclosure_create(actor=request.user, place=c["place"], draft=draft_from(c))
        messages.success(request, _("Draft saved. Check it, add files, then publish."))
        return redirect("disclosures:office_detail", pk=d.pk)
    status = 400 if request.method == "POST" else 200  # a form sent back with its errors
    return render(
        request, "disclosures/office/form.html", {"form": form, "title": _("New disclosure")}, status=status
    )


@access(MANAGE)
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    d = disclosure_for(request.user, pk, MANAGE)
    form = DisclosureForm(
        request.POST or None,
        places=[d.place],
        initial=DisclosureForm.initial_for(d),
        only_categories=_committee_categories(request, [d.place]),
    )
    if request.method == "POST" and form.is_valid():
        services.disclosure_update(actor=request.user, disclosure=d, draft=draft_from(form.cleaned_data))
        messages.success(request, _("Saved."))
        return redirect("disclosures:office_detail", pk=d.pk)
    status = 400 if request.method == "POST" else 200  # a form sent back with its errors
    return render(
        request,
        "disclosures/office/form.html",
        {"form": form, "d": d, "title": _("Edit draft")},
        status=status,
    )


@access(MANAGE)
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    d = disclosure_for(request.user, pk, MANAGE)
    context = {
        "d": d,
        "cat": categories.get(d.category),
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
        **_site_url_context(),
    }
    return render(request, "disclosures/office/detail.html", context)


OFFICE_PAGE_SIZE = 50


def _cell(value: object) -> str:
    return spreadsheet_text("" if value is None else str(value))  # no formulas in a spreadsheet


def _csv(qs: Any) -> HttpResponse:
    """The filtered list as CSV (UTF-8 with BOM, so a spreadsheet reads Vietnamese), every row."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="cong-khai.csv"'
    response.write("\ufeff")
    w = csv.writer(response)
    w.writerow(
        [
            _("Number"),
            _("Title"),
            _("Place"),
            _("Category"),
            _("Status"),
            _("Published"),
            _("Posted from"),
            _("until"),
            _("Views"),
        ]
    )
    for d in qs.iterator(chunk_size=500):
        w.writerow(
            [
                _cell(v)
                for v in (
                    d.pk,
                    d.title,
                    d.place.name,
                    d.category_name,
                    d.get_status_display(),
                    timezone.localtime(d.published_at).strftime("%d/%m/%Y") if d.published_at else "",
                    d.posting_start.strftime("%d/%m/%Y") if d.posting_start else "",
                    d.posting_end.strftime("%d/%m/%Y") if d.posting_end else "",
                    d.view_count,
                )
            ]
        )
    return response


def _site_url_context() -> dict[str, object]:
    return {"site_url_local": posters.site_url_is_local(), "site_url": settings.SITE_URL}


def _invalid(form_errors: str) -> DomainError:
    return DomainError(form_errors, code="invalid")


@access(MANAGE)
@require_POST
def publish(request: HttpRequest, pk: int) -> HttpResponse:
    d = disclosure_for(request.user, pk, MANAGE)
    c = valid(PublishForm(request.POST))  # each field's problem named (a NUL in the period is no date)
    services.disclosure_publish(
        actor=request.user,
        disclosure=d,
        publish_at=c["publish_at"],
        posting_start=c["posting_start"],
        posting_end=c["posting_end"],
        period_key=c["period_key"],
    )
    messages.success(request, _("Published."))
    return redirect("disclosures:office_detail", pk=d.pk)


@access(MANAGE)
@require_POST
def correct(request: HttpRequest, pk: int) -> HttpResponse:
    d = disclosure_for(request.user, pk, MANAGE)
    c = valid(CorrectForm(request.POST))  # the field at fault named, not always "the note"
    services.disclosure_correct(
        actor=request.user,
        disclosure=d,
        title=c["title"],
        summary=c["summary"],
        body=c["body"],
        note=c["note"],
    )
    messages.success(request, _("Correction published as a new version."))
    return redirect("disclosures:office_detail", pk=d.pk)


@access(MANAGE)
@require_POST
def withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    d = disclosure_for(request.user, pk, MANAGE)
    services.disclosure_withdraw(actor=request.user, disclosure=d, reason=request.POST.get("reason", ""))
    messages.success(request, _("Withdrawn."))
    return redirect("disclosures:office_detail", pk=d.pk)


@access(MANAGE)
@require_POST
def attach(request: HttpRequest, pk: int) -> HttpResponse:
    d = disclosure_for(request.user, pk, MANAGE)
    form = AttachForm(request.POST, request.FILES)
    if not form.is_valid():
        raise _invalid(_("Choose a file."))
    f = form.cleaned_data["file"]
    services.attachment_add(actor=request.user, disclosure=d, file=f, name=f.name or "", size=f.size or 0)
    messages.success(request, _("File added."))
    return redirect("disclosures:office_detail", pk=d.pk)


@access(MANAGE)
@require_POST
def proof(request: HttpRequest, pk: int) -> HttpResponse:
    d = disclosure_for(request.user, pk, MANAGE)
    form = ProofForm(request.POST, request.FILES, commune=d.place)
    if not form.is_valid():
        raise _invalid(_("Please check the proof: %(errors)s") % {"errors": form.errors.as_text()})
    services.proof_add(actor=request.user, disclosure=d, proof=proof_from(form.cleaned_data))
    messages.success(request, _("Proof recorded."))
    return redirect("disclosures:office_detail", pk=d.pk)


@access(MANAGE)
def proof_photo(request: HttpRequest, pk: int, ext: str) -> HttpResponseBase:
    p = proof_for(request.user, pk, MANAGE)
    return serve_protected(
        request, p.photo, filename=f"bang-tin-{p.pk}.{str(p.photo.name).rsplit('.', 1)[-1]}"
    )


@access(MANAGE)
@require_POST
def retry(request: HttpRequest, pk: int) -> HttpResponse:
    d = disclosure_for(request.user, pk, MANAGE)
    services.retry_jobs(actor=request.user, disclosure=d)
    messages.success(request, _("The poster and audio jobs were started again."))
    return redirect("disclosures:office_detail", pk=d.pk)


@access(MANAGE)
def questions(request: HttpRequest) -> HttpResponse:
    _publisher(request)
    context = {
        # The whole queue, a page at a time (it stopped at 100 without a word).
        "questions": page_for(request, queries.pending_questions(request.user), OFFICE_PAGE_SIZE),
        "moderate_form": ModerateForm(),
        "answer_form": AnswerForm(),
    }
    return render(request, "disclosures/office/questions.html", context)


@access(MANAGE)
@require_POST
def question_decide(request: HttpRequest, pk: int) -> HttpResponse:
    q = question_for(request.user, pk, MANAGE)
    decision = request.POST.get("decision")
    if decision == "case":
        code = services.question_to_case(actor=request.user, question=q)
        messages.success(request, _("Filed as the feedback case %(code)s.") % {"code": code})
    elif "answer" in request.POST:
        services.question_answer(actor=request.user, question=q, answer=request.POST.get("answer", ""))
        messages.success(request, _("Answer published."))
    else:
        reason = request.POST.get("reason", "")
        services.question_moderate(
            actor=request.user, question=q, approve=decision == "approve", reason=reason
        )
        messages.success(request, _("Question moderated."))
    return redirect("disclosures:office_questions")


@access(COMPLIANCE)
def obligations(request: HttpRequest, code: str) -> HttpResponse:
    place = unit_for(request.user, code, COMPLIANCE)
    year = query_year(request, first=2000, last=2100, default=timezone.localdate().year)
    # The calendar is a commune's (the law's categories); a province's own committee has none.
    if place.is_commune:
        services.obligations_refresh(place=place, year=year)
    context = {
        "place": place,
        "year": year,
        "rows": queries.obligations_of(place, year),
        "today": timezone.localdate(),
        "categories": {c.code: c for c in categories.ordered()},
    }
    return render(request, "disclosures/office/obligations.html", context)


@access(COMPLIANCE)
def compliance(request: HttpRequest) -> HttpResponse:
    context = {
        "rows": queries.compliance_overview(request.user),
        "overdue": list(queries.overdue_obligations(request.user)[:200]),
        "categories": {c.code: c for c in categories.ordered()},
    }
    return render(request, "disclosures/office/compliance.html", context)


@access(MANAGE)
def bulletin_settings(request: HttpRequest, code: str) -> HttpResponse:
    place = unit_for(request.user, code, MANAGE)
    form = VoiceForm(request.POST or None, initial={"voice": services.voice_for(place)})
    if request.method == "POST" and form.is_valid():
        services.bulletin_settings_set(actor=request.user, place=place, voice=form.cleaned_data["voice"])
        messages.success(request, _("Saved."))
    return render(
        request, "disclosures/office/settings.html", {"place": place, "form": form}, status=status_of(form)
    )


@access(MANAGE)
@require_POST
def bulletin_build(request: HttpRequest, code: str) -> HttpResponse:
    from .. import tasks

    place = unit_for(request.user, code, MANAGE)
    try:
        day = dt.date.fromisoformat(clean(request.POST.get("day")) or timezone.localdate().isoformat())
    except ValueError:
        raise DomainError(_("Not a date."), code="invalid") from None
    tasks.make_bulletin(place.pk, day.isoformat())
    messages.success(request, _("The bulletin is being joined into one file."))
    return redirect("disclosures:bulletin_day", code=place.code, day=day.isoformat())
