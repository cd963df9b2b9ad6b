from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.utils import timezone

from danchu.disclosures import search, services
from danchu.disclosures.models import SearchEntry

SEEDS = Path(__file__).resolve().parents[1] / "seeds"  # the repository's own copies


def _load_seeds(officer, commune):
    """The three example reports, published as disclosures of the commune (first line = title)."""
    out = {}
    for path in sorted(SEEDS.glob("0*.txt")):
        text = path.read_text(encoding="utf-8")
        lines = [line.strip() for line in text.splitlines() if line.strip() and "No title" not in line]
        title = next(line for line in lines if len(line) > 20)[:300]
        d = services.disclosure_create(
            actor=officer,
            place=commune,
            draft=services.Draft(
                category="other", title=title, summary=lines[2][:500] if len(lines) > 2 else "", body=text
            ),
        )
        services.disclosure_publish(actor=officer, disclosure=d)
        out[path.name[:3]] = d
    return out


@pytest.fixture
def seeds(officer, commune):
    if not SEEDS.exists():
        pytest.skip("seed reports not available")
    return _load_seeds(officer, commune)


def _ids(results):
    return {h.object_id for h in results.hits if h.kind == "disclosure"}


def test_search_without_diacritics_finds_the_seed_reports(seeds) -> None:
    found = _ids(search.search("dan chu co so"))
    assert {seeds["000"].pk, seeds["002"].pk} <= found


@pytest.mark.parametrize("query", ["Krông Pắc", "krong pac", "KRONG PAC"])
def test_search_is_insensitive_to_case_and_diacritics(seeds, query) -> None:
    results = search.search(query)
    assert seeds["002"].pk in _ids(results)
    hit = next(h for h in results.hits if h.object_id == seeds["002"].pk)
    assert "<mark>Krông</mark>" in hit.snippet or "<mark>Krông</mark>" in hit.title_html


def test_ranking_prefers_the_title(seeds) -> None:
    results = search.search("krong pac")
    assert results.hits[0].object_id == seeds["002"].pk  # "Krông Pắc" is in its title


def test_snippet_highlights_on_the_original_text_and_escapes_html(officer, commune) -> None:
    d = services.disclosure_create(
        actor=officer,
        place=commune,
        draft=services.Draft(
            category="other",
            title="Đường <b>giao thông</b>",
            body="Làm đường giao thông nông thôn ở thôn Đắk.",
        ),
    )
    services.disclosure_publish(actor=officer, disclosure=d)
    [hit] = search.search("duong giao thong").hits
    assert "<mark>giao</mark> <mark>thông</mark>" in hit.snippet
    assert "&lt;b&gt;" in hit.title_html


def test_filters_by_place_category_and_date(seeds, other_commune, commune) -> None:
    assert _ids(search.search("krong pac", place=other_commune)) == set()
    assert seeds["002"].pk in _ids(search.search("krong pac", place=commune))
    assert _ids(search.search("krong pac", category="budget_execution")) == set()
    today = timezone.localdate()
    assert _ids(search.search("krong pac", date_from=today + dt.timedelta(days=1))) == set()
    assert seeds["002"].pk in _ids(search.search("krong pac", date_from=today, date_to=today))


def test_documents_are_searchable_too(seeds) -> None:
    from django.urls import reverse

    results = search.search("3162/QĐ-UBND", kind="document")
    assert [h.title for h in results.hits] == ["Quyết định 3162/QĐ-UBND"]
    hit = results.hits[0]
    assert hit.url == reverse("disclosures:document", kwargs={"pk": hit.object_id})
    results = search.search("ket luan 21 kl tw")
    assert any(h.kind == "document" for h in results.hits)


def test_drafts_and_withdrawn_items_are_not_found_but_withdrawn_stay_listed(officer, commune) -> None:
    d = services.disclosure_create(
        actor=officer, place=commune, draft=services.Draft(category="other", title="Dự án đường liên thôn")
    )
    assert search.search("lien thon").total == 0
    services.disclosure_publish(actor=officer, disclosure=d)
    assert search.search("lien thon").total == 1
    services.disclosure_withdraw(actor=officer, disclosure=d, reason="Nhầm lẫn")
    assert search.search("lien thon").total == 1  # withdrawn stays public, with its reason


