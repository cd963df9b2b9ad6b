"""Villages and households are offered in Vietnamese order of the villages' names, not by code."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from danchu.places.tests import factories as pf

pytestmark = pytest.mark.django_db


def test_new_consultation_form_lists_villages_in_vietnamese_order(
    client_as, officer, commune, village, other_village
):
    """ "Thôn 1" has the smaller code; "Buôn Đắk" comes first in Vietnamese order (b before t)."""
    pf.village(commune, code="24181-003", name="Ấp Đông")  # Ấ sorts with A, first; by code it is last
    pf.household_with_head(village, number="7")
    pf.household_with_head(other_village, number="3")
    page = client_as(officer).get(reverse("consultations:create") + f"?place={commune.code}").content.decode()
    villages = re.search(r'<select name="villages".*?</select>', page, re.S)
    assert villages is not None
    assert re.findall(r">([^<]+)</option>", villages.group(0)) == ["Ấp Đông", "Buôn Đắk", "Thôn 1"]
    households = re.search(r'<select name="households".*?</select>', page, re.S)
    assert households is not None
    assert re.findall(r">([^<]+)</option>", households.group(0)) == ["3 — Buôn Đắk", "7 — Thôn 1"]
