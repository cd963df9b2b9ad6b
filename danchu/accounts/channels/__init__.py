"""Delivery channels that talk to a real gateway: an SMS gateway over HTTP and Zalo's Notification
Service (ZNS). Each is a notify backend (`send(...)` returns the gateway's message id) chosen by
NOTIFY_SMS_BACKEND / NOTIFY_ZALO_BACKEND; the outbox stays the default on a bare machine.

A backend raises `GatewayError` when a message did not leave: `permanent=True` when sending it again
cannot help (the number does not exist, the gateway refused the content), otherwise the delivery is
retried with back-off (`danchu.accounts.delivery`).

The HTTP call is a few lines of the standard library's urllib on purpose: one JSON POST with a
timeout, and no client library to keep up to date for a call this small.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from typing import Any

from django.conf import settings


class GatewayError(Exception):
    def __init__(self, message: str, *, permanent: bool = False) -> None:
        super().__init__(message)
        self.permanent = permanent


def post_json(url: str, payload: dict[str, Any], headers: dict[str, str]) -> tuple[int, Any]:
    """POST `payload` as JSON; the status and the decoded JSON answer (None when it is not JSON).
    Connection failures and timeouts are transient GatewayErrors."""
    data = json.dumps(payload, ensure_ascii=False).encode()
    request = urllib.request.Request(
        url, data=data, method="POST", headers={"Content-Type": "application/json; charset=utf-8", **headers}
    )
    try:
        with urllib.request.urlopen(request, timeout=settings.NOTIFY_GATEWAY_TIMEOUT) as response:  # noqa: S310 - the URL is the operator's setting
            status, raw = response.status, response.read()
    except urllib.error.HTTPError as e:
        status, raw = e.code, e.read()
    except (urllib.error.URLError, TimeoutError, OSError) as e:
        raise GatewayError(f"gateway unreachable: {e}") from e
    try:
        answer = json.loads(raw.decode() or "null")
    except (UnicodeDecodeError, ValueError):
        answer = None
    return status, answer


def raise_for_status(status: int, answer: Any) -> None:
    """4xx other than 408/429 is the gateway refusing this message: sending it again cannot help."""
    if 200 <= status < 300:
        return
    permanent = 400 <= status < 500 and status not in (408, 429)
    raise GatewayError(f"HTTP {status}: {str(answer)[:300]}", permanent=permanent)