def test_empty_or_symbol_only_query_finds_nothing_without_error(seeds) -> None:
    assert search.search("").total == 0
    assert search.search("   ?!* ").total == 0
    assert search.search('"dan" OR chu NEAR(').total >= 0


def test_search_page_and_api(seeds, client) -> None:
    page = client.get("/disclosures/search/", {"q": "krong pac"})
    assert page.status_code == 200 and "<mark>" in page.content.decode()
    api = client.get("/api/v1/disclosures/search", {"q": "dan chu co so"}).json()
    assert api["total"] >= 2 and api["engine"] in ("sqlite", "postgresql")


@pytest.mark.parametrize(
    ("params", "field", "message"),
    [
        ({"date_from": "2026-13-45"}, "date_from", "Nhập một ngày hợp lệ"),
        (
            {"date_from": "2026-12-31", "date_to": "2026-01-01"},
            "date_to",
            "Ngày kết thúc đứng trước ngày bắt đầu",
        ),
        ({"place": "ZZ999"}, "place", "ZZ999"),
        ({"q": "ngân sách " * 30}, "q", "200"),
        ({"category": "không có"}, "category", "không có"),
        ({"page": "0"}, "page", "1"),
    ],
)
def test_a_search_with_a_filter_that_is_not_valid_says_so_with_a_400(
    seeds, client, params, field, message
) -> None:
    """Never "nothing found" for a search that did not run: the field's message, tied to the field for
    screen readers (aria-describedby names an element of the page), and a 400."""
    page = client.get("/disclosures/search/", {"q": "ngân sách", **params}, HTTP_ACCEPT_LANGUAGE="vi")
    html = page.content.decode()
    assert page.status_code == 400
    assert "Chưa tìm được" in html and "Không tìm thấy kết quả" not in html and "<mark>" not in html
    assert f'id="id_{field}_error"' in html and message in html
    assert "Cache-Control" not in page or "public" not in page["Cache-Control"]


@pytest.mark.parametrize(
    ("params", "code", "message"),
    [
        ({"q": "ngân sách " * 30}, "too_long", "tối đa 200 ký tự"),
        ({"q": "ngân sách", "date_from": "2026-12-31", "date_to": "2026-01-01"}, "invalid", "Ngày kết thúc"),
        ({"q": "ngân sách", "category": "không_có"}, "unknown_category", "không_có"),
    ],
)
def test_the_search_api_refuses_what_the_page_refuses(seeds, client, params, code, message) -> None:
    """A query over 200 characters was cut to 200 in silence, an unknown category or the end before
    the start found nothing: a 400 with the reason, in the reader's language."""
    answer = client.get("/api/v1/disclosures/search", params, HTTP_ACCEPT_LANGUAGE="vi")
    assert answer.status_code == 400, answer.content
    body = answer.json()
    assert body["code"] == code and message in body["message"]
    assert (
        client.get("/api/v1/disclosures/search", {"q": "ngân sách " * 20}).status_code == 200
    )  # 200 is fine


def test_a_valid_search_that_finds_nothing_says_so(seeds, client) -> None:
    page = client.get("/disclosures/search/", {"q": "không có gì như thế này"}, HTTP_ACCEPT_LANGUAGE="vi")
    html = page.content.decode()
    assert page.status_code == 200 and "Không tìm thấy kết quả" in html and 'class="results"' not in html


def test_index_follows_the_entries(officer, commune) -> None:
    d = services.disclosure_create(
        actor=officer, place=commune, draft=services.Draft(category="other", title="Quỹ khuyến học")
    )
    services.disclosure_publish(actor=officer, disclosure=d)
    assert SearchEntry.objects.filter(kind="disclosure", object_id=d.pk).exists()
    services.disclosure_correct(
        actor=officer, disclosure=d, title="Quỹ vì người nghèo", summary="", body="", note="Đổi tên"
    )
    assert search.search("khuyen hoc").total == 0
    assert search.search("vi nguoi ngheo").total == 1


