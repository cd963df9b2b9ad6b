"""Zalo through the Zalo Notification Service (ZNS): a message from an approved template, sent to a
phone number that has a Zalo account.

POST NOTIFY_ZALO_URL (default https://business.openapi.zalo.me/message/template) with the header
`access_token: NOTIFY_ZALO_ACCESS_TOKEN` and
`{"phone": "84912345678", "template_id": NOTIFY_ZALO_TEMPLATE_ID,
  "template_data": {"title": subject, "content": body}, "tracking_id": "<delivery reference>"}`;
the parameter names of the template are NOTIFY_ZALO_TITLE_PARAM / NOTIFY_ZALO_CONTENT_PARAM.
Zalo answers `{"error": 0, "data": {"msg_id": …}}` on success and a negative `error` otherwise;
errors that name the recipient (no Zalo account, invalid phone, user blocked ZNS) are permanent.
The access token is the Official Account's; refreshing it is the operator's job (it lasts 25 hours).
"""

from __future__ import annotations

import uuid

from django.conf import settings

from . import GatewayError, post_json, raise_for_status

# ZNS error codes about the recipient: sending again cannot help.
PERMANENT = {-108, -118, -119, -139}


class ZnsBackend:
    def send(self, *, channel: str, recipient: str, subject: str, body: str, person_id: int | None) -> str:
        if not settings.NOTIFY_ZALO_ACCESS_TOKEN or not settings.NOTIFY_ZALO_TEMPLATE_ID:
            raise GatewayError(
                "NOTIFY_ZALO_ACCESS_TOKEN / NOTIFY_ZALO_TEMPLATE_ID are not set", permanent=True
            )
        status, answer = post_json(
            settings.NOTIFY_ZALO_URL,
            {
                "phone": recipient.lstrip("+"),
                "template_id": settings.NOTIFY_ZALO_TEMPLATE_ID,
                "template_data": {
                    settings.NOTIFY_ZALO_TITLE_PARAM: subject,
                    settings.NOTIFY_ZALO_CONTENT_PARAM: body,
                },
                "tracking_id": uuid.uuid4().hex,
            },
            {"access_token": settings.NOTIFY_ZALO_ACCESS_TOKEN},
        )
        raise_for_status(status, answer)
        answer = answer if isinstance(answer, dict) else {}
        code = answer.get("error")
        if code != 0:
            raise GatewayError(f"ZNS error {code}: {answer.get('message', '')}", permanent=code in PERMANENT)
        data = answer.get("data") or {}
        return str(data.get("msg_id", "")) if isinstance(data, dict) else ""
