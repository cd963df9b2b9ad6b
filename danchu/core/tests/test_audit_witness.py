"""Signed audit heads leave the machine (issue #9, item 7): each new anchor is sent to the configured
witnesses, and a danchu can be the witness that keeps them and refuses a rewritten head.

The witness in these tests is real: a small HTTP server on a free port of this machine (answering
what each test scripts), or danchu itself behind pytest-django's live server.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from django.core.management import call_command
from django.test import Client
from huey.contrib.djhuey import HUEY

from danchu.core import tasks
from danchu.core.anchor_delivery import deliver
from danchu.core.anchors import Anchor, anchor_from, anchor_now, anchor_path, public_key, read_anchors, sign
from danchu.core.audit import audit
from danchu.core.models import AnchorDelivery, AuditEntry, WitnessedAnchor
from danchu.core.tests.test_audit_tamper import _as_owner, _chain

pytestmark = pytest.mark.django_db
WITNESS = "/api/v1/core/audit/witness/anchors"
Outcome = AnchorDelivery.Outcome


class Receiver:
    """A witness on 127.0.0.1: answers POSTs with the scripted statuses (then 200), GETs with
    `listing`, and keeps every body it was sent."""

    def __init__(self, statuses: list[int] | None = None, listing: bytes = b"") -> None:
        self.statuses, self.listing, self.bodies = list(statuses or []), listing, []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                receiver.bodies.append(self.rfile.read(int(self.headers["Content-Length"])))
                self._answer(receiver.statuses.pop(0) if receiver.statuses else 200, b'{"ok": true}')

            def do_GET(self) -> None:
                self._answer(200, receiver.listing)

            def _answer(self, status: int, body: bytes) -> None:
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/witness"


@contextmanager
def receiver(statuses: list[int] | None = None, listing: bytes = b"") -> Iterator[Receiver]:
    r = Receiver(statuses, listing)
    thread = threading.Thread(target=r.server.serve_forever, daemon=True)
    thread.start()
    try:
        yield r
    finally:
        r.server.shutdown()
        r.server.server_close()
        thread.join(5)


@pytest.fixture
def no_scheduled_jobs() -> Iterator[None]:
    HUEY.storage.flush_schedule()
    yield
    HUEY.storage.flush_schedule()


def _anchor_with_delivery(capture: Any) -> Anchor:
    audit(actor=None, action="cases.accept", object_type="cases.case", object_id=1)
    with capture(execute=True):
        anchor = anchor_now()
    assert anchor is not None
    return anchor


# --- Sending --------------------------------------------------------------------------------------------


def test_nothing_is_sent_when_no_witness_is_configured(
    settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    settings.AUDIT_ANCHOR_SEND_TO = []
    with receiver() as witness:
        audit(actor=None, action="cases.accept", object_type="cases.case", object_id=1)
        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            assert anchor_now() is not None
    assert callbacks == []
    assert witness.bodies == []
    assert not AnchorDelivery.objects.exists()


def test_a_new_anchor_is_delivered_to_every_witness(
    settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    with receiver() as first, receiver() as second:
        settings.AUDIT_ANCHOR_SEND_TO = [first.url, second.url]
        anchor = _anchor_with_delivery(django_capture_on_commit_callbacks)
    for witness in (first, second):
        assert len(witness.bodies) == 1
        sent = json.loads(witness.bodies[0])
        assert sent == json.loads(anchor.as_line())
        assert Anchor(sent["count"], sent["hash"], sent["at"], sent["key"], sent["sig"]).signature_is_valid(
            {public_key()}
        )
    rows = AnchorDelivery.objects.order_by("url")
    assert [(r.url, r.count, r.outcome, r.status, r.attempt) for r in rows] == sorted(
        [(w.url, 1, Outcome.DELIVERED, 200, 1) for w in (first, second)]
    )


def test_a_witness_answering_500_gets_the_head_on_retry_and_both_attempts_are_recorded(
    settings: Any, django_capture_on_commit_callbacks: Any, no_scheduled_jobs: None
) -> None:
    with receiver([500]) as witness:
        settings.AUDIT_ANCHOR_SEND_TO = [witness.url]
        _anchor_with_delivery(django_capture_on_commit_callbacks)
        failed = AnchorDelivery.objects.get()
        assert (failed.outcome, failed.status, failed.attempt) == (Outcome.FAILED, 500, 1)
        # Huey scheduled the retry a minute later (back-off), not at once.
        later = dt.datetime.now(dt.UTC).replace(tzinfo=None) + dt.timedelta(minutes=2)
        assert HUEY.read_schedule(later - dt.timedelta(minutes=1, seconds=30)) == []
        (retry,) = HUEY.read_schedule(later)
        HUEY.execute(retry, timestamp=later)
    assert len(witness.bodies) == 2 and witness.bodies[0] == witness.bodies[1]
    attempts = AnchorDelivery.objects.order_by("attempt")
    assert [(a.attempt, a.outcome, a.status) for a in attempts] == [
        (1, Outcome.FAILED, 500),
        (2, Outcome.DELIVERED, 200),
    ]
    assert HUEY.read_schedule(later + dt.timedelta(days=1)) == []


def test_a_conflict_or_an_unknown_key_is_a_refusal_never_retried(
    settings: Any, django_capture_on_commit_callbacks: Any, no_scheduled_jobs: None
) -> None:
    with receiver([409]) as witness:
        settings.AUDIT_ANCHOR_SEND_TO = [witness.url]
        _anchor_with_delivery(django_capture_on_commit_callbacks)
    record = AnchorDelivery.objects.get()
    assert (record.outcome, record.status) == (Outcome.REFUSED, 409)
    assert HUEY.read_schedule(dt.datetime.now(dt.UTC).replace(tzinfo=None) + dt.timedelta(days=1)) == []


def test_an_unreachable_witness_is_a_failure_and_the_last_attempt_gives_up(settings: Any) -> None:
    with receiver() as witness:
        pass  # stopped: nothing listens there any more
    settings.AUDIT_ANCHOR_SEND_TIMEOUT = 2
    line = sign(3, "a" * 64, "2026-12-01T10:00:00+00:00").as_line()
    first = deliver(witness.url, line, attempt=1, last=False)
    last = deliver(witness.url, line, attempt=10, last=True)
    assert (first.outcome, first.status) == (Outcome.FAILED, None)
    assert (last.outcome, last.status) == (Outcome.GAVE_UP, None)
    assert "Error" in first.detail


def test_the_delivery_job_retries_with_back_off() -> None:
    job = tasks.deliver_anchor.s("https://witness.example/", "{}")
    assert (job.retries, job.retry_delay, job.retry_backoff) == (9, 60, 2)


# --- Receiving: danchu as the witness -------------------------------------------------------------------


@pytest.fixture
def witness_of_us(settings: Any) -> str:
    """This danchu witnesses a commune whose signing key is the tests' key (ours)."""
    settings.AUDIT_WITNESS_SENDERS = [f"xa-krong-pac={public_key()}", "xa-khac=" + _other_key()[1]]
    return "xa-krong-pac"


