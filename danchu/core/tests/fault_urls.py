"""The site's URLs with the case intake wearing @idempotent (a no-op when the cases module already
does: the second guard sees the request handled and passes it through)."""

from danchu.cases import api as cases_api
from danchu.core.idempotency import idempotent

idempotent(cases_api.create_case)

from danchu.urls import urlpatterns  # noqa: E402

__all__ = ["urlpatterns"]
