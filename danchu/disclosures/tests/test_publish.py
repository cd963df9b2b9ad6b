from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from danchu.core.errors import DomainError, Forbidden
from danchu.core.models import AuditEntry
from danchu.disclosures import services
from danchu.disclosures.models import Disclosure, DisclosureVersion

S = Disclosure.Status


def test_publishing_now_posts_it_for_the_legal_minimum(published) -> None:
    assert published.status == S.PUBLISHED
    assert published.posting_start == timezone.localdate()
    assert published.posting_days == 30
    assert published.versions.count() == 1
    assert AuditEntry.objects.filter(action="disclosures.publish", object_id=str(published.pk)).exists()


def test_publishing_in_the_past_is_refused_naming_the_rule(officer, draft) -> None:
    with pytest.raises(DomainError) as e:
        services.disclosure_publish(
            actor=officer, disclosure=draft, publish_at=timezone.now() - dt.timedelta(days=2)
        )
    assert e.value.code == "publish_in_past"
    assert "past" in e.value.message or "quá khứ" in e.value.message
    draft.refresh_from_db()
    assert draft.status == S.DRAFT


def test_posting_period_below_the_category_minimum_is_refused(officer, draft) -> None:
    today = timezone.localdate()
    with pytest.raises(DomainError) as e:
        services.disclosure_publish(
            actor=officer, disclosure=draft, posting_start=today, posting_end=today + dt.timedelta(days=9)
        )
    assert e.value.code == "posting_too_short"
    assert "30" in e.value.message and "10/2022/QH15" in e.value.message


def test_minimum_comes_from_settings_per_category(officer, draft, settings) -> None:
    settings.DISCLOSURE_RULES = {"budget_execution": {"min_posting_days": 60}}
    services.disclosure_publish(actor=officer, disclosure=draft)
    draft.refresh_from_db()
    assert draft.posting_days == 60


def test_scheduled_publication_goes_out_when_its_time_comes(officer, draft) -> None:
    when = timezone.now() + dt.timedelta(hours=3)
    services.disclosure_publish(actor=officer, disclosure=draft, publish_at=when)
    draft.refresh_from_db()
    assert draft.status == S.SCHEDULED and draft.published_at is None
    assert not Disclosure.objects.public().filter(pk=draft.pk).exists()
    assert services.publish_due() == 0
    with time_machine.travel(when + dt.timedelta(minutes=1)):
        assert services.publish_due() == 1
    draft.refresh_from_db()
    assert draft.status == S.PUBLISHED


def test_periodic_task_publishes_scheduled_items(officer, draft) -> None:
    from danchu.disclosures import tasks

    when = timezone.now() + dt.timedelta(minutes=10)
    services.disclosure_publish(actor=officer, disclosure=draft, publish_at=when)
    with time_machine.travel(when + dt.timedelta(minutes=1)):
        tasks.publish_scheduled.call_local()
    draft.refresh_from_db()
    assert draft.status == S.PUBLISHED


def test_withdrawing_without_a_reason_is_refused(officer, published) -> None:
    with pytest.raises(DomainError) as e:
        services.disclosure_withdraw(actor=officer, disclosure=published, reason="  ")
    assert e.value.code == "reason_required"
    published.refresh_from_db()
    assert published.status == S.PUBLISHED


def test_withdrawn_item_stays_visible_with_its_reason(officer, published, client) -> None:
    services.disclosure_withdraw(
        actor=officer, disclosure=published, reason="Số liệu bị nhầm, sẽ công khai lại."
    )
    published.refresh_from_db()
    assert published.status == S.WITHDRAWN
    page = client.get(published.get_absolute_url())
    assert page.status_code == 200
    assert "Số liệu bị nhầm" in page.content.decode()
    assert Disclosure.objects.filter(pk=published.pk).exists()  # nothing deleted


def test_correction_makes_a_new_version_and_keeps_the_old_one(officer, published, client) -> None:
    services.disclosure_correct(
        actor=officer,
        disclosure=published,
        title="Báo cáo ngân sách quý I (đính chính)",
        summary="Thu đạt 1.350 triệu đồng.",
        body=published.body,
        note="Sửa số thu",
    )
    published.refresh_from_db()
    assert published.version == 2
    versions = list(DisclosureVersion.objects.filter(disclosure=published).order_by("number"))
    assert [v.number for v in versions] == [1, 2]
    assert versions[0].summary == "Thu ngân sách xã quý I đạt 1.250 triệu đồng."
    old = client.get(versions[0].get_absolute_url())
    assert "1.250 triệu" in old.content.decode()
    current = client.get(published.get_absolute_url()).content.decode()
    assert "1.350 triệu" in current and "Sửa số thu" in current


