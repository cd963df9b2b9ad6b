"""What a citizen is told about their case is in the language they chose, not in the language of the
officer who moved it (an officer may read the site in English; the citizen chose Vietnamese, or the
other way round). Someone without an account, known only by an address, is written to in Vietnamese."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.utils import translation

from danchu.accounts.models import OutboxMessage
from danchu.accounts.tests.factories import UserFactory
from danchu.cases import services

from .conftest import denunciation_in

pytestmark = pytest.mark.django_db


def _sms_to(person: Any) -> list[str]:
    return [f"{m.subject}|{m.body}" for m in OutboxMessage.objects.filter(person=person).order_by("pk")]


def test_each_submitter_reads_the_news_of_their_case_in_their_own_language(
    file_case: Any, officer: Any
) -> None:
    vi = UserFactory(notify_channel="sms", phone="+84912000001", language="vi", full_name="Lê Thị Hoa")
    en = UserFactory(notify_channel="sms", phone="+84912000002", language="en", full_name="Trần Văn An")
    by_address = services.Identity(name="Phạm Văn Bình", email="binh@example.vn")
    cases = [
        file_case(submitter=vi, anonymous=False),
        file_case(submitter=en, anonymous=False),
        file_case(identity=by_address, anonymous=False),
    ]
    OutboxMessage.objects.all().delete()
    mail.outbox.clear()
    with translation.override("en"):  # the officer reads the site in English
        for case in cases:
            services.case_accept(case=case, by=officer)
    (vi_msg,) = _sms_to(vi)
    (en_msg,) = _sms_to(en)
    # (an SMS is sent without diacritics: channels.sms.sms_text)
    assert f"Đơn {cases[0].tracking_code}: " in vi_msg and "Han tra loi: " in vi_msg, vi_msg
    assert f"Case {cases[1].tracking_code}: " in en_msg and "Answer due by " in en_msg, en_msg
    (by_mail,) = [m for m in mail.outbox if "binh@example.vn" in m.to]
    assert by_mail.subject.startswith(f"Đơn {cases[2].tracking_code}: "), by_mail.subject
    assert "Hạn trả lời: " in by_mail.body


def test_an_officer_reading_in_vietnamese_writes_to_an_english_reader_in_english(
    file_case: Any, officer: Any
) -> None:
    en = UserFactory(notify_channel="sms", phone="+84912000003", language="en")
    case = file_case(submitter=en, anonymous=False)
    OutboxMessage.objects.all().delete()
    with translation.override("vi"):
        services.case_accept(case=case, by=officer)
    (msg,) = _sms_to(en)
    assert f"Case {case.tracking_code}: " in msg and "Đơn" not in msg, msg


def test_the_case_timeline_is_recorded_in_vietnamese_whatever_language_the_officer_reads(
    file_case: Any, officer: Any, other_commune: Any
) -> None:
    """The timeline is the case's record, shown to the citizen on the tracking page."""
    case = file_case()
    with translation.override("en"):
        services.case_transfer(case=case, by=officer, to_unit=other_commune, reason="Đúng thẩm quyền")
    note = case.events.get(action="transfer").note
    assert note.startswith(f"Đã chuyển đến {other_commune.name}: "), note


def test_an_extension_is_recorded_in_vietnamese_with_its_basis(file_case: Any, officer: Any) -> None:
    """Its legal basis, where the law sets none, is the platform's period said in words: in Vietnamese
    too, not half of the note in the officer's language."""
    case = file_case(recorded_by=officer)
    with translation.override("en"):
        services.case_accept(case=case, by=officer)
        services.case_extend(case=case, by=officer, reason="Cần khảo sát hiện trường")
    note = case.events.get(action="extend").note
    assert note.startswith("Gia hạn 15 ngày (thời hạn do hệ thống quy định"), note
    assert case.extensions.get().legal_basis.startswith("thời hạn do hệ thống quy định")


def test_someone_without_an_account_reads_their_case_news_in_the_language_they_filed_in(
    file_case: Any, officer: Any
) -> None:
    """Filed from the English page: the receipt and the news in English, whoever moves the case; typed
    up by an officer for a walk-in: in Vietnamese."""
    with translation.override("en"):
        online = file_case(
            identity=services.Identity(name="Jane Doe", email="jane@example.vn"), anonymous=False
        )
    walk_in = file_case(
        identity=services.Identity(name="Phạm Văn Bình", email="binh2@example.vn"),
        anonymous=False,
        recorded_by=officer,
    )
    assert (online.submitter_language, walk_in.submitter_language) == ("en", "")
    with translation.override("vi"):  # the officer reads the site in Vietnamese
        services.case_accept(case=online, by=officer)
    with translation.override("en"):  # and this one in English
        services.case_accept(case=walk_in, by=officer)
    to_jane = [m.subject for m in mail.outbox if "jane@example.vn" in m.to]
    to_binh = [m.subject for m in mail.outbox if "binh2@example.vn" in m.to]
    assert to_jane == [
        f"Your case {online.tracking_code} was received",
        f"Case {online.tracking_code}: accepted",
    ]
    assert to_binh[-1] == f"Đơn {walk_in.tracking_code}: đã thụ lý", to_binh


def test_a_denouncer_is_written_to_in_the_language_they_filed_in_sealed_with_their_identity(
    village: Any, citizen: Any, chairman: Any
) -> None:
    from danchu.cases.models import Case
    from danchu.cases.vault import unseal

    type(citizen).objects.filter(pk=citizen.pk).update(email="to-cao@example.vn")
    citizen.refresh_from_db()
    with translation.override("en"):  # filed from the English page
        case = denunciation_in(village, citizen)
    case = Case.objects.get(pk=case.pk)
    assert case.submitter_language == "" and unseal(case.vault.ciphertext)["language"] == "en"
    mail.outbox.clear()
    with translation.override("vi"):
        services.case_accept(case=case, by=chairman)
    (message,) = [m for m in mail.outbox if "to-cao@example.vn" in m.to]
    assert message.subject == f"Case {case.tracking_code}: accepted", message.subject
