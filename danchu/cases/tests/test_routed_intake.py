"""A case type kept off the general intake (`extra["public_form"] = False`, e.g. oversight's
information to the People's Inspection Board) is neither offered nor accepted by the general case
form, the office intake or the public API: its module files it from its own page."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.urls import reverse
from django.utils import translation

from danchu.cases import captcha
from danchu.cases.models import Case
from danchu.cases.types import CASE_TYPES, in_public_form, type_choices

pytestmark = pytest.mark.django_db

ROUTED = "oversight_information"
INTAKE_REFUSAL = "%(type)s is not sent with this form: use the page of the body that handles it."


def test_the_type_is_registered_and_kept_off_the_general_forms() -> None:
    assert ROUTED in CASE_TYPES and not in_public_form(CASE_TYPES.get(ROUTED))
    keys = [key for key, _label in type_choices()]
    assert ROUTED not in keys and "feedback" in keys and "denunciation" in keys


def test_the_public_form_neither_lists_nor_accepts_it(client: Any, village: Any) -> None:
    html = client.get("/cases/new/").content.decode()
    assert f'value="{ROUTED}"' not in html and "Information to the People" not in html
    assert 'value="feedback"' in html
    token = html.split('name="captcha_token" value="', 1)[1].split('"', 1)[0]
    r = client.post(
        "/cases/new/",
        {
            "case_type": ROUTED,
            "place": village.pk,
            "title": "Thu quỹ sai",
            "description": "Thôn thu quỹ không có nghị quyết.",
            "name": "Lê Văn Dân",
            "phone": "0912345678",
            "captcha_token": token,
            "captcha_answer": captcha.answer_for_tests(token),
        },
    )
    assert r.status_code == 400 and not Case.objects.exists()


def test_the_office_intake_does_not_accept_it(client_as: Any, officer: Any, village: Any) -> None:
    r = client_as(officer).post(
        reverse("cases:intake"),
        {
            "case_type": ROUTED,
            "place": village.code,
            "title": "Thu quỹ sai",
            "description": "Thôn thu quỹ không có nghị quyết.",
            "channel": "walk_in",
            "name": "Y Bih Niê",
            "phone": "0901234567",
        },
    )
    assert r.status_code == 400 and not Case.objects.exists()


def test_the_public_api_refuses_it_with_a_clear_message(client: Any, village: Any) -> None:
    r = client.post(
        "/api/v1/cases/",
        json.dumps(
            {
                "case_type": ROUTED,
                "place_code": village.code,
                "title": "Thu quỹ sai",
                "description": "Thôn thu quỹ không có nghị quyết.",
                "name": "Lê Văn Dân",
                "phone": "0912345678",
            }
        ),
        content_type="application/json",
    )
    assert r.status_code == 400, r.content
    body = r.json()
    assert body["code"] == "case_type"
    with translation.override("en"):
        english = translation.gettext(INTAKE_REFUSAL) % {"type": CASE_TYPES.get(ROUTED).label}
    with translation.override("vi"):
        vietnamese = translation.gettext(INTAKE_REFUSAL) % {"type": CASE_TYPES.get(ROUTED).label}
    assert vietnamese != english and body["message"] in (english, vietnamese)
    assert not Case.objects.exists()
