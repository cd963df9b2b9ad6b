from __future__ import annotations

import datetime as dt

import pytest
from PIL import Image

from danchu.core.errors import DomainError
from danchu.works import services
from danchu.works.models import Photo, Work

from .conftest import jpeg_with_gps


def test_work_records_decision_budget_and_validated_line(work):
    assert work.budget_total == 852000000
    assert '"LineString"' in work.location and work.stage == Work.Stage.DECIDED


@pytest.mark.parametrize(
    "location",
    [
        '{"type": "Polygon", "coordinates": []}',
        '{"type": "Point", "coordinates": [500, 12]}',
        "not json",
        "[1, 2]",
    ],
)
def test_bad_location_is_refused(make_work, location):
    with pytest.raises(DomainError):
        make_work(location=location)
    assert not Work.objects.exists()


def test_village_of_another_commune_is_refused(make_work, other_commune):
    from danchu.places.tests import factories as pf

    foreign = pf.village(other_commune, code="24190-001", name="Buôn Ea Kly")
    with pytest.raises(DomainError):
        make_work(villages=[foreign])


def test_nul_byte_and_overlong_title_are_refused(make_work):
    with pytest.raises(DomainError):
        make_work(title="Đường\x00thôn")
    with pytest.raises(DomainError):
        make_work(title="x" * 300)


def test_progress_photo_loses_its_exif(work, officer):
    u = services.progress_add(
        work=work, by=officer, on=dt.date(2026, 4, 20), percent=30, photos=[(jpeg_with_gps(), "a.jpg")]
    )
    photo = Photo.objects.get(progress=u)
    with photo.image.open("rb") as f:
        assert not Image.open(f).getexif()


def test_progress_cannot_go_back_or_precede_the_decision(work, officer):
    services.progress_add(work=work, by=officer, on=dt.date(2026, 4, 20), percent=50)
    with pytest.raises(DomainError):
        services.progress_add(work=work, by=officer, on=dt.date(2026, 4, 21), percent=40)
    with pytest.raises(DomainError):
        services.progress_add(work=work, by=officer, on=dt.date(2026, 3, 1), percent=60)


def test_acceptance_cannot_precede_the_progress_it_reports(work, officer):
    with pytest.raises(DomainError):
        services.work_accept(work=work, by=officer, on=dt.date(2026, 7, 30), note="Nghiệm thu")
    services.progress_add(work=work, by=officer, on=dt.date(2026, 7, 25), percent=100)
    with pytest.raises(DomainError, match="25/07/2026"):
        services.work_accept(work=work, by=officer, on=dt.date(2026, 7, 20), note="Nghiệm thu")
    services.work_accept(work=work, by=officer, on=dt.date(2026, 7, 30), note="Biên bản nghiệm thu")
    with pytest.raises(DomainError):
        services.work_hand_over(work=work, by=officer, on=dt.date(2026, 7, 29), to="Thôn 1")
    services.work_hand_over(work=work, by=officer, on=dt.date(2026, 8, 5), to="Ban phát triển Thôn 1")
    work.refresh_from_db()
    assert work.stage == Work.Stage.HANDED_OVER


def test_work_page_is_public_and_shows_the_history(client, work, officer):
    services.progress_add(work=work, by=officer, on=dt.date(2026, 4, 20), percent=30, note="Xong san nền")
    response = client.get(f"/works/{work.pk}/")
    assert response.status_code == 200
    assert "Xong san nền" in response.content.decode()
    assert client.get(f"/works/place/{work.commune.code}/").status_code == 200


def test_outsider_cannot_record_progress(client_as, work, outsider):
    response = client_as(outsider).post(f"/works/{work.pk}/progress/", {"on": "2026-04-20", "percent": 30})
    assert response.status_code == 404
    assert not work.updates.exists()


def test_officer_records_progress_through_the_csrf_checked_form(browser_as, work, officer):
    c = browser_as(officer)
    response = c.post_form(
        f"/works/{work.pk}/progress/", {"on": "2026-04-20", "percent": "30", "note": "San nền"}
    )
    assert response.status_code == 302
    assert work.updates.get().percent == 30


