"""/api/v1/accounts: who am I, my personal tokens, and household verification (mine, and the
decisions of the village head and commune staff)."""

from __future__ import annotations

import datetime as dt
from typing import Literal, cast

from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from danchu.core.access import SIGNED_IN, api_access
from danchu.core.api import InSchema
from danchu.core.errors import Forbidden, NotFound
from danchu.core.schema import Text

from . import permissions, queries, services
from .models import HouseholdLink, PersonalToken, Role, User

router = Router(tags=["accounts"])


class RoleOut(Schema):
    role: str
    role_label: str
    place_code: str | None
    place_name: str | None
    body: str | None
    title: str


class HouseholdOut(Schema):
    id: int
    number: str
    village_code: str
    village_name: str
    as_representative: bool


class MeOut(Schema):
    id: int
    full_name: str
    email: str | None
    phone: str | None
    language: str
    notify_channel: str
    is_staff: bool
    verified_resident: bool
    roles: list[RoleOut]
    households: list[HouseholdOut]


class TokenOut(Schema):
    id: int
    name: str
    prefix: str
    created_at: dt.datetime
    last_used_at: dt.datetime | None
    revoked_at: dt.datetime | None


class TokenIn(InSchema):
    name: Text = Field(..., min_length=1, max_length=100)


class TokenCreatedOut(TokenOut):
    token: str


class AccountsErrorOut(Schema):
    code: str
    message: str
    detail: object | None = None


class HouseholdLinkOut(Schema):
    id: int
    status: str
    status_label: str
    household_id: int
    household_number: str
    village_code: str
    village_name: str
    as_representative: bool
    message: str
    reason: str = Field(description="why the request was refused, or why the link ended")
    requested_at: dt.datetime
    decided_at: dt.datetime | None
    ended_at: dt.datetime | None


class OfficeLinkOut(HouseholdLinkOut):
    person_id: int
    person_name: str
    person_phone: str | None


class HouseholdLinkIn(InSchema):
    village_code: Text = Field(..., min_length=1, max_length=32, description="the village's place code")
    household_number: Text = Field(..., min_length=1, max_length=32)
    as_representative: bool = Field(False, description="ask to be the household's representative")
    message: Text = Field("", max_length=500, description="a message to the village head")


class ReasonIn(InSchema):
    reason: Text = Field("", max_length=500)


class RefuseIn(InSchema):
    reason: Text = Field(
        "",
        max_length=500,
        description="required: the resident reads it (an empty reason is refused with reason_required)",
    )


LinkStatus = Literal["requested", "confirmed", "refused", "ended"]


class OfficeLinksQuery(Schema):
    status: LinkStatus = Field("requested", description="requested (default): the pending requests")


ERRORS = {
    400: AccountsErrorOut,
    401: AccountsErrorOut,
    403: AccountsErrorOut,
    404: AccountsErrorOut,
    409: AccountsErrorOut,
    422: AccountsErrorOut,
}


def _me(request: HttpRequest) -> User:
    return cast(User, request.user)


def _token_out(token: PersonalToken) -> dict[str, object]:
    return {
        "id": token.pk,
        "name": token.name,
        "prefix": token.prefix,
        "created_at": token.created_at,
        "last_used_at": token.last_used_at,
        "revoked_at": token.revoked_at,
    }


@router.get(
    "/me",
    response={200: MeOut, **ERRORS},
    openapi_extra=api_access(SIGNED_IN),
    summary="The signed-in person: roles and verified households",
)
def me(request: HttpRequest) -> dict[str, object]:
    person = _me(request)
    roles = []
    for m in permissions.memberships(person):
        scope = permissions.scope_place(m)
        roles.append(
            {
                "role": m.role,
                "role_label": str(m.get_role_display()),
                "place_code": scope.code if scope else None,
                "place_name": scope.name if scope else None,
                "body": m.body.name if m.body else None,
                "title": m.title,
            }
        )
    households = [
        {
            "id": link.household_id,
            "number": link.household.number,
            "village_code": link.household.village.code,
            "village_name": link.household.village.name,
            "as_representative": link.as_representative,
        }
        for link in queries.links_of(person).filter(status=HouseholdLink.Status.CONFIRMED)
    ]
    return {
        "id": person.pk,
        "full_name": person.full_name,
        "email": person.email,
        "phone": person.phone,
        "language": person.language,
        "notify_channel": person.notify_channel,
        "is_staff": permissions.is_staff(person),
        "verified_resident": bool(households),
        "roles": roles,
        "households": households,
    }


