"""A repeated Idempotency-Key gets the first answer; nothing is created twice (issue #9, item 6)."""

from __future__ import annotations

import json
import threading
import uuid
from typing import Any

import pytest
from django.db import connection, connections
from django.test import Client

from danchu.core.models import AuditEntry, IdempotencyRecord

from .idempotency_urls import ACTION

pytestmark = [pytest.mark.urls("danchu.core.tests.idempotency_urls")]
URL = "/api/v1/test/things"


def created() -> int:
    return AuditEntry.objects.filter(action=ACTION).count()


def post(client: Client, body: dict[str, Any], key: str | None = None, url: str = URL, **extra: Any) -> Any:
    if key is not None:
        extra["HTTP_IDEMPOTENCY_KEY"] = key
    return client.post(url, json.dumps(body), content_type="application/json", **extra)


@pytest.mark.django_db
def test_repeated_key_returns_the_first_response_and_creates_once() -> None:
    client, key = Client(), str(uuid.uuid4())
    first = post(client, {"name": "Đơn của bà Hoa"}, key)
    second = post(client, {"name": "Đơn của bà Hoa"}, key)
    assert first.status_code == second.status_code == 200
    assert second.json() == first.json()
    assert second["Idempotent-Replayed"] == "true"
    assert "Idempotent-Replayed" not in first
    assert created() == 1


@pytest.mark.django_db
def test_without_a_key_every_post_creates() -> None:
    client = Client()
    post(client, {"name": "Một"})
    post(client, {"name": "Một"})
    assert created() == 2


@pytest.mark.django_db
def test_key_reused_for_a_different_body_is_refused_with_422() -> None:
    client, key = Client(), str(uuid.uuid4())
    post(client, {"name": "Một"}, key)
    response = post(client, {"name": "Hai"}, key)
    assert response.status_code == 422
    assert response.json()["code"] == "idempotency_key_reused"
    assert created() == 1


@pytest.mark.django_db
def test_the_same_key_from_another_client_is_another_request() -> None:
    key = str(uuid.uuid4())
    post(Client(REMOTE_ADDR="10.0.0.1"), {"name": "Một"}, key)
    response = post(Client(REMOTE_ADDR="10.0.0.2"), {"name": "Một"}, key)
    assert "Idempotent-Replayed" not in response
    post(Client(), {"name": "Một"}, key, HTTP_AUTHORIZATION="Bearer khac")
    assert created() == 3


@pytest.mark.django_db
def test_a_refused_request_leaves_the_key_free_for_the_corrected_one() -> None:
    client, key = Client(), str(uuid.uuid4())
    assert post(client, {"name": " "}, key).status_code == 400
    assert created() == 0
    response = post(client, {"name": "Đã sửa"}, key)
    assert response.status_code == 200
    assert created() == 1


@pytest.mark.django_db
@pytest.mark.parametrize("key", ["ngan", "x" * 101, "có dấu-1234", "abc\x00defghij"])
def test_a_malformed_key_is_refused_with_a_message_and_nothing_is_created(key: str) -> None:
    response = post(Client(), {"name": "Một"}, key)
    assert response.status_code == 400
    assert response.json()["code"] == "bad_idempotency_key"
    assert response.json()["message"]
    assert created() == 0
    assert not IdempotencyRecord.objects.exists()


@pytest.mark.django_db
def test_decorator_written_above_the_route_works_too() -> None:
    client, key = Client(), str(uuid.uuid4())
    first = post(client, {"name": "Một"}, key, url="/api/v1/test/things-above")
    second = post(client, {"name": "Một"}, key, url="/api/v1/test/things-above")
    assert second.json() == first.json() and second["Idempotent-Replayed"] == "true"
    assert created() == 1


@pytest.mark.django_db
def test_a_form_sent_twice_with_its_hidden_key_redirects_to_the_first_result(browser_as: Any) -> None:
    browser, key = browser_as(), str(uuid.uuid4())
    first = browser.post_form("/things/new/", {"name": "Phiếu góp ý", "idempotency_key": key})
    second = browser.post_form("/things/new/", {"name": "Phiếu góp ý", "idempotency_key": key})
    assert first.status_code == second.status_code == 302
    assert second["Location"] == first["Location"]
    assert created() == 1


@pytest.mark.django_db
def test_a_form_reusing_a_key_for_other_content_is_refused_with_a_message(browser_as: Any) -> None:
    browser, key = browser_as(), str(uuid.uuid4())
    browser.post_form("/things/new/", {"name": "Một", "idempotency_key": key})
    response = browser.post_form(
        "/things/new/", {"name": "Hai", "idempotency_key": key}, HTTP_REFERER="http://testserver/things/new/"
    )
    # The form's page shows no messages here: the error page says it, with the status.
    assert response.status_code == 422
    assert "Khóa chống gửi trùng này đã được dùng cho một yêu cầu khác." in response.content.decode()
    assert created() == 1


@pytest.mark.django_db(transaction=True)
def test_a_crash_after_writing_commits_nothing_and_the_retry_creates_once() -> None:
    client, key = Client(raise_request_exception=False), str(uuid.uuid4())
    assert post(client, {"name": "crash"}, key).status_code == 500
    assert created() == 0
    assert post(client, {"name": "crashed no more"}, key).status_code == 200
    assert created() == 1


@pytest.mark.django_db(transaction=True)
def test_a_concurrent_duplicate_waits_and_gets_the_first_response() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("row locks are a PostgreSQL matter; SQLite serialises writers itself")
    key, answers, errors = str(uuid.uuid4()), [], []
    start = threading.Barrier(2)

    def send() -> None:
        try:
            start.wait()
            response = post(Client(), {"name": "Cùng lúc", "pause": 0.5}, key)
            answers.append((response.status_code, response.json(), response.get("Idempotent-Replayed")))
        except Exception as e:  # reported below
            errors.append(e)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=send) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert [a[0] for a in answers] == [200, 200]
    assert answers[0][1] == answers[1][1]
    assert sorted(str(a[2]) for a in answers) == ["None", "true"]
    assert created() == 1


def test_the_form_tag_gives_a_fresh_key_each_time() -> None:
    from django.template import Context, Template

    template = Template("{% load idempotency %}{% idempotency_field %}")
    first, second = template.render(Context()), template.render(Context())
    assert 'name="idempotency_key"' in first and first != second
