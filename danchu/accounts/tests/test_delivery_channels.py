"""SMS and Zalo through real HTTP gateways (a fake one the test starts): what is sent, what is
recorded, retries with back-off, permanent refusals, and the daily digest."""

from __future__ import annotations

import datetime as dt
import socket
from collections.abc import Iterator
from typing import Any

import pytest
from django.utils import timezone

from danchu.accounts.delivery import retry_due, send_digests
from danchu.accounts.models import Delivery, OutboxMessage
from danchu.accounts.notify import notify, notify_address
from danchu.accounts.tests.factories import UserFactory
from danchu.accounts.tests.gateway import FakeGateway

pytestmark = pytest.mark.django_db
S = Delivery.Status


@pytest.fixture
def sms(settings: Any) -> Iterator[FakeGateway]:
    with FakeGateway() as gw:
        settings.NOTIFY_SMS_BACKEND = "danchu.accounts.channels.sms.HttpSmsBackend"
        settings.NOTIFY_SMS_PROVIDER = "generic"
        settings.NOTIFY_SMS_URL = gw.url + "/send"
        settings.NOTIFY_SMS_TOKEN = "tok-123"
        settings.NOTIFY_SMS_SENDER = "UBND-XA"
        settings.SITE_URL = "https://danchu.daklak.gov.vn"
        settings.NOTIFY_GATEWAY_TIMEOUT = 2
        yield gw


@pytest.fixture
def zalo(settings: Any) -> Iterator[FakeGateway]:
    with FakeGateway() as gw:
        settings.NOTIFY_ZALO_BACKEND = "danchu.accounts.channels.zalo.ZnsBackend"
        settings.NOTIFY_ZALO_URL = gw.url + "/message/template"
        settings.NOTIFY_ZALO_ACCESS_TOKEN = "zalo-oa-token"
        settings.NOTIFY_ZALO_TEMPLATE_ID = "301234"
        gw.default = (200, {"error": 0, "message": "Success", "data": {"msg_id": "z-77"}})
        yield gw


def citizen(**kw: Any) -> Any:
    return UserFactory(phone="+84912345678", notify_channel="sms", **kw)


def test_an_sms_reaches_the_gateway_with_an_absolute_link_and_is_recorded(sms: FakeGateway) -> None:
    assert notify(
        citizen(), subject="Phản ánh đã được tiếp nhận", body="Mã: PA-2026-0001", url="/theo-doi/PA"
    )
    [req] = sms.requests
    assert req["headers"]["authorization"] == "Bearer tok-123"
    assert req["json"]["to"] == "+84912345678"
    assert req["json"]["sender"] == "UBND-XA"
    # Without diacritics by default (NOTIFY_SMS_UNICODE): one GSM-7 part, not three UCS-2 parts.
    assert req["json"]["text"].startswith("Phan anh da duoc tiep nhan: Ma: PA-2026-0001 ")
    assert "https://danchu.daklak.gov.vn/theo-doi/PA" in req["json"]["text"]
    [d] = Delivery.objects.all()
    assert (d.status, d.provider_id, d.attempts) == (S.SENT, "msg-1", 1)
    assert not OutboxMessage.objects.exists()


def test_esms_preset_speaks_esms(sms: FakeGateway, settings: Any) -> None:
    settings.NOTIFY_SMS_PROVIDER = "esms"
    settings.NOTIFY_SMS_SECRET = "sec"
    sms.default = (200, {"CodeResult": "100", "SMSID": "e-9"})
    notify_address("sms", "0912 345 678", subject="Họp thôn", body="19h tối nay tại nhà văn hóa")
    payload = sms.requests[0]["json"]
    assert (
        payload["Phone"] == "0912345678" and payload["ApiKey"] == "tok-123" and payload["SecretKey"] == "sec"
    )
    assert payload["Brandname"] == "UBND-XA"
    assert (payload["Content"], payload["IsUnicode"]) == ("Hop thon: 19h toi nay tai nha van hoa", "0")
    assert Delivery.objects.get().provider_id == "e-9"


def test_esms_is_told_when_the_text_keeps_its_diacritics(sms: FakeGateway, settings: Any) -> None:
    settings.NOTIFY_SMS_PROVIDER, settings.NOTIFY_SMS_UNICODE = "esms", True
    sms.default = (200, {"CodeResult": "100", "SMSID": "e-10"})
    notify_address("sms", "0912 345 678", subject="Họp thôn", body="19h tối nay tại nhà văn hóa")
    payload = sms.requests[0]["json"]
    assert (payload["Content"], payload["IsUnicode"]) == ("Họp thôn: 19h tối nay tại nhà văn hóa", "1")


def test_esms_error_code_is_retried(sms: FakeGateway, settings: Any) -> None:
    settings.NOTIFY_SMS_PROVIDER = "esms"
    sms.default = (200, {"CodeResult": "99", "ErrorMessage": "Lỗi không xác định"})
    notify_address("sms", "0912345678", subject="x", body="y")
    d = Delivery.objects.get()
    assert d.status == S.RETRYING and "99" in d.last_error


