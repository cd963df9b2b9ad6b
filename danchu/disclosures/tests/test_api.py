from __future__ import annotations

import datetime as dt
import json

from django.utils import timezone

from danchu.disclosures.models import Disclosure


def _post(c, url, data):
    return c.post(url, json.dumps(data, default=str), content_type="application/json")


def test_staff_create_publish_correct_withdraw_through_the_api(
    client_as, officer, commune, village, client
) -> None:
    c = client_as(officer)
    r = _post(
        c,
        "/api/v1/disclosures/office/items",
        {
            "place": commune.code,
            "category": "investment_projects",
            "title": "Dự án đường liên thôn",
            "summary": "Tổng mức đầu tư 2 tỷ đồng.",
            "body": "Theo Nghị định số 145/2020/NĐ-CP.",
            "villages": [village.code],
        },
    )
    assert r.status_code == 201, r.content
    pk = r.json()["id"]
    assert r.json()["status"] == "draft" and r.json()["villages"] == [village.code]
    r = _post(c, f"/api/v1/disclosures/office/items/{pk}/publish", {})
    assert r.status_code == 200 and r.json()["status"] == "published"
    assert r.json()["documents"][0]["symbol"] in {"145/2020/NĐ-CP", "10/2022/QH15"}
    r = _post(
        c,
        f"/api/v1/disclosures/office/items/{pk}/correct",
        {"title": "Dự án đường liên thôn (sửa)", "summary": "Tổng mức 2,5 tỷ.", "note": "Sửa tổng mức"},
    )
    assert r.status_code == 200 and r.json()["version"] == 2 and len(r.json()["versions"]) == 2
    r = _post(c, f"/api/v1/disclosures/office/items/{pk}/withdraw", {"reason": ""})
    assert r.status_code == 400
    assert set(r.json()) == {"code", "message", "detail"} and r.json()["code"] == "reason_required"
    r = _post(c, f"/api/v1/disclosures/office/items/{pk}/withdraw", {"reason": "Dự án tạm dừng"})
    assert r.status_code == 200 and r.json()["status"] == "withdrawn"
    public = client.get(f"/api/v1/disclosures/{pk}").json()
    assert public["withdraw_reason"] == "Dự án tạm dừng"


def test_publishing_in_the_past_through_the_api_names_the_rule(client_as, officer, draft) -> None:
    past = (timezone.now() - dt.timedelta(days=3)).isoformat()
    r = _post(
        client_as(officer), f"/api/v1/disclosures/office/items/{draft.pk}/publish", {"publish_at": past}
    )
    assert r.status_code == 400 and r.json()["code"] == "publish_in_past"


def test_short_posting_through_the_api_is_refused(client_as, officer, draft) -> None:
    today = timezone.localdate()
    r = _post(
        client_as(officer),
        f"/api/v1/disclosures/office/items/{draft.pk}/publish",
        {"posting_start": today.isoformat(), "posting_end": (today + dt.timedelta(days=5)).isoformat()},
    )
    assert r.status_code == 400 and r.json()["code"] == "posting_too_short"


def test_outsider_and_citizen_get_404_or_403(client_as, outsider, citizen, draft, commune) -> None:
    assert client_as(outsider).get(f"/api/v1/disclosures/office/items/{draft.pk}").status_code == 404
    r = _post(
        client_as(citizen),
        "/api/v1/disclosures/office/items",
        {"place": commune.code, "category": "other", "title": "x"},
    )
    assert r.status_code == 403 and r.json()["code"] == "forbidden"


def test_anonymous_cannot_use_staff_endpoints(client, draft) -> None:
    r = _post(client, f"/api/v1/disclosures/office/items/{draft.pk}/publish", {})
    assert r.status_code in (401, 403)


def test_public_list_read_and_documents(client, commune, published) -> None:
    r = client.get("/api/v1/disclosures/", {"place": commune.code})
    assert r.status_code == 200 and r.json()["count"] == 1
    assert r.json()["items"][0]["title"] == published.title
    detail = client.get(f"/api/v1/disclosures/{published.pk}").json()
    assert detail["poster_url"].endswith("poster.pdf")
    docs = client.get("/api/v1/disclosures/documents").json()
    assert "3162/QĐ-UBND" in {d["symbol"] for d in docs}
    assert client.get("/api/v1/disclosures/categories").status_code == 200
    assert client.get("/api/v1/disclosures/", {"place": "nope"}).status_code == 404


def test_drafts_are_not_in_the_public_api(client, draft) -> None:
    r = client.get(f"/api/v1/disclosures/{draft.pk}")
    assert r.status_code == 404 and r.json()["code"] == "not_found"


def test_upload_through_the_api_checks_content(client_as, officer, draft) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    c = client_as(officer)
    bad = SimpleUploadedFile("x.pdf", b"\x7fELF" + b"\x00" * 50)
    r = c.post(f"/api/v1/disclosures/office/items/{draft.pk}/attachments", {"file": bad})
    assert r.status_code == 400 and r.json()["code"] == "file_executable"
    good = SimpleUploadedFile("x.pdf", b"%PDF-1.4\n%%EOF\n")
    r = c.post(f"/api/v1/disclosures/office/items/{draft.pk}/attachments", {"file": good})
    assert r.status_code == 201 and r.json()["content_type"] == "application/pdf"
    assert Disclosure.objects.get(pk=draft.pk).attachments.count() == 1


def test_every_operation_is_in_the_openapi_document(client) -> None:
    doc = client.get("/api/v1/openapi.json").json()
    ours = {p: ops for p, ops in doc["paths"].items() if p.startswith("/api/v1/disclosures")}
    assert len(ours) >= 10
    for ops in ours.values():
        for op in ops.values():
            assert "x-danchu-access" in op


def test_odd_input_never_gives_a_server_error(client, client_as, officer, commune, published) -> None:
    huge = 2**70
    for url in (
        f"/api/v1/disclosures/{huge}",
        f"/api/v1/disclosures/documents/{huge}",
        "/api/v1/disclosures/?place=%00",
        "/api/v1/disclosures/search?q=%00&category=%00",
        "/api/v1/disclosures/search?q=a&kind=zzz",
        f"/disclosures/d/{huge}/",
        f"/disclosures/d/{huge}/seen.gif",
        f"/disclosures/files/{huge}/",
        "/disclosures/%00/",
        "/disclosures/search/?q=%00",
        f"/disclosures/{commune.code}/bulletin/not-a-date/",
        f"/disclosures/{commune.code}/archive/?year=abc",
    ):
        assert client.get(url).status_code < 500, url
    r = _post(
        client_as(officer),
        "/api/v1/disclosures/office/items",
        {"place": commune.code, "category": "other", "title": "Tiêu đề\x00 có NUL", "body": "\x00"},
    )
    # Refused naming the field, never stored with the NUL dropped in silence.
    assert r.status_code == 400 and r.json()["code"] == "bad_character" and "Tiêu đề" in r.json()["message"]
