"""The conference rules are data edited in the admin; a rule the pages cannot compute with (a month
13, a checklist item without its key) is refused there, not saved to break every conference page."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from danchu.workplaces.models import ConferenceRule
from danchu.workplaces.rules import ensure_defaults

from .conftest import LAST_YEAR

pytestmark = pytest.mark.django_db

GOOD = {
    "kind": "officials",
    "quorum_num": 2,
    "quorum_den": 3,
    "pass_percent": 50,
    "pass_base": "present",
    "due_month": 3,
    "due_day": 31,
    "contents": '[{"key": "review", "label": "Kiểm điểm"}]',
    "article": "Nghị định 04/2015/NĐ-CP",
}


@pytest.mark.parametrize(
    "field, value",
    [
        ("due_month", 13),
        ("due_day", 0),
        ("quorum_den", 0),
        ("pass_percent", 100),
        ("contents", '["review"]'),
        ("contents", '[{"label": "Kiểm điểm"}]'),
        ("contents", '[{"key": "pib", "label": "Ban TTND", "ownership": "state"}]'),
    ],
)
def test_a_rule_the_pages_cannot_compute_with_is_refused(
    client_as: Any, admin_user: Any, steering_member: Any, committee: Any, agency: Any, field: str, value: Any
) -> None:
    ensure_defaults()
    rule = ConferenceRule.objects.filter(kind="officials").first()
    before = (rule.due_month, rule.due_day, rule.quorum_den, rule.pass_percent, rule.contents)
    r = client_as(admin_user).post(
        f"/admin/workplaces/conferencerule/{rule.pk}/change/", {**GOOD, field: value}
    )
    assert r.status_code == 200  # the form again, with its error
    rule.refresh_from_db()
    assert (rule.due_month, rule.due_day, rule.quorum_den, rule.pass_percent, rule.contents) == before
    page = client_as(steering_member).get(
        reverse("workplaces:compliance", args=[committee.pk]), {"year": LAST_YEAR}
    )
    assert page.status_code == 200


def test_a_sound_rule_is_saved(client_as: Any, admin_user: Any) -> None:
    ensure_defaults()
    rule = ConferenceRule.objects.filter(kind="officials").first()
    r = client_as(admin_user).post(f"/admin/workplaces/conferencerule/{rule.pk}/change/", GOOD)
    assert r.status_code == 302
    rule.refresh_from_db()
    assert rule.due_month == 3 and rule.contents == [{"key": "review", "label": "Kiểm điểm"}]
