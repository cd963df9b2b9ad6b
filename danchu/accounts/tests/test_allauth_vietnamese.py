"""Every text of django-allauth that danchu's users can meet is in Vietnamese (issue #16 item 3).

The templates of allauth that danchu does not override are read, their msgids extracted and looked up
in Vietnamese; the features danchu does not use (passkeys, e-mail management, sign-in by code,
allauth's phone verification) are left out. A new allauth version that adds a text fails here."""

from __future__ import annotations

import re
from pathlib import Path

import allauth
from django.utils import translation

import danchu.accounts

ALLAUTH = Path(allauth.__file__).parent / "templates"
OURS = Path(danchu.accounts.__file__).parent / "templates"
UNUSED = re.compile(
    r"webauthn|passkey|email|login_code|phone_change|signup_closed|trust|verification_sent|verified_email"
    r"|warn_no_email|layouts/base|primary|phone_verif"
)
TRANS = re.compile(r"""{%\s*(?:trans|translate)\s+(?:"([^"]+)"|'([^']+)')(?:\s+context\s+"([^"]+)")?""")
BLOCK = re.compile(
    r"{%\s*(?:blocktrans|blocktranslate)([^%]*)%}(.*?){%\s*(?:endblocktrans|endblocktranslate)\s*%}", re.S
)
VARIABLE = re.compile(r"{{\s*([\w.]+)[^}]*}}")


def allauth_texts() -> dict[tuple[str, str | None], str]:
    found: dict[tuple[str, str | None], str] = {}
    for path in sorted(ALLAUTH.glob("**/*")):
        relative = path.relative_to(ALLAUTH).as_posix()
        if path.suffix not in (".html", ".txt") or UNUSED.search(relative) or (OURS / relative).exists():
            continue
        if not relative.startswith(("account/", "mfa/")):
            continue
        text = path.read_text()
        for m in TRANS.finditer(text):
            found[(m.group(1) or m.group(2), m.group(3))] = relative
        for m in BLOCK.finditer(text):
            if "count" in m.group(1) or "{% plural" in m.group(2):
                continue
            body = VARIABLE.sub(lambda v: "%(" + v.group(1) + ")s", m.group(2))
            if "trimmed" in m.group(1):
                body = " ".join(body.split())
            context = re.search(r'context\s+"([^"]+)"', m.group(1))
            found[(body, context.group(1) if context else None)] = relative
    return found


def test_every_allauth_text_people_meet_is_in_vietnamese() -> None:
    texts = allauth_texts()
    assert len(texts) > 20  # the extraction found allauth's pages
    with translation.override("vi"):
        missing = [
            f"{where}: {msgid!r}"
            for (msgid, context), where in texts.items()
            if (translation.pgettext(context, msgid) if context else translation.gettext(msgid)) == msgid
        ]
    assert not missing, "add to accounts/allauth_messages.py and translate:\n" + "\n".join(missing)


def test_already_signed_in_note_is_vietnamese(client, citizen) -> None:  # noqa: ANN001
    client.force_login(citizen)
    html = client.get("/accounts/password/reset/", HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    assert "already logged in" not in html
