"""An Open311 GeoReport v2 client talking to a real server over HTTP."""

from __future__ import annotations

import json
import re
import urllib.error
import urllib.parse
import urllib.request
import xml.etree.ElementTree as ET

import pytest

from danchu.cases import services
from danchu.cases.models import ApiKey, Case

pytestmark = pytest.mark.django_db(transaction=True)


def _get(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=20) as r:
            return r.status, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.read()


def _post(url: str, data: dict[str, str]) -> tuple[int, bytes]:
    body = urllib.parse.urlencode(data).encode()
    try:
        with urllib.request.urlopen(urllib.request.Request(url, data=body, method="POST"), timeout=20) as r:
            return r.status, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.read()


@pytest.fixture
def api_key(admin_user):  # noqa: ANN001, ANN201
    return services.apikey_issue(name="FixMyStreet app", by=admin_user)[1]


def test_client_lists_services_posts_a_request_and_reads_it_back(live_server, commune, village, api_key):
    base = live_server.url + "/open311/v2/"
    status, body = _get(base + f"services.json?jurisdiction_id={commune.code}")
    assert status == 200
    services_list = json.loads(body)
    road = next(s for s in services_list if s["service_code"] == "ha-tang")
    assert set(road) == {
        "service_code",
        "service_name",
        "description",
        "metadata",
        "type",
        "keywords",
        "group",
    }
    assert road["metadata"] is False and road["type"] == "realtime"
    status, body = _get(base + "services/ha-tang.json")
    assert status == 200 and json.loads(body)["service_code"] == "ha-tang"

    status, body = _post(
        base + "requests.json",
        {
            "api_key": api_key,
            "jurisdiction_id": commune.code,
            "service_code": "ha-tang",
            "lat": "12.68",
            "long": "108.05",
            "address_string": "Trước nhà văn hóa thôn 1",
            "description": "Ổ gà lớn giữa đường liên thôn",
            "email": "app.user@example.vn",
            "first_name": "Lan",
        },
    )
    assert status == 201, body
    created = json.loads(body)[0]
    request_id, token = created["service_request_id"], created["token"]

    status, body = _get(base + f"tokens/{token}.json")
    assert json.loads(body)[0]["service_request_id"] == request_id

    status, body = _get(base + f"requests/{request_id}.json")
    row = json.loads(body)[0]
    assert row["status"] == "open" and row["service_code"] == "ha-tang"
    assert row["agency_responsible"] == commune.name and row["lat"] == 12.68 and row["long"] == 108.05
    for key in (
        "service_request_id",
        "status_notes",
        "service_name",
        "description",
        "service_notice",
        "requested_datetime",
        "updated_datetime",
        "expected_datetime",
        "address",
        "address_id",
        "zipcode",
        "media_url",
    ):
        assert key in row
    assert "app.user@example.vn" not in body.decode() and "Lan" not in row.values()

    status, body = _get(base + "requests.json?jurisdiction_id=66&status=open&service_code=ha-tang")
    assert [r["service_request_id"] for r in json.loads(body)] == [request_id]
    status, body = _get(base + "requests.json?status=closed")
    assert json.loads(body) == []

    status, body = _get(base + f"requests/{request_id}.xml")
    root = ET.fromstring(body)
    assert root.tag == "service_requests" and root.find("request/service_request_id").text == request_id
    status, body = _get(base + "services.xml")
    assert ET.fromstring(body).tag == "services"
    assert Case.objects.get(tracking_code=request_id).channel == "open311"


def test_post_without_a_valid_key_is_refused_with_an_error_array(live_server, commune, api_key):
    status, body = _post(
        live_server.url + "/open311/v2/requests.json",
        {
            "api_key": "wrong",
            "jurisdiction_id": commune.code,
            "service_code": "ha-tang",
            "lat": "1",
            "long": "1",
            "description": "x",
        },
    )
    assert status == 403
    errors = json.loads(body)
    assert isinstance(errors, list) and set(errors[0]) == {"code", "description"} and errors[0]["code"] == 403
    status, body = _post(
        live_server.url + "/open311/v2/requests.xml",
        {
            "api_key": api_key,
            "jurisdiction_id": commune.code,
            "service_code": "nope",
            "lat": "1",
            "long": "1",
            "description": "x",
        },
    )
    assert status == 404
    assert ET.fromstring(body).find("error/code").text == "404"


def test_revoked_key_can_no_longer_post(live_server, commune, admin_user):
    key, raw = services.apikey_issue(name="old app", by=admin_user)
    services.apikey_revoke(key=key, by=admin_user)
    status, _body = _post(
        live_server.url + "/open311/v2/requests.json",
        {
            "api_key": raw,
            "jurisdiction_id": commune.code,
            "service_code": "ha-tang",
            "lat": "1",
            "long": "1",
            "description": "x",
        },
    )
    assert status == 403


def test_complaints_and_denunciations_are_never_listed(client, file_case, officer):
    ident = services.Identity(name="A", id_number="1")
    complaint = file_case(
        case_type_key="complaint", recorded_by=officer, identity=ident, contested_decision="QĐ"
    )
    feedback = file_case()
    rows = client.get("/open311/v2/requests.json").json()
    assert [r["service_request_id"] for r in rows] == [feedback.tracking_code]
    assert client.get(f"/open311/v2/requests/{complaint.tracking_code}.json").status_code == 404


def test_only_the_hash_of_a_key_is_stored(admin_user):
    key, raw = services.apikey_issue(name="x", by=admin_user)
    assert raw not in (key.digest, key.prefix) and key.digest == key.digest_of(raw)


def test_administrator_issues_a_key_in_the_back_office(client_as, admin_user, officer):
    admin = client_as(admin_user)
    response = admin.post("/cases/office/apikeys/", {"name": "Ứng dụng phản ánh"}, follow=True)
    shown = re.search(r'id="new-key">(o311_[^<]+)<', response.content.decode())
    assert shown is not None and "no-store" in response["Cache-Control"]
    [key] = ApiKey.objects.all()
    assert key.digest == key.digest_of(shown[1])
    # Reloading the page shows the list, neither the key again nor a second key.
    again = admin.get("/cases/office/apikeys/").content.decode()
    assert "o311_" not in again.replace(key.prefix, "") and ApiKey.objects.count() == 1
    assert client_as(officer).get("/cases/office/apikeys/").status_code == 404


def test_an_api_key_name_is_refused_not_cut_when_too_long_or_holding_a_nul(admin_user, browser_as):
    from danchu.cases.models import ApiKey

    browser = browser_as(admin_user)
    url = "/cases/office/apikeys/"
    for name in ("Ứ" * 101, "Ứng\x00dụng", "  "):
        r = browser.post_form(url, {"name": name, "contact": "ict@daklak.gov.vn"}, HTTP_REFERER=url)
        assert r.status_code == 400 and 'class="error"' in r.content.decode(), r.status_code  # with why
    assert not ApiKey.objects.exists()
    assert browser.post_form(url, {"name": "Ứ" * 100}).status_code == 302
    assert ApiKey.objects.get().name == "Ứ" * 100