def test_api_creates_work_with_token_and_refuses_foreign_commune(
    client, officer, outsider, village, commune, token_for
):
    body = {
        "commune": commune.code,
        "villages": [village.code],
        "title": "Cống qua suối Thôn 1",
        "kind": "culvert",
        "investor": "UBND xã",
        "decision_number": "03/NQ",
        "decision_date": "2026-03-01",
        "decision_issuer": "Hội nghị thôn",
        "budget_people": "15000000",
    }
    r = client.post("/api/v1/works/works", body, content_type="application/json", **token_for(officer))
    assert r.status_code == 201, r.content
    r = client.post("/api/v1/works/works", body, content_type="application/json", **token_for(outsider))
    assert r.status_code == 403
    assert Work.objects.count() == 1
    r = client.post(
        "/api/v1/works/works",
        {**body, "title": "x\x00"},
        content_type="application/json",
        **token_for(officer),
    )
    assert r.status_code == 422 and Work.objects.count() == 1


def test_place_page_queries_do_not_grow_with_the_works(
    client, make_work, commune, django_assert_max_num_queries
):
    make_work()
    with django_assert_max_num_queries(12) as few:
        client.get(f"/works/place/{commune.code}/")
    for n in range(4):
        make_work(title=f"Công trình {n}", decision_number=f"{n}/NQ")
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(f"/works/place/{commune.code}/").status_code == 200


def test_village_page_lists_the_works_of_the_village_only(client, make_work, village, other_village):
    make_work(title="Đường Thôn 1")
    make_work(title="Đường Buôn Đắk", villages=[other_village], decision_number="2/NQ")
    page = client.get(f"/works/place/{village.code}/").content.decode()
    assert "Đường Thôn 1" in page and "Đường Buôn Đắk" not in page


def test_work_form_with_nul_byte_or_overlong_text_is_refused_with_a_message(
    browser_as, officer, commune, village
):
    c = browser_as(officer)
    form = {
        "commune": commune.pk,
        "villages": village.pk,
        "title": "Đường\x00",
        "kind": "road",
        "investor": "UBND xã",
        "budget_state": "0",
        "budget_people": "0",
        "budget_labour": "0",
        "budget_sponsors": "0",
        "land_m2": "0",
        "decision_number": "1/NQ",
        "decision_date": "2026-03-01",
        "decision_issuer": "Hội nghị thôn",
    }
    r = c.post_form("/works/new/", form)
    assert r.status_code == 400 and "Tên công trình: Không được chứa ký tự rỗng (NUL)." in r.content.decode()
    r = c.post_form("/works/new/", {**form, "title": "x" * 400})
    assert (
        r.status_code == 400 and "Tên công trình: Giá trị này chỉ có tối đa 255 kí tự" in r.content.decode()
    )
    assert not Work.objects.exists()
    r = c.post_form("/works/new/", {**form, "title": "Đường Thôn 1"})
    assert r.status_code == 302 and Work.objects.get().title == "Đường Thôn 1"


def test_api_records_progress_with_a_photo_without_its_exif(client, work, officer, token_for):
    from django.core.files.uploadedfile import SimpleUploadedFile

    photo = SimpleUploadedFile("a.jpg", jpeg_with_gps(), content_type="image/jpeg")
    r = client.post(
        f"/api/v1/works/works/{work.pk}/progress/photos",
        {"on": "2026-04-20", "percent": "30", "photos": [photo]},
        **token_for(officer),
    )
    assert r.status_code == 201, r.content
    served = client.get(r.json()["photos"][0])
    assert served.status_code == 200 and b"PhoneMaker" not in b"".join(served.streaming_content)
    bad = SimpleUploadedFile("a.jpg", b"MZ not a photo", content_type="image/jpeg")
    r = client.post(
        f"/api/v1/works/works/{work.pk}/progress/photos",
        {"on": "2026-04-21", "percent": "40", "photos": [bad]},
        **token_for(officer),
    )
    assert r.status_code == 400 and work.updates.count() == 1


def test_the_public_page_shows_the_plan_even_without_planned_dates(client, make_work):
    """The plan and schedule the people decided is public (Law Art. 11 item 3) whether or not the
    officer typed the planned dates."""
    w = make_work(plan="Đổ bê tông 1,2 km trong mùa khô")
    assert "Đổ bê tông 1,2 km trong mùa khô" in client.get(f"/works/{w.pk}/").content.decode()
