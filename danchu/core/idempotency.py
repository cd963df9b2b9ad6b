"""Idempotency keys for POSTs that create something (contract; the trust work fills it in).

    @idempotent
    def case_submit_view(request): ...      # a page view or a django-ninja operation

A client sends `Idempotency-Key: <uuid>` (the public forms send one automatically in a hidden
`idempotency_key` field); a repeated key from the same client returns the first response instead of
creating the object again. Until the store lands this decorator passes the call through unchanged, so
modules can wear it already.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

F = TypeVar("F", bound=Callable[..., Any])


def idempotent(view: F) -> F:
    return view
