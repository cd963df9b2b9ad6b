"""/api/v1/steering: bright spots and awards of the committees a person may read."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from ninja import Router, Schema

from danchu.accounts.permissions import is_staff, readable_places
from danchu.core.access import STAFF, api_access

from .models import BrightSpot

router = Router(tags=["steering"])


class BrightSpotOut(Schema):
    id: int
    name: str
    address: str
    place_code: str
    year: int
    status: str


@router.get(
    "/bright-spots", response=list[BrightSpotOut], openapi_extra=api_access(STAFF), summary="Bright spots"
)
def bright_spots(request: HttpRequest, year: int | None = None) -> list[BrightSpotOut]:
    if not is_staff(request.user):
        raise PermissionDenied  # bright spots under registration are the committees' working data
    qs = BrightSpot.objects.filter(place__in=readable_places(request.user)).select_related("place")
    if year:
        qs = qs.filter(year=year)
    return [
        BrightSpotOut(
            id=s.pk, name=s.name, address=s.address, place_code=s.place.code, year=s.year, status=s.status
        )
        for s in qs[:500]
    ]
