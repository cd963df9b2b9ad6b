from __future__ import annotations

from django.http import HttpRequest

from ..photos import read_uploads


def uploaded(request: HttpRequest, name: str = "photos") -> list[tuple[bytes, str]]:
    return read_uploads(request.FILES.getlist(name))
