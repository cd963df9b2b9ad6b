"""Loading in the gunicorn master what every worker would otherwise load on its first request.

With `preload_app` the master imports the application once and forks its workers, which then share
its memory pages copy-on-write. Django imports the URLconf — every view, form, API router and the
pydantic models django-ninja builds for them (≈ 36 MB) — only when the first request arrives, that
is in each worker, after the fork, where nothing is shared. `warm()` does it in the master: the
URLconf and its reverse maps for each language, the compiled templates of the public pages, and the
OpenAPI documents. `deploy/gunicorn.conf.py` then freezes the garbage collector's view of these
objects (`gc.freeze()`) so that a worker's collections do not write to, and so copy, the shared pages.
"""

from __future__ import annotations

import logging

log = logging.getLogger(__name__)

# The base template and the most visited public pages; the rest compile on first use.
TEMPLATES = (
    "base.html",
    "front/home.html",
    "places/detail.html",
    "disclosures/place.html",
    "disclosures/detail.html",
    "disclosures/list.html",  # a category, the archive: refreshed with every publication
    "disclosures/search.html",
)


def warm() -> None:
    from django.conf import settings
    from django.template import TemplateDoesNotExist
    from django.template.loader import get_template
    from django.urls import get_resolver
    from django.utils import translation

    resolver = get_resolver()
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            resolver.reverse_dict  # noqa: B018 - builds the language's reverse map
    for name in TEMPLATES:
        try:
            get_template(name)
        except TemplateDoesNotExist:  # pragma: no cover - a template renamed without this list
            log.warning("warm-up: no template %s", name)
    _openapi()


def _openapi() -> None:
    from django.conf import settings
    from django.http import HttpRequest
    from django.urls import resolve, reverse
    from django.utils import translation

    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            match = resolve(reverse("api-1:openapi-json"))
            request = HttpRequest()
            request.method = "GET"
            match.func(request, *match.args, **match.kwargs)
