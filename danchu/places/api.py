"""/api/v1/places: the public tree, and the village and household registers for commune staff."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from danchu.core.access import PUBLIC, api_access
from danchu.core.api import InSchema
from danchu.core.errors import DomainError
from danchu.core.formats import BORN_SINCE
from danchu.core.paging import LIMIT, OFFSET, page_of

from . import queries, services
from .models import Household, HouseholdMember, Place
from .permissions import MANAGE_HOUSEHOLDS, MANAGE_VILLAGES, commune_for, village_for

router = Router(tags=["places"])


class Error(Schema):
    code: str
    message: str
    detail: object | None = None


class PlaceOut(Schema):
    code: str
    name: str
    kind: str
    level: int
    parent_code: str | None = None
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None


class PlaceDetailOut(PlaceOut):
    merged_into_code: str | None = None
    children: list[PlaceOut]


class VillageIn(InSchema):
    name: str = Field(..., min_length=1, max_length=200)
    kind: str | None = Field(
        None, description="village | residential_group (default from the commune's kind)"
    )
    code: str | None = Field(None, max_length=32, pattern=services.VILLAGE_CODE)


class MemberIn(InSchema):
    days_since = {"birth_date": BORN_SINCE}
    full_name: str = Field(..., min_length=1, max_length=200)
    birth_date: dt.date | None = None
    gender: HouseholdMember.Gender | None = None
    relation: HouseholdMember.Relation = HouseholdMember.Relation.OTHER
    id_number: str = Field("", max_length=20)
    phone: str = Field("", max_length=20)


class PlacesMemberOut(Schema):
    id: int
    full_name: str
    birth_date: dt.date | None
    gender: str
    relation: str
    left_on: dt.date | None


class HouseholdIn(InSchema):
    number: str = Field(..., min_length=1, max_length=32)
    address: str = Field("", max_length=255)
    members: list[MemberIn] = Field(..., min_length=1)
    representative_index: int = Field(0, ge=0, description="index in `members` of the representative")


class PlacesHouseholdOut(Schema):
    id: int
    number: str
    address: str
    is_active: bool
    registered_on: dt.date | None
    representative: PlacesMemberOut | None
    members: list[PlacesMemberOut]


class VoterOut(Schema):
    household_id: int
    household_number: str
    representative: str | None


class VoterListOut(Schema):
    village: str
    on: dt.date
    count: int = Field(..., description="the denominator of village votes (one household, one vote)")
    voters: list[VoterOut]


def _place_out(place: Place, parent: Place | None = None) -> dict[str, object]:
    """`parent` saves a query when the caller already holds it."""
    if parent is None and place.parent_id:
        parent = place.parent
    return {
        "code": place.code,
        "name": place.name,
        "kind": place.kind,
        "level": place.level,
        "parent_code": parent.code if parent else None,
        "valid_from": place.valid_from,
        "valid_to": place.valid_to,
    }


def _household_out(h: Household) -> dict[str, object]:
    members = [m for m in h.members.all()]
    rep = next((m for m in members if m.pk == h.representative_id), None)
    return {
        "id": h.pk,
        "number": h.number,
        "address": h.address,
        "is_active": h.is_active,
        "registered_on": h.registered_on,
        "representative": rep,
        "members": members,
    }


@router.get(
    "/provinces",
    response=list[PlaceOut],
    auth=None,
    openapi_extra=api_access(PUBLIC),
    summary="The 34 provinces and centrally-run cities",
)
def provinces(request: HttpRequest) -> list[dict[str, object]]:
    country = Place.objects.filter(code="VN").first()
    return [_place_out(p, country) for p in queries.current_provinces()]


class SearchQuery(Schema):
    q: str = Field(..., min_length=1, max_length=100, description="a name, with or without diacritics")


@router.get(
    "/search",
    response=list[PlaceOut],
    auth=None,
    openapi_extra=api_access(PUBLIC),
    summary="Find provinces, communes and villages by name (diacritic-insensitive): the exact name first, "
    "then by level and name, 50 at most; what follows a comma narrows by the unit above (“Thôn 1, Ea Kly”)",
)
def search(request: HttpRequest, filters: Query[SearchQuery]) -> list[dict[str, object]]:
    return [_place_out(p) for p in queries.search_places(filters.q)]


@router.get(
    "/villages/{code}/households",
    response={200: list[PlacesHouseholdOut], 404: Error},
    openapi_extra=api_access(MANAGE_HOUSEHOLDS),
    summary="Households of a village",
)
def households(
    request: HttpRequest,
    response: HttpResponse,
    code: str,
    q: str = Query("", max_length=100),  # a longer one is refused (422), never cut
    limit: int = LIMIT,
    offset: int = OFFSET,
) -> list[dict[str, object]]:
    """A page of the village's households (`X-Total-Count` has them all; `Link: rel="next"` the next
    page), by the shared paging rules like every list of the API."""
    village = village_for(request.user, code)
    rows = queries.households_of(village, q=q).prefetch_related("members")
    return [_household_out(h) for h in page_of(request, response, rows, limit, offset)]


@router.post(
    "/villages/{code}/households",
    response={201: PlacesHouseholdOut, 400: Error, 404: Error, 409: Error},
    openapi_extra=api_access(MANAGE_HOUSEHOLDS),
    summary="Register a household with its members",
)
def household_register(request: HttpRequest, code: str, payload: HouseholdIn) -> Status[dict[str, object]]:
    village = village_for(request.user, code)
    if payload.representative_index >= len(payload.members):
        raise DomainError(_("Choose the representative among the members."))
    household = services.household_register(
        actor=request.user,
        village=village,
        number=payload.number,
        address=payload.address,
        members=[
            services.MemberData(
                full_name=m.full_name,
                birth_date=m.birth_date,
                gender=m.gender or "",
                relation=m.relation,
                id_number=m.id_number,
                phone=m.phone,
            )
            for m in payload.members
        ],
        representative_index=payload.representative_index,
    )
    return Status(201, _household_out(household))


@router.get(
    "/villages/{code}/voters",
    response={200: VoterListOut, 404: Error},
    openapi_extra=api_access(MANAGE_HOUSEHOLDS),
    summary="The voter list of a village: households and their representatives on a day",
)
def voters(request: HttpRequest, code: str, on: dt.date | None = None) -> dict[str, object]:
    village = village_for(request.user, code)
    day = on or dt.date.today()
    rows = queries.voter_list(village, on=day)
    return {
        "village": village.code,
        "on": day,
        "count": len(rows),
        "voters": [
            {
                "household_id": v.household.pk,
                "household_number": v.household.number,
                "representative": v.representative.full_name if v.representative else None,
            }
            for v in rows
        ],
    }


@router.get(
    "/{commune_code}/villages",
    response={200: list[PlaceOut], 404: Error},
    openapi_extra=api_access(MANAGE_VILLAGES),
    summary="Villages of a commune (staff)",
)
def villages(request: HttpRequest, commune_code: str) -> list[dict[str, object]]:
    commune = commune_for(request.user, commune_code)
    return [_place_out(v, commune) for v in queries.villages_of(commune, include_ended=True)]


@router.post(
    "/{commune_code}/villages",
    response={201: PlaceOut, 400: Error, 404: Error, 409: Error},
    openapi_extra=api_access(MANAGE_VILLAGES),
    summary="Create a village or residential group",
)
def village_create(request: HttpRequest, commune_code: str, payload: VillageIn) -> Status[dict[str, object]]:
    commune = commune_for(request.user, commune_code)
    village = services.village_create(
        actor=request.user, commune=commune, name=payload.name, kind=payload.kind, code=payload.code
    )
    return Status(201, _place_out(village, commune))


@router.get(
    "/{code}",
    response={200: PlaceDetailOut, 404: Error},
    auth=None,
    openapi_extra=api_access(PUBLIC),
    summary="A place and the units directly below it",
)
def detail(request: HttpRequest, code: str) -> dict[str, object]:
    place = queries.place_by_code(code)
    children = [_place_out(c, place) for c in sorted(queries.children_of(place), key=queries.sort_key)]
    return _place_out(place) | {
        "merged_into_code": place.merged_into.code if place.merged_into else None,
        "children": children,
    }
