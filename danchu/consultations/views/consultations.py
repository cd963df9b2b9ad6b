"""Pages of a consultation: the draft by paragraph with its comments (heat view), and the staff's
work: open, record comments received offline, group and answer, close with the decision."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from danchu.accounts.permissions import COMMUNE_STAFF, acting_places
from danchu.core.access import PUBLIC, STAFF, access, can
from danchu.core.errors import DomainError
from danchu.core.files import serve_protected
from danchu.core.formats import number
from danchu.core.middleware import attempt, form_page, status_of
from danchu.core.office import few
from danchu.core.paging import page_for
from danchu.places.importing.pages import warn_skipped, warn_unread
from danchu.places.queries import sort_key

from .. import queries, reports
from ..forms import (
    AnswerForm,
    CloseForm,
    CommentForm,
    ConsultationForm,
    GroupForm,
    MeetingCommentsForm,
    OpenForm,
    RecordForm,
    ReviseForm,
)
from ..models import Consultation
from ..permissions import FRONT, comment_for, consultation_for, group_for
from ..services import consultations as svc
from ..services import meeting_comments, synthesis

MANAGE = "consultations.manage"
PAGE_SIZE = 50


def _invalid(request: HttpRequest, form: Any) -> HttpResponse:
    errors = "; ".join(
        f"{form.fields[k].label if k in form.fields else ''}: {' '.join(v)}" for k, v in form.errors.items()
    )
    context = {"status": 400, "message": errors, "back": form_page(request)}  # and a way back to it
    return render(request, "core/error.html", context, status=400)


def _int(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() and len(value) < 10 else None


@access(PUBLIC)
def place(request: HttpRequest, code: str) -> HttpResponse:
    """The consultations of a commune, linked from its public page."""
    from danchu.places.queries import place_by_code

    unit = place_by_code(code)
    page = _page(request, Consultation.objects.public().filter(place=unit).select_related("place"))
    return render(request, "consultations/index.html", {"page": page, "places": [], "unit": unit})


@access(PUBLIC)
def index(request: HttpRequest) -> HttpResponse:
    page = _page(request, queries.visible_consultations(request.user))
    places = acting_places(request.user, COMMUNE_STAFF | FRONT) if request.user.is_authenticated else []
    communes = sorted((p for p in places if p.level == 3), key=sort_key)
    context = {"page": page, "places": places, "communes": communes, "few_communes": few(communes)}
    return render(request, "consultations/index.html", context)


def _page(request: HttpRequest, qs: Any) -> Any:
    """Newest first, every consultation reachable page by page (a bad page number gives page 1)."""
    return page_for(request, qs.order_by("-created_at", "-pk"), PAGE_SIZE)


def _place(request: HttpRequest) -> Any:
    code = request.GET.get("place", "")
    places = [p for p in acting_places(request.user, COMMUNE_STAFF | FRONT) if p.level == 3]
    for p in places:
        if p.code == code or (not code and len(places) == 1):
            return p
    raise Http404


@access(STAFF)
def create(request: HttpRequest) -> HttpResponse:
    place = _place(request)
    form = ConsultationForm(request.POST or None, request.FILES or None, place=place)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        text_docx = d["text_docx"].read() if d["text_docx"] else None
        # A refused draft (not a DOCX, a PDF with JavaScript…) comes back with the form as typed.
        c = attempt(
            form,
            lambda: svc.consultation_create(
                actor=request.user,
                data=svc.DraftInput(
                    place=place,
                    title=d["title"],
                    basis=d["basis"],
                    summary=d["summary"],
                    body=d["body"],
                    consulting_body=d["consulting_body"],
                    draft_name=d["draft"].name,
                    draft_bytes=d["draft"].read(),
                    text_docx=text_docx,
                    audience=d["audience"],
                    villages=list(d["villages"]),
                    households=list(d["households"]),
                    channels=d["channels"],
                ),
            ),
        )
        if c is not None:
            messages.success(
                request,
                _("Consultation prepared: %(n)s paragraphs imported.") % {"n": number(c.paragraphs.count())},
            )
            return redirect("consultations:detail", pk=c.pk)
    return render(
        request, "consultations/create.html", {"form": form, "place": place}, status=status_of(form)
    )


@access("consultations.view")
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail_page(request, consultation_for(request.user, pk))


def _detail_page(request: HttpRequest, c: Consultation, **forms: Any) -> HttpResponse:
    """The consultation's page; with `forms` (a refused form by its name in the page), the page again
    with that form's errors and what was typed, answered with the refusal's status."""
    manage = can(request.user, MANAGE, c)
    rows, p = queries.draft_rows(c), _int(request.GET.get("p"))
    # A paragraph of the draft now shown (a link to an earlier version's comments the whole draft).
    chosen = next((r.paragraph for r in rows if r.paragraph.pk == p), None)
    context = {
        "c": c,
        "rows": rows,
        "general": c.comments.filter(paragraph__isnull=True).count(),
        "comment_count": c.comments.count(),
        "manage": manage,
        "accepting": svc.accepting_comments(c),
        "comment_form": CommentForm(initial={"paragraph": chosen.pk if chosen else None}),
        "chosen": chosen,
        "record_form": RecordForm(prefix="rec", consultation=c) if manage else None,
        "meeting_form": MeetingCommentsForm(prefix="mtg", consultation=c) if manage else None,
        "open_form": OpenForm() if manage else None,
        "revise_form": ReviseForm() if manage else None,
        "groups": c.groups.all() if c.status == Consultation.Status.CLOSED else [],
        "diff": synthesis.text_diff(c) if c.status == Consultation.Status.CLOSED else [],
        "mine": queries.comments_by(c, request.user),
    }
    context.update(forms)
    status = max((status_of(f) for f in forms.values()), default=200)
    return render(request, "consultations/detail.html", context, status=status)


@access("consultations.comment")
@require_POST
def comment(request: HttpRequest, pk: int) -> HttpResponse:
    # Read access only: a page left open past the last day gets the service's reason, not a 404.
    c = consultation_for(request.user, pk)
    form = CommentForm(request.POST)
    if form.is_valid():
        d = form.cleaned_data
        added = attempt(
            form,
            lambda: svc.comment_add(
                actor=request.user,
                consultation=c,
                text_=d["text"],
                paragraph_id=d["paragraph"],
                quote=d["quote"],
                stance=d["stance"],
            ),
        )
        if added is not None:
            messages.success(request, _("Thank you: your comment is recorded."))
            return redirect("consultations:detail", pk=c.pk)
    # The page again with the comment as typed and why it was refused (a bare error page lost it).
    return _detail_page(request, c, comment_form=form)


@access(MANAGE)
@require_POST
def record(request: HttpRequest, pk: int) -> HttpResponse:
    c = consultation_for(request.user, pk, MANAGE)
    form = RecordForm(request.POST, prefix="rec", consultation=c)
    if not form.is_valid():
        return _detail_page(request, c, record_form=form)
    d = form.cleaned_data
    para = c.paragraphs.filter(version=c.version, position=d["paragraph"]).first() if d["paragraph"] else None
    if d["paragraph"] and para is None:
        form.add_error("paragraph", _("There is no paragraph %(n)s in the draft.") % {"n": d["paragraph"]})
        return _detail_page(request, c, record_form=form)
    svc.comment_record(
        actor=request.user,
        consultation=c,
        text_=d["text"],
        author_name=d["author_name"],
        source=d["source"],
        paragraph_id=para.pk if para else None,
        stance=d["stance"],
        meeting_item=d["meeting_item"],
    )
    messages.success(request, _("Comment recorded."))
    return redirect("consultations:detail", pk=c.pk)


@access(MANAGE)
@require_POST
def record_meeting(request: HttpRequest, pk: int) -> HttpResponse:
    """The comments of a village meeting in one go (all or nothing, bad rows by line)."""
    c = consultation_for(request.user, pk, MANAGE)
    form = MeetingCommentsForm(request.POST, request.FILES, prefix="mtg", consultation=c)
    if not form.is_valid():
        return _detail_page(request, c, meeting_form=form)
    d = form.cleaned_data
    if d["file"] is not None:
        rows = meeting_comments.meeting_comments_read(filename=d["file"].name or "", data=d["file"].read())
    elif d["rows"].strip():
        rows = meeting_comments.meeting_comments_read(filename="rows.csv", data=d["rows"].encode())
    else:
        raise DomainError(_("Upload a file or paste the rows."))
    skipped: list[str] | None = [] if d["skip_bad"] else None
    done = meeting_comments.meeting_comments_record(
        actor=request.user, consultation=c, rows=rows, default_item=d["meeting_item"], skipped=skipped
    )
    messages.success(request, _("%(n)s comments from the meeting were recorded.") % {"n": number(len(done))})
    warn_unread(request, meeting_comments.meeting_comments_unread(rows))
    warn_skipped(request, skipped or [])
    return redirect("consultations:detail", pk=c.pk)


@access(MANAGE)
@require_POST
def open_(request: HttpRequest, pk: int) -> HttpResponse:
    c = consultation_for(request.user, pk, MANAGE)
    form = OpenForm(request.POST)
    if not form.is_valid():
        return _detail_page(request, c, open_form=form)
    svc.consultation_open(actor=request.user, consultation=c, **form.cleaned_data)
    messages.success(request, _("The consultation is open and published."))
    return redirect("consultations:detail", pk=c.pk)


@access(MANAGE)
@require_POST
def revise(request: HttpRequest, pk: int) -> HttpResponse:
    c = consultation_for(request.user, pk, MANAGE)
    form = ReviseForm(request.POST, request.FILES)
    if not form.is_valid():
        return _detail_page(request, c, revise_form=form)
    svc.draft_revise(actor=request.user, consultation=c, docx_bytes=form.cleaned_data["docx"].read())
    messages.success(request, _("New version of the draft imported."))
    return redirect("consultations:detail", pk=c.pk)


@access(MANAGE)
@require_POST
def end_period(request: HttpRequest, pk: int) -> HttpResponse:
    c = consultation_for(request.user, pk, MANAGE)
    svc.consultation_end_period(actor=request.user, consultation=c)
    return redirect("consultations:synthesis", pk=c.pk)


def _synthesis_page(request: HttpRequest, c: Consultation, **forms: Any) -> HttpResponse:
    comments = list(queries.comments_of(c))
    context = {
        "c": c,
        "comments": comments,
        "groups": c.groups.prefetch_related("comments"),
        "group_form": forms.get("group_form") or GroupForm(comment_ids=[x.pk for x in comments]),
        "answer_form": AnswerForm(),
        "close_form": forms.get("close_form") or CloseForm(initial={"final_text": c.draft_text()}),
        "missing": synthesis.unanswered(c),
    }
    return render(request, "consultations/synthesis.html", context, status=400 if forms else 200)


@access(MANAGE)
def synthesis_page(request: HttpRequest, pk: int) -> HttpResponse:
    return _synthesis_page(request, consultation_for(request.user, pk, MANAGE))


@access(MANAGE)
@require_POST
def group_create(request: HttpRequest, pk: int) -> HttpResponse:
    c = consultation_for(request.user, pk, MANAGE)
    form = GroupForm(request.POST, comment_ids=list(c.comments.values_list("pk", flat=True)))
    if not form.is_valid():
        return _synthesis_page(request, c, group_form=form)
    synthesis.group_create(
        actor=request.user,
        consultation=c,
        title=form.cleaned_data["title"],
        comment_ids=form.cleaned_data["comments"],
    )
    return redirect("consultations:synthesis", pk=c.pk)


@access(MANAGE)
@require_POST
def group_answer(request: HttpRequest, pk: int, group_pk: int) -> HttpResponse:
    c = consultation_for(request.user, pk, MANAGE)
    group = group_for(request.user, c, group_pk)
    form = AnswerForm(request.POST)
    if not form.is_valid():
        return _invalid(request, form)
    synthesis.group_answer(actor=request.user, group=group, **form.cleaned_data)
    return redirect("consultations:synthesis", pk=c.pk)


@access(MANAGE)
@require_POST
def comment_ungroup(request: HttpRequest, pk: int, comment_pk: int) -> HttpResponse:
    c = consultation_for(request.user, pk, MANAGE)
    synthesis.comment_ungroup(
        actor=request.user, consultation=c, comment=comment_for(request.user, c, comment_pk)
    )
    return redirect("consultations:synthesis", pk=c.pk)


@access(MANAGE)
@require_POST
def close(request: HttpRequest, pk: int) -> HttpResponse:
    c = consultation_for(request.user, pk, MANAGE)
    form = CloseForm(request.POST)
    if not form.is_valid():
        return _synthesis_page(request, c, close_form=form)
    synthesis.consultation_close(
        actor=request.user, consultation=c, data=synthesis.Decision(**form.cleaned_data)
    )
    messages.success(request, _("The consultation is closed; the synthesis and the decision are published."))
    return redirect("consultations:detail", pk=c.pk)


def _report_readable(request: HttpRequest, pk: int) -> Consultation:
    c = consultation_for(request.user, pk)
    if c.status != Consultation.Status.CLOSED and not can(request.user, MANAGE, c):
        raise Http404
    return c


@access("consultations.view")
def synthesis_docx(request: HttpRequest, pk: int) -> HttpResponse:
    c = _report_readable(request, pk)
    response = HttpResponse(
        reports.build_docx(c),
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
    response["Content-Disposition"] = f'attachment; filename="bao-cao-tong-hop-{c.pk}.docx"'
    return response


@access("consultations.view")
def synthesis_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    c = _report_readable(request, pk)
    response = HttpResponse(reports.build_pdf(c), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="bao-cao-tong-hop-{c.pk}.pdf"'
    return response


@access("consultations.view")
def draft_file(request: HttpRequest, pk: int) -> Any:
    c = consultation_for(request.user, pk)
    if not c.draft_file:
        raise Http404
    return serve_protected(request, c.draft_file, filename=c.draft_name, inline=False)
