from __future__ import annotations

import factory
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

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
