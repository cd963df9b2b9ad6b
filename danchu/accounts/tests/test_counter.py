"""Staff record acts for a citizen who came in person; the record names both."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.urls import reverse

from danchu.accounts import services
from danchu.accounts.counter import COUNTER_SESSION_KEY, Actor, actor_for, counter_actor
from danchu.accounts.models import HouseholdLink, User
from danchu.accounts.tests.factories import UserFactory
from danchu.core.audit import audit
from danchu.core.errors import Conflict, Forbidden
from danchu.core.models import AuditEntry

pytestmark = pytest.mark.django_db


def test_the_counter_pair_goes_into_the_audit_entry(officer: Any, citizen: Any, village: Any) -> None:
    actor = counter_actor(officer, citizen, place=village)
    assert actor.subject == citizen and actor.person == officer and actor.channel == "counter"
    entry = audit(**actor.audit_kwargs(), action="test.counter_act", object_type="test", object_id=1)
    assert entry.actor == officer and entry.on_behalf_of == citizen


def test_online_acts_are_the_persons_own(citizen: Any) -> None:
    actor = Actor.online(citizen)
    assert actor.subject == citizen and not actor.is_counter
    assert actor.audit_kwargs() == {"actor": citizen, "on_behalf_of": None}


def test_staff_of_another_commune_may_not_act_there(outsider: Any, citizen: Any, village: Any) -> None:
    with pytest.raises(Forbidden):
        counter_actor(outsider, citizen, place=village)


def test_citizens_may_not_act_for_others(citizen: Any, unverified: Any) -> None:
    with pytest.raises(Forbidden):
        counter_actor(citizen, unverified)


def test_staff_find_a_citizen_by_name_without_diacritics_and_act_for_them(
    officer: Any, citizen: Any, client_as: Any
) -> None:
    client = client_as(officer)
    page = client.get(reverse("accounts:office_counter"), {"q": "le van dan"}).content.decode()
    assert citizen.full_name in page
    response = client.post(
        reverse("accounts:office_counter_select"), {"q": "le van dan", "person": citizen.pk}
    )
    assert response.status_code == 302
    assert client.session[COUNTER_SESSION_KEY] == citizen.pk


def test_staff_find_a_citizen_by_household_number_or_phone(
    officer: Any, citizen: Any, client_as: Any
) -> None:
    number = HouseholdLink.objects.get(person=citizen).household.number
    client = client_as(officer)
    assert citizen.full_name in client.get(reverse("accounts:office_counter"), {"q": number}).content.decode()
    national = "0" + citizen.phone[3:]
    assert (
        citizen.full_name in client.get(reverse("accounts:office_counter"), {"q": national}).content.decode()
    )


def test_people_of_other_communes_are_not_found_by_name(outsider: Any, citizen: Any, client_as: Any) -> None:
    page = client_as(outsider).get(reverse("accounts:office_counter"), {"q": "Lê Văn Dân"}).content.decode()
    assert citizen.full_name not in page


def test_a_walk_in_without_account_is_recorded_and_linked_to_their_household(
    officer: Any, village: Any, household: Any, client_as: Any
) -> None:
    client = client_as(officer)
    response = client.post(
        reverse("accounts:office_counter"),
        {
            "full_name": "Y Bhơ Niê",
            "phone": "0905 111 222",
            "village": village.pk,
            "household_number": household.number,
        },
    )
    assert response.status_code == 302
    person = User.objects.get(phone="+84905111222")
    assert not person.is_active and not person.has_usable_password()
    assert HouseholdLink.objects.confirmed().filter(person=person, household=household).exists()
    assert client.session[COUNTER_SESSION_KEY] == person.pk
    entry = AuditEntry.objects.get(action="accounts.walk_in_register")
    assert entry.actor == officer and entry.on_behalf_of == person
    confirm = AuditEntry.objects.get(action="accounts.household_link_confirm")
    assert confirm.on_behalf_of == person


def test_a_walk_in_without_a_phone_is_recorded(officer: Any, village: Any) -> None:
    person = services.walk_in_register(actor=officer, full_name="Bà Nguyễn Thị Tư", village=village)
    assert person.phone is None and person.notify_channel == "none"


def test_a_closed_account_is_not_a_walk_in(officer: Any, village: Any) -> None:
    """A closed account is inactive and has no password either: it is not given a sign-in again."""
    person = UserFactory(full_name="Đã Đóng")
    assert not services.is_walk_in(person)
    services.account_close(person=person)
    person.refresh_from_db()
    assert not person.is_active and not person.has_usable_password() and person.last_login is None
    assert not services.is_walk_in(person)
    with pytest.raises(Conflict):
        services.walk_in_activate(actor=officer, person=person)


def test_a_walk_in_with_a_known_phone_is_found_instead(officer: Any, citizen: Any, village: Any) -> None:
    with pytest.raises(Conflict):
        services.walk_in_register(actor=officer, full_name="Trùng Số", phone=citizen.phone, village=village)


def test_modules_get_the_counter_actor_from_the_request(
    officer: Any, citizen: Any, village: Any, rf: Any
) -> None:
    request = rf.get("/")
    request.user = officer
    request.session = {COUNTER_SESSION_KEY: citizen.pk}
    assert actor_for(request, place=village) == Actor(officer, citizen, "counter")
    request.session = {}
    assert actor_for(request, place=village) == Actor.online(officer)


def test_citizens_cannot_open_the_counter(citizen: Any, client_as: Any) -> None:
    # The house rule for pages (core.access): a signed-in person below a page's gate gets 404.
    assert client_as(citizen).get(reverse("accounts:office_counter")).status_code == 404


def test_staff_let_a_walk_in_sign_in_after_checking_them_in_person(
    officer: Any, village: Any, client_as: Any
) -> None:
    from django.test import Client

    from danchu.accounts.models import OutboxMessage

    client = client_as(officer)
    client.post(
        reverse("accounts:office_counter"),
        {"full_name": "Y Bhơ Niê", "phone": "0905 111 222", "village": village.pk, "household_number": ""},
    )
    page = client.get(reverse("accounts:office_counter")).content.decode()
    assert reverse("accounts:office_counter_activate") in page
    response = client.post(reverse("accounts:office_counter_activate"), follow=True)
    person = User.objects.get(phone="+84905111222")
    assert person.is_active
    sms = OutboxMessage.objects.get(person=person)
    password = re.search(r"\b[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}\b", sms.body).group(0)  # type: ignore[union-attr]
    assert password in response.content.decode()
    citizen_client = Client()
    citizen_client.post(reverse("account_login"), {"login": "0905111222", "password": password})
    assert citizen_client.session["_auth_user_id"] == str(person.pk)


def test_signing_up_with_a_number_recorded_at_the_counter_says_where_to_go(
    officer: Any, village: Any
) -> None:
    from django.test import Client

    services.walk_in_register(actor=officer, full_name="Y Bhơ Niê", phone="0905111222", village=village)
    response = Client().post(
        reverse("account_signup"),
        {
            "full_name": "Y Bhơ Niê",
            "phone": "0905111222",
            "email": "",
            "password1": "Mat-khau-2026!",
            "password2": "Mat-khau-2026!",
            "language": "vi",
        },
    )
    assert response.status_code == 400
    assert "hỏi cán bộ" in response.content.decode()


def test_a_resident_past_the_first_5000_names_is_found_without_diacritics(
    officer: Any, citizen: Any, village: Any, client_as: Any
) -> None:
    """The search without diacritics read the first 5,000 people of the villages by name and no more:
    in a commune of 20,000, "le van dan" found nobody whose name sorted later. It reads them all, and
    says when more match than it lists."""
    from danchu.accounts.models import Membership, Role

    people = User.objects.bulk_create(
        User(email=f"an.van.{i}@example.test", full_name=f"An Văn {i:04d}", is_active=False)
        for i in range(5001)
    )
    Membership.objects.bulk_create(Membership(person=p, role=Role.CITIZEN, place=village) for p in people)
    client = client_as(officer)
    page = client.get(reverse("accounts:office_counter"), {"q": "le van dan"}).content.decode()
    assert citizen.full_name in page  # "Lê" sorts after 5,001 "An"s
    many = client.get(reverse("accounts:office_counter"), {"q": "an van"}).content.decode()
    assert 'id="counter-more"' in many and many.count("An Văn ") == 30
    assert 'id="counter-more"' not in page
