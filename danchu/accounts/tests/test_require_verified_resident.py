from __future__ import annotations

from typing import Any

import pytest
from django.http import HttpResponse

from danchu.accounts.decorators import ensure_verified_resident, require_verified_resident
from danchu.core.errors import Forbidden

pytestmark = pytest.mark.django_db


@require_verified_resident
def vote(request: Any) -> HttpResponse:
    return HttpResponse("voted")


def call(rf: Any, user: Any, path: str = "/meetings/vote/") -> Any:
    request = rf.get(path)
    request.user = user
    request.session = {}
    return vote(request)


def test_a_verified_resident_passes(rf: Any, citizen: Any) -> None:
    assert call(rf, citizen).content == b"voted"


def test_an_unverified_person_is_told_why_and_where_to_ask(rf: Any, unverified: Any) -> None:
    response = call(rf, unverified)
    assert response.status_code == 403
    page = response.content.decode()
    assert "/me/household/" in page
    assert "cư dân đã xác minh" in page


def test_an_anonymous_visitor_is_sent_to_sign_in(rf: Any) -> None:
    from django.contrib.auth.models import AnonymousUser

    response = call(rf, AnonymousUser())
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_api_calls_get_the_error_body_code(rf: Any, unverified: Any) -> None:
    with pytest.raises(Forbidden) as e:
        call(rf, unverified, "/api/v1/meetings/votes")
    assert e.value.code == "not_verified"
    assert e.value.detail["verify_url"].endswith("/me/household/")


def test_services_check_it_too(unverified: Any, household_rep: Any) -> None:
    ensure_verified_resident(household_rep)
    with pytest.raises(Forbidden):
        ensure_verified_resident(unverified)


def test_it_keeps_the_signature_of_a_django_ninja_operation(citizen: Any) -> None:
    from ninja import Router
    from ninja.testing import TestClient

    router = Router()

    @router.post("/votes/{item_id}")
    @require_verified_resident
    def cast_vote(request: Any, item_id: int, choice: str) -> dict[str, Any]:
        return {"item": item_id, "choice": choice}

    client = TestClient(router)
    ok = client.post("/votes/7?choice=yes", user=citizen)
    assert ok.status_code == 200 and ok.json() == {"item": 7, "choice": "yes"}
