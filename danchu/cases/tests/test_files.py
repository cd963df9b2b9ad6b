"""Files only through access checks (issue #9): staff see a case's photos and replies through the case's
getter (with nosniff and Content-Disposition); supervisors, other units and the public do not; only
public feedback's photos are public (Open311 media_url)."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.test import Client
from PIL import Image

from danchu.cases import services


def _jpeg() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 30, 30)).save(out, "JPEG")
    return out.getvalue()


@pytest.fixture
def pictured(file_case: Any) -> Any:
    def make(**kw: Any) -> Any:
        case = file_case(photos=[("duong.jpg", _jpeg())], **kw)
        return case, case.photos.get()

    return make


def test_staff_see_a_case_photo_and_others_do_not(pictured, client_as, officer, front_officer, outsider):
    case, photo = pictured()
    url = f"/cases/office/{case.tracking_code}/photo/{photo.pk}/"
    page = client_as(officer).get(f"/cases/office/{case.tracking_code}/").content.decode()
    assert url in page and "/media/" not in page
    response = client_as(officer).get(url)
    assert response.status_code == 200 and response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Type"] == "image/jpeg" and "inline" in response["Content-Disposition"]
    assert b"".join(response.streaming_content)[:2] == b"\xff\xd8"
    for person in (front_officer, outsider):  # handling only; another unit
        assert client_as(person).get(url).status_code == 404
    assert Client().get(url).status_code == 302  # anonymous: sign in
    assert (
        client_as(officer).get(f"/cases/office/{case.tracking_code}/photo/{photo.pk + 99}/").status_code
        == 404
    )


def test_public_feedback_photos_are_public_and_complaint_photos_never(pictured, officer, citizen):
    case, photo = pictured()
    assert Client().get(f"/cases/track/{case.tracking_code}/photo/{photo.pk}/").status_code == 200
    rows = Client().get("/open311/v2/requests.json").json()
    assert rows[0]["media_url"].endswith(f"/cases/track/{case.tracking_code}/photo/{photo.pk}/")
    complaint, cphoto = pictured(
        case_type_key="complaint", submitter=citizen, contested_decision="QĐ 1", anonymous=False
    )
    assert Client().get(f"/cases/track/{complaint.tracking_code}/photo/{cphoto.pk}/").status_code == 404


def test_replies_are_served_through_the_case(file_case, client_as, officer, chairman, front_officer):
    case = file_case()
    services.case_accept(case=case, by=officer)
    services.case_respond(case=case, by=officer, body="Đã sửa.")
    reply = services.case_sign_reply(case=case, by=chairman)
    url = f"/cases/office/{case.tracking_code}/reply/{reply.pk}.docx"
    response = client_as(officer).get(url)
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert client_as(front_officer).get(url).status_code == 404
    # The signed answer is the submitter's: the tracking code alone does not open it, the receipt key does.
    assert Client().get(f"/cases/track/{case.tracking_code}/reply.docx").status_code == 404
    public = Client().get(f"/cases/track/{case.tracking_code}/reply.docx", {"k": case.receipt_key})
    assert public.status_code == 200 and "attachment" in public["Content-Disposition"]
