"""Lists of villages in Vietnamese order ("Đ" after "D", before "E"), not the database's ("Đ" after "Y")."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from danchu.accounts.tests.factories import UserFactory
from danchu.oversight import queries, services
from danchu.oversight.forms import InformationForm, MatterForm, MemberForm
from danchu.oversight.models import Board
from danchu.places.tests import factories as pf

pytestmark = pytest.mark.django_db
NAMES = ["Thôn Yên", "Thôn Đông", "Thôn Dương"]
ORDER = ["Thôn Dương", "Thôn Đông", "Thôn Yên"]


@pytest.fixture
def named(commune: Any) -> list[Any]:
    return [pf.village(commune, code=f"24181-1{i}", name=name) for i, name in enumerate(NAMES)]


def _labels(form: Any) -> list[str]:
    return [str(label) for value, label in form.fields["village"].choices if value]


def test_the_village_lists_of_the_forms_are_in_vietnamese_order(commune: Any, named: list[Any]) -> None:
    for form in (MatterForm(place=commune), InformationForm(place=commune), MemberForm(place=commune)):
        assert _labels(form) == ORDER
    # The order is the display's: the queryset still checks the choice.
    form = InformationForm({"title": "t", "description": "d", "village": named[1].pk}, place=commune)
    assert form.is_valid() and form.cleaned_data["village"] == named[1]


def test_members_are_listed_by_their_village_in_vietnamese_order(
    client: Any, board: Board, commune: Any, named: list[Any]
) -> None:
    for i, village in enumerate(named):
        services.member_add(
            actor=None,
            board=board,
            data=services.MemberData(
                person=UserFactory(full_name=f"Thành Viên {village.name}"),
                village=village,
                elected_on=dt.date(2025, 7, 2 + i),
            ),
        )
    members = [m.village.name for m in queries.active_members(board)][1:]  # after the head
    assert members == ORDER
    page = client.get(f"/oversight/communes/{commune.code}/").content.decode()
    assert [page.index(f"Thành Viên {name}") for name in ORDER] == sorted(
        page.index(f"Thành Viên {name}") for name in ORDER
    )