def _other_key() -> tuple[Ed25519PrivateKey, str]:
    key = Ed25519PrivateKey.from_private_bytes(bytes(range(100, 132)))
    return key, base64.b64encode(key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)).decode()


def _head(count: int = 5, hash_: str = "b" * 64) -> dict[str, Any]:
    return json.loads(sign(count, hash_, "2026-12-01T10:15:00+00:00").as_line())


def _post(client: Client, body: Any, **extra: Any) -> Any:
    data = body if isinstance(body, bytes | str) else json.dumps(body)
    return client.post(WITNESS, data=data, content_type="application/json", **extra)


def test_the_witness_keeps_a_head_and_audits_the_receipt(witness_of_us: str) -> None:
    r = _post(Client(), _head())
    assert r.status_code == 201, r.content
    assert r.json()["sender"] == witness_of_us and r.json()["conflict"] is False
    kept = WitnessedAnchor.objects.get()
    assert (kept.sender, kept.count, kept.hash) == (witness_of_us, 5, "b" * 64)
    entry = AuditEntry.objects.get(action="core.witness_receive")
    assert entry.object_id == str(kept.pk) and entry.after["hash"] == "b" * 64


def test_the_same_head_again_is_answered_with_the_first_receipt(witness_of_us: str) -> None:
    first = _post(Client(), _head()).json()
    entries = AuditEntry.objects.count()
    again = _post(Client(), _head())
    assert again.status_code == 200
    assert again.json() == first
    assert WitnessedAnchor.objects.count() == 1
    assert AuditEntry.objects.count() == entries


