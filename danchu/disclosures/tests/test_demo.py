from __future__ import annotations

import shutil

import pytest

from danchu.disclosures import search
from danchu.disclosures.demo_data import build_demo
from danchu.disclosures.models import Disclosure, Obligation


@pytest.mark.slow
def test_demo_gives_each_commune_a_history_and_finds_the_seed_reports(
    media_jobs, province, commune, other_commune, village, officer, admin_user, citizen
) -> None:
    ctx = {
        "province": province,
        "communes": [commune, other_commune],
        "villages": {commune.code: [village]},
        "people": {"commune_officer": officer, "admin": admin_user, "citizen": citizen},
    }
    build_demo(ctx)
    for c in (commune, other_commune):
        items = Disclosure.objects.filter(place=c).public()
        assert items.values("category").distinct().count() >= 5
        assert items.filter(attachments__isnull=False).exists()
        months = {d.published_at.strftime("%Y-%m") for d in items if d.published_at}
        assert len(months) >= 5  # spread over the last 14 months
    assert Obligation.objects.filter(place=commune, met_on__isnull=False).exists()
    if shutil.which("espeak-ng"):
        assert Disclosure.objects.filter(audio_status="ready").exists()
    assert Disclosure.objects.filter(poster_status="ready").exists()
    assert search.search("krong pac").total >= 1
    assert search.search("dan chu co so").total >= 2
    count = Disclosure.objects.count()
    build_demo(ctx)  # a second run changes nothing
    assert Disclosure.objects.count() == count
