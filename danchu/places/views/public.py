from __future__ import annotations

import hashlib
import json
from typing import Any

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotModified
from django.shortcuts import redirect, render
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control

from danchu.core.access import PUBLIC, access
from danchu.core.errors import NotFound
from danchu.core.text import query_text

from .. import geo, queries
from ..links import links_for
from ..models import Level

_cache = cache_control(public=True, max_age=settings.PUBLIC_CACHE_SECONDS)


@access(PUBLIC)
def detail(request: HttpRequest, code: str) -> HttpResponse:
    try:
        place = queries.place_by_code(code)
    except NotFound as e:
        raise Http404(e.message) from None
    links = links_for(place, request.user)
    context = {
        "place": place,
        "ancestors": place.ancestors(),
        "links": links,
        "tile_url": settings.MAP_TILE_URL,
    }
    if Level.PROVINCE <= place.level <= Level.COMMUNE:
        context["went_into"], context["formed_from"] = queries.history_links(place)
    if place.level == Level.VILLAGE:
        context["household_count"] = queries.voter_count(place)
    elif place.level == Level.COMMUNE:
        context["villages"] = queries.villages_of(place)
    else:
        context["groups"] = queries.children_by_kind(place)
        context["boundaries"] = place.level == Level.COUNTRY and geo.has_boundaries()
    response = render(request, "places/detail.html", context)
    if any(link.personal for link in links):  # links only this reader may follow: no shared cache
        patch_cache_control(response, private=True)
    else:
        patch_cache_control(response, public=True, max_age=settings.PUBLIC_CACHE_SECONDS)
    return response


@access(PUBLIC)
@_cache
def search(request: HttpRequest) -> HttpResponse:
    q = query_text(request, "q", label=_("Search"))
    found = queries.find_places(q) if q else queries.Found([], False)
    template = "places/_search_results.html" if request.headers.get("HX-Request") else "places/search.html"
    return render(request, template, {"q": q, "results": found.places, "more": found.more})


_MAP_CACHE = cache_control(public=True, max_age=86400)


def _geojson(request: HttpRequest, data: dict[str, Any]) -> HttpResponse:
    """GeoJSON with an ETag: a browser that has it gets 304 without the body."""
    body = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()
    etag = '"' + hashlib.sha256(body).hexdigest()[:32] + '"'
    if request.headers.get("If-None-Match") == etag:
        response: HttpResponse = HttpResponseNotModified()
    else:
        response = HttpResponse(body, content_type="application/geo+json")
    response["ETag"] = etag
    return response


@access(PUBLIC)
@_MAP_CACHE
def map_provinces(request: HttpRequest) -> HttpResponse:
    """The 34 provinces as GeoJSON (boundaries when shipped, else points); cached a day."""
    return _geojson(request, geo.provinces_geojson())


@access(PUBLIC)
@_MAP_CACHE
def map_places(request: HttpRequest, code: str) -> HttpResponse:
    """The communes below a unit as GeoJSON points (only those with known coordinates)."""
    try:
        place = queries.place_by_code(code)
    except NotFound as e:
        raise Http404(e.message) from None
    return _geojson(request, geo.communes_geojson(place))


@access(PUBLIC)
def index(request: HttpRequest) -> HttpResponse:
    """A module root: the home page is where a place is chosen (search, list, map)."""
    return redirect("home")
