from __future__ import annotations

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control

from danchu.core.access import PUBLIC, access

from .models import Place


@access(PUBLIC)
@cache_control(public=True, max_age=settings.PUBLIC_CACHE_SECONDS)
def detail(request: HttpRequest, code: str) -> HttpResponse:
    place = Place.objects.filter(code=code).first()
    if place is None:
        raise Http404(_("No place has the code %(code)s.") % {"code": code})
    children = place.children.current().order_by("name")
    return render(request, "places/detail.html", {"place": place, "children": children, "ancestors": place.ancestors()})


@access(PUBLIC)
def search(request: HttpRequest) -> HttpResponse:
    from .queries import search_places

    q = request.GET.get("q", "").strip()
    results = search_places(q) if q else []
    return render(request, "places/search.html", {"q": q, "results": results})