def test_correction_needs_a_note(officer, published) -> None:
    with pytest.raises(DomainError):
        services.disclosure_correct(
            actor=officer, disclosure=published, title="x", summary="", body="", note=""
        )


def test_published_item_cannot_be_edited_as_a_draft(officer, published) -> None:
    with pytest.raises(DomainError):
        services.disclosure_update(
            actor=officer,
            disclosure=published,
            draft=services.Draft(title="x", summary="", body="", category="budget_execution"),
        )


def test_officer_of_another_commune_cannot_publish(outsider, draft) -> None:
    with pytest.raises(Forbidden):
        services.disclosure_publish(actor=outsider, disclosure=draft)


def test_village_head_and_citizen_cannot_create(village_head, citizen, commune) -> None:
    for person in (village_head, citizen):
        with pytest.raises(Forbidden):
            services.disclosure_create(
                actor=person, place=commune, draft=services.Draft(category="other", title="x")
            )


def test_posting_period_ends_and_item_leaves_the_board(published) -> None:
    later = published.posting_end + dt.timedelta(days=1)
    assert Disclosure.objects.on_board().filter(pk=published.pk).exists()
    assert services.end_expired(on=later) == 1
    published.refresh_from_db()
    assert published.status == S.ENDED
    assert Disclosure.objects.public().filter(pk=published.pk).exists()


def test_unknown_category_is_refused(officer, commune) -> None:
    with pytest.raises(DomainError):
        services.disclosure_create(
            actor=officer, place=commune, draft=services.Draft(category="nope", title="x")
        )


def test_unsafe_html_and_scripts_are_stripped(officer, commune) -> None:
    d = services.disclosure_create(
        actor=officer,
        place=commune,
        draft=services.Draft(
            category="other",
            title="x",
            body="<script>alert(1)</script>Xin chào <img src=x onerror=alert(1)> [a](javascript:alert(1)) **đậm**",
        ),
    )
    assert (
        "<script" not in d.body_html and "<img" not in d.body_html and 'href="javascript' not in d.body_html
    )
    assert "<strong>đậm</strong>" in d.body_html


def test_document_references_become_links_to_the_registry(published, client) -> None:
    symbols = {c.document.symbol: c for c in published.citations.select_related("document")}
    # The text cites the decision; the category's legal basis cites the law and the circular.
    assert set(symbols) == {"3162/QĐ-UBND", "10/2022/QH15", "343/2016/TT-BTC"}
    citation = symbols["3162/QĐ-UBND"]
    assert f'href="{citation.document.get_absolute_url()}"' in published.body_html
    page = client.get(citation.document.get_absolute_url()).content.decode()
    assert published.title in page


def test_another_module_publishes_minutes_with_their_file_in_one_call(officer, commune, village) -> None:
    import io

    pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    d = services.disclosure_publish_from_module(
        actor=officer,
        item=services.FromModule(
            place=commune,
            category="other",
            title="Biên bản họp thôn ngày 12/11/2026",
            summary="Thôn thống nhất mức đóng góp làm đường 200.000 đồng/hộ.",
            villages=[village],
            files=[services.Upload(io.BytesIO(pdf), "bien-ban.pdf", len(pdf))],
            source="meetings.meeting:42",
        ),
    )
    assert d.status == Disclosure.Status.PUBLISHED and d.attachments.get().name == "bien-ban.pdf"
    assert list(d.villages.all()) == [village]
    assert AuditEntry.objects.filter(
        action="disclosures.from_module", after__source="meetings.meeting:42"
    ).exists()


def test_a_refused_file_publishes_nothing_from_another_module(officer, commune) -> None:
    import io

    before = Disclosure.objects.count()
    with pytest.raises(DomainError):
        services.disclosure_publish_from_module(
            actor=officer,
            item=services.FromModule(
                place=commune,
                category="other",
                title="Kết quả lấy ý kiến",
                files=[services.Upload(io.BytesIO(b"MZ\x90\x00"), "ket-qua.pdf", 4)],
            ),
        )
    assert Disclosure.objects.count() == before
