"""Django's own texts people can meet are in Vietnamese. Django's Vietnamese catalogue leaves about
a hundred of its texts in English, among them messages a form shows ("“x” is not a valid value.",
a file's extension refused, a password too short — whose text Django 5.2 renamed, so its old
translation no longer matched) and the CSRF refusal. danchu/locale (LOCALE_PATHS) completes them; this
test reads the current Django's English catalogue, so an upgrade that brings a new text people can
meet fails here until it is translated. IGNORED: what no page of danchu shows."""

from __future__ import annotations

from pathlib import Path

import django
import pytest
from django.utils import translation

DJANGO = Path(django.__file__).parent
CATALOGUES = ("conf", "contrib/auth")

IGNORED = {
    # Language names (danchu offers Vietnamese and English only).
    *("Algerian Arabic", "Central Kurdish (Sorani)", "Lower Sorbian", "Colombian Spanish", "Scottish Gaelic"),
    *("Upper Sorbian", "Armenian", "Igbo", "Kabyle", "Kyrgyz", "Malay", "Norwegian Bokmål", "Tajik"),
    *("Turkmen", "Uyghur", "Uzbek"),
    # The same in both languages, or field descriptions for the admin's documentation.
    *("…", "%(truncated_text)s…", "IPv4", "IPv6", "IPv4 or IPv6", "Messages", "String (unlimited)"),
    *("Duration", "Positive big integer", "Universally unique identifier", "A JSON object"),
    *("%(from)s-%(to)s relationship", "%(from)s-%(to)s relationships", "Forbidden"),
    # Django's CSRF page and its debug and welcome pages: danchu shows its own (CSRF_FAILURE_VIEW).
    "More information is available with DEBUG=True.",
    "The install worked successfully! Congratulations!",
    *("Django Documentation", "Topics, references, &amp; how-to’s", "Tutorial: A Polling App"),
    *("Get started with Django", "Django Community", "Connect, get help, or contribute"),
    # Generic views danchu does not use.
    *("Date out of range", "Invalid date string “%(datestr)s” given format “%(format)s”"),
    *("Page is not “last”, nor can it be converted to an int.", "“%(path)s” does not exist"),
    "Empty list and “%(class_name)s.allow_empty” is False.",
    # The admin's user pages (staff of the operator only, in English as the admin is).
    *("Password-based authentication was disabled.", "Set password: %s", "Reset password", "Set password"),
    *("Password-based authentication", "Enabled", "Disabled"),
    "Raw passwords are not stored, so there is no way to see the user’s password.",
    "Enable password-based authentication for this user by setting a password.",
}
IGNORED_PREFIXES = (
    "You are seeing this",
    "If you have configured your browser",
    "If you are using the <meta",
    "View <a href=",
    "Whether the user will be able to authenticate",
)


def _entries(po: Path) -> dict[tuple[str, str], tuple[str, str]]:
    """(context, msgid) -> (msgid_plural, first msgstr) of a catalogue."""
    entries: dict[tuple[str, str], tuple[str, str]] = {}
    ctx, msgid, plural, text, field = "", None, "", "", ""

    def unquote(line: str) -> str:
        return line.strip()[1:-1].encode().decode("unicode_escape").encode("latin-1").decode("utf-8")

    for raw in po.read_text().splitlines() + [""]:
        line = raw.strip()
        if line.startswith("#"):
            continue
        if line.startswith("msgctxt "):
            ctx, field = unquote(line[8:]), "ctx"
        elif line.startswith("msgid "):
            msgid, field = unquote(line[6:]), "id"
        elif line.startswith("msgid_plural "):
            plural, field = unquote(line[13:]), "plural"
        elif line.startswith(("msgstr ", "msgstr[0] ")):
            text, field = unquote(line.split(" ", 1)[1]), "str"
        elif line.startswith("msgstr"):
            field = "other"
        elif line.startswith('"'):
            if field == "id" and msgid is not None:
                msgid += unquote(line)
            elif field == "plural":
                plural += unquote(line)
            elif field == "ctx":
                ctx += unquote(line)
            elif field == "str":
                text += unquote(line)
        elif not line:
            if msgid:
                entries[(ctx, msgid)] = (plural, text)
            ctx, msgid, plural, text, field = "", None, "", "", ""
    return entries


def _in_vietnamese(ctx: str, msgid: str, plural: str) -> str:
    with translation.override("vi"):
        if plural:
            return (
                translation.npgettext(ctx, msgid, plural, 1)
                if ctx
                else translation.ngettext(msgid, plural, 1)
            )
        return translation.pgettext(ctx, msgid) if ctx else translation.gettext(msgid)


@pytest.mark.parametrize("catalogue", CATALOGUES)
def test_every_django_text_people_meet_is_in_vietnamese(catalogue: str) -> None:
    current = _entries(DJANGO / catalogue / "locale/en/LC_MESSAGES/django.po")
    djangos = _entries(DJANGO / catalogue / "locale/vi/LC_MESSAGES/django.po")
    assert len(current) > 50 and len(djangos) > 50  # the catalogues were read
    left = [
        (ctx, msgid, plural)
        for (ctx, msgid), (plural, _text) in current.items()
        if not djangos.get((ctx, msgid), ("", ""))[1]
        and msgid not in IGNORED
        and not msgid.startswith(IGNORED_PREFIXES)
    ]
    assert left  # Django's own gaps are still there for ours to fill (else this test checks nothing)
    english = [msgid for ctx, msgid, plural in left if _in_vietnamese(ctx, msgid, plural) == msgid]
    assert not english, "Translate in danchu/locale/vi/LC_MESSAGES/django.po:\n" + "\n".join(english)


def test_a_form_shows_djangos_messages_in_vietnamese() -> None:
    from django import forms
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    class Choose(forms.Form):
        villages = forms.MultipleChoiceField(choices=[("1", "Thôn 1")])
        photo = forms.FileField(
            validators=[__import__("django.core.validators").core.validators.FileExtensionValidator(["jpg"])]
        )

    with translation.override("vi"):
        form = Choose({"villages": ["9"]})
        assert "Hãy chọn một lựa chọn hợp lệ" in str(form.errors["villages"])
        with pytest.raises(ValidationError) as short:
            validate_password("a1")
        assert "Mật khẩu quá ngắn. Mật khẩu phải có ít nhất 8 ký tự." in short.value.messages
        assert (
            translation.gettext("“%(pk)s” is not a valid value.") % {"pk": "x"}
            == "“x” không phải là giá trị hợp lệ."
        )