def test_a_snippet_folds_only_the_window_shown_not_the_whole_text(monkeypatch) -> None:
    from danchu.disclosures import search as engine

    folded: list[int] = []
    real = engine.fold_aligned

    def counting(text: str) -> str:
        folded.append(len(text))
        return real(text)

    monkeypatch.setattr(engine, "fold_aligned", counting)
    body = (
        "Thông báo về dân chủ ở cơ sở. " + "Nội dung kế hoạch năm 2026. " * 40_000
    )  # ~1.1 million characters
    snippet = engine.highlight(body, ["dan", "chu"])
    assert "<mark>dân</mark> <mark>chủ</mark>" in snippet and snippet.endswith(" …")
    assert sum(folded) < 5_000
    late = engine.highlight("x " * 10_000 + "Quyết định dân chủ", ["chu"])
    assert late.startswith("… ") and "<mark>chủ</mark>" in late


def test_the_aligned_fold_maps_each_character_to_one_as_unicode_folds_it() -> None:
    """fold_aligned (a translate table filled as characters are met) against folding each character by
    hand, for the Basic Multilingual Plane's letters, marks, digits and spaces outside the surrogates."""
    import unicodedata

    def by_hand(ch: str) -> str:
        if ch in "đĐ":
            return "d"
        low = (unicodedata.normalize("NFD", ch)[:1] or ch).lower()
        return " " if low.isspace() else (low[0] if low else ch)

    chars = "".join(chr(c) for c in range(0x10000) if not 0xD800 <= c <= 0xDFFF)
    assert search.fold_aligned(chars) == "".join(by_hand(ch) for ch in chars)
    assert search.fold_aligned("ĐỒNG Ý\u00a0Vốn\tİstanbul") == "dong y von istanbul"


def _publish(officer, commune, title, body, *, on=None):
    d = services.disclosure_create(
        actor=officer,
        place=commune,
        draft=services.Draft(category="other", title=title, summary="", body=body),
    )
    services.disclosure_publish(actor=officer, disclosure=d)
    if on is not None:
        SearchEntry.objects.filter(kind="disclosure", object_id=d.pk).update(date=on)
    return d


def test_a_title_match_ranks_above_body_matches_ties_by_date(officer, commune) -> None:
    day = dt.date(2026, 3, 1)
    filler = " ".join(["nguồn vốn ngân sách xã"] * 5)
    body_hits = [
        _publish(
            officer,
            commune,
            f"Báo cáo số {i}",
            f"Kênh mương nội đồng thôn {i}. Kênh mương. {filler} kênh mương",
            on=day + dt.timedelta(days=i),
        )
        for i in range(5)
    ]
    older_title = _publish(officer, commune, "Kênh mương", "Nội dung khác.", on=day - dt.timedelta(days=30))
    newer_title = _publish(officer, commune, "Kênh mương", "Nội dung khác.", on=day - dt.timedelta(days=1))
    for place in (None, commune):  # without and with a filter (SQLite joins only when filtering)
        order = [h.object_id for h in search.search("kenh muong", place=place).hits]
        assert order[:2] == [newer_title.pk, older_title.pk]
        assert set(order[2:]) == {d.pk for d in body_hits}


@pytest.mark.parametrize(("query", "text"), [("4956", "4.956"), ("4.956", "4956"), ("4,956", "4.956")])
def test_numbers_are_found_with_or_without_thousands_separators(officer, commune, query, text) -> None:
    d = _publish(officer, commune, "Quyết toán", f"Tổng chi {text} triệu đồng cho đường thôn.")
    results = search.search(query)
    assert d.pk in _ids(results)
    hit = next(h for h in results.hits if h.object_id == d.pk)
    assert f"<mark>{text}</mark>" in hit.snippet


def test_decimals_and_dates_keep_their_parts() -> None:
    assert (
        search.fold_for_index("4,5 ha ngày 12.05.2026; 1.234.567 đồng")
        == "4 5 ha ngay 12 05 2026 1234567 dong"
    )


def test_hit_urls_are_the_reversed_ones(officer, commune) -> None:
    from django.urls import reverse

    d = _publish(officer, commune, "Thu chi quỹ", "Thu chi quỹ phòng chống thiên tai")
    hit = next(h for h in search.search("thu chi quy").hits if h.object_id == d.pk)
    assert hit.url == reverse("disclosures:detail", kwargs={"pk": d.pk})
