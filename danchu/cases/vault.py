"""Denouncer protection: identity and contact encrypted at rest with Fernet.

The key is settings.FIELD_ENCRYPTION_KEY (from the environment; never in the database). Any
32-byte url-safe base64 key is used as is; another secret string is stretched with SHA-256 so that
a development key of the wrong length still gives a valid Fernet key.
"""

from __future__ import annotations

import base64
import hashlib
import json
from typing import Any

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings


def _fernet() -> Fernet:
    raw = settings.FIELD_ENCRYPTION_KEY
    try:
        if len(base64.urlsafe_b64decode(raw.encode())) == 32:
            return Fernet(raw.encode())
    except (ValueError, TypeError):
        pass
    return Fernet(base64.urlsafe_b64encode(hashlib.sha256(raw.encode()).digest()))


def seal(data: dict[str, Any]) -> str:
    return _fernet().encrypt(json.dumps(data, ensure_ascii=False).encode()).decode()


def unseal(token: str) -> dict[str, Any]:
    try:
        return json.loads(_fernet().decrypt(token.encode()))
    except InvalidToken:
        return {}
