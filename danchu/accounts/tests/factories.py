from __future__ import annotations

import time

import factory
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, generate_totp_secret, hotp_value

from danchu.accounts.models import Body, HouseholdLink, Membership, Role, User
from danchu.places.models import Household, Place

PASSWORD = "Mat-khau-2026!"
_HASH: list[str] = []


def hashed_password() -> str:
    if not _HASH:
        from django.contrib.auth.hashers import make_password

        _HASH.append(make_password(PASSWORD))
    return _HASH[0]


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    full_name = factory.Sequence(lambda n: f"Trần Thị Dân {n}")
    email = factory.Sequence(lambda n: f"nguoi{n}@example.vn")
    phone = factory.Sequence(lambda n: f"+849{n:08d}")  # stored in E.164, as the signup form cleans it
    # Hashing PASSWORD costs ~0.3 s (PBKDF2); every test user shares one hash computed once.
    password = factory.LazyFunction(lambda: hashed_password())


class BodyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Body

    kind = Body.Kind.INSPECTION_BOARD
    name = factory.Sequence(lambda n: f"Ban Thanh tra nhân dân {n}")


def give_totp(user: User) -> str:
    """Set up TOTP for a staff user (as they would on first sign-in); returns the secret."""
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return secret


def totp_code(secret: str, offset: int = 0) -> str:
    """The TOTP code an authenticator app shows now (`offset` windows away). allauth accepts only the
    current 30-second window (MFA_TOTP_TOLERANCE = 0): a code computed in its last seconds expires
    before it is submitted, so then wait for the next window."""
    left = 30 - time.time() % 30
    if left < 5:
        time.sleep(left + 0.1)
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30 + offset))


def person_with_role(role: str, place: Place | None = None, body: Body | None = None, **kw: object) -> User:
    user = UserFactory(**kw)
    Membership.objects.create(person=user, role=role, place=place, body=body)
    if role not in (Role.CITIZEN, Role.HOUSEHOLD_REP):
        give_totp(user)
    return user


def link_household(user: User, household: Household, *, representative: bool = False) -> HouseholdLink:
    return HouseholdLink.objects.create(
        person=user,
        household=household,
        member=household.representative if representative else None,
        as_representative=representative,
        status=HouseholdLink.Status.CONFIRMED,
    )
