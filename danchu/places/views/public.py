from __future__ import annotations

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import cache_control

from danchu.core.access import PUBLIC, access
from danchu.core.errors import NotFound

from .. import queries
from ..links import links_for
from ..models import Level

_cache = cache_control(public=True, max_age=settings.PUBLIC_CACHE_SECONDS)


@access(PUBLIC)
@_cache
def detail(request: HttpRequest, code: str) -> HttpResponse:
    try:
        place = queries.place_by_code(code)
    except NotFound as e:
        raise Http404(e.message) from None
    context = {"place": place, "ancestors": place.ancestors(), "links": links_for(place)}
    if place.level == Level.VILLAGE:
        context["household_count"] = queries.voter_count(place)
    elif place.level == Level.COMMUNE:
        context["villages"] = queries.villages_of(place)
    else:
        context["groups"] = queries.children_by_kind(place)
    return render(request, "places/detail.html", context)


@access(PUBLIC)
@_cache
def search(request: HttpRequest) -> HttpResponse:
    q = request.GET.get("q", "").strip()[:100]
    results = queries.search_places(q) if q else []
    template = "places/_search_results.html" if request.headers.get("HX-Request") else "places/search.html"
    return render(request, template, {"q": q, "results": results})
