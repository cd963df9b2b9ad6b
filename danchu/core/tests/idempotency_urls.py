"""A small page view and API used only by tests/test_idempotency.py (mounted with pytest.mark.urls)."""

from __future__ import annotations

import time

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import path
from ninja import NinjaAPI, Schema

from danchu.core.audit import audit
from danchu.core.errors import DomainError
from danchu.core.idempotency import idempotent
from danchu.urls import urlpatterns as site

ACTION = "test.idempotent_create"
api = NinjaAPI(urls_namespace="idempotency-test", docs_url=None)


@api.exception_handler(DomainError)
def on_domain_error(request: HttpRequest, exc: DomainError) -> HttpResponse:
    return api.create_response(request, {"code": exc.code, "message": exc.message}, status=exc.status)


class ThingIn(Schema):
    name: str
    pause: float = 0.0


def _create(name: str, pause: float = 0.0) -> int:
    if not name.strip():
        raise DomainError("Nhập tên.", code="invalid")
    entry = audit(actor=None, action=ACTION, object_type="test.thing", after={"name": name})
    if pause:
        time.sleep(pause)  # a slow request, so that a duplicate arrives while it runs
    if name == "crash":
        raise RuntimeError("the server fell over after writing")
    return entry.pk


@api.post("/things", response=dict)
@idempotent
def thing_create(request: HttpRequest, payload: ThingIn) -> dict[str, int]:
    return {"id": _create(payload.name, payload.pause)}


@idempotent
@api.post("/things-above", response=dict)
def thing_create_above(request: HttpRequest, payload: ThingIn) -> dict[str, int]:
    return {"id": _create(payload.name)}


@idempotent
def thing_form(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return HttpResponse("form")
    pk = _create(request.POST.get("name", ""))
    return HttpResponseRedirect(f"/done/{pk}/")


# The site's own addresses after these: the error page (base.html) names them.
urlpatterns = [path("api/v1/test/", api.urls), path("things/new/", thing_form), *site]
