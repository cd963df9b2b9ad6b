"""A field the API does not know is refused, never dropped.

A client sent `place` with `PUT /disclosures/office/items/{pk}` to move a draft to another village;
the body was validated against a schema that ignored unknown fields, so the answer was 200 and the draft
stayed where it was. Every JSON body (and every object inside one) now forbids extra fields: 422 with
the field named, in the reader's language, and nothing written.
"""

from __future__ import annotations

import json
import typing
from typing import Any

import pytest
from pydantic import BaseModel

from danchu.api import api
from danchu.core.api import InSchema
from danchu.disclosures import services
from danchu.disclosures.models import Disclosure
from danchu.places.models import Household


def _models(annotation: Any, into: set[type[BaseModel]]) -> None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        if annotation not in into:
            into.add(annotation)
            for field in annotation.model_fields.values():
                _models(field.annotation, into)
        return
    for arg in typing.get_args(annotation):
        _models(arg, into)


def _bodies() -> set[type[BaseModel]]:
    api.urls  # noqa: B018 - builds every router's operations
    found: set[type[BaseModel]] = set()
    for _prefix, router in api._routers:
        for path_view in router.path_operations.values():
            for operation in path_view.operations:
                for params in operation.signature.models:
                    if getattr(params, "__ninja_param_source__", None) == "body":
                        for field in params.model_fields.values():
                            _models(field.annotation, found)
    return found


def test_every_json_body_forbids_fields_it_does_not_name() -> None:
    bodies = _bodies()
    assert len(bodies) > 100  # the walk reaches the API's bodies (131 when written)
    lax = sorted(
        f"{m.__module__}.{m.__qualname__}" for m in bodies if m.model_config.get("extra") != "forbid"
    )
    assert not lax, f"request bodies that drop unknown fields: {lax}"
    assert all(issubclass(m, InSchema) for m in bodies)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "said"), [("vi", "Trường này không được chấp nhận"), ("en", "not expected")]
)
def test_an_unknown_field_is_refused_and_nothing_changes(
    client, token_for, officer, commune, village, language: str, said: str
) -> None:
    draft = services.disclosure_create(
        actor=officer,
        place=commune,
        draft=services.Draft(category="other", title="Lịch tiếp công dân", summary="Thứ Năm hằng tuần."),
    )
    response = client.put(
        f"/api/v1/disclosures/office/items/{draft.pk}",
        json.dumps({"category": "other", "title": "Lịch mới", "place": village.code}),
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE=language,
        **token_for(officer),
    )
    assert response.status_code == 422, response.content
    body = response.json()
    assert body["code"] == "invalid"
    assert [p["field"] for p in body["detail"]] == ["place"]
    assert said in body["detail"][0]["message"]
    draft = Disclosure.objects.get(pk=draft.pk)
    assert (draft.title, draft.place_id) == ("Lịch tiếp công dân", commune.pk)


@pytest.mark.django_db
def test_a_nested_object_refuses_unknown_fields_too(client, token_for, officer, village) -> None:
    """A household's members are objects inside the body: a member's `ethnicity` (not a field) is
    refused with its place in the list, and no household is registered."""
    response = client.post(
        f"/api/v1/places/villages/{village.code}/households",
        json.dumps(
            {
                "number": "H9",
                "members": [
                    {"full_name": "Y Bhin Niê", "relation": "head"},
                    {"full_name": "H' Yim Êban", "relation": "spouse", "ethnicity": "Ê Đê"},
                ],
            }
        ),
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="vi",
        **token_for(officer),
    )
    assert response.status_code == 422, response.content
    assert [p["field"] for p in response.json()["detail"]] == ["members.1.ethnicity"]
    assert not Household.objects.filter(village=village, number="H9").exists()
