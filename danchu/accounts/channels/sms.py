"""SMS through an HTTP gateway. NOTIFY_SMS_PROVIDER picks the request format:

- `generic` (default): POST NOTIFY_SMS_URL with `Authorization: Bearer NOTIFY_SMS_TOKEN` and
  `{"to": "+84912345678", "text": "...", "sender": NOTIFY_SMS_SENDER}`; a 2xx answer, optionally
  `{"id": "..."}`. The shape most gateways and an operator's own relay accept.
- `esms`: eSMS.vn's JSON API (SendMultipleMessage_V4_post_json): ApiKey = NOTIFY_SMS_TOKEN,
  SecretKey = NOTIFY_SMS_SECRET, Brandname = NOTIFY_SMS_SENDER; success is CodeResult "100".
- `speedsms`: SpeedSMS's `sms/send`: HTTP basic auth with the token; success is status "success".

Check the preset against your contract with the provider: brand-name SMS in Vietnam needs a
registered sender and, for some providers, approved templates.

What is sent is `sms_text(subject, body)`: one line, the body's repetition of the subject dropped, its
link kept whole, written without diacritics unless NOTIFY_SMS_UNICODE (a Vietnamese text with them is
UCS-2: 70 characters a part instead of 160) and cut to NOTIFY_SMS_MAX_PARTS parts — the link leads to
the rest. A message carrying more than one link (the daily digest) is never cut.
"""

from __future__ import annotations

import base64
import re
from typing import Any

from django.conf import settings

from danchu.core.text import fold

from . import GatewayError, post_json, raise_for_status

# GSM 03.38: the default alphabet of every phone (one character each) and its extension table (two
# each, an escape and the character). Unidecode leaves ASCII, of which only the backtick is in neither.
GSM_BASIC = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿"
    "abcdefghijklmnopqrstuvwxyzäöñüà"
)
GSM_EXTENSION = frozenset("^{}\\[~]|€\f")
# Characters a part carries: alone, and each of several (the rest is the concatenation header).
GSM_PART, GSM_MULTIPART = 160, 153
UCS2_PART, UCS2_MULTIPART = 70, 67
_LINK = re.compile(r"https?://\S+")
_CONTROL = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f]")  # all but the line feed that splits lines


def is_gsm(text: str) -> bool:
    return all(ch in GSM_BASIC or ch in GSM_EXTENSION for ch in text)


def sms_length(text: str) -> int:
    """In the units a part is counted in: septets for GSM-7, UTF-16 code units for UCS-2."""
    if is_gsm(text):
        return sum(2 if ch in GSM_EXTENSION else 1 for ch in text)
    return len(text.encode("utf-16-le")) // 2


def sms_parts(text: str) -> int:
    """How many parts (each billed as one SMS) the text is sent in."""
    single, multi = (GSM_PART, GSM_MULTIPART) if is_gsm(text) else (UCS2_PART, UCS2_MULTIPART)
    length = sms_length(text)
    return 1 if length <= single else -(-length // multi)


def sms_text(subject: str, body: str, *, unicode: bool | None = None, max_parts: int | None = None) -> str:
    """The SMS for a notification's subject and body (module docstring)."""
    from unidecode import unidecode

    unicode = settings.NOTIFY_SMS_UNICODE if unicode is None else unicode
    max_parts = settings.NOTIFY_SMS_MAX_PARTS if max_parts is None else max_parts
    subject = " ".join(_CONTROL.sub("", subject).split())
    lines = [" ".join(line.split()) for line in _CONTROL.sub("", body).splitlines()]
    links = [line for line in lines if _LINK.fullmatch(line)]
    # A body often repeats what its subject says (a disclosure's title), or the other way: say it once.
    said = fold(subject)
    kept = [line for line in lines if line and (line in links or fold(line) not in said)]
    first = next((line for line in kept if line not in links), "")
    if first and said and said in fold(first):
        subject = ""
    # One link, on a line of its own: the text may be cut, the link leads to the rest. No link, or
    # several (a digest's items, each with its own): never cut, every link where it was.
    cuttable = len(links) == 1 and len(_LINK.findall(body)) == 1
    if cuttable:
        kept.remove(links[0])
    text = ": ".join(part for part in (subject, " ".join(kept)) if part)
    if not unicode:
        text = unidecode(text).replace("`", "'")
    if not cuttable:
        return text
    tail = f" {links[0]}"
    return _cut(text, tail, max_parts) + tail


def _cut(text: str, tail: str, max_parts: int) -> str:
    """The text shortened at a word, with an ellipsis, so that text + tail fits in max_parts parts."""
    if max_parts < 1 or sms_parts(text + tail) <= max_parts:
        return text
    gsm = is_gsm(text + tail)
    ellipsis = "..." if gsm else "…"
    single, multi = (GSM_PART, GSM_MULTIPART) if gsm else (UCS2_PART, UCS2_MULTIPART)
    room = (single if max_parts == 1 else multi * max_parts) - sms_length(tail) - sms_length(ellipsis)
    if room < 20:  # a link longer than the parts allowed: send it all rather than a text of nothing
        return text
    cut = text
    while sms_length(cut) > room:
        cut = cut[: room - (sms_length(cut) - len(cut))]
    word = cut.rfind(" ")
    cut = cut[:word] if word > room // 2 else cut
    return cut.rstrip(" ,.;:-") + ellipsis


def national(phone: str) -> str:
    """+84912345678 → 0912345678 (the form Vietnamese gateways expect)."""
    return "0" + phone[3:] if phone.startswith("+84") else phone


class HttpSmsBackend:
    def send(self, *, channel: str, recipient: str, subject: str, body: str, person_id: int | None) -> str:
        if not settings.NOTIFY_SMS_URL:
            raise GatewayError("NOTIFY_SMS_URL is not set", permanent=True)
        text = sms_text(subject, body)
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
            "IsUnicode": "0" if is_gsm(text) else "1",
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
