"""Opinion maps: statement numbers, moderation that holds on every public path, forms that say why."""

from __future__ import annotations

import pytest
from django.urls import reverse

from danchu.consultations.models import Conversation, Statement
from danchu.consultations.services import opinions as svc

from .test_opinion_maps import simulate

pytestmark = pytest.mark.django_db


@pytest.fixture
def conversation(commune, officer):
    return svc.conversation_create(actor=officer, place=commune, topic="Sắp xếp chợ tạm của xã")


def test_second_statement_takes_the_next_number(conversation, citizen):
    """`(max or -1) + 1` gave 0 again after statement 0: the second statement of every map was a 500."""
    first = svc.statement_submit(
        actor=citizen, conversation=conversation, text_="Dời chợ vào sân nhà văn hóa."
    )
    second = svc.statement_submit(actor=citizen, conversation=conversation, text_="Giữ chợ ở chỗ cũ.")
    assert (first.number, second.number) == (0, 1)


def test_second_statement_through_the_page(browser_as, conversation, citizen):
    browser = browser_as(citizen)
    url = reverse("consultations:map_statement", args=[conversation.pk])
    for text in ("Dời chợ vào sân nhà văn hóa.", "Giữ chợ ở chỗ cũ."):
        assert browser.post_form(url, {"text": text}).status_code == 302
    assert list(conversation.statements.values_list("number", flat=True)) == [0, 1]


def _rejected_after_compute(conversation: Conversation, officer) -> Statement:  # noqa: ANN001
    simulate(conversation)
    svc.map_compute(conversation=conversation)
    shown = {r["statement"] for g in conversation.result["groups"] for r in g["representative"]}
    shown |= {c["statement"] for c in conversation.result["consensus"]}
    st = conversation.statements.get(number=min(shown))
    Statement.objects.filter(pk=st.pk).update(text="Số điện thoại của ông Y là 0912 345 678")
    st.refresh_from_db()
    svc.statement_moderate(actor=officer, statement=st, accept=False, reason="Nêu thông tin cá nhân.")
    return st


def test_a_statement_rejected_after_the_computation_leaves_the_public_map(client, conversation, officer):
    """The stored result still named the statement; data.json looked its text up among all statements."""
    st = _rejected_after_compute(conversation, officer)
    data = client.get(reverse("consultations:map_data", args=[conversation.pk])).json()
    statements = {r["statement"] for g in data["groups"] for r in g["representative"]}
    statements |= {c["statement"] for c in data["consensus"]}
    assert st.number not in statements
    assert "0912 345 678" not in str(data)


def test_public_exports_hold_only_accepted_statements(client, client_as, conversation, officer, citizen):
    """The Pol.is exports are public: they published statements awaiting moderation and rejected ones."""
    st = _rejected_after_compute(conversation, officer)
    pending = svc.statement_submit(
        actor=citizen, conversation=conversation, text_="Chưa duyệt: nội dung riêng"
    )
    for name in ("comments", "votes", "participants-votes"):
        url = reverse("consultations:map_export", args=[conversation.pk, name])
        public = client.get(url).content.decode()
        assert "0912 345 678" not in public and "Chưa duyệt" not in public
        staff = client_as(officer).get(url).content.decode()
        assert staff != public  # the unit's staff export everything, for a faithful Pol.is copy
    comments = client.get(reverse("consultations:map_export", args=[conversation.pk, "comments"]))
    numbers = {line.split(",")[2] for line in comments.content.decode().splitlines()[1:]}
    assert str(st.number) not in numbers and str(pending.number) not in numbers


def test_map_forms_say_what_is_wrong(browser_as, conversation, officer, citizen):
    """A blank topic or a bad vote answered a bare 404."""
    maps = "http://testserver" + reverse("consultations:maps")
    r = browser_as(officer).post_form(
        reverse("consultations:map_create"), {"topic": "   "}, follow=True, HTTP_REFERER=maps
    )
    page = r.content.decode()
    assert "Topic: This field is required." in page or "Chủ đề: Trường này là bắt buộc." in page
    assert Conversation.objects.count() == 1
    page = "http://testserver" + reverse("consultations:map", args=[conversation.pk])
    r = browser_as(citizen).post_form(
        reverse("consultations:map_vote", args=[conversation.pk]),
        {"statement": "0", "value": "7"},
        follow=True,
        HTTP_REFERER=page,
    )
    page = r.content.decode()
    assert "7 is not one of the available choices" in page or "7 không phải là một trong" in page


def test_rejection_needs_a_reason_kept_in_the_audit(conversation, officer, citizen):
    from danchu.core.errors import DomainError
    from danchu.core.models import AuditEntry

    st = svc.statement_submit(actor=citizen, conversation=conversation, text_="Ông trưởng thôn ăn chặn tiền.")
    with pytest.raises(DomainError) as refused:
        svc.statement_moderate(actor=officer, statement=st, accept=False, reason="  ")
    assert refused.value.code == "required"
    st.refresh_from_db()
    assert st.status == Statement.Status.PENDING
    svc.statement_moderate(actor=officer, statement=st, accept=False, reason="Tố cáo: gửi qua đơn thư.")
    entry = AuditEntry.objects.filter(action="consultations.statement_moderate").get()
    assert "Tố cáo: gửi qua đơn thư." in str(entry.after)


def test_a_moderation_sent_twice_is_refused_and_logged_once(browser_as, conversation, officer, citizen):
    from danchu.core.models import AuditEntry

    st = svc.statement_submit(actor=citizen, conversation=conversation, text_="Dời chợ vào sân nhà văn hóa.")
    browser = browser_as(officer)
    url = reverse("consultations:map_moderate", args=[conversation.pk, st.pk])
    page = "http://testserver" + reverse("consultations:map", args=[conversation.pk])
    assert browser.post_form(url, {"accept": "1"}, HTTP_REFERER=page).status_code == 302
    again = browser.post_form(url, {"accept": "1"}, HTTP_REFERER=page, follow=True)
    assert "already accepted" in again.content.decode() or "đã ở trạng thái" in again.content.decode()
    assert AuditEntry.objects.filter(action="consultations.statement_moderate").count() == 1