def test_a_different_head_for_a_received_position_is_a_409_and_kept_as_evidence(witness_of_us: str) -> None:
    _post(Client(), _head(5, "b" * 64))
    rewritten = _post(Client(), _head(5, "c" * 64))
    assert rewritten.status_code == 409
    body = rewritten.json()
    assert body["code"] == "conflict" and body["detail"]["hash"] == "b" * 64 and body["message"]
    conflict = WitnessedAnchor.objects.get(conflict=True)
    assert conflict.hash == "c" * 64
    assert AuditEntry.objects.filter(action="core.witness_conflict", object_id=str(conflict.pk)).exists()
    # Sent again: the same answer, and the evidence is kept once.
    assert _post(Client(), _head(5, "c" * 64)).status_code == 409
    assert WitnessedAnchor.objects.filter(conflict=True).count() == 1
    listed = Client().get(WITNESS, {"sender": witness_of_us}).json()["anchors"]
    assert [(a["hash"][0], a["conflict"]) for a in listed] == [("b", False), ("c", True)]


def test_an_unknown_sender_is_refused_even_through_a_signed_in_browser(
    witness_of_us: str, browser_as: Any, admin_user: Any
) -> None:
    stranger = Ed25519PrivateKey.generate()
    head = _head()
    raw = stranger.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    head["key"] = base64.b64encode(raw).decode()
    message = Anchor(head["count"], head["hash"], head["at"], head["key"], "").message()
    head["sig"] = base64.b64encode(stranger.sign(message)).decode()
    browser = browser_as(admin_user)
    for response in (
        _post(Client(), head),
        _post(browser, head, HTTP_X_CSRFTOKEN=browser.csrf_token()),  # a session grants nothing here
        _post(browser_as(), head),
    ):
        assert response.status_code == 403
        assert response.json()["code"] == "unknown_sender"
    assert not WitnessedAnchor.objects.exists()


def test_a_forged_signature_from_a_known_key_is_refused(witness_of_us: str) -> None:
    head = _head(5)
    head["hash"] = "d" * 64  # signed for another hash
    r = _post(Client(), head)
    assert r.status_code == 403 and r.json()["code"] == "bad_signature"
    head = _head(5)
    head["key"] = _other_key()[1]  # another sender's key, our signature
    assert _post(Client(), head).json()["code"] == "bad_signature"
    assert not WitnessedAnchor.objects.exists()


def test_a_danchu_that_witnesses_nobody_refuses_every_head(settings: Any) -> None:
    settings.AUDIT_WITNESS_SENDERS = []
    assert _post(Client(), _head()).status_code == 403
    assert not WitnessedAnchor.objects.exists()


BAD_BODIES = {
    "nul byte in the body": b'{"count": 5, "hash": "\x00"}',
    "nul escape in a field": {"hash": "b" * 63 + "\u0000"},
    "over-long field": {"at": "2" * 100_000},
    "over-long body": {"sig": "A" * 3_000_000},
    "malformed json": b'{"count": 5,',
    "count as text": {"count": "5"},
    "count as boolean": {"count": True},
    "count zero": {"count": 0},
    "hash in capitals": {"hash": "B" * 64},
    "missing signature": {"sig": None},
    "a list": [1, 2, 3],
    "not utf-8": b'{"count": 5, "at": "\xff\xfe"}',
}


