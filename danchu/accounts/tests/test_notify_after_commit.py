"""Notifications are queued after commit, in the recipient's language, only when there is someone to
send to; without a mail server, mail lands in the outbox and never in the log (issue #9, item 5)."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.mail import send_mail
from django.db import transaction

from danchu.accounts import tasks
from danchu.accounts.models import OutboxMessage
from danchu.accounts.notify import notify, notify_address
from danchu.accounts.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def queued(monkeypatch: Any) -> list[tuple[Any, ...]]:
    """Jobs handed to the queue, with Huey running as in production (not immediately)."""
    from huey.contrib.djhuey import HUEY

    jobs: list[tuple[Any, ...]] = []
    monkeypatch.setattr(HUEY, "immediate", False)
    monkeypatch.setattr(tasks, "deliver", lambda *args: jobs.append(args))
    return jobs


def test_a_notification_is_queued_only_once_the_change_is_committed(
    queued: list[Any], django_capture_on_commit_callbacks: Any
) -> None:
    person = UserFactory(phone="+84912345678", notify_channel="sms", language="en")
    with django_capture_on_commit_callbacks(execute=True):
        assert notify(person, subject="Đã tiếp nhận", body="Mã DC-1")
        assert queued == []  # not before the commit
    assert [job[:2] for job in queued] == [("sms", "+84912345678")]


def test_a_notification_for_a_rolled_back_change_is_never_queued(
    queued: list[Any], django_capture_on_commit_callbacks: Any
) -> None:
    person = UserFactory(phone="+84912345678", notify_channel="sms")
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(RuntimeError), transaction.atomic():
            notify(person, subject="Đã tiếp nhận", body="Mã DC-1")
            raise RuntimeError("the change failed")
    assert queued == []


def test_the_message_is_written_in_the_recipients_language(
    queued: list[Any], django_capture_on_commit_callbacks: Any
) -> None:
    from django.utils.translation import gettext_lazy as _

    person = UserFactory(phone="+84912345678", notify_channel="sms", language="en")
    with django_capture_on_commit_callbacks(execute=True):
        notify(person, subject=_("People and roles"), body="…")
    assert queued[0][2] == "People and roles"


@pytest.mark.parametrize(
    ("channel", "address"),
    [
        ("sms", ""),
        ("sms", "không phải số"),
        ("email", ""),
        ("email", "nobody@example.invalid"),
        ("none", "x"),
    ],
)
def test_nothing_is_queued_when_there_is_no_one_to_send_to(
    queued: list[Any], django_capture_on_commit_callbacks: Any, channel: str, address: str
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        assert notify_address(channel, address, subject="Mã theo dõi", body="DC-1") is False
        assert (
            notify(UserFactory(phone=None, email="a@b.vn", notify_channel="sms"), subject="x", body="y")
            is False
        )
    assert queued == []


def test_without_a_mail_server_mail_goes_to_the_outbox_and_not_the_log(settings: Any, capsys: Any) -> None:
    settings.EMAIL_BACKEND = "danchu.accounts.mail.OutboxEmailBackend"
    send_mail("Mã theo dõi đơn tố cáo", "Mã: TC-2026-0042", None, ["nguoi.to.cao@example.vn"])
    message = OutboxMessage.objects.get()
    assert (message.channel, message.recipient) == ("email", "nguoi.to.cao@example.vn")
    out, err = capsys.readouterr()
    assert "nguoi.to.cao" not in out + err and "TC-2026-0042" not in out + err
