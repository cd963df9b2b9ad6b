"""The receipt key: what lets the person who sent a case read it and rate its answer.

A case's tracking code is a *reference*: staff who may see only how a case is handled (the Fatherland
Front and the People's Inspection Board as supervisors, administrators for denunciations) read it in
their lists, and anyone may hold it. So the code alone shows what they see anyway (state, unit, dates,
deadlines, the timeline's labels); the title, the answer, the signed reply and the rating need the
receipt key, which only the submitter receives (the receipt page of the browser that sent the case,
the API's intake answer, the messages about their case) — or being the case's signed-in submitter.

The key is 10 characters of the tracking codes' alphabet (no 0/O/1/I/L: read aloud, typed from paper),
about 49 bits, shown as two groups of five (`K7M3Q-9XRTB`). Guessing it is bounded by the limiter of
unknown tracking codes: a wrong key counts as a miss (`permissions.receipt_for`).

It is stored sealed with the vault's key (`vault.py`, FIELD_ENCRYPTION_KEY), not hashed: whoever reads
the database without the application's environment cannot use it, while the application can still put
it in every later message to the submitter (the answer's notice is when they need it most), and a case
filed before keys existed gets a fresh one that reaches its submitter with the next step. A hash would
show the key once and never again.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.http import HttpRequest, HttpResponseRedirect
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

from . import vault

if TYPE_CHECKING:
    from .models import Case

# The alphabet of tracking codes (services.common.CODE_ALPHABET is this one) and receipt keys: no 0/O, 1/I/L.
ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
LENGTH = 10  # 31**10 ≈ 2**49.5
KEY_SHAPE = re.compile(rf"[{ALPHABET}]{{{LENGTH}}}")
QUERY = "k"  # the key in a page's address: /cases/track/<code>/?k=<key>
HEADER = "X-Receipt-Key"  # or in the API's header
# The receipt page shows the key to the browser that sent the case, for this long after sending.
COOKIE_SECONDS = 3600
COOKIE_SALT = "danchu.cases.receipt"


def new_key() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def seal(key: str) -> str:
    return vault.seal({"receipt_key": key})


def new_sealed_key() -> str:
    """A fresh key, sealed: every new case gets one (the model field's default, on every intake path)."""
    return seal(new_key())


def unseal(sealed: str) -> str:
    """The key, "" if none of the configured vault keys opens it."""
    return str(vault.unseal(sealed).get("receipt_key", "")) if sealed else ""


def sealed_keys() -> Iterator[Case]:
    """Every case's sealed key, in batches of 500: the vault key rotation's deliberate whole-table scan
    (a command the operator runs, no person's scope applies)."""
    from .models import Case

    return Case.objects.only("pk", "receipt_key_sealed").order_by("pk").iterator(chunk_size=500)


def normalise(presented: Any) -> str:
    """The key as typed or pasted: any case, spaces and dashes ignored ("k7m3q 9xrtb")."""
    return re.sub(r"[\s\-.]", "", str(presented or "")).upper()[: LENGTH * 4]


def matches(case: Case, presented: str) -> bool:
    """Whether `presented` (normalised) is the case's key, compared in constant time."""
    if not KEY_SHAPE.fullmatch(presented):
        return False
    key = case.receipt_key
    return bool(key) and secrets.compare_digest(key, presented)


def shown(key: str) -> str:
    """The key as printed and read aloud: two groups of five."""
    return f"{key[:5]}-{key[5:]}" if len(key) == LENGTH else key


def track_path(code: str, key: str = "") -> str:
    """The tracking page, opened with the key when given (the link in the submitter's messages)."""
    path = reverse("cases:track_detail", kwargs={"code": code.strip().upper()})
    key = normalise(key)
    return f"{path}?{urlencode({QUERY: key})}" if key else path


# --- The receipt page of the browser that sent the case ---------------------------------------------
# A signed cookie scoped to that one page, not the session: nothing on the server links a browser (or a
# signed-in denouncer's account, whose session row holds their id) to the case it sent.


def receipt_page(code: str) -> HttpResponseRedirect:
    """The redirect of the page that just filed a case (any module's) to its receipt page, where this
    browser alone is shown the key for an hour: the code in the URL, the key's permission in a signed
    cookie of that one page (an idempotent retry answers without it: the key is in the messages)."""
    response = redirect("cases:submitted", code=code)
    response.set_signed_cookie(
        "receipt",
        code,
        salt=COOKIE_SALT,
        max_age=COOKIE_SECONDS,
        path=reverse("cases:submitted", kwargs={"code": code}),
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Strict",
    )
    return response


def handed_over(request: HttpRequest, case: Case) -> bool:
    """Whether this browser sent the case (it holds the cookie `receipt_page` set)."""
    value = request.get_signed_cookie("receipt", default=None, salt=COOKIE_SALT, max_age=COOKIE_SECONDS)
    return value == case.tracking_code


def shown_key_of(code: str) -> str:
    """The key of the case just filed with this code, as shown: for a module's API that filed it
    (works, oversight) to answer its submitter with, as `POST /api/v1/cases/` does."""
    from .models import Case

    found = Case.objects.filter(tracking_code=code).only("receipt_key_sealed").first()
    return shown(found.receipt_key) if found is not None else ""