class AccountCloseIn(InSchema):
    password: Text = Field(..., max_length=200)
    confirm: bool = Field(
        False, description="true: I understand that I can no longer sign in with this account"
    )


class ProfileIn(InSchema):
    full_name: Text = Field(..., min_length=2, max_length=200)
    # Left out: kept as it is; "" removes it. Omitting them removed both: a client correcting a name
    # lost the person's e-mail and phone without a word.
    email: Text | None = Field(None, max_length=254, description="left out: unchanged; empty: removed")
    phone: Text | None = Field(None, max_length=20, description="left out: unchanged; empty: removed")


@router.get(
    "/me/data",
    response={200: dict, **ERRORS},
    openapi_extra=api_access(SIGNED_IN),
    summary="Everything danchu holds about me (Decree 13/2023)",
)
def my_data(request: HttpRequest) -> dict[str, object]:
    import json

    from django.core.serializers.json import DjangoJSONEncoder

    from .personal_data import personal_data

    return json.loads(json.dumps(personal_data(_me(request)), cls=DjangoJSONEncoder))  # type: ignore[no-any-return]


@router.post(
    "/me/profile",
    response={200: dict, **ERRORS},
    openapi_extra=api_access(SIGNED_IN),
    summary="Correct my name, e-mail and phone; a contact left out is kept (the audit log keeps the "
    "earlier values)",
)
def profile_correct(request: HttpRequest, payload: ProfileIn) -> dict[str, object]:
    me = _me(request)
    person = services.profile_correct(
        person=me,
        full_name=payload.full_name,
        email=(me.email or "") if payload.email is None else payload.email,
        phone=(me.phone or "") if payload.phone is None else payload.phone,
    )
    return {"full_name": person.full_name, "email": person.email, "phone": person.phone}


@router.post(
    "/me/close",
    response={204: None, **ERRORS},
    openapi_extra=api_access(SIGNED_IN),
    summary="Close my account with my password and confirm=true (name and contacts pseudonymised; what "
    "the law requires is kept)",
)
def account_close(request: HttpRequest, payload: AccountCloseIn) -> Status:
    services.account_close_confirmed(
        person=_me(request), password=payload.password, confirmed=payload.confirm
    )
    return Status(204, None)


@router.get(
    "/tokens",
    response={200: list[TokenOut], **ERRORS},
    openapi_extra=api_access(SIGNED_IN),
    summary="My personal tokens",
)
def token_list(request: HttpRequest) -> list[dict[str, object]]:
    return [_token_out(t) for t in PersonalToken.objects.filter(person=_me(request))]


@router.post(
    "/tokens",
    response={201: TokenCreatedOut, **ERRORS},
    openapi_extra=api_access(SIGNED_IN),
    summary="Create a personal token (the token is returned once)",
)
def token_create(request: HttpRequest, payload: TokenIn) -> Status:
    token, raw = services.token_create(person=_me(request), name=payload.name)
    return Status(201, {**_token_out(token), "token": raw})


@router.delete(
    "/tokens/{token_id}",
    response={204: None, **ERRORS},
    openapi_extra=api_access(SIGNED_IN),
    summary="Revoke one of my personal tokens",
)
def token_revoke(request: HttpRequest, token_id: int) -> Status:
    try:
        token = permissions.own_token_for(_me(request), token_id)
    except Http404:
        raise NotFound(_("This token does not exist.")) from None
    services.token_revoke(actor=_me(request), token=token)
    return Status(204, None)


# --- Household verification -------------------------------------------------------------------------

DECIDE = "accounts.decide_household_link"
DECIDER_ROLES = permissions.COMMUNE_STAFF | {Role.VILLAGE_HEAD}


def _link_out(link: HouseholdLink) -> dict[str, object]:
    household = link.household
    return {
        "id": link.pk,
        "status": link.status,
        "status_label": str(link.get_status_display()),
        "household_id": household.pk,
        "household_number": household.number,
        "village_code": household.village.code,
        "village_name": household.village.name,
        "as_representative": link.as_representative,
        "message": link.message,
        "reason": link.reason,
        "requested_at": link.requested_at,
        "decided_at": link.decided_at,
        "ended_at": link.ended_at,
    }


def _office_link_out(link: HouseholdLink) -> dict[str, object]:
    return {
        **_link_out(link),
        "person_id": link.person_id,
        "person_name": link.person.full_name,
        "person_phone": link.person.phone,
    }


def _my_link(request: HttpRequest, link_id: int) -> HouseholdLink:
    try:
        return permissions.own_household_link_for(_me(request), link_id)
    except Http404:
        raise NotFound(_("This household link does not exist.")) from None


