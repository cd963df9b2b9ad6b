"""What an SMS says (channels.sms.sms_text): a Vietnamese notification written with diacritics is
UCS-2 on the air, 70 characters a part; the disclosure notice of the demo (subject, the title again,
its summary, the link) went out as five parts. Now it is one line without diacritics, said once, cut
at a word to NOTIFY_SMS_MAX_PARTS parts, the link whole."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from danchu.accounts.channels.sms import is_gsm, sms_length, sms_parts, sms_text
from danchu.accounts.models import OutboxMessage
from danchu.accounts.notify import notify_address

LINK = "https://danchu.daklak.gov.vn/disclosures/d/42/"
TITLE = "Lấy ý kiến Nhân dân: Dự thảo Quy chế thực hiện dân chủ ở xã Krông Pắc"
SUBJECT = f"Thông tin công khai mới của Xã Krông Pắc: {TITLE}"
BODY = f"{TITLE}\n\nUBND xã lấy ý kiến Nhân dân theo Luật Thực hiện dân chủ ở cơ sở.\n\n{LINK}"


def test_a_disclosure_notice_goes_out_in_two_parts_not_five() -> None:
    before = f"{SUBJECT}: {BODY}"  # what the gateway was given
    assert sms_parts(before) == 5
    text = sms_text(SUBJECT, BODY, unicode=False, max_parts=2)
    assert text == (
        "Thong tin cong khai moi cua Xa Krong Pac: Lay y kien Nhan dan: Du thao Quy che thuc hien dan chu"
        " o xa Krong Pac: UBND xa lay y kien Nhan dan theo Luat Thuc hien dan chu o co so. " + LINK
    )
    assert is_gsm(text) and sms_parts(text) == 2


def test_one_part_cuts_the_text_at_a_word_and_keeps_the_link_whole() -> None:
    text = sms_text(SUBJECT, BODY, unicode=False, max_parts=1)
    assert text.endswith("... " + LINK) and sms_length(text) <= 160
    assert text.startswith("Thong tin cong khai moi cua Xa Krong Pac: Lay y kien")
    kept = text.removesuffix("... " + LINK)
    assert kept == kept.rstrip() and not kept.endswith((" ", ","))
    assert "Krong Pac: Lay y kien Nhan dan: Du thao" in kept  # words, not a word's half
    assert all(word in sms_text(SUBJECT, BODY, unicode=False, max_parts=3).split() for word in kept.split())


def test_with_diacritics_when_the_operator_pays_for_them() -> None:
    text = sms_text(SUBJECT, BODY, unicode=True, max_parts=2)
    assert text.startswith("Thông tin công khai mới của Xã Krông Pắc") and text.endswith("… " + LINK)
    assert not is_gsm(text) and sms_parts(text) == 2 and sms_length(text) <= 2 * 67


def test_a_code_is_never_cut_and_the_subject_is_not_said_twice() -> None:
    body = "Ma xac minh danchu: 123456. Co hieu luc 10 phut. Khong chia se ma nay."
    assert sms_text("", body, unicode=False, max_parts=1) == body
    assert sms_text("Mã xác minh danchu", body, unicode=False, max_parts=1) == body


def test_a_digest_keeps_every_link_after_its_item_and_is_never_cut() -> None:
    items = "\n\n".join(f"• Thông báo số {n} về việc họp thôn\n{LINK}{n}/" for n in range(6))
    text = sms_text("Tin trong ngày: 6 tin", items, unicode=False, max_parts=1)
    assert sms_parts(text) > 1
    assert all(
        text.index(f"so {n} ") < text.index(f"{LINK}{n}/") < text.index(f"so {n + 1} ") for n in range(5)
    )


def test_without_a_link_of_its_own_nothing_is_cut() -> None:
    answer = "Trả lời: " + "UBND xã đã kiểm tra và sửa đoạn đường. " * 10
    assert sms_text("Phản ánh PA-2026-0001", answer, unicode=True, max_parts=1).endswith("sửa đoạn đường.")
    inline = f"danchu: dang nhap tai {LINK} bang 0905 111 222 va mat khau 1a2b-3c4d-5e6f, roi doi mat khau."
    assert sms_text("", inline + " " * 400, unicode=False, max_parts=1) == inline


def test_counting_follows_gsm_03_38() -> None:
    assert (sms_parts("a" * 160), sms_parts("a" * 161), sms_parts("a" * 306), sms_parts("a" * 307)) == (
        1,
        2,
        2,
        3,
    )
    assert sms_length("{[]}") == 8 and sms_parts("{" * 80) == 1 and sms_parts("{" * 81) == 2
    assert (sms_parts("ư" * 70), sms_parts("ư" * 71), sms_parts("ư" * 134), sms_parts("ư" * 135)) == (
        1,
        2,
        2,
        3,
    )
    assert sms_length("😀") == 2  # two UTF-16 units
    assert is_gsm(sms_text("Trường `mầm non`", "", unicode=False))  # the backtick is in no GSM table


@hsettings(max_examples=150, deadline=None)
@given(
    subject=st.text(max_size=300),
    prose=st.text(max_size=900),
    unicode=st.booleans(),
    parts=st.integers(min_value=1, max_value=4),
)
def test_any_text_fits_its_parts_and_keeps_its_link(
    subject: str, prose: str, unicode: bool, parts: int
) -> None:
    text = sms_text(subject, f"{prose}\n{LINK}", unicode=unicode, max_parts=parts)
    assert text.endswith(LINK)
    assert sms_parts(text) <= parts
    if not unicode:
        assert is_gsm(text)


@pytest.mark.django_db
def test_the_outbox_holds_the_sms_an_operator_relay_sends(settings: Any) -> None:
    settings.SITE_URL = "https://danchu.daklak.gov.vn"
    notify_address(
        "sms", "0912 345 678", subject=SUBJECT, body=BODY.removesuffix(LINK).rstrip(), url="/d/42/"
    )
    message = OutboxMessage.objects.get(channel="sms")
    assert (
        message.body.startswith("Thong tin cong khai moi cua Xa Krong Pac") and sms_parts(message.body) == 2
    )
    assert message.body.endswith(" https://danchu.daklak.gov.vn/d/42/")
