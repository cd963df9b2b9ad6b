from __future__ import annotations

import xml.etree.ElementTree as ET

from django.db import connection
from django.test.utils import CaptureQueriesContext

from danchu.disclosures import services
from danchu.disclosures.models import Disclosure

LIMIT = 150 * 1024


def _many(officer, commune, n=25):
    for i in range(n):
        d = services.disclosure_create(
            actor=officer,
            place=commune,
            draft=services.Draft(
                category="beneficiaries" if i % 2 else "other",
                title=f"Danh sách hộ nghèo đợt {i} năm 2026 — thôn {i}",
                summary="Danh sách hộ nghèo, cận nghèo được hỗ trợ. " * 3,
            ),
        )
        services.disclosure_publish(actor=officer, disclosure=d)


def test_commune_page_shows_the_board_and_is_cacheable_and_light(client, officer, commune, published) -> None:
    _many(officer, commune)
    with CaptureQueriesContext(connection) as queries:
        page = client.get(f"/disclosures/{commune.code}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert published.title in html
    assert page["Cache-Control"].startswith("public, max-age=")
    assert len(page.content) < LIMIT
    assert len(queries) <= 12  # no query per item


def test_every_public_page_stays_under_150_kb(client, officer, commune, village, published) -> None:
    _many(officer, commune, 30)
    urls = [
        f"/disclosures/{commune.code}/",
        f"/disclosures/{village.code}/",
        f"/disclosures/{commune.code}/archive/",
        f"/disclosures/{commune.code}/c/beneficiaries/",
        published.get_absolute_url(),
        "/disclosures/documents/",
        "/disclosures/search/?q=ho+ngheo",
        f"/disclosures/{commune.code}/bulletin/",
    ]
    for url in urls:
        r = client.get(url)
        assert r.status_code == 200, url
        assert len(r.content) < LIMIT, url


def test_village_page_shows_whole_commune_items_and_its_own_only(
    client, officer, commune, village, other_village
) -> None:
    mine = services.disclosure_create(
        actor=officer,
        place=commune,
        draft=services.Draft(category="beneficiaries", title="Hộ nghèo Thôn 1", villages=[village]),
    )
    theirs = services.disclosure_create(
        actor=officer,
        place=commune,
        draft=services.Draft(category="beneficiaries", title="Hộ nghèo Buôn Đắk", villages=[other_village]),
    )
    everyone = services.disclosure_create(
        actor=officer, place=commune, draft=services.Draft(category="other", title="Lịch tiếp dân")
    )
    for d in (mine, theirs, everyone):
        services.disclosure_publish(actor=officer, disclosure=d)
    html = client.get(f"/disclosures/{village.code}/").content.decode()
    assert "Hộ nghèo Thôn 1" in html and "Lịch tiếp dân" in html and "Hộ nghèo Buôn Đắk" not in html


def test_drafts_are_not_public(client, draft) -> None:
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert draft.title not in client.get(f"/disclosures/{draft.place.code}/").content.decode()


def test_unknown_place_is_a_404_with_a_message(client, db) -> None:
    r = client.get("/disclosures/99999999/")
    assert r.status_code == 404
    assert "99999999" in r.content.decode()


def test_atom_feed_lists_published_items(client, commune, published) -> None:
    r = client.get(f"/disclosures/{commune.code}/feed.atom")
    assert r.status_code == 200 and r["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(r.content)
    ns = {"a": "http://www.w3.org/2005/Atom"}
    titles = [e.text for e in root.findall("a:entry/a:title", ns)]
    assert titles == [published.title]


def test_view_counter_counts_without_touching_the_cached_page(client, published) -> None:
    r = client.get(f"/disclosures/d/{published.pk}/seen.gif")
    assert r.status_code == 200 and r["Cache-Control"] == "no-store"
    client.get(f"/disclosures/d/{published.pk}/seen.gif")
    assert Disclosure.objects.get(pk=published.pk).view_count == 2


def test_signed_in_visitors_get_a_private_page(client_as, citizen, commune, published) -> None:
    r = client_as(citizen).get(f"/disclosures/{commune.code}/")
    assert r["Cache-Control"] == "private, no-cache"


def test_place_page_links_from_the_places_page(client, commune) -> None:
    from danchu.places.links import links_for

    assert any(link.url == f"/disclosures/{commune.code}/" for link in links_for(commune))
