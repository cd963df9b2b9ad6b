"""Remote or difficult areas (Luật Khiếu nại 2011, Điều 28): a configurable list of place codes
(settings CASES_REMOTE_PLACE_CODES) that lengthens a complaint's periods for the places in it and the
villages of the communes in it."""

from __future__ import annotations

from django.conf import settings

from danchu.places.models import Place


def remote_codes() -> set[str]:
    return set(settings.CASES_REMOTE_PLACE_CODES)


def unit_code_remote(place: Place) -> bool:
    codes = remote_codes()
    return bool(codes and place.parent_id and place.parent is not None and place.parent.code in codes)


def is_remote(place: Place) -> bool:
    codes = remote_codes()
    return bool(codes) and (place.code in codes or unit_code_remote(place))
