"""Public pages: a commune's or village's board, categories, archive, Atom feed, a disclosure with its
versions, poster and audio, the document registry, and search. Light enough for a cheap phone.

Objects come from the getters of permissions.py (404 with a message for missing and unpublished);
files are served through serve_protected after the same check as their disclosure."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib import messages
from django.db.models.fields.files import FieldFile
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import dateformat, feedgenerator, timezone
from django.utils.html import format_html_join
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from danchu.accounts.queries import landing
from danchu.core.access import PUBLIC, SIGNED_IN, access
from danchu.core.errors import DomainError
from danchu.core.files import serve_protected
from danchu.core.paging import page_for
from danchu.core.text import query_year

from .. import audio, categories, queries, search, services
from ..forms import QuestionForm, SearchForm
from ..models import Bulletin, Disclosure, Follow, JobStatus
from ..permissions import (
    attachment_for,
    can_manage,
    clean,
    disclosure_for,
    document_for,
    unit_for,
    version_for,
)
from .common import public_cache

PAGE_SIZE = 20
GIF = (
    b"GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!\xf9\x04\x01\x00\x00\x00\x00,"
    b"\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;"
)


def _following(request: HttpRequest, place_id: int, category: str = "") -> bool:
    if not request.user.is_authenticated:
        return False
    return Follow.objects.filter(person=request.user, place_id=place_id, category=category).exists()


def _public(response: HttpResponseBase) -> HttpResponseBase:
    """A file of a published disclosure may be kept by caches (it is public and never changes)."""
    response["Cache-Control"] = f"public, max-age={settings.PUBLIC_CACHE_SECONDS}"
    return response


def _audio_name(file: FieldFile, stem: str) -> str:
    ext = str(file.name).rsplit(".", 1)[-1]
    return f"{stem}.{ext}" if ext in audio.CONTENT_TYPES else stem


def _day(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(clean(text)) if text else timezone.localdate()
    except ValueError:
        raise Http404(_("Not a date.")) from None


@access(PUBLIC)
@public_cache
def place(request: HttpRequest, code: str) -> HttpResponse:
    p = unit_for(request.user, code)
    context = {
        "place": p,
        **queries.place_page(p),
        "following": _following(request, p.pk),
        "today": timezone.localdate(),
    }
    return render(request, "disclosures/place.html", context)


@access(PUBLIC)
@public_cache
def category(request: HttpRequest, code: str, category: str) -> HttpResponse:
    p = unit_for(request.user, code)
    cat = categories.get(category)
    if cat is None:
        raise Http404(_("Unknown category."))
    qs = queries.listing(Disclosure.objects.for_place(p).public().filter(category=cat.code))
    page = page_for(request, qs, PAGE_SIZE)
    return render(
        request, "disclosures/list.html", {"place": p, "category": cat, "page": page, "title": cat.name}
    )


@access(PUBLIC)
@public_cache
def archive(request: HttpRequest, code: str) -> HttpResponse:
    p = unit_for(request.user, code)
    year = query_year(request, first=2000, last=2100, default=None)
    years, qs = queries.archive(p, year=year)
    page = page_for(request, qs, PAGE_SIZE)
    return render(
        request,
        "disclosures/list.html",
        {"place": p, "page": page, "years": years, "year": year, "title": _("Archive")},
    )


@access(PUBLIC)
def feed(request: HttpRequest, code: str) -> HttpResponse:
    p = unit_for(request.user, code)
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
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    d = disclosure_for(request.user, pk)
    parts = queries.detail_parts(d)
    context = {
        "d": d,
        **parts,
        "proofs": services.posted_days(d, proofs=parts["proofs"]),
        "form": QuestionForm(),
        "can_manage": can_manage(request.user, d.place),
    }
    return render(request, "disclosures/detail.html", context)


@access(PUBLIC)
@public_cache
def version(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    d = disclosure_for(request.user, pk)
    v = version_for(request.user, d.pk, number)
    return render(request, "disclosures/version.html", {"d": d, "v": v, "versions": queries.versions(d)})


@access(PUBLIC, "counts a view; never cached")
def hit(request: HttpRequest, pk: int) -> HttpResponse:
    services.record_view(pk)
    response = HttpResponse(GIF, content_type="image/gif")
    response["Cache-Control"] = "no-store"
    return response


@access(PUBLIC)
def poster(request: HttpRequest, pk: int) -> HttpResponseBase:
    d = disclosure_for(request.user, pk)
    file = services.poster_of(d)
    return _public(serve_protected(request, file, filename=f"cong-khai-{d.pk}.pdf", inline=False))


@access(PUBLIC)
def audio_file(request: HttpRequest, pk: int) -> HttpResponseBase:
    d = disclosure_for(request.user, pk)
    if not d.audio or d.audio_status != JobStatus.READY:
        raise Http404(_("The audio of this disclosure is not ready yet."))
    return _public(serve_protected(request, d.audio, filename=_audio_name(d.audio, f"cong-khai-{d.pk}")))


@access(PUBLIC, "a draft's file only for the staff who manage the draft")
def attachment(request: HttpRequest, pk: int) -> HttpResponseBase:
    a = attachment_for(request.user, pk)
    response = serve_protected(request, a.file, filename=a.name, inline=False, content_type=a.content_type)
    return _public(response) if a.disclosure.is_public else response


@access(PUBLIC)
@public_cache
def bulletin(request: HttpRequest, code: str, day: str = "") -> HttpResponse:
    p = unit_for(request.user, code)
    when = _day(day)
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
def bulletin_audio(request: HttpRequest, code: str, day: str) -> HttpResponseBase:
    p = unit_for(request.user, code)
    b = Bulletin.objects.filter(place=p, day=_day(day), status=JobStatus.READY).first()
    if b is None or not b.audio:
        raise Http404(_("The joined bulletin of this day is not ready."))
    name = _audio_name(b.audio, f"ban-tin-{p.code}-{b.day.isoformat()}")
    return _public(serve_protected(request, b.audio, filename=name))


@access(PUBLIC)
@public_cache
def documents(request: HttpRequest) -> HttpResponse:
    page = page_for(request, queries.documents(), 50)
    return render(request, "disclosures/documents.html", {"page": page})


@access(PUBLIC)
@public_cache
def document(request: HttpRequest, pk: int) -> HttpResponse:
    doc = document_for(request.user, pk)
    page = page_for(request, queries.citing(doc), PAGE_SIZE)
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
    hits = _hits_html(results.hits) if results else ""
    context = {"form": form, "results": results, "hits_html": hits}
    # A filter that is not valid (a date that does not exist, an unknown place, a query too long) is
    # said next to its field, with a 400: never "nothing found" for a search that did not run.
    return render(request, "disclosures/search.html", context, status=400 if form.errors else 200)


def _hits_html(hits: list[search.Hit]) -> SafeString:
    """The result list's items, escaped as the template would (its loop of 20 hits was about a fifth of
    the page's time, profiled; issue #17); the title and snippet are already safe, highlighted HTML."""
    document, disclosure = _("document"), _("disclosure")
    return format_html_join(
        "",
        '<li><a href="{}">{}</a>\n<small>{}{}</small>\n<p>{}</p></li>',
        (
            (
                h.url,
                h.title_html,
                document if h.kind == "document" else disclosure,
                f" · {dateformat.format(h.date, 'd/m/Y')}" if h.date else "",
                h.snippet,
            )
            for h in hits
        ),
    )


