"""The public figures: what anyone may read of the indicators the modules mark public (the same ones
as open data and the API's public reads), for the country, a province or a commune, with the places
below to drill down. "Statistics and reports" on the front page leads here for everyone without a
staff dashboard."""

from __future__ import annotations

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_cache_control

from danchu.core.errors import NotFound
from danchu.places.models import Level, Place
from danchu.places.queries import current_provinces, in_vietnamese_order, place_by_code

from .. import queries
from ..audience import approved_only
from ..catalogue import all_indicators
from .common import _by_section, _period, _period_choices


def _place(code: str) -> Place:
    if not code:
        country = Place.objects.filter(level=Level.COUNTRY).first()
        if country is None:  # places not loaded yet
            raise Http404
        return country
    try:
        place = place_by_code(code)
    except NotFound as e:
        raise Http404(str(e)) from e
    if place.level > Level.COMMUNE:
        raise Http404
    return place


def public_figures(request: HttpRequest) -> HttpResponse:
    place = _place(request.GET.get("place", ""))
    period = _period(request)
    inds = [i for i in all_indicators() if i.public and i.overlaps(period.start, period.end)]
    with approved_only():  # what the public reads: values typed in a form count once approved
        figs = [f for f in queries.figures(inds, place, period) if f.current.value is not None]
    if place.level == Level.COUNTRY:
        below = current_provinces()
    elif place.level < Level.COMMUNE:
        below = in_vietnamese_order(queries.children(place))
    else:
        below = []
    context = {
        "place": place,
        "ancestors": [a for a in place.ancestors() if a.level <= Level.COMMUNE],
        "period": period,
        "periods": _period_choices(period),
        "figures": figs,
        "figure_groups": _by_section(figs),
        "below": below,
    }
    response = render(request, "reporting/public.html", context)
    if not request.user.is_authenticated:
        # The same for every visitor: kept by nginx and the application's page cache like the other
        # public pages (a signed-in person's page carries their own menu, so it is not).
        patch_cache_control(response, public=True, max_age=settings.PUBLIC_CACHE_SECONDS)
    return response
