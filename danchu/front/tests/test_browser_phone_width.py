"""Every page fits a phone: on the demo site, each demo role's pages (the bounded crawl of
test_crawl.py) are opened in Debian's chromium 360 px wide, and none may scroll sideways — a wide table
scrolls within itself, a long code or address wraps. Before this test, a dozen pages did (the works'
ledger and board, the Front's consultations, the escalations, the oversight boards, open data…).
The same pages are checked with axe-core (front/tests/axe.py) on the phone's screen: a table that
scrolls sideways must take the focus, a control must have a name, headings go in order; and none may
have anything refused by the Content-Security-Policy (an inline style left a printout unstyled)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from .axe import violations
from .test_crawl import ALL_ROLES, build_demo, walk

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]

WIDTH = 360
PAGES_PER_ROLE = 25
# The element that sticks out, for the message: its tag, class and first words.
WIDEST = """() => {
  const out = [];
  for (const e of document.querySelectorAll('main *')) {
    if (e.getBoundingClientRect().right > window.innerWidth + 1 && !(e.parentElement && e.parentElement.closest('table, .leaflet-container'))) {
      out.push(e.tagName + '.' + e.className + ' «' + (e.textContent || '').trim().slice(0, 40) + '»');
    }
  }
  return out.slice(0, 3);
}"""


def _paths(client: Client) -> list[str]:
    found: list[str] = []
    walk(client, lambda path, _html: found.append(path), limit=PAGES_PER_ROLE)
    return found


def test_no_page_scrolls_sideways_on_a_phone(page: Any, live_server: Any) -> None:
    from danchu.accounts.permissions import needs_mfa_setup
    from danchu.accounts.tests.factories import give_totp

    demo = build_demo()
    page.set_default_timeout(60000)  # a shared, loaded machine: the first pages compile templates
    page.set_viewport_size({"width": WIDTH, "height": 740})
    wide: list[str] = []
    inaccessible: list[str] = []
    refused: list[str] = []
    at = {"path": ""}
    page.on(
        "console",
        lambda m: (
            refused.append(f"{at['path']}: {m.text[:160]}") if "Content Security Policy" in m.text else None
        ),
    )
    for role in ["anonymous", *ALL_ROLES]:
        client = Client()
        page.context.clear_cookies()
        if role != "anonymous":
            person = demo["people"][role]
            if needs_mfa_setup(person):
                give_totp(person)
            client.force_login(person)
            page.context.add_cookies(
                [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
            )
        for path in _paths(client):
            at["path"] = f"{role} {path}"
            page.goto(path)
            if page.evaluate("document.documentElement.scrollWidth > window.innerWidth + 1"):
                wide.append(f"{role} {path}: {page.evaluate(WIDEST)}")
            inaccessible += [f"{role} {path}: {v}" for v in violations(page)]
    assert not wide, "\n".join(wide)
    assert not inaccessible, "\n".join(inaccessible)
    assert not refused, "\n".join(refused)