def _decider(request: HttpRequest) -> User:
    """The signed-in person, if they decide household links somewhere (403 otherwise)."""
    person = _me(request)
    if not (permissions.is_admin(person) or permissions.has_role(person, DECIDER_ROLES)):
        raise Forbidden(_("Only the village head and commune staff decide household links."))
    return person


def _link_in_scope(request: HttpRequest, link_id: int) -> HouseholdLink:
    """A link of the caller's villages; missing and foreign look the same (404), so ids cannot be
    probed."""
    try:
        return permissions.decided_household_link_for(_decider(request), link_id)
    except Http404:
        raise NotFound(_("This request does not exist.")) from None


@router.get(
    "/household-links",
    response={200: list[HouseholdLinkOut], **ERRORS},
    openapi_extra=api_access(SIGNED_IN, "the person's own links"),
    summary="My household links (requests, confirmed, refused, ended)",
)
def household_links(request: HttpRequest) -> list[dict[str, object]]:
    return [_link_out(link) for link in queries.links_of(_me(request))]


@router.post(
    "/household-links",
    response={201: HouseholdLinkOut, **ERRORS},
    openapi_extra=api_access(SIGNED_IN),
    summary="Ask to be linked to my household (and to be its representative)",
)
def household_link_request(request: HttpRequest, payload: HouseholdLinkIn) -> Status:
    village = queries.village_by_code(payload.village_code)
    if village is None:
        raise NotFound(_("No village or residential group has this code."), code="no_village")
    household = queries.active_household(village, payload.household_number)
    if household is None:
        raise NotFound(
            _("No household has this number in %(village)s.") % {"village": village.name}, code="no_household"
        )
    link = services.household_link_request(
        person=_me(request),
        household=household,
        as_representative=payload.as_representative,
        message=payload.message,
    )
    return Status(201, _link_out(link))


@router.post(
    "/household-links/{link_id}/end",
    response={200: HouseholdLinkOut, **ERRORS},
    openapi_extra=api_access(SIGNED_IN, "the person's own link: withdraw a request, or moved away"),
    summary="End my household link",
)
def household_link_end(
    request: HttpRequest, link_id: int, payload: ReasonIn | None = None
) -> dict[str, object]:
    link = services.household_link_end(
        actor=_me(request), link=_my_link(request, link_id), reason=payload.reason if payload else ""
    )
    return _link_out(link)


@router.get(
    "/office/household-links",
    response={200: list[OfficeLinkOut], **ERRORS},
    openapi_extra=api_access(DECIDE, "links of the villages the person decides for"),
    summary="Household links to decide (pending requests by default)",
)
def office_household_links(request: HttpRequest, filters: Query[OfficeLinksQuery]) -> list[dict[str, object]]:
    links = queries.links_in_scope(_decider(request)).filter(status=filters.status)
    return [_office_link_out(link) for link in links]


@router.post(
    "/office/household-links/{link_id}/confirm",
    response={200: OfficeLinkOut, **ERRORS},
    openapi_extra=api_access(DECIDE, "404 outside the person's villages"),
    summary="Confirm a request: the person becomes a verified resident",
)
def office_household_link_confirm(request: HttpRequest, link_id: int) -> dict[str, object]:
    link = _link_in_scope(request, link_id)
    return _office_link_out(services.household_link_confirm(actor=_me(request), link=link))


@router.post(
    "/office/household-links/{link_id}/refuse",
    response={200: OfficeLinkOut, **ERRORS},
    openapi_extra=api_access(DECIDE, "404 outside the person's villages; a reason is required"),
    summary="Refuse a request, with the reason the resident will read",
)
def office_household_link_refuse(request: HttpRequest, link_id: int, payload: RefuseIn) -> dict[str, object]:
    link = _link_in_scope(request, link_id)
    return _office_link_out(
        services.household_link_refuse(actor=_me(request), link=link, reason=payload.reason)
    )


@router.post(
    "/office/household-links/{link_id}/end",
    response={200: OfficeLinkOut, **ERRORS},
    openapi_extra=api_access(DECIDE, "404 outside the person's villages"),
    summary="End a link of my villages (the resident moved away)",
)
def office_household_link_end(
    request: HttpRequest, link_id: int, payload: ReasonIn | None = None
) -> dict[str, object]:
    link = _link_in_scope(request, link_id)
    return _office_link_out(
        services.household_link_end(actor=_me(request), link=link, reason=payload.reason if payload else "")
    )
