"""A draft being prepared is listed only to those who may open it (its page answers 404 to others)."""

from __future__ import annotations

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db
API = "/api/v1/consultations/"


@pytest.mark.parametrize(
    "reader", ["board_member", "steering_member", "commune_steering_member", "front_officer"]
)
def test_readers_of_the_commune_do_not_see_its_drafts_listed(
    request, client, client_as, draft, token_for, reader
):
    """The list showed every consultation of the places a person reads, drafts included: the
    Inspection Board and the steering committees saw the titles of drafts whose page is a 404 to them."""
    person = request.getfixturevalue(reader)
    assert client_as(person).get(reverse("consultations:detail", args=[draft.pk])).status_code == 404
    page = client_as(person).get(reverse("consultations:index")).content.decode()
    assert draft.title not in page
    assert client.get(API, **token_for(person)).json() == []


def test_the_staff_who_prepare_a_draft_see_it_listed(client, client_as, draft, officer, token_for):
    assert draft.title in client_as(officer).get(reverse("consultations:index")).content.decode()
    assert [c["id"] for c in client.get(API, **token_for(officer)).json()] == [draft.pk]


def test_an_opened_consultation_is_listed_to_everyone(client, open_consultation, board_member, token_for):
    assert [c["id"] for c in client.get(API).json()] == [open_consultation.pk]
    assert [c["id"] for c in client.get(API, **token_for(board_member)).json()] == [open_consultation.pk]
