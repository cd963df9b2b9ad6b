"""Every form of the site, submitted as each demo role would meet it and as an attacker would: the
crawl of test_crawl reaches the pages each role may open; every POST form on them is sent back
through a CSRF-enforcing client (the page's own token), and every GET form (searches, filters) with
its values in the address, three times —

1. with NUL bytes in every text field,
2. with over-long text (20,000 characters) in every text field and out-of-range numbers and dates,
3. with plausible values (Vietnamese text, today, the first real choice of every list),

and no answer may be a 5xx. A form the page offers must also accept its own token: a 403 from the
CSRF check is a form that cannot work. Refused input is a 4xx with its message (a service's refusal:
the page again, core/middleware.py): a refusal answered with 200, or with a redirect to a page that
shows an error message, is a failure. Bounded: PAGES_PER_ROLE pages and FORMS_PER_ROLE forms per
role, two forms of each action shape; sign-out and the language switch are left out.

The test is in test_crawl.py, on the demo site that module builds once for its tests.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from contextlib import contextmanager
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urlsplit

from django.http import QueryDict
from django.test import Client

from .test_crawl import _shape, walk

PAGES_PER_ROLE = 150
FORMS_PER_ROLE = 40
LEFT_OUT = re.compile(r"^/(?:accounts/logout|i18n/|admin/)")
LONG = "Đ" * 20_000
# A message of the site's error kind (messages.error), on the page a response shows or leads to.
ERROR_MESSAGE = re.compile(r'<li class="error">(.*?)</li>', re.S)


class _Forms(HTMLParser):
    """The forms of a page: (method, action, [(name, kind, value, options)])."""

    def __init__(self, path: str) -> None:
        super().__init__()
        self.path = path
        self.forms: list[tuple[str, str, list[tuple[str, str, str, list[str]]]]] = []
        self.current: list[tuple[str, str, str, list[str]]] | None = None
        self.select: tuple[str, list[str]] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self.current = []
            self.forms.append((a.get("method", "get").lower(), a.get("action") or self.path, self.current))
            return
        if self.current is None or not a.get("name") or "disabled" in a:
            return
        if tag == "input":
            self.current.append((a["name"], a.get("type", "text").lower(), a.get("value", ""), []))
        elif tag == "textarea":
            self.current.append((a["name"], "textarea", "", []))
        elif tag == "select":
            self.select = (a["name"], [])
            self.current.append((a["name"], "select", "", self.select[1]))
        elif tag == "option" and self.select is not None:
            self.select[1].append(a.get("value", ""))

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self.current = None
        elif tag == "select":
            self.select = None


def _values(fields: list[tuple[str, str, str, list[str]]], mode: str) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for name, kind, value, options in fields:
        if kind in ("submit", "button", "image", "reset", "file"):
            continue
        if kind == "hidden":
            data[name] = value
        elif kind in ("checkbox", "radio"):
            data.setdefault(name, value or "on")
        elif kind == "select":
            real = [o for o in options if o]
            data[name] = {"nul": "\x00", "long": LONG}.get(mode, real[0] if real else "")
        elif kind == "number":
            data[name] = {"nul": "1\x00", "long": "9" * 40}.get(mode, "1")
        elif kind == "date":
            data[name] = {"nul": "2026-01-01\x00", "long": "99999-02-30"}.get(mode, "2026-12-01")
        elif kind in ("datetime-local", "time"):
            data[name] = {"nul": "\x00", "long": "2026-02-30T25:61"}.get(mode, "2026-12-01T09:00")
        elif kind == "email":
            data[name] = {"nul": "a\x00@b.vn", "long": LONG + "@b.vn"}.get(mode, "ban.thu@example.vn")
        elif kind == "tel":
            data[name] = {"nul": "0912\x00000001", "long": "9" * 400}.get(mode, "0912000099")
        elif kind == "password":
            data[name] = {"nul": "pass\x00word", "long": LONG}.get(mode, "danchu-demo-2026")
        else:  # text, search, url, textarea and the rest
            data[name] = {"nul": f"Nội dung\x00{value}", "long": LONG}.get(
                mode, value or "Họp bàn việc làm đường liên thôn"
            )
    return data


def _submit_forms(client: Client, person: Any, shapes: dict[str, int]) -> tuple[list[str], int]:
    """(failures, forms sent) for one role; `shapes` counts the forms sent of each action shape by
    every role so far."""
    pages: list[tuple[str, list[tuple[str, str, list[tuple[str, str, str, list[str]]]]]]] = []

    def collect(path: str, html: str) -> None:
        parser = _Forms(path)
        parser.feed(html)
        if parser.forms:
            pages.append((path, parser.forms))

    walk(client, collect, limit=PAGES_PER_ROLE)
    strict = Client(enforce_csrf_checks=True, raise_request_exception=False)
    if person is not None:
        strict.force_login(person)
    with _csrf_refusals() as refused_by_csrf:
        return _submit(strict, pages, shapes, refused_by_csrf)


def _submit(
    strict: Client,
    pages: list[tuple[str, list[tuple[str, str, list[tuple[str, str, str, list[str]]]]]]],
    shapes: dict[str, int],
    refused_by_csrf: list[str],
) -> tuple[list[str], int]:
    failures: list[str] = []
    sent = 0
    for path, forms in pages:
        for method, action, fields in forms:
            if not action.startswith("/") or LEFT_OUT.search(action):
                continue
            shape = f"{method} {_shape(action)}"
            if shapes.get(shape, 0) >= 2 or sent >= FORMS_PER_ROLE:
                continue
            shapes[shape] = shapes.get(shape, 0) + 1
            sent += 1
            for mode in ("nul", "long", "plausible"):
                # The page again for a fresh token (a sign-in rotates it) and the form as it now is.
                page = strict.get(path, HTTP_ACCEPT_LANGUAGE="vi")
                if page.status_code != 200:
                    break
                data = _values(fields, mode)
                if method != "post":  # a search or a filter: its values in the address
                    response = strict.get(action.split("?")[0], data, HTTP_ACCEPT_LANGUAGE="vi")
                    if response.status_code >= 500:
                        failures.append(
                            f"{mode} GET {action} (form on {path}) answered {response.status_code}"
                        )
                    failures += _unsaid(response, f"{mode} GET {action} (form on {path})")
                    continue
                token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode())
                if "csrfmiddlewaretoken" in data:
                    if token is None:  # the form left the page (the last submission used it)
                        break
                    data["csrfmiddlewaretoken"] = token.group(1)
                refused_by_csrf.clear()
                response = strict.post(
                    action, data, HTTP_ACCEPT_LANGUAGE="vi", HTTP_REFERER=f"http://testserver{path}"
                )
                what = f"{mode} POST {action} (form on {path})"
                if response.status_code >= 500:
                    failures.append(f"{what} answered {response.status_code}")
                elif response.status_code == 403 and refused_by_csrf:
                    failures.append(f"{what} refused its own CSRF token")
                elif response.status_code == 200 and (
                    b'aria-invalid="true"' in response.content
                    or ERROR_MESSAGE.search(response.content.decode())
                ):
                    # The form back with its fields' messages is a refusal: a 4xx, never "accepted".
                    failures.append(f"{what} refused its input with a 200")
                elif 300 <= response.status_code < 400:
                    failures += _redirected_refusal(strict, response, what)
                failures += _unsaid(response, what)
    return failures, sent


def _redirected_refusal(client: Client, response: Any, what: str) -> list[str]:
    """A redirect to a page that shows an error message: a refusal answered with a 3xx (the rule
    before refusals became 4xx), where the page again with the refusal's status is due."""
    location = urlsplit(response["Location"])
    if location.netloc not in ("", "testserver"):
        return []
    page = client.get(location.path, QueryDict(location.query), HTTP_ACCEPT_LANGUAGE="vi")
    shown = ERROR_MESSAGE.findall(page.content.decode())
    return [f"{what} refused its input with a {response.status_code}: {shown[0][:200]}"] if shown else []


@contextmanager
def _csrf_refusals() -> Iterator[list[str]]:
    """The paths the CSRF check refuses meanwhile: Django logs each refusal on django.security.csrf.
    (The markup of a 403 cannot tell: every signed-in page names X-CSRFToken, and a service's
    refusal with 403 shows its page again.)"""
    refused: list[str] = []

    class Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            refused.append(record.getMessage())

    logger, handler = logging.getLogger("django.security.csrf"), Collect(logging.WARNING)
    level = logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.WARNING)
    try:
        yield refused
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)


def _unsaid(response: Any, what: str) -> list[str]:
    """A field marked invalid (aria-invalid, aria-describedby="id_x_error") whose message is not on the
    page: the search said "nothing found" and the tracking form answered 400 without a word of why."""
    if "text/html" not in response.get("Content-Type", ""):
        return []
    from .test_labels import problems_in

    unsaid = [p for p in problems_in(response.content.decode()) if p.endswith("_error'")]
    return [f"{what} answered {response.status_code} without the message of {p}" for p in unsaid]
