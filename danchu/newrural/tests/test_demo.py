from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from danchu.adminreform import demo as reform_demo
from danchu.adminreform.models import Centre, Figure
from danchu.newrural import demo, queries
from danchu.newrural.models import Assessment, Recognition

pytestmark = pytest.mark.django_db


def test_demo_gives_the_2021_district_sentence_and_is_idempotent(
    krong_pac: Any, province: Any, commune: Any, steering_member: Any, client_as: Any
) -> None:
    district, _communes = krong_pac
    ctx = {"province": province, "communes": [commune]}
    demo.build(ctx)
    demo.build(ctx)
    f = queries.area_figures(district, 2021)
    assert (f.standard, f.communes) == (11, 15)
    assert [m for _c, m in f.others] == [17, 13, 12, 10]
    assert Recognition.objects.count() == 11
    assert Assessment.objects.filter(commune=commune, year=dt.date.today().year).exists()
    reform_demo.build(ctx)
    reform_demo.build(ctx)
    assert Centre.objects.filter(place=commune).count() == 1
    assert Figure.objects.filter(department__isnull=False).count() == 2
    assert (
        Figure.objects.filter(start=dt.date(2021, 1, 1)).count() == 16
    )  # the district's 15 communes and its township, H1 2021
    page = client_as(steering_member).get(f"/newrural/place/{district.code}/?year=2021").content.decode()
    assert "11/15" in page
