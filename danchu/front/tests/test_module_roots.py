"""A module's root is somewhere to go. /works/, /disclosures/, /cases/, /places/, /adminreform/ and
/newrural/ answered 404 to everyone, and /meetings/ (the office's meetings) answered 404 to a resident
who signed in to reach it: a link typed or shared without its tail led nowhere. Now a root sends staff
to the module's office page, a resident to the module's page of their commune, anyone else home (the
cases' root to the form that sends one; the places' root home, where a place is chosen); a staff page reached by a resident by GET sends them to their
own page of the module (`access(below=...)`) and still refuses them anything else."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from danchu.core.models import AuditEntry

pytestmark = pytest.mark.django_db

ROOTS = ("/places/", "/disclosures/", "/works/", "/cases/", "/adminreform/", "/newrural/")


def _where(client: Client, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 302, (path, response.status_code)
    return response["Location"]


def test_anonymous_people_are_sent_home_or_to_the_case_form() -> None:
    where = {path: _where(Client(), path) for path in ROOTS}
    assert where == {
        "/places/": "/",
        "/disclosures/": "/",
        "/works/": "/",
        "/cases/": "/cases/new/",
        "/adminreform/": "/",
        "/newrural/": "/",
    }


def test_a_resident_lands_on_their_own_commune(client_as: Any, citizen: Any, commune: Any) -> None:
    client = client_as(citizen)
    code = commune.code
    assert _where(client, "/disclosures/") == f"/disclosures/{code}/"
    assert _where(client, "/works/") == f"/works/place/{code}/"
    assert _where(client, "/places/") == "/"  # the home page is where places are chosen
    assert _where(client, "/adminreform/") == f"/adminreform/place/{code}/"
    assert _where(client, "/newrural/") == f"/newrural/place/{code}/"
    assert _where(client, "/cases/") == "/cases/new/"
    for path in ROOTS:  # and each of those pages opens for them
        assert client.get(path, follow=True).status_code == 200, path


def test_someone_without_a_household_is_sent_home(client_as: Any, unverified: Any) -> None:
    assert _where(client_as(unverified), "/disclosures/") == "/"


def test_staff_land_on_the_office_page_of_the_module(client_as: Any, officer: Any) -> None:
    client = client_as(officer)
    assert _where(client, "/disclosures/") == "/disclosures/office/"
    assert _where(client, "/works/") == "/works/office/"
    assert _where(client, "/cases/") == "/cases/office/"
    assert client.get("/works/", follow=True).status_code == 200


def test_staff_who_do_not_publish_are_not_sent_to_the_disclosures_office(
    client_as: Any, village_head: Any, household: Any, commune: Any
) -> None:
    from danchu.accounts.tests.factories import link_household

    assert _where(client_as(village_head), "/disclosures/") == "/"  # no household: home, not a 404
    link_household(village_head, household)
    assert _where(client_as(village_head), "/disclosures/") == f"/disclosures/{commune.code}/"
    assert _where(client_as(village_head), "/works/") == "/works/office/"  # the works office is theirs


def test_a_resident_at_a_staff_page_reaches_their_own_page_of_it(browser_as: Any, citizen: Any) -> None:
    client = browser_as(citizen)
    assert _where(client, "/meetings/") == "/meetings/mine/"
    assert _where(client, "/works/office/") == "/works/mine/"
    assert _where(client, "/cases/office/") == "/me/"
    assert _where(client, "/office/") == "/me/"
    assert client.get("/meetings/", follow=True).status_code == 200
    # Only a GET is sent on: anything else is refused as before, and changes nothing.
    before = AuditEntry.objects.count()
    response = client.post("/meetings/", {"csrfmiddlewaretoken": client.csrf_token()})
    assert response.status_code in (404, 405) and AuditEntry.objects.count() == before


def test_anonymous_people_at_a_staff_page_still_sign_in_first() -> None:
    response = Client().get("/meetings/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/?next=/meetings/")
