"""places.queries.place_with_parent: the place a submission names by its code, its parent read with it."""

from __future__ import annotations

from typing import Any

import pytest

from danchu.places.queries import CODE_LENGTH, place_with_parent
from danchu.places.tests import factories as pf

pytestmark = pytest.mark.django_db


def test_the_place_comes_with_its_parent_and_another_code_gives_its_own(
    commune: Any, django_assert_num_queries: Any
) -> None:
    village = pf.village(commune, code=f"{commune.code}-001", name="Thôn Đồng Tâm")
    other = pf.village(commune, code=f"{commune.code}-002", name="Buôn Ea Na")
    with django_assert_num_queries(1):
        found = place_with_parent(village.code)
        assert found is not None and found.parent is not None
        assert (found.name, found.parent.name) == ("Thôn Đồng Tâm", commune.name)
    assert place_with_parent(other.code) == other  # compiled once, each code bound in it
    assert place_with_parent(commune.code) == commune


@pytest.mark.parametrize("code", ["", None, "KHÔNG-CÓ", "24490\x00", "9" * (CODE_LENGTH + 1)])
def test_a_code_no_place_has_is_none_without_an_error(code: Any, commune: Any) -> None:
    assert place_with_parent(code) is None
