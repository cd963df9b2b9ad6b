"""The application's own page cache for anonymous public pages (issue #17 item 1).

`PageCacheMiddleware` sits right after the static files, before sessions, CSRF, locale and
authentication: a GET from someone with no session cookie, no flash-message cookie and no
Authorization header is answered from the cache alias `settings.PAGE_CACHE` (local memory in
development, Redis in production) without touching any of them — the lean path for anonymous
visitors. On a miss the request goes through the whole stack, and the response is kept when it is
what nginx would keep too: 200, `Cache-Control: public`, no cookie set.

The key normalises the language to the site's languages (`vi`/`en`, from the language cookie, else
Accept-Language, else the default), so Vietnamese and English never mix, and holds the full path with
its query string. An entry lives as long as the page's own max-age (what nginx and browsers may keep
it anyway), at most `PAGE_CACHE_SECONDS` (0 turns the cache off; the test suite turns it off except
in the tests of the cache itself, see conftest.py).

Invalidation: whatever makes a public page stale calls `invalidate_public(paths)` — the same paths
it purges from nginx (danchu.disclosures purges its commune page, the disclosure and the feeds on
publish). It deletes those pages in every language here and sends `public_pages_changed`, so other
caches (nginx's purge) can listen to the same event.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable, Iterable
from typing import Any

from django.conf import settings
from django.core.cache import caches
from django.dispatch import Signal
from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_vary_headers

logger = logging.getLogger(__name__)

# Sent by invalidate_public() with `paths` (a list of absolute paths, query strings allowed).
public_pages_changed = Signal()

KEEP_HEADERS = ("Content-Type", "Cache-Control", "Content-Language", "Vary", "Last-Modified", "ETag")


def _languages() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


def _language(request: HttpRequest) -> str:
    """vi or en, the way LocaleMiddleware would choose it, without running it."""
    languages = _languages()
    chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")[:2].lower()
    if chosen in languages:
        return chosen
    for part in request.headers.get("Accept-Language", "").split(","):
        code = part.split(";")[0].strip()[:2].lower()
        if code in languages:
            return code
    return settings.LANGUAGE_CODE[:2]


def _key(language: str, full_path: str) -> str:
    return "page:" + language + ":" + hashlib.sha256(full_path.encode("utf-8", "replace")).hexdigest()[:40]


def _anonymous(request: HttpRequest) -> bool:
    cookies = request.COOKIES
    return (
        request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in cookies
        and "messages" not in cookies
        and "HTTP_AUTHORIZATION" not in request.META
        and not request.path.startswith(("/api/", "/admin/", "/accounts/", "/static/", "/media/"))
    )


def _storable(request: HttpRequest, response: HttpResponse) -> bool:
    control = response.get("Cache-Control", "")
    user = getattr(request, "user", None)
    return (
        request.method == "GET"
        and response.status_code == 200
        and not response.streaming
        and "public" in control
        and "private" not in control
        and "no-store" not in control
        and not response.cookies
        and not getattr(user, "is_authenticated", False)
    )


def _max_age(response: HttpResponse, default: int) -> int:
    """The page's own max-age: kept here no longer than nginx and browsers may keep it."""
    for part in response.get("Cache-Control", "").split(","):
        name, _sep, value = part.strip().partition("=")
        if name == "max-age" and value.isdigit():
            return int(value)
    return default


class PageCacheMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        seconds = settings.PAGE_CACHE_SECONDS
        if seconds <= 0 or not _anonymous(request):
            return self.get_response(request)
        key = _key(_language(request), request.get_full_path())
        store = caches[settings.PAGE_CACHE]
        try:
            kept = store.get(key)
        except Exception:  # the cache is down: serve from Django
            logger.exception("page cache: %s unreachable", settings.PAGE_CACHE)
            return self.get_response(request)
        if kept is not None:
            headers, body = kept
            response = HttpResponse(b"" if request.method == "HEAD" else body)
            for name, value in headers:
                response[name] = value
            response["X-Page-Cache"] = "hit"
            return response
        response = self.get_response(request)
        if _storable(request, response):
            patch_vary_headers(response, ("Accept-Language", "Cookie"))
            headers = [(name, response[name]) for name in KEEP_HEADERS if name in response]
            try:
                store.set(key, (headers, response.content), min(seconds, _max_age(response, seconds)))
            except Exception:
                logger.exception("page cache: %s unreachable", settings.PAGE_CACHE)
            response["X-Page-Cache"] = "miss"
        return response


def invalidate_public(paths: Iterable[str]) -> None:
    """Forget the cached public pages at `paths` (absolute paths, e.g. "/places/24181/"; a query
    string if the page has one) in every language, and tell the other caches (`public_pages_changed`).
    Call it after the change has committed (transaction.on_commit), with the paths nginx purges."""
    paths = [p for p in paths if p]
    keys = [_key(language, path) for path in paths for language in _languages()]
    if keys:
        try:
            caches[settings.PAGE_CACHE].delete_many(keys)
        except Exception:
            logger.exception("page cache: %s unreachable; pages stay until they expire", settings.PAGE_CACHE)
    public_pages_changed.send(sender=invalidate_public, paths=paths)


def clear() -> Any:
    """Forget every cached page (a deploy that changes templates, tests)."""
    return caches[settings.PAGE_CACHE].clear()
