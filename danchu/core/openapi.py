"""`/api/v1/openapi.json`, generated once per process and language (so once per deploy), then answered
from memory with an ETag (If-None-Match → 304) and Cache-Control (issue #17 item 6).

Generating the schema walks every operation and every pydantic model (≈200 ms); nothing in it changes
until the code does, i.e. until the next deploy restarts the workers. It is built per language because
descriptions may be translated.
"""

from __future__ import annotations

import hashlib
import json
import threading
from typing import Any

from django.http import HttpRequest, HttpResponse, HttpResponseNotModified
from django.utils.cache import patch_vary_headers
from django.utils.translation import get_language
from ninja.responses import NinjaJSONEncoder

CACHE_CONTROL = "public, max-age=600"

_built: dict[tuple[Any, ...], tuple[bytes, str]] = {}
_lock = threading.Lock()


def _schema(api: Any, kwargs: dict[str, Any]) -> tuple[bytes, str]:
    key = (id(api), get_language(), tuple(sorted(kwargs.items())))
    found = _built.get(key)
    if found is None:
        with _lock:
            found = _built.get(key)
            if found is None:
                body = json.dumps(api.get_openapi_schema(path_params=kwargs), cls=NinjaJSONEncoder).encode()
                found = _built[key] = (body, '"' + hashlib.sha256(body).hexdigest()[:32] + '"')
    return found


def openapi_json(request: HttpRequest, api: Any, **kwargs: Any) -> HttpResponse:
    body, etag = _schema(api, kwargs)
    sent = [tag.strip().removeprefix("W/") for tag in request.headers.get("If-None-Match", "").split(",")]
    response: HttpResponse
    if etag in sent or "*" in sent:
        response = HttpResponseNotModified()
    else:
        response = HttpResponse(body, content_type="application/json")
    response["ETag"] = etag
    response["Cache-Control"] = CACHE_CONTROL
    patch_vary_headers(response, ("Accept-Language", "Cookie"))
    return response


def forget() -> None:
    """Drop the built schemas (tests that change the API; a deploy restarts the process anyway)."""
    _built.clear()
