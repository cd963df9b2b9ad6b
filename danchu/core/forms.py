"""The one way a page turns an invalid form into a refusal: a DomainError that names each field and
what is wrong with it (shown on the page by the error middleware, 400)."""

from __future__ import annotations

from typing import Any, TypeVar

from django import forms
from django.utils.translation import gettext as _

from .errors import DomainError

F = TypeVar("F", bound=forms.BaseForm)


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
