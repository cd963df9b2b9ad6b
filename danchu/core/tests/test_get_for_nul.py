"""The base of every access getter (core.access.get_for) meets a posted code or id with a NUL byte:
not found, never the database's error. PostgreSQL refuses a NUL in a query (a 500 found by fuzzing
the demo's forms on PostgreSQL, 2026-12-03); SQLite simply finds nothing."""

from __future__ import annotations

from typing import Any

import pytest
from django.http import Http404

from danchu.core.access import get_for
from danchu.places.models import Place


@pytest.mark.parametrize("lookup", [{"code": "{code}\x00"}, {"code": "\x00"}, {"pk": "1\x00"}])
def test_a_key_with_a_nul_is_not_found(admin_user: Any, commune: Any, lookup: dict[str, str]) -> None:
    filled = {k: v.format(code=commune.code) for k, v in lookup.items()}
    with pytest.raises(Http404):
        get_for(admin_user, Place.objects.all(), "core.read_audit", **filled)


def test_the_same_key_without_it_is_found(admin_user: Any, commune: Any) -> None:
    assert get_for(admin_user, Place.objects.all(), "core.read_audit", code=commune.code) == commune
