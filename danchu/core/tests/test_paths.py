from __future__ import annotations

import pytest
from django.urls import reverse

from danchu.core.paths import url_prefix


def test_a_prefix_and_a_value_make_the_url_reverse_makes() -> None:
    assert url_prefix("disclosures:detail", "pk") + "4956/" == reverse("disclosures:detail", args=[4956])
    assert url_prefix("reporting:dashboard", "code") + "24490/" == reverse(
        "reporting:dashboard", args=["24490"]
    )
    got = url_prefix("disclosures:category", "category", code="24490") + "budget/"
    assert got == reverse("disclosures:category", kwargs={"code": "24490", "category": "budget"})


def test_an_argument_that_is_not_the_last_segment_is_refused() -> None:
    with pytest.raises(ValueError):
        url_prefix("disclosures:category", "code", category="budget")
