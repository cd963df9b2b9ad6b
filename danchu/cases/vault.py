"""Denouncer protection: identity and contact encrypted at rest with Fernet.

The key is settings.FIELD_ENCRYPTION_KEY (from the environment; never in the database): one Fernet key
(32 url-safe base64-encoded bytes, `Fernet.generate_key()`), or several separated by commas during a
rotation — the first seals, every one of them still opens (MultiFernet), so the server keeps reading
while `danchu rotate_vault_key` re-encrypts every sealed identity (and every case's receipt key,
receipts.py) under the first key. Anything else
is refused at start-up (ImproperlyConfigured), and so is the committed development key when DEBUG is
off: a key that is not secret protects nobody.
"""

from __future__ import annotations

import json
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

# The key in settings.py for development (DEBUG on). It is public: it must never seal a real identity.
DEVELOPMENT_KEY = "ZGFuY2h1LWRldmVsb3BtZW50LWtleS0zMi1ieXRlcyE="


def configured_keys(raw: str | None = None) -> list[str]:
    value = settings.FIELD_ENCRYPTION_KEY if raw is None else raw
    return [k.strip() for k in str(value or "").split(",") if k.strip()]


def check_keys(raw: str | None = None, *, debug: bool | None = None) -> None:
    """ImproperlyConfigured unless every configured key is a valid Fernet key (and, with DEBUG off,
    none is the development key)."""
    keys = configured_keys(raw)
    if not keys:
        raise ImproperlyConfigured("FIELD_ENCRYPTION_KEY is empty: set a Fernet key (Fernet.generate_key()).")
    for position, key in enumerate(keys, 1):
        try:
            Fernet(key.encode())
        except (ValueError, TypeError):
            raise ImproperlyConfigured(
                f"FIELD_ENCRYPTION_KEY: key #{position} is not a valid Fernet key (32 url-safe "
                "base64-encoded bytes); generate one with "
                '`python -c "from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())"`.'
            ) from None
    debug = settings.DEBUG if debug is None else debug
    if not debug and DEVELOPMENT_KEY in keys:
        raise ImproperlyConfigured(
            "FIELD_ENCRYPTION_KEY is the public development key, and DEBUG is off: set a secret key."
        )


def _fernet(raw: str | None = None) -> MultiFernet:
    return MultiFernet([Fernet(k.encode()) for k in configured_keys(raw)])


def seal(data: dict[str, Any]) -> str:
    return _fernet().encrypt(json.dumps(data, ensure_ascii=False).encode()).decode()


def unseal(token: str) -> dict[str, Any]:
    try:
        return json.loads(_fernet().decrypt(token.encode()))  # type: ignore[no-any-return]
    except InvalidToken:
        return {}


def reseal(token: str) -> str:
    """The same sealed data under the first (current) key; InvalidToken if no configured key opens it."""
    return _fernet().rotate(token.encode()).decode()


def store_resealed(row: Any, token: str, field: str = "ciphertext") -> bool:
    """Store `token` as the row's sealed `field` (an identity's ciphertext, a case's receipt key), only
    if nobody changed it meanwhile (a concurrent rotation is harmless). Whether it was stored."""
    unchanged = type(row).objects.filter(pk=row.pk, **{field: getattr(row, field)})
    return bool(unchanged.update(**{field: token}))


def is_sealed_with_current_key(token: str) -> bool:
    try:
        Fernet(configured_keys()[0].encode()).decrypt(token.encode())
    except InvalidToken:
        return False
    return True
