"""A refused form (a service's DomainError on a POST) answers with the refusal's status, never a 3xx:
the page it was sent from again, with the message on top once, or the error page with the message
when that page cannot be shown (core/middleware.py, page_again). Nothing is written either way."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client
from django.utils.html import escape

from danchu.core.models import AuditEntry
from danchu.core.testing import BrowserClient

from .refusal_urls import ACTION, TAKEN

pytestmark = [pytest.mark.django_db, pytest.mark.urls("danchu.core.tests.refusal_urls")]
PAGE, SEND = "/test/refusals/page/", "/test/refusals/send/"
SHOWN = escape(TAKEN)
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def browser(person: Any = None) -> Client:
    client = Client(enforce_csrf_checks=True)
    if person is not None:
        client.force_login(person)
    return client


def token_of(response: Any) -> str:
    found = TOKEN.search(response.content.decode())
    assert found, "the page has no CSRF token"
    return found.group(1)


def written() -> int:
    return AuditEntry.objects.filter(action=ACTION).count()


def send(client: Client, name: str, token: str, **extra: Any) -> Any:
    return client.post(SEND, {"name": name, "csrfmiddlewaretoken": token}, **extra)


def test_with_a_referer_the_page_comes_back_with_the_status_and_the_message_once(citizen: Any) -> None:
    client = browser(citizen)
    token = token_of(client.get(PAGE))
    r = send(client, "Hoa", token, HTTP_REFERER="http://testserver" + PAGE)
    body = r.content.decode()
    assert r.status_code == 409
    assert 'id="refusal-form"' in body and body.count(SHOWN) == 1
    assert "no-store" in r["Cache-Control"] and "ETag" not in r
    assert written() == 0
    assert SHOWN not in client.get(PAGE).content.decode()  # shown once, not again on the next page
    # Answered at the form's address, the page names its own: its relative links and its forms
    # without an action (a search box) go where they go on the page.
    assert f'<base href="{PAGE}" data-page-again>' in body
    assert "<base" not in client.get(PAGE).content.decode()
    again = send(
        client, "Hoa", token, HTTP_REFERER="http://testserver" + PAGE + "?q=%C4%91%C6%B0%E1%BB%9Dng&amp=1"
    )
    assert (
        f'<base href="{PAGE}?q=%C4%91%C6%B0%E1%BB%9Dng&amp;amp=1" data-page-again>' in again.content.decode()
    )


def test_without_a_referer_the_error_page_answers_with_the_status(citizen: Any) -> None:
    client = browser(citizen)
    r = send(client, "Hoa", token_of(client.get(PAGE)))
    body = r.content.decode()
    # The form's own address takes only a POST (405 on a visit): the error page says why, once.
    assert r.status_code == 409 and 'class="error-message"' in body
    assert body.count(SHOWN) == 1 and 'id="refusal-form"' not in body
    assert f'href="http://testserver{SEND}"' not in body  # no link to the address that takes only a POST
    assert written() == 0


def test_an_htmx_post_still_gets_the_message_as_json(citizen: Any) -> None:
    client = browser(citizen)
    token = token_of(client.get(PAGE))
    r = send(client, "Hoa", token, HTTP_REFERER="http://testserver" + PAGE, HTTP_HX_REQUEST="true")
    assert r.status_code == 409 and r["Content-Type"] == "application/json"
    assert r.json()["message"] == TAKEN and r.json()["code"] == "conflict"
    assert written() == 0


def test_a_referer_of_another_host_is_not_used(citizen: Any) -> None:
    client = browser(citizen)
    token = token_of(client.get(PAGE))
    r = send(client, "Hoa", token, HTTP_REFERER="http://elsewhere.example" + PAGE)
    body = r.content.decode()
    assert r.status_code == 409 and body.count(SHOWN) == 1
    assert 'id="refusal-form"' not in body and "elsewhere.example" not in body
    assert written() == 0


@pytest.mark.parametrize("signed_in", [False, True], ids=["anonymous", "signed_in"])
def test_the_token_of_the_page_shown_again_sends_the_next_post(signed_in: bool, citizen: Any) -> None:
    client = browser(citizen if signed_in else None)
    refused = send(client, "Hoa", token_of(client.get(PAGE)), HTTP_REFERER="http://testserver" + PAGE)
    assert refused.status_code == 409 and written() == 0
    r = send(client, "Hoà", token_of(refused), HTTP_REFERER="http://testserver" + PAGE)
    assert r.status_code == 302 and written() == 1


@pytest.mark.parametrize("referer", ["/test/refusals/plain/", "/test/refusals/broken/", "/no/such/page/"])
def test_a_page_that_cannot_show_the_message_gives_the_error_page_instead(citizen: Any, referer: str) -> None:
    """A page without the site's messages, a page that fails, no page at all: the error page with the
    refusal, and the message is not left over for the next page."""
    client = browser(citizen)
    r = send(client, "Hoa", token_of(client.get(PAGE)), HTTP_REFERER="http://testserver" + referer)
    body = r.content.decode()
    assert r.status_code == 409 and 'class="error-message"' in body and body.count(SHOWN) == 1
    assert f'href="http://testserver{referer}"' in body  # back to the form's page
    assert written() == 0
    assert SHOWN not in client.get(PAGE).content.decode()


@pytest.mark.parametrize("has_authenticator", [True, False])
def test_the_page_again_passes_the_staff_mfa_gate(officer: Any, has_authenticator: bool) -> None:
    """A staff member without an authenticator reaches /accounts/ only: a refused form there must not
    show them another page through its Referer."""
    from allauth.mfa.models import Authenticator

    if not has_authenticator:
        Authenticator.objects.filter(user=officer).delete()
    client = BrowserClient()
    client.force_login(officer)
    r = client.post_form(
        "/accounts/test-refusals/send/", {"name": "Hoa"}, HTTP_REFERER="http://testserver" + PAGE
    )
    body = r.content.decode()
    assert r.status_code == 409 and body.count(SHOWN) == 1 and written() == 0
    assert ('id="refusal-form"' in body) is has_authenticator
