"""An evidence's document or photo: checked and renamed when uploaded, served only to those who read
the committee. It was stored under its own name and linked as /media/…, which production's nginx
refuses (every stored file goes through a view) and development served to anyone."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from danchu.core.errors import DomainError
from danchu.steering import services
from danchu.steering.models import BrightSpot, Evidence
from danchu.steering.services import criteria

pytestmark = pytest.mark.django_db


@pytest.fixture
def spot(committee: Any, steering_member: Any, commune: Any) -> Any:
    return services.bright_spot_register(
        actor=steering_member,
        committee=committee,
        place=commune,
        name="Đối thoại định kỳ của Chủ tịch xã với Nhân dân",
        address="Trụ sở UBND xã",
        field=BrightSpot.Field.GOVERNMENT_MOBILISATION,
    )


def _png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (8, 8), (200, 30, 30)).save(out, "PNG")
    return out.getvalue()


def _add(member: Any, spot: Any, upload: Any) -> Evidence:
    criterion = criteria.criteria_for("dvcq")[0]
    return criteria.evidence_add(
        actor=member, criterion=criterion, text="Ảnh buổi đối thoại", bright_spot=spot, file=upload
    )


def test_a_photo_is_stored_under_a_random_name_and_served_to_the_committee(
    committee: Any, spot: Any, steering_member: Any, client_as: Any, outsider: Any
) -> None:
    ev = _add(steering_member, spot, SimpleUploadedFile("doi-thoai.png", _png(), "image/png"))
    assert "doi-thoai" not in ev.file.name and ev.file.name.endswith(".png")
    url = reverse("steering:evidence_file", args=[committee.pk, ev.pk])
    page = client_as(steering_member).get(reverse("steering:committee", args=[committee.pk])).content.decode()
    assert url in page and "/media/" not in page
    r = client_as(steering_member).get(url)
    assert r.status_code == 200 and r["Content-Type"] == "image/png"
    assert client_as(outsider).get(url).status_code in (403, 404)


def test_a_web_page_posing_as_evidence_is_refused_and_nothing_is_kept(
    spot: Any, steering_member: Any
) -> None:
    page = SimpleUploadedFile("bang-chung.html", b"<script>alert(1)</script>", "text/html")
    with pytest.raises(DomainError):
        _add(steering_member, spot, page)
    assert not Evidence.objects.exists()


def test_evidence_of_another_committee_is_not_served_through_this_one(
    committee: Any, spot: Any, steering_member: Any, client_as: Any
) -> None:
    ev = _add(steering_member, spot, SimpleUploadedFile("a.png", _png(), "image/png"))
    url = reverse("steering:evidence_file", args=[committee.pk, ev.pk + 1000])
    assert client_as(steering_member).get(url).status_code == 404