def test_a_gateway_that_fails_is_retried_with_back_off_then_succeeds(sms: FakeGateway) -> None:
    sms.answers = [(503, {"error": "busy"})]
    notify(citizen(), subject="Lịch tiếp công dân", body="Thứ Năm, 8h")
    d = Delivery.objects.get()
    assert d.status == S.RETRYING and d.attempts == 1 and "503" in d.last_error
    wait = (d.next_attempt_at - timezone.now()).total_seconds()
    assert 50 < wait <= 60  # the first delay of NOTIFY_RETRY_DELAYS
    assert retry_due() == 0  # not due yet: nothing sent again
    assert len(sms.requests) == 1
    assert retry_due(now=timezone.now() + dt.timedelta(seconds=61)) == 1
    d.refresh_from_db()
    assert (d.status, d.attempts, d.provider_id, d.last_error) == (S.SENT, 2, "msg-1", "")
    assert len(sms.requests) == 2


def test_a_refusal_is_not_retried(sms: FakeGateway) -> None:
    sms.default = (400, {"error": "invalid number"})
    notify(citizen(), subject="x", body="y")
    d = Delivery.objects.get()
    assert d.status == S.FAILED and d.next_attempt_at is None and "400" in d.last_error


def test_a_gateway_that_is_down_is_retried_until_the_delays_run_out(sms: FakeGateway, settings: Any) -> None:
    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        settings.NOTIFY_SMS_URL = f"http://127.0.0.1:{s.getsockname()[1]}/send"
    settings.NOTIFY_RETRY_DELAYS = "60,300"
    notify(citizen(), subject="x", body="y")
    later = timezone.now()
    for expected in (S.RETRYING, S.FAILED):
        later += dt.timedelta(hours=1)
        assert retry_due(now=later) == 1
        assert Delivery.objects.get().status == expected
    d = Delivery.objects.get()
    assert d.attempts == 3 and "unreachable" in d.last_error
    assert retry_due(now=later + dt.timedelta(days=1)) == 0


def test_a_gateway_slower_than_the_timeout_counts_as_a_failure(sms: FakeGateway, settings: Any) -> None:
    settings.NOTIFY_GATEWAY_TIMEOUT = 0.3
    sms.delay = 1.0
    notify(citizen(), subject="x", body="y")
    assert Delivery.objects.get().status == S.RETRYING


def test_zalo_zns_sends_the_template_and_records_the_message_id(zalo: FakeGateway) -> None:
    person = UserFactory(phone="+84987654321", notify_channel="zalo")
    notify(person, subject="Thông báo họp thôn", body="Họp bàn làm đường bê tông, 19h thứ Sáu")
    [req] = zalo.requests
    assert req["headers"]["access_token"] == "zalo-oa-token"
    assert req["json"]["phone"] == "84987654321"
    assert req["json"]["template_id"] == "301234"
    assert req["json"]["template_data"] == {
        "title": "Thông báo họp thôn",
        "content": "Họp bàn làm đường bê tông, 19h thứ Sáu",
    }
    assert Delivery.objects.get().provider_id == "z-77"


def test_zalo_recipient_without_an_account_fails_for_good(zalo: FakeGateway) -> None:
    zalo.default = (200, {"error": -118, "message": "Zalo account not existed"})
    notify(UserFactory(phone="+84987654321", notify_channel="zalo"), subject="x", body="y")
    d = Delivery.objects.get()
    assert d.status == S.FAILED and "-118" in d.last_error


def test_zalo_expired_token_is_retried(zalo: FakeGateway) -> None:
    zalo.default = (200, {"error": -124, "message": "Access token invalid"})
    notify(UserFactory(phone="+84987654321", notify_channel="zalo"), subject="x", body="y")
    assert Delivery.objects.get().status == S.RETRYING


def test_the_daily_digest_holds_messages_and_sends_one(sms: FakeGateway) -> None:
    person = citizen(notify_digest=True)
    other = UserFactory(phone="+84911111111", notify_channel="sms")
    assert notify(
        person, subject="Công khai dự toán 2027", body="Xã Ea Kly đã công khai", url="/cong-khai/1/"
    )
    assert notify(person, subject="Họp thôn 3", body="Thôn 3 họp ngày 5/12")
    assert notify(other, subject="Riêng", body="Không gộp")
    assert [r["json"]["to"] for r in sms.requests] == ["+84911111111"]  # only the one without a digest
    assert Delivery.objects.filter(status=S.HELD).count() == 2
    assert notify(person, subject="Mã xác minh", body="123456", immediate=True)  # what cannot wait
    assert len(sms.requests) == 2
    assert send_digests() == 1
    digest = sms.requests[-1]["json"]
    assert digest["to"] == "+84912345678"
    # Never cut, each item's link after the item (sms_text), without diacritics.
    text = digest["text"]
    assert text.index("Cong khai du toan 2027") < text.index("https://danchu.daklak.gov.vn/cong-khai/1/")
    assert text.index("https://danchu.daklak.gov.vn/cong-khai/1/") < text.index("Hop thon 3")
    assert "Thon 3 hop ngay 5/12" in text and text.endswith("/me/notifications/")
    assert not Delivery.objects.filter(status=S.HELD).exists()
    assert send_digests() == 0


def test_the_digest_preference_is_set_on_the_page_through_csrf(browser_as: Any) -> None:
    from danchu.core.models import AuditEntry

    person = citizen()
    client = browser_as(person)
    response = client.post_form(
        "/me/notifications/", {"notify_channel": "sms", "language": "vi", "notify_digest": "on"}
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.notify_digest is True
    assert AuditEntry.objects.filter(action="accounts.preferences_update").exists()


def test_the_outbox_stays_the_default_and_records_no_delivery() -> None:
    notify(citizen(), subject="x", body="y")
    assert OutboxMessage.objects.count() == 1 and not Delivery.objects.exists()
