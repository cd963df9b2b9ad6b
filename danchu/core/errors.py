"""Domain errors: raised by services, turned into clear messages by views and the API."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any, get_args

from django.utils.functional import Promise
from django.utils.translation import gettext
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


def _problem_message(e: dict[str, Any]) -> str:
    kind, ctx = e.get("type", ""), e.get("ctx") or {}
    if kind == "missing":
        return gettext("This field is required.")
    if kind.startswith("datetime_"):
        return gettext("Enter a valid date and time (YYYY-MM-DDTHH:MM+07:00).")
    if kind.startswith("date_"):
        return gettext("Enter a valid date (YYYY-MM-DD).")
    if kind.startswith("int_"):
        return gettext("Enter a whole number.")
    if kind.startswith(("float_", "decimal_")) and kind not in _DIGIT_LIMITS:
        return gettext("Enter a number.")
    if kind.startswith("bool_"):
        return gettext("Enter true or false.")
    if kind in ("greater_than_equal", "greater_than") and ("ge" in ctx or "gt" in ctx):
        return gettext("Enter a value of at least %(limit)s.") % {"limit": ctx.get("ge", ctx.get("gt"))}
    if kind in ("less_than_equal", "less_than") and ("le" in ctx or "lt" in ctx):
        return gettext("Enter a value of at most %(limit)s.") % {"limit": ctx.get("le", ctx.get("lt"))}
    if kind == "string_too_short":
        return gettext("Enter at least %(n)s characters.") % {"n": ctx.get("min_length", "")}
    if kind == "string_too_long":
        return gettext("Enter at most %(n)s characters.") % {"n": ctx.get("max_length", "")}
    if kind == "string_pattern_mismatch":
        return gettext("Enter a value of the expected form (%(pattern)s).") % {
            "pattern": ctx.get("pattern", "")
        }
    if kind == "string_type":
        return gettext("Enter a text.")
    if kind in ("model_type", "model_attributes_type", "dict_type", "get_attribute_error"):
        # A JSON list or a bare value where an object was expected (pydantic's text names its internals).
        return gettext("Send a JSON object with these fields.")
    if kind in ("literal_error", "enum"):
        return gettext("Choose one of: %(choices)s.") % {"choices": ctx.get("expected", "")}
    return _rarer_problem(kind, ctx, str(e.get("msg", "")))


def _rarer_problem(kind: str, ctx: dict[str, Any], msg: str) -> str:
    # "Input should be a finite number" reached a Vietnamese reader as is: every kind a request can
    # meet has its message; an unforeseen one says "not valid" in the reader's language.
    if kind == "finite_number":
        return gettext("Enter a number.")
    if kind in ("list_type", "set_type", "tuple_type", "iterable_type"):
        return gettext("Send a list.")
    if kind == "too_short":
        return gettext("Send at least %(n)s items.") % {"n": ctx.get("min_length", "")}
    if kind == "too_long":
        return gettext("Send at most %(n)s items.") % {"n": ctx.get("max_length", "")}
    if kind == "decimal_max_digits":
        return gettext("Enter a number of at most %(n)s digits.") % {"n": ctx.get("max_digits", "")}
    if kind == "decimal_whole_digits":
        return gettext("Enter at most %(n)s digits before the decimal point.") % {
            "n": ctx.get("whole_digits", "")
        }
    if kind == "decimal_max_places":
        return gettext("Enter at most %(n)s digits after the decimal point.") % {
            "n": ctx.get("decimal_places", "")
        }
    if kind == "multiple_of":
        return gettext("Enter a multiple of %(n)s.") % {"n": ctx.get("multiple_of", "")}
    if kind == "extra_forbidden":
        return gettext("This field is not expected.")
    if kind.startswith("uuid_"):
        return gettext("Enter a valid identifier.")
    if kind.startswith("url_"):
        return gettext("Enter a valid web address.")
    if kind == "value_error" and msg.startswith("Value error, "):
        return msg.removeprefix("Value error, ")  # a validator's own message, already translated
    if kind.startswith("string_"):
        return gettext("Enter a text.")
    if kind not in _PYDANTIC_KINDS:
        return msg  # our own (PydanticCustomError, core.schema), written in the reader's language
    return gettext("This value is not valid.")


_PYDANTIC_KINDS = frozenset(get_args(ErrorType))
_DIGIT_LIMITS = frozenset({"decimal_max_digits", "decimal_max_places", "decimal_whole_digits"})
