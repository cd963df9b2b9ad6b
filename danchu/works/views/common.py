from __future__ import annotations

from typing import Any

from django import forms
from django.http import HttpRequest
from django.utils.translation import gettext as _

from danchu.core.errors import DomainError


def valid(form: forms.Form) -> dict[str, Any]:
    """The cleaned data, or a DomainError naming what is wrong (shown on the form's page)."""
    if form.is_valid():
        return form.cleaned_data
    problems = [
        f"{form.fields[name].label if name in form.fields else ''}: {' '.join(str(e) for e in errs)}"
        for name, errs in form.errors.items()
    ]
    raise DomainError(_("Please correct: %(problems)s") % {"problems": "; ".join(problems)})


def uploaded(request: HttpRequest, name: str = "photos") -> list[tuple[bytes, str]]:
    files = request.FILES.getlist(name)
    if len(files) > 10:
        raise DomainError(_("Too many files."))
    return [(f.read(), f.name or "") for f in files]
