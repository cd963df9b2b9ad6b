"""Notifications reach people by their channel: e-mail through a real SMTP server, SMS and Zalo
through the outbox backend."""

from __future__ import annotations

import email
import socket
from email.header import decode_header, make_header
from typing import Any

import pytest

from danchu.accounts.models import OutboxMessage
from danchu.accounts.notify import notify, notify_address
from danchu.accounts.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


class Inbox:
    def __init__(self) -> None:
        self.messages: list[Any] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.messages.append(email.message_from_bytes(envelope.content))
        return "250 OK"


@pytest.fixture
def smtp(settings: Any) -> Any:
    from aiosmtpd.controller import Controller

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    yield inbox
    controller.stop()


def subject_of(message: Any) -> str:
    return str(make_header(decode_header(message["Subject"])))


def test_email_reaches_a_real_smtp_server_with_a_vietnamese_subject(smtp: Inbox) -> None:
    person = UserFactory(email="hoa@example.vn", notify_channel="email")
    assert notify(person, subject="Hồ sơ của bạn đã được tiếp nhận", body="Mã theo dõi: DC-2026-0001")
    [message] = smtp.messages
    assert message["To"] == "hoa@example.vn"
    assert subject_of(message) == "Hồ sơ của bạn đã được tiếp nhận"
    assert "DC-2026-0001" in message.get_payload(decode=True).decode()


def test_sms_and_zalo_land_in_the_outbox(settings: Any) -> None:
    person = UserFactory(phone="+84912345678", notify_channel="sms")
    notify(person, subject="Thông báo", body="Lịch họp thôn ngày 12/01")
    notify(person, subject="Thông báo", body="Qua Zalo", channel="zalo")
    rows = {m.channel: m for m in OutboxMessage.objects.all()}
    assert rows["sms"].recipient == "+84912345678" and rows["sms"].person == person
    assert rows["zalo"].body == "Qua Zalo"


def test_channel_none_sends_nothing(smtp: Inbox) -> None:
    person = UserFactory(notify_channel="none")
    assert notify(person, subject="x", body="y") is False
    assert not smtp.messages and not OutboxMessage.objects.exists()


def test_people_without_an_account_are_notified_at_an_address() -> None:
    notify_address("sms", "0912 345 678", subject="", body="Mã theo dõi DC-1")
    assert OutboxMessage.objects.get().recipient == "+84912345678"


def test_the_sms_backend_is_pluggable(settings: Any) -> None:
    settings.NOTIFY_SMS_BACKEND = "danchu.accounts.tests.test_notify.RecordingBackend"
    RecordingBackend.sent.clear()
    notify(UserFactory(notify_channel="sms"), subject="s", body="b")
    assert RecordingBackend.sent == ["b"]
    assert not OutboxMessage.objects.exists()


def test_lazy_texts_are_rendered_in_the_recipients_language() -> None:
    from django.utils.translation import gettext_lazy

    person = UserFactory(notify_channel="sms", language="en")
    notify(person, subject=gettext_lazy("Household link"), body=gettext_lazy("Household link"))
    assert OutboxMessage.objects.get().body == "Household link"


class RecordingBackend:
    sent: list[str] = []

    def send(self, *, channel: str, recipient: str, subject: str, body: str, person_id: int | None) -> None:
        self.sent.append(body)
