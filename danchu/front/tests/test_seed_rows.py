"""The rows data migrations insert (case fields, new-rural criteria sets) are there for every test,
also after a transactional test whose flush deleted them (conftest.restore_seed_rows): under xdist's
worksteal a worker runs other tests after transactional ones, and those once found no fields."""

from __future__ import annotations

import pytest

from danchu.cases.models import Field
from danchu.newrural.models import CriteriaSet


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("when", ["before a flush", "after a flush"])
def test_seed_rows_are_there(when: str) -> None:
    assert Field.objects.filter(code="ha-tang").exists() and CriteriaSet.objects.exists()
