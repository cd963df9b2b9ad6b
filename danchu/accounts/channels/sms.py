"""SMS through an HTTP gateway. NOTIFY_SMS_PROVIDER picks the request format:

- `generic` (default): POST NOTIFY_SMS_URL with `Authorization: Bearer NOTIFY_SMS_TOKEN` and
  `{"to": "+84912345678", "text": "...", "sender": NOTIFY_SMS_SENDER}`; a 2xx answer, optionally
  `{"id": "..."}`. The shape most gateways and an operator's own relay accept.
- `esms`: eSMS.vn's JSON API (SendMultipleMessage_V4_post_json): ApiKey = NOTIFY_SMS_TOKEN,
  SecretKey = NOTIFY_SMS_SECRET, Brandname = NOTIFY_SMS_SENDER; success is CodeResult "100".
- `speedsms`: SpeedSMS's `sms/send`: HTTP basic auth with the token; success is status "success".

Check the preset against your contract with the provider: brand-name SMS in Vietnam needs a
registered sender and, for some providers, approved templates.
"""

from __future__ import annotations

import base64
from typing import Any

from django.conf import settings

from . import GatewayError, post_json, raise_for_status


def national(phone: str) -> str:
    """+84912345678 → 0912345678 (the form Vietnamese gateways expect)."""
    return "0" + phone[3:] if phone.startswith("+84") else phone


class HttpSmsBackend:
    def send(self, *, channel: str, recipient: str, subject: str, body: str, person_id: int | None) -> str:
        if not settings.NOTIFY_SMS_URL:
            raise GatewayError("NOTIFY_SMS_URL is not set", permanent=True)
        text = f"{subject}: {body}" if subject and not body.startswith(subject) else body
        provider = settings.NOTIFY_SMS_PROVIDER
        if provider == "esms":
            return _esms(recipient, text)
        if provider == "speedsms":
            return _speedsms(recipient, text)
        status, answer = post_json(
            settings.NOTIFY_SMS_URL,
            {"to": recipient, "text": text, "sender": settings.NOTIFY_SMS_SENDER},
            {"Authorization": f"Bearer {settings.NOTIFY_SMS_TOKEN}"},
        )
        raise_for_status(status, answer)
        return str(answer.get("id", "")) if isinstance(answer, dict) else ""


def _esms(recipient: str, text: str) -> str:
    status, answer = post_json(
        settings.NOTIFY_SMS_URL,
        {
            "ApiKey": settings.NOTIFY_SMS_TOKEN,
            "SecretKey": settings.NOTIFY_SMS_SECRET,
            "Phone": national(recipient),
            "Content": text,
            "Brandname": settings.NOTIFY_SMS_SENDER,
            "SmsType": "2",
        },
        {},
    )
    raise_for_status(status, answer)
    answer = answer if isinstance(answer, dict) else {}
    if str(answer.get("CodeResult")) != "100":
        raise GatewayError(f"eSMS CodeResult {answer.get('CodeResult')}: {answer.get('ErrorMessage', '')}")
    return str(answer.get("SMSID", ""))


def _speedsms(recipient: str, text: str) -> str:
    auth = base64.b64encode(f"{settings.NOTIFY_SMS_TOKEN}:x".encode()).decode()
    status, answer = post_json(
        settings.NOTIFY_SMS_URL,
        {"to": [national(recipient)], "content": text, "sms_type": 2, "sender": settings.NOTIFY_SMS_SENDER},
        {"Authorization": f"Basic {auth}"},
    )
    raise_for_status(status, answer)
    answer = answer if isinstance(answer, dict) else {}
    if answer.get("status") != "success":
        raise GatewayError(f"SpeedSMS {answer.get('code')}: {answer.get('message', '')}")
    data: Any = answer.get("data") or {}
    return str(data.get("tranId", "")) if isinstance(data, dict) else ""