@pytest.mark.parametrize("name", BAD_BODIES)
def test_bad_input_is_a_clear_4xx_and_keeps_nothing(witness_of_us: str, name: str) -> None:
    bad = BAD_BODIES[name]
    body = {**_head(), **bad} if isinstance(bad, dict) else bad
    r = _post(Client(), body)
    assert 400 <= r.status_code < 500, (r.status_code, r.content[:300])
    assert r.json()["message"]
    assert not WitnessedAnchor.objects.exists()


def test_a_refusal_says_what_is_wrong_in_the_reader_s_language(witness_of_us: str) -> None:
    """No pydantic internals ("Error extracting attribute: TypeError…") nor English in a Vietnamese answer."""
    client = Client(HTTP_ACCEPT_LANGUAGE="vi")
    problems = _post(client, [1, 2, 3]).json()["detail"]
    assert problems == [{"field": "anchor", "message": "Hãy gửi một đối tượng JSON có các trường này."}]
    problems = _post(client, {**_head(), "hash": "B" * 64}).json()["detail"]
    assert problems == [{"field": "anchor.hash", "message": "Nhập giá trị đúng dạng (^[0-9a-f]{64}$)."}]
    problems = client.get(WITNESS, {"sender": "xã"}).json()["detail"]
    assert problems == [{"field": "sender", "message": "Nhập giá trị đúng dạng (^[A-Za-z0-9._-]{1,100}$)."}]


def test_a_body_over_the_upload_limit_is_a_400(witness_of_us: str, settings: Any) -> None:
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    r = _post(Client(raise_request_exception=False), {**_head(), "padding": "x" * 5000})
    assert r.status_code == 400 and r.json()["message"]
    assert not WitnessedAnchor.objects.exists()


def test_the_list_refuses_a_bad_sender_name(witness_of_us: str) -> None:
    assert Client().get(WITNESS, {"sender": "xa\x00"}).status_code == 422
    assert Client().get(WITNESS, {"sender": "x" * 500}).status_code == 422
    assert Client().get(WITNESS, {"after": "-1"}).status_code == 422


@pytest.mark.django_db(transaction=True)
def test_a_head_sent_to_a_live_danchu_witness_is_kept(
    settings: Any, live_server: Any, witness_of_us: str
) -> None:
    settings.AUDIT_ANCHOR_SEND_TO = [live_server.url + WITNESS]
    audit(actor=None, action="cases.accept", object_type="cases.case", object_id=1)
    anchor = anchor_now()  # outside a transaction: the job runs at once (huey immediate in tests)
    assert anchor is not None
    assert AnchorDelivery.objects.get().outcome == Outcome.DELIVERED
    kept = WitnessedAnchor.objects.get(sender=witness_of_us)
    assert (kept.count, kept.hash, kept.signature) == (anchor.count, anchor.hash, anchor.signature)


@pytest.mark.django_db(transaction=True)
def test_two_heads_for_one_position_at_once_keep_one_first_and_one_conflict(witness_of_us: str) -> None:
    from django.db import connection, connections

    from danchu.core.witness import receive

    if connection.vendor != "postgresql":
        pytest.skip("concurrent writers need PostgreSQL's row-level locking")
    start, outcomes = threading.Barrier(2), []

    def send(hash_: str) -> None:
        try:
            start.wait(5)
            outcomes.append(receive(anchor_from(_head(7, hash_)))[1])
        finally:
            connections.close_all()

    threads = [threading.Thread(target=send, args=(h * 64,)) for h in "ef"]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert sorted(outcomes) == ["conflict", "stored"]
    kept = WitnessedAnchor.objects.filter(count=7)
    assert kept.count() == 2 and kept.filter(conflict=True).count() == 1


# --- Verifying against the witness ---------------------------------------------------------------------


