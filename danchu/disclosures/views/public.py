"""Public pages: a commune's or village's board, categories, archive, Atom feed, a disclosure with its
versions, poster and audio, the document registry, and search. Light enough for a cheap phone."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.files.base import ContentFile
from django.core.paginator import Paginator
from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import feedgenerator, timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from danchu.core.access import PUBLIC, SIGNED_IN, access
from danchu.core.errors import DomainError

from .. import audio, categories, posters, queries, search, services
from ..forms import QuestionForm, SearchForm
from ..models import Attachment, Bulletin, Disclosure, Follow, JobStatus
from .common import domain_errors, public_cache

PAGE_SIZE = 20
GIF = (
    b"GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!\xf9\x04\x01\x00\x00\x00\x00,"
    b"\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;"
)


def _following(request: HttpRequest, place_id: int, category: str = "") -> bool:
    if not request.user.is_authenticated:
        return False
    return Follow.objects.filter(person=request.user, place_id=place_id, category=category).exists()


@access(PUBLIC)
@public_cache
@domain_errors
def place(request: HttpRequest, code: str) -> HttpResponse:
    p = queries.public_place(code)
    context = {
        "place": p,
        **queries.place_page(p),
        "following": _following(request, p.pk),
        "today": timezone.localdate(),
    }
    return render(request, "disclosures/place.html", context)


@access(PUBLIC)
@public_cache
@domain_errors
def category(request: HttpRequest, code: str, category: str) -> HttpResponse:
    p = queries.public_place(code)
    cat = categories.get(category)
    if cat is None:
        raise Http404(_("Unknown category."))
    qs = queries.listing(Disclosure.objects.for_place(p).public().filter(category=cat.code))
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request, "disclosures/list.html", {"place": p, "category": cat, "page": page, "title": cat.name}
    )


@access(PUBLIC)
@public_cache
@domain_errors
def archive(request: HttpRequest, code: str) -> HttpResponse:
    p = queries.public_place(code)
    try:
        year = int(request.GET.get("year", "")) if request.GET.get("year") else None
    except ValueError:
        year = None
    years, qs = queries.archive(p, year=year)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "disclosures/list.html",
        {"place": p, "page": page, "years": years, "year": year, "title": _("Archive")},
    )


@access(PUBLIC)
@domain_errors
def feed(request: HttpRequest, code: str) -> HttpResponse:
    p = queries.public_place(code)
    items = queries.listing(Disclosure.objects.for_place(p).public())[:30]
    link = settings.SITE_URL + request.path.replace("feed.atom", "")
    f = feedgenerator.Atom1Feed(
        title=_("Disclosures of %(place)s") % {"place": p.name},
        link=link,
        description=_("What %(place)s makes public to its people.") % {"place": p.name},
        language=settings.LANGUAGE_CODE,
        feed_url=settings.SITE_URL + request.path,
    )
    for d in items:
        f.add_item(
            title=d.title,
            link=settings.SITE_URL + d.get_absolute_url(),
            description=d.summary,
            unique_id=f"{settings.SITE_URL}{d.get_absolute_url()}",
            pubdate=d.published_at,
            updateddate=d.published_at,
            categories=[d.category_name],
        )
    response = HttpResponse(content_type="application/atom+xml; charset=utf-8")
    f.write(response, "utf-8")
    response["Cache-Control"] = f"public, max-age={settings.PUBLIC_CACHE_SECONDS}"
    return response


@access(PUBLIC)
@public_cache
@domain_errors
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    d = queries.public_disclosure(pk)
    context = {
        "d": d,
        "versions": queries.versions(d),
        "attachments": list(d.attachments.all()),
        "citations": list(d.citations.select_related("document")),
        "questions": queries.public_questions(d),
        "proofs": services.posted_days(d),
        "form": QuestionForm(),
        "can_manage": services.can_manage(request.user, d.place),
        "villages": list(d.villages.all()) if not d.audience_all else [],
    }
    return render(request, "disclosures/detail.html", context)


@access(PUBLIC)
@public_cache
@domain_errors
def version(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    d = queries.public_disclosure(pk)
    v = d.versions.filter(number=number).first()
    if v is None:
        raise Http404(_("No such version."))
    return render(request, "disclosures/version.html", {"d": d, "v": v, "versions": queries.versions(d)})


@access(PUBLIC, "counts a view; never cached")
def hit(request: HttpRequest, pk: int) -> HttpResponse:
    services.record_view(pk)
    response = HttpResponse(GIF, content_type="image/gif")
    response["Cache-Control"] = "no-store"
    return response


@access(PUBLIC)
@domain_errors
def poster(request: HttpRequest, pk: int) -> HttpResponseBase:
    d = queries.public_disclosure(pk)
    if not d.poster or d.poster_status != JobStatus.READY:
        # The job has not run (or failed): make it now, so a citizen never waits for the queue.
        try:
            data = posters.render_pdf(d)
        except Exception as e:  # WeasyPrint problems must not become a 500 for the citizen
            raise DomainError(
                _("The poster cannot be made right now; please try again later."), status=503
            ) from e
        d.poster.save(f"poster-{d.pk}-v{d.version}.pdf", ContentFile(data), save=False)
        Disclosure.objects.filter(pk=d.pk).update(
            poster=d.poster.name, poster_status=JobStatus.READY, poster_error=""
        )
    response = FileResponse(
        d.poster.open("rb"),
        content_type="application/pdf",
        as_attachment=True,
        filename=f"cong-khai-{d.pk}.pdf",
    )
    response["Cache-Control"] = f"public, max-age={settings.PUBLIC_CACHE_SECONDS}"
    return response


def _audio_response(field_file: FieldFile, name: str) -> HttpResponseBase:
    ext = str(field_file.name).rsplit(".", 1)[-1]
    response = FileResponse(
        field_file.open("rb"),
        content_type=audio.CONTENT_TYPES.get(ext, "application/octet-stream"),
        filename=f"{name}.{ext}",
    )
    response["Cache-Control"] = f"public, max-age={settings.PUBLIC_CACHE_SECONDS}"
    return response


@access(PUBLIC)
@domain_errors
def audio_file(request: HttpRequest, pk: int) -> HttpResponseBase:
    d = queries.public_disclosure(pk)
    if not d.audio or d.audio_status != JobStatus.READY:
        raise Http404(_("The audio of this disclosure is not ready yet."))
    return _audio_response(d.audio, f"cong-khai-{d.pk}")


@access(PUBLIC)
def attachment(request: HttpRequest, pk: int) -> HttpResponseBase:
    a = (
        Attachment.objects.select_related("disclosure").filter(pk=pk).first()
        if queries.valid_pk(pk)
        else None
    )
    if a is None or not a.disclosure.is_public:
        raise Http404(_("No such file."))
    response = FileResponse(
        a.file.open("rb"), content_type=a.content_type, as_attachment=True, filename=a.name
    )
    response["Cache-Control"] = f"public, max-age={settings.PUBLIC_CACHE_SECONDS}"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@access(PUBLIC)
@public_cache
@domain_errors
def bulletin(request: HttpRequest, code: str, day: str = "") -> HttpResponse:
    p = queries.public_place(code)
    try:
        when = dt.date.fromisoformat(day) if day else timezone.localdate()
    except ValueError:
        raise Http404(_("Not a date.")) from None
    b = Bulletin.objects.filter(place=p, day=when).first()
    items = (
        list(b.items.all())
        if b
        else list(
            Disclosure.objects.filter(
                place=p, status=Disclosure.Status.PUBLISHED, published_at__date=when
            ).order_by("published_at")
        )
    )
    return render(
        request,
        "disclosures/bulletin.html",
        {"place": p, "day": when, "bulletin": b, "items": items, "previous": when - dt.timedelta(days=1)},
    )


@access(PUBLIC)
@domain_errors
def bulletin_audio(request: HttpRequest, code: str, day: str) -> HttpResponseBase:
    p = queries.public_place(code)
    b = Bulletin.objects.filter(place=p, day=day, status=JobStatus.READY).first() if _is_date(day) else None
    if b is None or not b.audio:
        raise Http404(_("The joined bulletin of this day is not ready."))
    return _audio_response(b.audio, f"ban-tin-{p.code}-{day}")


def _is_date(day: str) -> bool:
    try:
        dt.date.fromisoformat(day)
        return True
    except ValueError:
        return False


@access(PUBLIC)
@public_cache
def documents(request: HttpRequest) -> HttpResponse:
    page = Paginator(queries.documents(), 50).get_page(request.GET.get("page"))
    return render(request, "disclosures/documents.html", {"page": page})


@access(PUBLIC)
@public_cache
@domain_errors
def document(request: HttpRequest, pk: int) -> HttpResponse:
    doc = queries.document(pk)
    page = Paginator(queries.citing(doc), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "disclosures/document.html", {"doc": doc, "page": page})


@access(PUBLIC)
@public_cache
def search_page(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET or None)
    results = None
    if form.is_valid() and form.cleaned_data["q"]:
        c = form.cleaned_data
        page = max(1, c.get("page") or 1)
        results = search.search(
            c["q"],
            place=c.get("place_obj"),
            category=c["category"] or None,
            date_from=c["date_from"],
            date_to=c["date_to"],
            kind=c["kind"] or None,
            limit=PAGE_SIZE,
            offset=(page - 1) * PAGE_SIZE,
        )
        results.page = page  # type: ignore[attr-defined]
        results.has_next = page * PAGE_SIZE < results.total  # type: ignore[attr-defined]
    return render(request, "disclosures/search.html", {"form": form, "results": results})


@access(SIGNED_IN)
@require_POST
@login_required
def ask(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        d = queries.public_disclosure(pk)
    except DomainError as e:
        raise Http404(e.message) from None
    form = QuestionForm(request.POST)
    if form.is_valid():
        try:
            services.question_ask(actor=request.user, disclosure=d, text=form.cleaned_data["text"])
            messages.success(request, _("Thank you. Your question will appear once a moderator has read it."))
        except DomainError as e:
            messages.error(request, e.message)
    else:
        messages.error(request, _("Please write your question."))
    return redirect(d.get_absolute_url() + "#questions")


@access(SIGNED_IN)
@require_POST
@login_required
@domain_errors
def follow(request: HttpRequest) -> HttpResponse:
    code = request.POST.get("place", "")
    cat = request.POST.get("category", "")
    p = queries.public_place(code) if code else None
    if request.POST.get("action") == "unfollow":
        services.unfollow(person=request.user, place=p, category=cat)
        messages.success(request, _("You no longer follow this."))
    else:
        services.follow(person=request.user, place=p, category=cat)
        messages.success(
            request, _("You will be told by your chosen channel when something is published here.")
        )
    target = request.POST.get("next", "")
    return redirect(target if target.startswith("/") and not target.startswith("//") else "/")
