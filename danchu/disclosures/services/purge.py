"""Refreshing the cache in front (nginx) after a publication, correction or withdrawal.

The contract with the shipped nginx configuration (deploy/nginx/, docs/deployment.md):

- nginx keys a cached page by `$scheme$host$request_uri$lang`, `$lang` being `vi` or `en`
  (from the `django_language` cookie, else Accept-Language, default `vi`);
- Debian's nginx has no purge module, so a purge is a *refresh*: the shipped configuration's loopback
  purge server fetches the page anonymously with `proxy_cache_bypass` and stores the fresh copy under
  the public key (`CACHE_PURGE_URL=http://127.0.0.1:<port>/purge`, one request per language to
  `/purge-vi/<path>` and `/purge-en/<path>`); a front of your own may instead take the page's own path
  with the header `X-Cache-Refresh: <CACHE_PURGE_SECRET>` and turn it into `proxy_cache_bypass`;
- one refresh per page and per language, with the public host (`Host` and `X-Forwarded-Proto` from
  `SITE_URL`), so that the key nginx computes is the key a reader's request has.

Only a 2xx answer counts: a 404 or 5xx means the key was not refreshed (wrong host, wrong secret, a
page that does not exist) and the whole purge fails, is logged and retried by huey with back-off.
"""

from __future__ import annotations

import logging
import urllib.error
import urllib.request
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlsplit

from django.conf import settings
from django.urls import reverse

from danchu.core.pagecache import invalidate_public
from danchu.places.models import Place

from ..models import Disclosure

log = logging.getLogger(__name__)
REFRESH_HEADER = "X-Cache-Refresh"
LANGS = ("vi", "en")
# Refreshes sent at once: each one has nginx render the page anew, so one after the other a commune
# with its villages in two languages took seconds (the 2-second target counts them; CI, 2026-12-03).
PARALLEL = 8
TIMEOUT = 5


class PurgeFailed(Exception):
    """Some pages were not refreshed; `failed` lists (path, language, HTTP status or 0)."""

    def __init__(self, failed: list[tuple[str, str, int]]) -> None:
        self.failed = failed
        super().__init__(f"{len(failed)} cache refreshes failed: {failed[:5]}")


def public_urls(d: Disclosure) -> list[str]:
    """Every public page a disclosure appears on (paths, without host)."""
    code = d.place.code
    urls = [
        reverse("disclosures:detail", kwargs={"pk": d.pk}),
        reverse("disclosures:place", kwargs={"code": code}),
        reverse("disclosures:feed", kwargs={"code": code}),
        reverse("disclosures:category", kwargs={"code": code, "category": d.category}),
        reverse("disclosures:archive", kwargs={"code": code}),
    ]
    villages = (
        d.villages.values_list("code", flat=True)
        if not d.audience_all
        else Place.objects.filter(parent=d.place).values_list("code", flat=True)
    )
    urls += [reverse("disclosures:place", kwargs={"code": v}) for v in villages]
    return urls


def send_purge(path: str, *, lang: str) -> int:
    """One refresh request: `CACHE_PURGE_URL + path` for the reader language `lang`. Returns the HTTP
    status (0 when nginx could not be reached). The one place the purge's HTTP call is made."""
    base = settings.CACHE_PURGE_URL.rstrip("/")
    site = urlsplit(settings.SITE_URL)
    headers = {
        REFRESH_HEADER: settings.CACHE_PURGE_SECRET,
        "Host": site.netloc,
        "X-Forwarded-Proto": site.scheme or "https",
        "Cookie": f"django_language={lang}",
        "Accept-Language": lang,
    }
    # The shipped nginx (deploy/nginx/danchu.conf) refreshes one language at /purge-vi/<path> and
    # /purge-en/<path> of its loopback purge server (CACHE_PURGE_URL=http://127.0.0.1:<port>/purge);
    # another front may take the page's own path with the X-Cache-Refresh header.
    url = f"{base}-{lang}{path}" if base.endswith("/purge") else base + path
    req = urllib.request.Request(url, method=settings.CACHE_PURGE_METHOD, headers=headers)
    try:
        with urllib.request.urlopen(req, timeout=TIMEOUT) as resp:  # noqa: S310 (configured URL)
            resp.read()
            return int(resp.status)
    except urllib.error.HTTPError as e:
        return int(e.code)
    except OSError as e:
        log.warning("cache refresh %s (%s) failed: %s", path, lang, e)
        return 0


def purge_public_cache(urls: Iterable[str]) -> int:
    """Forget these pages in the application's page cache, then refresh them in nginx in both
    languages (nothing is sent when CACHE_PURGE_URL is not set: returns 0). Returns how
    many (page, language) keys were refreshed; raises PurgeFailed when any answer was not 2xx."""
    urls = list(dict.fromkeys(urls))
    # The application's own page cache first: nginx's refresh must not be answered from it.
    invalidate_public(urls)
    if not settings.CACHE_PURGE_URL:
        return 0
    done = 0
    failed: list[tuple[str, str, int]] = []
    keys = [(path, lang) for path in urls for lang in LANGS]
    with ThreadPoolExecutor(max_workers=min(PARALLEL, len(keys) or 1)) as pool:
        statuses = list(pool.map(lambda key: send_purge(key[0], lang=key[1]), keys))
    for (path, lang), status in zip(keys, statuses, strict=True):
        if 200 <= status < 300:
            done += 1
        else:
            log.warning("cache refresh %s (%s): HTTP %s", path, lang, status)
            failed.append((path, lang, status))
    if failed:
        raise PurgeFailed(failed)
    return done
