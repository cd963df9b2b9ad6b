"""Bad input never answers 500: NUL bytes, invalid UTF-8, lone surrogates, over-long fields (refused with
a message, never cut), garbage types — on every disclosures field and query parameter; nothing is
half-written. A property test (hypothesis) runs the API's input models."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.utils import translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from danchu.disclosures import services
from danchu.disclosures.models import Disclosure, DisclosureVersion

API = "/api/v1/disclosures"
MEGABYTE = "Đ" * (1024 * 1024)


def _json(client: Any, method: str, url: str, body: Any, headers: dict[str, str]) -> Any:
    data = body if isinstance(body, (str, bytes)) else json.dumps(body)
    return client.generic(method, url, data, content_type="application/json", **headers)


def test_a_one_megabyte_title_is_refused_with_a_message_and_nothing_is_created(
    client, token_for, officer, commune
) -> None:
    before = Disclosure.objects.count()
    body = {"place": commune.code, "category": "other", "title": MEGABYTE}
    r = _json(
        client, "POST", f"{API}/office/items", body, {**token_for(officer), "HTTP_ACCEPT_LANGUAGE": "vi"}
    )
    assert r.status_code == 400 and r.json()["code"] == "too_long"
    assert "300" in r.json()["message"] and "Tiêu đề" in r.json()["message"]
    assert Disclosure.objects.count() == before


def test_a_one_megabyte_title_on_the_form_stays_in_the_form(client_as, officer, commune) -> None:
    before = Disclosure.objects.count()
    r = client_as(officer).post(
        "/disclosures/office/new/", {"place": commune.pk, "category": "other", "title": MEGABYTE}
    )
    assert r.status_code == 400 and Disclosure.objects.count() == before
    assert r.context["form"].errors["title"]


def test_an_over_long_correction_changes_nothing(client, token_for, officer, published) -> None:
    url = f"{API}/office/items/{published.pk}/correct"
    r = _json(client, "POST", url, {"title": "Sửa", "body": "x" * 100_001, "note": "Sửa"}, token_for(officer))
    assert r.status_code == 400 and r.json()["detail"]["field"] == "body"
    published.refresh_from_db()
    assert published.version == 1 and DisclosureVersion.objects.filter(disclosure=published).count() == 1


def test_the_service_refuses_too_long_in_english_when_english_is_chosen(officer, commune) -> None:
    from danchu.core.errors import DomainError

    with translation.override("en"), pytest.raises(DomainError) as e:
        services.disclosure_create(
            actor=officer,
            place=commune,
            draft=services.Draft(category="other", title="Tiêu đề", summary="x" * 2001),
        )
    assert e.value.message == "The summary is too long: 2.001 characters, at most 2.000."


def test_invalid_utf8_and_surrogates_in_a_json_body_are_a_400_or_stored_cleanly(
    client, token_for, officer, commune
) -> None:
    headers = token_for(officer)
    r = _json(client, "POST", f"{API}/office/items", b'{"place": "\xff\xfe", "title": "\xc3"}', headers)
    assert r.status_code == 400
    title = "Th\\udfff\\ud800ng b\\u00e1o"  # lone surrogates (low before high: no pair), as JSON escapes
    body = '{"place": "' + commune.code + '", "category": "other", "title": "' + title + '"}'
    r = _json(client, "POST", f"{API}/office/items", body, headers)
    assert r.status_code == 201, r.content
    assert Disclosure.objects.get(pk=r.json()["id"]).title == "Th\ufffd\ufffdng báo"
    # A NUL is refused naming the field, never dropped in silence.
    nul = body.replace("Th\\udfff", "Th\\u0000")
    r = _json(client, "POST", f"{API}/office/items", nul, headers)
    assert r.status_code == 400 and r.json()["code"] == "bad_character"


def test_odd_query_parameters_never_give_a_server_error(
    client, client_as, officer, commune, published
) -> None:
    staff = client_as(officer)
    odd = ["%00", "%FF%FE", "%ED%A0%80", "%C3", "a" * 5000, "1e309", "-1", "99999999999999999999999"]
    for value in odd:
        for url in (
            f"{API}/?place={value}&category={value}&limit={value}&offset={value}",
            f"{API}/search?q={value}&place={value}&category={value}&kind={value}&date_from={value}",
            f"{API}/documents?limit={value}",
            f"{API}/documents/{value}",
            f"{API}/{value}",
            f"{API}/{published.pk}/questions",
            f"/disclosures/search/?q={value}&place={value}&category={value}&page={value}&date_from={value}",
            f"/disclosures/{value}/",
            f"/disclosures/{commune.code}/archive/?year={value}&page={value}",
            f"/disclosures/{commune.code}/c/{value}/",
            f"/disclosures/{commune.code}/bulletin/{value}/",
            f"/disclosures/{commune.code}/bulletin/{value}/audio",
            f"/disclosures/documents/?page={value}",
        ):
            assert client.get(url).status_code < 500, url
        for url in (
            f"{API}/office/items?status={value}&limit={value}",
            f"{API}/office/questions?status={value}",
            f"/disclosures/office/?status={value}",
            f"/disclosures/office/place/{commune.code}/obligations/?year={value}",
        ):
            assert staff.get(url).status_code < 500, url


def test_nul_bytes_in_every_form_field_never_give_a_server_error(
    client_as, officer, citizen, commune, published
) -> None:
    staff = client_as(officer)
    nul = "Thôn\x00 1"
    posts = [
        (
            "/disclosures/office/new/",
            {
                "place": commune.pk,
                "category": "other",
                "title": nul,
                "summary": nul,
                "body": nul,
                "legal_basis": nul,
                "issuing_unit": nul,
            },
        ),
        (
            f"/disclosures/office/{published.pk}/correct/",
            {"title": nul, "summary": nul, "body": nul, "note": nul},
        ),
        (
            f"/disclosures/office/{published.pk}/proof/",
            {"kind": nul, "place": nul, "at": nul, "location": nul, "note": nul},
        ),
        (f"/disclosures/office/place/{commune.code}/bulletin/", {"day": nul}),
        (f"/disclosures/office/place/{commune.code}/loudspeaker/", {"voice": nul}),
        (f"/disclosures/office/{published.pk}/withdraw/", {"reason": nul}),
    ]
    for url, data in posts:
        assert staff.post(url, data, HTTP_REFERER=f"/disclosures/office/{published.pk}/").status_code < 500, (
            url
        )
    asker = client_as(citizen)
    assert asker.post(f"/disclosures/d/{published.pk}/ask/", {"text": nul * 3}).status_code < 500
    assert asker.post("/disclosures/follow/", {"place": nul, "category": nul, "next": nul}).status_code < 500
    published.refresh_from_db()
    assert "\x00" not in published.withdraw_reason and "\x00" not in published.title
    # Refused, not published with the NUL dropped: a withdrawal cannot be undone.
    assert published.status == Disclosure.Status.PUBLISHED and not published.withdraw_reason


# --- Property test over the API's input models -------------------------------------------------------

# Any text, surrogates and NUL included, sometimes far too long; and sometimes not text at all.
ANY_TEXT = st.one_of(
    st.text(st.characters(exclude_categories=[]), max_size=40),
    st.sampled_from(["", " ", "\x00", "other", "x" * 301, "Đ" * 2001, "<script>alert(1)</script>"]),
)
ANY_VALUE = st.one_of(ANY_TEXT, st.none(), st.integers(), st.booleans(), st.lists(ANY_TEXT, max_size=3))
DRAFT = st.fixed_dictionaries(
    {},
    optional={
        name: st.one_of(ANY_TEXT, ANY_VALUE)
        for name in ("place", "category", "title", "summary", "body", "legal_basis", "issuing_unit", "voice")
    }
    | {"villages": st.one_of(st.lists(ANY_TEXT, max_size=3), ANY_VALUE)},
)
PUBLISH = st.fixed_dictionaries(
    {},
    optional={
        "publish_at": st.one_of(ANY_TEXT, st.datetimes().map(lambda d: d.isoformat())),
        "posting_start": st.one_of(ANY_TEXT, st.dates().map(str)),
        "posting_end": st.one_of(ANY_TEXT, st.dates().map(str)),
        "period_key": ANY_TEXT,
    },
)
SMALL = st.fixed_dictionaries(
    {}, optional={k: ANY_VALUE for k in ("title", "summary", "body", "note", "reason", "answer", "text")}
)
ALLOWED = {200, 201, 400, 401, 403, 404, 409, 422, 429}


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(draft=DRAFT, publish=PUBLISH, small=SMALL, as_commune=st.booleans())
def test_api_input_models_never_answer_a_server_error(
    client, token_for, officer, citizen, commune, published, draft, publish, small, as_commune
) -> None:
    headers = getattr(test_api_input_models_never_answer_a_server_error, "headers", None) or token_for(
        officer
    )
    test_api_input_models_never_answer_a_server_error.headers = headers  # type: ignore[attr-defined]
    if as_commune:
        draft = {**draft, "place": commune.code}
    r = _json(client, "POST", f"{API}/office/items", draft, headers)
    assert r.status_code in ALLOWED, (draft, r.content)
    target = r.json()["id"] if r.status_code == 201 else None
    if target:
        assert "\x00" not in Disclosure.objects.get(pk=target).title
        r = _json(client, "PUT", f"{API}/office/items/{target}", draft, headers)
        assert r.status_code in ALLOWED, (draft, r.content)
        r = _json(client, "POST", f"{API}/office/items/{target}/publish", publish, headers)
        assert r.status_code in ALLOWED, (publish, r.content)
    for url in ("correct", "withdraw"):
        r = _json(client, "POST", f"{API}/office/items/{published.pk}/{url}", small, headers)
        assert r.status_code in ALLOWED, (url, small, r.content)
    r = _json(client, "POST", f"{API}/{published.pk}/questions", small, headers)
    assert r.status_code in ALLOWED, (small, r.content)


def test_control_characters_never_break_the_atom_feed(client, officer, commune) -> None:
    d = services.disclosure_create(
        actor=officer,
        place=commune,
        draft=services.Draft(
            category="other", title="Thông\x01 báo\x1b họp\tdân", summary="Tóm\x0b tắt\nhai dòng"
        ),
    )
    services.disclosure_publish(actor=officer, disclosure=d)
    d.refresh_from_db()
    assert d.title == "Thông báo họp\tdân" and d.summary == "Tóm tắt\nhai dòng"
    assert client.get(f"/disclosures/{commune.code}/feed.atom").status_code == 200


def test_the_office_list_refuses_a_filter_it_would_have_cut_or_ignored(client_as, token_for, officer) -> None:
    """The publisher's list took the first 100 characters of a search and ignored an unknown status or
    category (listing everything as if filtered): each is now refused with its field named, on the page
    and in the API."""
    c = client_as(officer)
    url = "/disclosures/office/"
    with translation.override("vi"):
        r = c.get(url, {"q": "ngân sách " * 11}, HTTP_ACCEPT_LANGUAGE="vi")
        assert r.status_code == 400 and "100" in r.content.decode()
        r = c.get(url, {"status": "archived-or-not"})
        assert r.status_code == 400 and "archived-or-not" in r.content.decode()
        assert c.get(url, {"category": "no-such-category"}).status_code == 400
        assert c.get(url, {"q": "ngân sách", "status": "published", "category": "other"}).status_code == 200
    r = c.get(f"{API}/office/items", {"status": "x" * 300}, **token_for(officer))
    assert r.status_code == 400 and r.json()["code"] == "unknown_value"


def test_an_archive_year_that_is_not_a_year_is_refused_not_shown_as_every_year(client, commune) -> None:
    """`?year=20261` used to read as 2026 (its first four digits) and `?year=abc` as every year."""
    url = f"/disclosures/{commune.code}/archive/"
    assert client.get(url, {"year": "2025"}).status_code == 200
    for bad in ("20261", "abc", "1999"):
        r = client.get(url, {"year": bad})
        assert r.status_code == 400 and f"“{bad}”" in r.content.decode(), bad


def test_more_villages_than_a_disclosure_takes_are_refused_not_cut(
    client, token_for, officer, commune, village
) -> None:
    """The API used the first 500 village codes and dropped the rest without a word."""
    before = Disclosure.objects.count()
    body = {
        "place": commune.code,
        "category": "other",
        "title": "Danh sách hộ nghèo",
        "villages": [village.code] * 501,
    }
    r = _json(client, "POST", f"{API}/office/items", body, token_for(officer))
    assert r.status_code == 400 and r.json()["code"] == "too_many" and "501" in r.json()["message"]
    assert Disclosure.objects.count() == before
    body["villages"] = [village.code]
    assert _json(client, "POST", f"{API}/office/items", body, token_for(officer)).status_code in (200, 201)


def test_the_list_api_refuses_a_page_size_or_category_it_would_have_changed(client, commune) -> None:
    """`?limit=1000` was cut to 100 and `?category=no-such` answered an empty list, as if nothing had
    been published: both are refused, as the search API and the kernel's paging refuse them."""
    assert client.get(f"{API}/", {"place": commune.code, "limit": 100}).status_code == 200
    r = client.get(f"{API}/", {"place": commune.code, "limit": 1000})
    assert r.status_code == 400 and r.json()["code"] == "bad_limit" and "100" in r.json()["message"]
    assert client.get(f"{API}/", {"offset": -1}).json()["code"] == "bad_offset"
    r = client.get(f"{API}/", {"place": commune.code, "category": "no-such"})
    assert r.status_code == 400 and r.json()["code"] == "unknown_category"
    assert client.get(f"{API}/", {"category": "other"}).status_code == 200


def test_every_word_of_the_publishers_search_counts(client_as, officer, draft) -> None:
    """Words past the eighth were dropped: a ninth word that the disclosure does not hold still found it."""
    c = client_as(officer)
    eight = "báo cáo thực hiện ngân sách quý I thu"
    assert draft.title in c.get("/disclosures/office/", {"q": eight}).content.decode()
    assert draft.title not in c.get("/disclosures/office/", {"q": eight + " xyz"}).content.decode()
