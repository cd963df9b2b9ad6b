"""Bodies from the rich-text editor are HTML sanitised by nh3 (tables kept; scripts, handlers, styles and
javascript: links stripped); Markdown written before the editor keeps rendering."""

from __future__ import annotations

from danchu.disclosures import search, services
from danchu.disclosures.services.text import is_html, plain_text

EDITOR_HTML = (
    "<h2>Quyết toán</h2><p>Tổng chi <strong>4.956</strong> triệu đồng.</p>"
    "<table><tbody><tr><td>STT</td><td>Hộ</td></tr><tr><td>1</td><td>Nguyễn Văn Hưởng</td></tr></tbody></table>"
    '<p><img src=x onerror="alert(1)"><a href="javascript:alert(2)">xem</a>'
    '<a href="https://example.gov.vn/a" onclick="alert(3)">nguồn</a></p>'
    '<script>alert(4)</script><p style="color:red" class="ql-align-center">cuối</p>'
    '<iframe src="https://evil.example"></iframe>'
)


def test_editor_html_is_sanitised_and_keeps_tables(officer, commune) -> None:
    d = services.disclosure_create(
        actor=officer,
        place=commune,
        draft=services.Draft(category="other", title="Quyết toán", summary="", body=EDITOR_HTML),
    )
    html = d.body_html
    assert "<table>" in html and "<td>Nguyễn Văn Hưởng</td>" in html and "<h2>Quyết toán</h2>" in html
    for bad in ("<script", "onerror", "onclick", "javascript:", "style=", "<iframe", "<img", "alert(4)"):
        assert bad not in html, bad
    assert 'href="https://example.gov.vn/a"' in html and 'rel="nofollow noopener"' in html


def test_the_editors_non_breaking_spaces_become_spaces(officer, commune) -> None:
    d = services.disclosure_create(
        actor=officer,
        place=commune,
        draft=services.Draft(category="other", title="x", summary="", body="<p>Hộ&nbsp;ông\xa0Y</p>"),
    )
    assert d.body_html == "<p>Hộ ông Y</p>"


def test_markdown_bodies_keep_rendering(officer, commune) -> None:
    d = services.disclosure_create(
        actor=officer,
        place=commune,
        draft=services.Draft(
            category="other",
            title="Cũ",
            summary="",
            body="**Đậm** và bảng:\n\n| A | B |\n|---|---|\n| 1 | 2 |\n\n<script>alert(1)</script>",
        ),
    )
    assert "<strong>Đậm</strong>" in d.body_html and "<td>1</td>" in d.body_html
    assert "<script" not in d.body_html


def test_format_is_told_by_the_first_tag() -> None:
    assert is_html("<p>x</p>") and is_html("  <table><tr><td>1</td></tr></table>")
    assert not is_html("**x**") and not is_html("a < b") and not is_html("")


def test_search_indexes_the_words_not_the_tags(officer, commune, django_capture_on_commit_callbacks) -> None:
    assert plain_text("<p>Tổng&nbsp;chi</p><p>4.956</p>").split() == ["Tổng", "chi", "4.956"]
    d = services.disclosure_create(
        actor=officer,
        place=commune,
        draft=services.Draft(category="other", title="Quyết toán", summary="", body=EDITOR_HTML),
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.disclosure_publish(actor=officer, disclosure=d)
    hits = search.search("4956").hits
    assert [h.object_id for h in hits] == [d.pk]
    assert "<td>" not in hits[0].snippet and "&lt;td&gt;" not in hits[0].snippet


def test_the_form_marks_the_body_for_the_editor(client_as, officer) -> None:
    page = client_as(officer).get("/disclosures/office/new/").content.decode()
    assert "data-rich-text=" in page and "vendor/quill/quill.js" in page and "disclosures/editor.js" in page
