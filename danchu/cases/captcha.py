"""The human check (mã kiểm tra) of the public forms.

An arithmetic question signed with Django's signer, answered server-side. Why not an image: the
form must work for screen-reader users and on basic phones without JavaScript, and the threat is
scripted mass submission, which the signature (question cannot be forged), the age limit (a token
is valid for 30 minutes), single use (a solved token is spent) and the per-source rate limit already make costly. The signed token holds
the answer hashed with a nonce, so the page does not reveal it.
"""

from __future__ import annotations

import hashlib
import secrets

from django.core import signing
from django.core.cache import cache
from django.utils.translation import gettext as _

SALT = "danchu.cases.captcha"
MAX_AGE = 30 * 60


def _digest(nonce: str, answer: int) -> str:
    return hashlib.sha256(f"{nonce}:{answer}".encode()).hexdigest()[:20]


def new_challenge() -> tuple[str, str]:
    """(question shown to the person, token for the hidden field)."""
    a, b = secrets.randbelow(9) + 1, secrets.randbelow(9) + 1
    nonce = secrets.token_hex(6)
    token = signing.dumps({"n": nonce, "d": _digest(nonce, a + b)}, salt=SALT)
    return _("How much is %(a)d + %(b)d?") % {"a": a, "b": b}, token


def check(token: str, answer: str) -> bool:
    """Whether the answer is right; a solved challenge is used once (its nonce is spent in the cache)."""
    try:
        data = signing.loads(token, salt=SALT, max_age=MAX_AGE)
        value = int(str(answer).strip())
    except (signing.BadSignature, ValueError, TypeError):
        return False
    if not secrets.compare_digest(data.get("d", ""), _digest(data.get("n", ""), value)):
        return False
    return bool(cache.add(f"{SALT}:spent:{data.get('n', '')}", 1, MAX_AGE))


def answer_for_tests(token: str) -> int:
    data = signing.loads(token, salt=SALT)
    for value in range(2, 19):
        if _digest(data["n"], value) == data["d"]:
            return value
    raise ValueError("no answer")
