"""The site's shell: home page, back-office home, language switch, health check, error pages."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import Resolver404, reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from django.views.i18n import set_language as django_set_language

from danchu.accounts.permissions import acting_places, readable_places
from danchu.core.access import PUBLIC, STAFF, access
from danchu.core.errors import own_message
from danchu.core.home import todos_for
from danchu.core.office import office_links_for
from danchu.core.paths import url_prefix


def _home_links() -> dict[str, str]:
    """The front door's links, reversed once per process: the province list builds its 34 links
    from one prefix instead of 34 reverse() calls (issue #17 item 1)."""
    return {
        "submit": reverse("cases:submit"),
        "track": reverse("cases:track"),
        "search": reverse("places:search"),
        "near": reverse("near"),
        "notices": reverse("disclosures:search"),
        "on_time": reverse("cases:on_time"),
        "statistics": reverse("reporting:home"),
        "open_data": reverse("reporting:open_data"),
        "api_docs": "/api/v1/docs",
        "place": url_prefix("places:detail", "code"),
    }


@access(PUBLIC)
@cache_control(public=True, max_age=settings.PUBLIC_CACHE_SECONDS)
def home(request: HttpRequest) -> HttpResponse:
    from danchu.places.queries import current_provinces

    return render(request, "front/home.html", {"provinces": current_provinces(), "links": _home_links()})


@access(PUBLIC, "the latest public notices of the commune a visitor's browser remembers")
@cache_control(public=True, max_age=settings.PUBLIC_CACHE_SECONDS)
def near(request: HttpRequest) -> HttpResponse:
    """A fragment for the front door's script; the commune comes in the query string, never in a
    cookie, so the fragment is cached like any public page."""
    from danchu.disclosures.queries import place_page
    from danchu.places.queries import place_by_code

    code = request.GET.get("place", "")
    if not code.strip():
        # No commune chosen yet: the fragment says how to choose one.
        return render(request, "front/near.html", {"place": None, "items": []})
    place = place_by_code(code)
    items = [
        {"title": d.title, "url": d.get_absolute_url(), "date": d.published_at}
        for d in place_page(place)["latest"][:5]
    ]
    return render(
        request, "front/near.html", {"place": place, "items": items, "place_url": place.get_absolute_url()}
    )


@access(PUBLIC)
@csrf_exempt  # Switching the language changes nothing but a cookie; exempting it keeps public pages cookie-free, hence cacheable.
@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    response = django_set_language(request)
    lang = request.POST.get("language")
    if request.user.is_authenticated and lang in dict(settings.LANGUAGES):
        request.user.language = lang
        request.user.save(update_fields=["language"])
    return response


@access(PUBLIC, "reports database, cache and job queue")
def healthz(request: HttpRequest) -> HttpResponse:
    checks: dict[str, Any] = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        checks["database"] = {"ok": True, "vendor": connection.vendor}
    except Exception as e:  # a health check reports every failure rather than raising
        checks["database"] = {"ok": False, "error": str(e)}
    try:
        cache.set("danchu:healthz", "1", 5)
        checks["cache"] = {"ok": cache.get("danchu:healthz") == "1"}
    except Exception as e:
        checks["cache"] = {"ok": False, "error": str(e)}
    try:
        from huey.contrib.djhuey import HUEY

        checks["queue"] = {"ok": True, "backend": type(HUEY).__name__, "pending": HUEY.pending_count()}
    except Exception as e:
        checks["queue"] = {"ok": False, "error": str(e)}
    ok = all(c["ok"] for c in checks.values())
    response = JsonResponse({"ok": ok, "checks": checks}, status=200 if ok else 503)
    response["Cache-Control"] = "no-store"
    return response


@access(STAFF, below="accounts:home")
def office(request: HttpRequest) -> HttpResponse:
    context = {
        "links": office_links_for(request.user),
        "todos": todos_for(request.user),
        "acting": acting_places(request.user),
        "readable_count": readable_places(request.user).count(),
    }
    return render(request, "front/office.html", context)


def _error(request: HttpRequest, status: int, message: str) -> HttpResponse:
    if request.path.startswith("/api/"):
        return JsonResponse(
            {
                "code": {400: "bad_request", 403: "forbidden", 404: "not_found"}.get(status, "error"),
                "message": message,
                "detail": None,
            },
            status=status,
        )
    return render(request, "core/error.html", {"status": status, "message": message}, status=status)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error(request, 400, _("The request was not understood."))


def forbidden(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error(request, 403, _("You may not see this page."))


def _own_message(exception: Exception | None) -> str:
    return "" if isinstance(exception, Resolver404) else own_message(exception)


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error(request, 404, _own_message(exception) or _("This page does not exist."))


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A form refused by the CSRF check (CSRF_FAILURE_VIEW) showed Django's technical English page
    ("Forbidden (403) CSRF verification failed"): a page left open for hours, a browser (some in-app
    ones) that keeps no cookie. It says what to do instead, and leads back to the form's page."""
    from danchu.core.middleware import form_page

    message = _(
        "This form could not be sent: the page was open too long, or your browser does not keep this "
        "site's cookies. Go back, reload the page and send it again; if it still fails, allow cookies "
        "for this site."
    )
    context = {"status": 403, "message": message, "back": form_page(request), "heading": _("Not sent")}
    return render(request, "core/error.html", context, status=403)


def server_error(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "core/error.html",
        {"status": 500, "message": _("Something went wrong on our side.")},
        status=500,
    )


@access(PUBLIC)
@cache_control(public=True, max_age=86400)
def robots_txt(request: HttpRequest) -> HttpResponse:
    """Crawlers read the public pages; the back office, the API and personal pages are not for them."""
    lines = [
        "User-agent: *",
        "Disallow: /office/",
        "Disallow: /me/",
        "Disallow: /accounts/",
        "Disallow: /admin/",
        "Disallow: /api/",
        "Disallow: /cases/track/",
        "Disallow: /near/",
        f"Sitemap: {settings.SITE_URL}{reverse('sitemap')}",
        "",
    ]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


@access(PUBLIC)
@cache_control(public=True, max_age=3600)
def sitemap_xml(request: HttpRequest) -> HttpResponse:
    """The public entry points and every current province and commune (one query)."""
    from danchu.places.queries import sitemap_codes

    links = _home_links()
    paths = [reverse("home"), links["notices"], links["on_time"], links["statistics"], links["open_data"]]
    paths += [f"{links['place']}{code}/" for code in sitemap_codes()]
    return render(
        request,
        "front/sitemap.xml",
        {"urls": [settings.SITE_URL + p for p in paths]},
        content_type="application/xml; charset=utf-8",
    )


@access(PUBLIC)
def favicon(request: HttpRequest) -> HttpResponse:
    from django.shortcuts import redirect
    from django.templatetags.static import static

    return redirect(static("favicon.svg"), permanent=True)