def _rewrite_log_and_anchor_file(entries: list[AuditEntry]) -> None:
    """Whoever owns the machine (its signing key too) cuts the log after its fourth entry, and
    replaces the anchor file with a freshly signed head of the shortened log. (Here the witness is
    this same database: its receipts, audited after the six entries, are cut with them.)"""
    _as_owner(
        ("DELETE FROM core_auditentry WHERE seq > 4 OR seq IS NULL", []),
        ("UPDATE core_auditchainhead SET last_hash = %s, count = %s WHERE id = 1", [entries[-3].hash, 4]),
    )
    anchor_path().unlink()
    anchor_now(force=True)


def _witness_holds_our_heads() -> bytes:
    for anchor in read_anchors():
        assert _post(Client(), json.loads(anchor.as_line())).status_code == 201
    return Client().get(WITNESS, {"sender": "xa-krong-pac"}).content


def test_verify_audit_against_the_witness_catches_a_log_rewritten_with_its_anchors(
    witness_of_us: str, tmp_path: Path
) -> None:
    entries = _chain(6)
    exported = tmp_path / "witness.json"
    exported.write_bytes(_witness_holds_our_heads())
    call_command("verify_audit", witness=[str(exported)], stdout=StringIO())  # intact: no exit

    _rewrite_log_and_anchor_file(entries)
    call_command("verify_audit", stdout=StringIO())  # the local anchors alone are fooled
    err = StringIO()
    with pytest.raises(SystemExit) as e:
        call_command("verify_audit", witness=[str(exported)], stdout=StringIO(), stderr=err)
    assert e.value.code == 1
    assert "contradicts an earlier anchor of entry" in err.getvalue() or "published and are missing" in (
        err.getvalue()
    )


def test_verify_audit_fetches_the_witness_list_over_http(witness_of_us: str) -> None:
    entries = _chain(6)
    listing = _witness_holds_our_heads()
    _rewrite_log_and_anchor_file(entries)
    with receiver(listing=listing) as witness:
        out, err = StringIO(), StringIO()
        with pytest.raises(SystemExit):
            call_command(
                "verify_audit", witness=[witness.url + "?sender=xa-krong-pac"], stdout=out, stderr=err
            )
    assert "1 heads held by the witness" in out.getvalue()
    assert "BROKEN" in err.getvalue()


def test_verify_audit_says_when_the_witness_cannot_be_read(tmp_path: Path) -> None:
    missing = tmp_path / "nothing.json"
    err = StringIO()
    with pytest.raises(SystemExit) as e:
        call_command("verify_audit", witness=[str(missing)], stdout=StringIO(), stderr=err)
    assert e.value.code == 2 and "Cannot read the witness's heads" in err.getvalue()


def test_verify_audit_warns_when_the_witness_holds_none_of_our_heads(tmp_path: Path) -> None:
    """A mistyped ?sender= (or a key the witness does not list) would otherwise pass unnoticed."""
    empty = tmp_path / "witness.json"
    empty.write_text('{"anchors": []}')
    out, err = StringIO(), StringIO()
    call_command("verify_audit", witness=[str(empty)], stdout=out, stderr=err)
    assert "0 heads held by the witness" in out.getvalue()
    assert f"The witness at {empty} holds no head signed with our keys" in err.getvalue()


def test_an_address_flooding_the_witness_is_refused_before_any_signature_check(
    witness_of_us: str, settings: Any
) -> None:
    settings.AUDIT_WITNESS_POSTS_PER_MINUTE = 3
    answers = [_post(Client(), _head(n)).status_code for n in range(1, 6)]
    assert answers == [201, 201, 201, 429, 429]
    assert WitnessedAnchor.objects.count() == 3
    refused = _post(Client(), _head(9), HTTP_ACCEPT_LANGUAGE="vi")
    assert refused.json()["code"] == "rate_limited" and refused.json()["message"]
    # another address is not punished for it
    assert _post(Client(REMOTE_ADDR="10.0.0.9"), _head(7)).status_code == 201
