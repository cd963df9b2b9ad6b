"""Small pages used only by tests/test_refusals.py (mounted with pytest.mark.urls, before the site's
own addresses, which base.html names)."""

from __future__ import annotations

from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template import engines
from django.urls import path
from django.views.decorators.http import require_POST

from danchu.core.audit import audit
from danchu.core.errors import Conflict
from danchu.urls import urlpatterns as site

ACTION = "test.refusal_create"
# Quotes and an ampersand: the page shows the message escaped, and it is still found there.
TAKEN = 'Tên "Hoa & Lan" đã có người dùng.'
PAGE = engines["django"].from_string(
    '{% extends "base.html" %}{% block content %}'
    '<form id="refusal-form" method="post" action="/test/refusals/send/">{% csrf_token %}'
    '<input name="name" aria-label="Tên"></form>{% endblock %}'
)


def page(request: HttpRequest) -> HttpResponse:
    return HttpResponse(PAGE.render({}, request))


def plain(request: HttpRequest) -> HttpResponse:
    """A page that shows no messages."""
    return HttpResponse("<p id='plain'>Không có thông báo ở đây.</p>")


def broken(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("this page fails on its own")


@require_POST
def send(request: HttpRequest) -> HttpResponse:
    name = request.POST.get("name", "")
    with transaction.atomic():  # as a service does: a refusal after a write leaves nothing
        audit(actor=None, action=ACTION, object_type="test.thing", after={"name": name})
        if name == "Hoa":
            raise Conflict(TAKEN)
    return HttpResponseRedirect("/test/refusals/page/")


urlpatterns = [
    path("test/refusals/page/", page),
    path("test/refusals/plain/", plain),
    path("test/refusals/broken/", broken),
    path("test/refusals/send/", send),
    # Under a prefix the staff MFA gate lets through (accounts.middleware.ALLOWED_PREFIXES).
    path("accounts/test-refusals/send/", send),
    *site,
]
