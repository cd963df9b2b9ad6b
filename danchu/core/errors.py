"""Domain errors: raised by services, turned into clear messages by views and the API."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any, get_args

from django.utils.functional import Promise
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _
from pydantic_core.core_schema import ErrorType


class DomainError(Exception):
    """A rule of the domain refused the request. `message` is for the user: translated, or a lazy
    translation (resolved here, in the language of the request being served)."""

    code = "invalid"
    status = 400

    def __init__(
        self,
        message: str | Promise,
        *,
        code: str | None = None,
        detail: Any = None,
        status: int | None = None,
    ) -> None:
        message = str(message)
        super().__init__(message)
        self.message = message
        if code:
            self.code = code
        if status:
            self.status = status
        self.detail = detail


class NotFound(DomainError):
    code = "not_found"
    status = 404


class Forbidden(DomainError):
    code = "forbidden"
    status = 403


class Conflict(DomainError):
    code = "conflict"
    status = 409


# The messages of the API's one error body (danchu/api.py), kept here so core's catalogue has them.
MESSAGES = {
    "invalid": _("Some values are not valid."),
    "unauthenticated": _("Please sign in or send a valid token."),
    "forbidden": _("You may not do this."),
    "not_found": _("Not found."),
    "error": _("The request could not be completed."),
    "bad_body": _("The request body is not valid JSON."),
    "csrf_failed": _(
        "The request failed its security check (CSRF): with a browser's session send its CSRF token "
        "(the X-CSRFToken header), or use a personal API token."
    ),
}


# Django's own 404s carry technical English ("No Case matches the given query."); a getter's Http404
# carries a translated message meant for the person.
_DJANGO_404 = re.compile(r"^No .+ (matches the given query|found matching the query)\.?$")


def own_message(exception: Exception | None) -> str:
    """The person-facing message an exception carries, or "" for Django's technical texts."""
    if exception is None or not exception.args:
        return ""
    text = exception.args[0]
    return text if isinstance(text, str) and not _DJANGO_404.match(text) else ""


def field_problems(errors: Iterable[dict[str, Any]]) -> list[dict[str, str]]:
    """Pydantic's validation errors as [{field, message}], the message in the active language for the
    common cases (pydantic's own English text otherwise)."""
    problems = []
    for e in errors:
        field = ".".join(str(p) for p in e.get("loc", ()) if p not in ("body", "payload", "query", "path"))
        problems.append({"field": field, "message": _problem_message(e)})
    return problems


# Pydantic's kinds of invalid value and their message: (msgid, the ctx key that fills its one
# placeholder — %(n)s, or %(pattern)s / %(choices)s — or None).
# "Input should be a finite number" once reached a Vietnamese reader as pydantic wrote it: every kind
# a request can meet has its message here; an unforeseen one says "not valid" in the reader's language.
_BY_KIND: dict[str, tuple[str, str | None]] = {
    "missing": (gettext_noop("This field is required."), None),
    "string_type": (gettext_noop("Enter a text."), None),
    "string_too_short": (gettext_noop("Enter at least %(n)s characters."), "min_length"),
    "string_too_long": (gettext_noop("Enter at most %(n)s characters."), "max_length"),
    "string_pattern_mismatch": (gettext_noop("Enter a value of the expected form (%(pattern)s)."), "pattern"),
    "literal_error": (gettext_noop("Choose one of: %(choices)s."), "choices"),
    "enum": (gettext_noop("Choose one of: %(choices)s."), "choices"),
    "finite_number": (gettext_noop("Enter a number."), None),
    "too_short": (gettext_noop("Send at least %(n)s items."), "min_length"),
    "too_long": (gettext_noop("Send at most %(n)s items."), "max_length"),
    "decimal_max_digits": (gettext_noop("Enter a number of at most %(n)s digits."), "max_digits"),
    "decimal_whole_digits": (
        gettext_noop("Enter at most %(n)s digits before the decimal point."),
        "whole_digits",
    ),
    "decimal_max_places": (
        gettext_noop("Enter at most %(n)s digits after the decimal point."),
        "decimal_places",
    ),
    "multiple_of": (gettext_noop("Enter a multiple of %(n)s."), "multiple_of"),
    "extra_forbidden": (gettext_noop("This field is not expected."), None),
    # A JSON list or a bare value where an object was expected (pydantic's text names its internals).
    **dict.fromkeys(
        ("model_type", "model_attributes_type", "dict_type", "get_attribute_error"),
        (gettext_noop("Send a JSON object with these fields."), None),
    ),
    **dict.fromkeys(
        ("list_type", "set_type", "tuple_type", "iterable_type"), (gettext_noop("Send a list."), None)
    ),
}
# Kinds by their prefix, in order (a date-and-time is not a date).
_BY_PREFIX = (
    ("datetime_", gettext_noop("Enter a valid date and time (YYYY-MM-DDTHH:MM+07:00).")),
    ("date_", gettext_noop("Enter a valid date (YYYY-MM-DD).")),
    ("int_", gettext_noop("Enter a whole number.")),
    ("float_", gettext_noop("Enter a number.")),
    ("decimal_", gettext_noop("Enter a number.")),
    ("bool_", gettext_noop("Enter true or false.")),
    ("uuid_", gettext_noop("Enter a valid identifier.")),
    ("url_", gettext_noop("Enter a valid web address.")),
    ("string_", gettext_noop("Enter a text.")),
)


def _problem_message(e: dict[str, Any]) -> str:
    kind, ctx, msg = e.get("type", ""), e.get("ctx") or {}, str(e.get("msg", ""))
    if kind in _BY_KIND:
        text, key = _BY_KIND[kind]
        if key is None:
            return gettext(text)
        value = ctx.get("expected" if key == "choices" else key, "")
        if key == "choices":  # pydantic joins the choices in English: "'cash' or 'labour'"
            value = re.sub(r"' or '", "' " + gettext("or") + " '", str(value))
        return gettext(text) % {"n": value, "pattern": value, "choices": value}
    if kind in ("greater_than_equal", "greater_than") and ("ge" in ctx or "gt" in ctx):
        return gettext("Enter a value of at least %(limit)s.") % {"limit": ctx.get("ge", ctx.get("gt"))}
    if kind in ("less_than_equal", "less_than") and ("le" in ctx or "lt" in ctx):
        return gettext("Enter a value of at most %(limit)s.") % {"limit": ctx.get("le", ctx.get("lt"))}
    if kind == "value_error" and msg.startswith("Value error, "):
        return msg.removeprefix("Value error, ")  # a validator's own message, already translated
    for prefix, text in _BY_PREFIX:
        if kind.startswith(prefix):
            return gettext(text)
    if kind not in _PYDANTIC_KINDS:
        return msg  # our own (PydanticCustomError, core.schema), written in the reader's language
    return gettext("This value is not valid.")


_PYDANTIC_KINDS = frozenset(get_args(ErrorType))