@access(SIGNED_IN)
@require_POST
def ask(request: HttpRequest, pk: int) -> HttpResponse:
    d = disclosure_for(request.user, pk)
    form = QuestionForm(request.POST)
    if not form.is_valid():
        raise DomainError(_("Please write your question."), code="invalid")
    services.question_ask(actor=request.user, disclosure=d, text=form.cleaned_data["text"])
    messages.success(request, _("Thank you. Your question will appear once a moderator has read it."))
    return redirect(d.get_absolute_url() + "#questions")


@access(SIGNED_IN)
@require_POST
def follow(request: HttpRequest) -> HttpResponse:
    code = request.POST.get("place", "")
    category = clean(request.POST.get("category", ""))
    p = unit_for(request.user, code) if code else None
    if request.POST.get("action") == "unfollow":
        services.unfollow(person=request.user, place=p, category=category)
        messages.success(request, _("You no longer follow this."))
    else:
        services.follow(person=request.user, place=p, category=category)
        messages.success(
            request, _("You will be told by your chosen channel when something is published here.")
        )
    target = request.POST.get("next", "")
    safe = url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return redirect(target if safe and target.startswith("/") else "/")


@access(PUBLIC)
def index(request: HttpRequest) -> HttpResponse:
    """A module root: staff to the disclosures office, a resident to their commune's board, others home."""
    return redirect(
        landing(
            request.user, office="disclosures:office", commune="disclosures:place", works_there=can_manage
        )
    )
