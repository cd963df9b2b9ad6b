"""The one way a page turns an invalid form into a refusal: a DomainError that names each field and
what is wrong with it (shown on the page by the error middleware, 400); and the form that sends an
idempotency key."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from typing import Any, TypeVar

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .errors import DomainError
from .formats import EARLIEST_DAY, implausible_day, read_count, read_number
from .idempotency import FIELD

F = TypeVar("F", bound=forms.BaseForm)
INTEGER_COLUMN_MAX = 2_147_483_647  # an IntegerField's column, on PostgreSQL as on SQLite's checks


def valid_form(form: F) -> F:
    """`form` when it is valid; otherwise a DomainError listing every field's problems."""
    if form.is_valid():
        return form
    problems = [
        f"{form.fields[name].label if name in form.fields else ''}: {' '.join(str(e) for e in errs)}"
        for name, errs in form.errors.items()
    ]
    raise DomainError(_("Please correct: %(problems)s") % {"problems": "; ".join(problems)})


def valid(form: forms.BaseForm) -> dict[str, Any]:
    """The cleaned data of a valid form (see valid_form)."""
    return valid_form(form).cleaned_data


T = TypeVar("T")


def at_the_field(call: Callable[[], T]) -> T:
    """For a form's clean_<field>(): what `call` returns, or its DomainError as that field's error —
    the page comes back with what was typed and the message beside it (a lookup by the service the
    view then calls with the result)."""
    try:
        return call()
    except DomainError as refused:
        raise forms.ValidationError(refused.message) from None


class IdempotentForm(forms.Form):
    """A form with a hidden `idempotency_key` made when it renders (for a page without a form class:
    the `idempotency_field` template tag): a second post of the same rendering (a double click, a
    retry on a slow line) is answered by danchu.core.idempotency with the first response, so what
    the form creates is never recorded twice."""

    idempotency_key = forms.CharField(widget=forms.HiddenInput, required=False, max_length=100)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault(FIELD, str(uuid.uuid4()))


def skip_bad_rows_field() -> forms.BooleanField:
    """An import's choice to keep the good rows of a file with bad ones (by default a file with a bad
    row imports nothing)."""
    return forms.BooleanField(
        label=gettext_lazy("Import the good rows and skip the bad ones"),
        required=False,
        help_text=gettext_lazy("Without this, nothing is imported from a file with a bad row."),
    )


def _typed(field: forms.Field, value: Any, read: Any) -> Any:
    """`value` as `read` reads typed text (a minus sign left to Django, whose refusal names the
    field's lower limit); the field's own refusal when it is no number."""
    text = value.strip() if isinstance(value, str) else None
    if text is None or text in field.empty_values or text.startswith("-"):
        return value
    try:
        return str(read(text))
    except ValueError:
        raise forms.ValidationError(field.error_messages["invalid"], code="invalid") from None


class DayField(forms.DateField):
    """A day a person types: refused, beside the field, when it cannot be meant (year 1, year 9999:
    `core.formats.implausible_day`); `earliest` for a field that reaches further back (a birth date).
    Every date a form asks for goes through this field or MomentField (a house rule checks)."""

    def __init__(self, *args: Any, earliest: dt.date = EARLIEST_DAY, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.earliest = earliest

    def validate(self, value: Any) -> None:
        super().validate(value)
        if why := implausible_day(value, earliest=self.earliest):
            raise forms.ValidationError(why, code="implausible_day")


class MomentField(forms.DateTimeField):
    """A day and time a person types, within the same days as DayField."""

    def validate(self, value: Any) -> None:
        super().validate(value)
        if why := implausible_day(value):
            raise forms.ValidationError(why, code="implausible_day")


class TypedNumberField(forms.DecimalField):
    """A number as people type it in Vietnam, read by the imports' rule (`core.formats.read_number`):
    "500.000" is five hundred thousand and so, for an amount of đồng (`decimal_places=0`), is
    "500,000"; "2,5" labour days are two and a half. Django's DecimalField read "500.000" as 500 with
    three decimals (refused with "no more than 0 decimal places", or as 500 where decimals are
    allowed) and "2,5" as no number. A browser's number box still sends "2.5"; the field's limits
    (`min_value`, `decimal_places`) are checked after, as Django does."""

    def to_python(self, value: Any) -> Any:
        return super().to_python(
            _typed(self, value, lambda text: read_number(text, whole=self.decimal_places == 0))
        )


class TypedIntegerField(forms.IntegerField):
    """A whole number as people type it in Vietnam (`core.formats.read_count`): "1.000" and "1,000"
    are one thousand. Django's IntegerField drops a trailing ".000" as if it were a fraction: "1.000"
    employees were saved as 1, and "500.000" đồng of a budget as 500, in silence. A fraction ("2,5")
    is refused. Every integer a person types goes through this field (a house rule checks).

    Without a `max_value` of its own, the field takes the largest integer a database column holds:
    99,999,999,999 persons received reached PostgreSQL and came back as a 500 ("integer out of
    range"); a field stored in a wider column says its own limit."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        if kwargs.get("max_value") is None:
            kwargs["max_value"] = INTEGER_COLUMN_MAX
        super().__init__(*args, **kwargs)

    def to_python(self, value: Any) -> Any:
        return super().to_python(_typed(self, value, read_count))
