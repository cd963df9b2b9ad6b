"""/api/v1/accounts: who am I, and my personal tokens."""

from __future__ import annotations

import datetime as dt
from typing import cast

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema

from danchu.core.access import SIGNED_IN, api_access
from danchu.core.errors import NotFound

from . import permissions, queries, services
from .models import HouseholdLink, PersonalToken, User

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


class TokenIn(Schema):
    name: str


class TokenCreatedOut(TokenOut):
    token: str


class ErrorOut(Schema):
    code: str
    message: str
    detail: object | None = None


ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}


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
def token_create(request: HttpRequest, payload: TokenIn) -> tuple[int, dict[str, object]]:
    token, raw = services.token_create(person=_me(request), name=payload.name)
    return 201, {**_token_out(token), "token": raw}


@router.delete(
    "/tokens/{token_id}",
    response={204: None, **ERRORS},
    openapi_extra=api_access(SIGNED_IN),
    summary="Revoke one of my personal tokens",
)
def token_revoke(request: HttpRequest, token_id: int) -> tuple[int, None]:
    token = PersonalToken.objects.filter(pk=token_id, person=_me(request)).first()
    if token is None:
        raise NotFound(_("This token does not exist."))
    services.token_revoke(actor=_me(request), token=token)
    return 204, None
