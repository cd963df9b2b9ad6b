from __future__ import annotations

from django.http import HttpRequest
from django.utils.translation import gettext as _

from danchu.core.errors import DomainError


def uploaded(request: HttpRequest, name: str = "photos") -> list[tuple[bytes, str]]:
    files = request.FILES.getlist(name)
    if len(files) > 10:
        raise DomainError(_("Too many files."))
    return [(f.read(), f.name or "") for f in files]
