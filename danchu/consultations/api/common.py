"""Shared parts of the consultations API."""

from __future__ import annotations

from django.http import HttpRequest

from danchu.accounts.auth import TokenAuth
from danchu.core.api import ErrorOut


def _anyone(request: HttpRequest) -> bool:
    """Public reads: a token is honoured when sent (staff then see their drafts), else anyone."""
    return True


READ_AUTH = [TokenAuth(), _anyone]
ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}
MANAGE = "consultations.manage"
