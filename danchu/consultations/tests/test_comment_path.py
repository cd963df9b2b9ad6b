"""The comment path, the one citizens hit in numbers while a draft is open: a bounded number of
queries per comment (issue #17: ≤ 8), and commenters who do not wait for each other — a shared row
lock on the consultation, which ending the period or revising the draft still waits for."""

from __future__ import annotations

import threading
import time
from typing import Any

import pytest
from django.db import connection, connections
from django.test.utils import CaptureQueriesContext

from danchu.accounts.models import Role
from danchu.accounts.tests.factories import link_household, person_with_role
from danchu.consultations.models import Comment, Consultation
from danchu.consultations.services import consultations as svc
from danchu.places.tests import factories as pf

API = "/api/v1/consultations"
# Per comment through the API: the token and its holder (1), the holder's roles for the two-factor
# check (1), the consultation through its access getter (1), the shared-lock read of the consultation
# with the commenter's consulted household and the paragraph (1), the comment (1), the audit entry (1),
# and the test's own savepoint and release around the service (2; BEGIN and COMMIT in production). It
# was 12 before: a FOR UPDATE re-read of the consultation, the households read twice, the paragraph
# read on its own, and the token's last use written on every request.
API_QUERIES = 8
# Through the page: the session, the user and their roles (3) instead of the token (2).
PAGE_QUERIES = 9


def _residents(village: Any, n: int) -> list[Any]:
    people = []
    for i in range(n):
        hh = pf.household_with_head(village)
        user = person_with_role(Role.CITIZEN, village, full_name=f"Người Dân {i}")
        link_household(user, hh)
        people.append(user)
    return people


def _body(c: Consultation) -> dict[str, Any]:
    para = c.paragraphs.get(position=2)
    return {"text": "Đồng ý, đề nghị làm rõ thời gian.", "paragraph": para.pk, "quote": para.text[5:20],
            "stance": "support"}  # fmt: skip


@pytest.mark.django_db
def test_a_comment_through_the_api_takes_a_bounded_number_of_queries(
    client: Any, open_consultation: Consultation, other_village: Any, token_for: Any
) -> None:
    body = _body(open_consultation)
    for person in _residents(other_village, 3):
        headers = token_for(person)
        with CaptureQueriesContext(connection) as q:
            r = client.post(
                f"{API}/{open_consultation.pk}/comments",
                body,
                content_type="application/json",
                **headers,
            )
        assert r.status_code == 201, r.content
        assert len(q.captured_queries) <= API_QUERIES, [x["sql"][:120] for x in q.captured_queries]
        assert not any("FOR UPDATE" in x["sql"] for x in q.captured_queries)
    assert Comment.objects.filter(consultation=open_consultation).count() == 3


@pytest.mark.django_db
def test_a_comment_through_the_page_takes_a_bounded_number_of_queries(
    browser_as: Any, open_consultation: Consultation, other_village: Any
) -> None:
    for person in _residents(other_village, 2):
        browser = browser_as(person)
        browser.get(f"/consultations/{open_consultation.pk}/")
        data = _body(open_consultation) | {"csrfmiddlewaretoken": browser.csrf_token()}
        data.pop("quote")
        with CaptureQueriesContext(connection) as q:
            r = browser.post(f"/consultations/{open_consultation.pk}/comment/", data)
        assert r.status_code == 302
        assert len(q.captured_queries) <= PAGE_QUERIES, [x["sql"][:120] for x in q.captured_queries]
    assert Comment.objects.filter(consultation=open_consultation, source="online").count() == 2


@pytest.mark.django_db
def test_the_audience_decides_in_the_same_read(
    commune: Any, village: Any, other_village: Any, officer: Any, foreign_resident: Any
) -> None:
    """Villages, group and whole-commune audiences, one after the other in one process (the read is
    compiled once per audience): consulted through the right household, others refused — for the
    commune, a resident of another commune that really exists."""
    import datetime as dt

    from django.utils import timezone

    from danchu.core.errors import Forbidden

    from .conftest import make_draft

    inside, outside = _residents(village, 1)[0], _residents(other_village, 1)[0]
    today = timezone.localdate()
    audiences: list[tuple[str, dict[str, Any]]] = [
        ("villages", {"villages": [village]}),
        ("group", {"households": [inside.household_links.get().household]}),
        ("all", {}),
        ("villages", {"villages": [village]}),
    ]
    for audience, extra in audiences:
        refused = foreign_resident if audience == "all" else outside
        c = make_draft(officer, commune, audience=audience, **extra)
        c = svc.consultation_open(
            actor=officer, consultation=c, opens_on=today, closes_on=today + dt.timedelta(days=29)
        )
        comment = svc.comment_add(actor=inside, consultation=c, text_="Đồng ý.")
        assert comment.household_id == inside.household_links.get().household_id
        with pytest.raises(Forbidden) as e:
            svc.comment_add(actor=refused, consultation=c, text_="Đồng ý.")
        assert e.value.code == "not_consulted"


# --- Concurrency, on PostgreSQL (SQLite serialises writers and has no row locks) -------------------


def _postgresql_only() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("row locks and concurrent transactions: PostgreSQL")


def _waiting_on_a_lock(timeout: float = 10.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with connection.cursor() as cur:
            cur.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                "AND wait_event_type = 'Lock'"
            )
            if cur.fetchone()[0]:
                return True
        time.sleep(0.05)
    return False


def _in_thread(fn: Any) -> tuple[threading.Thread, dict[str, Any]]:
    out: dict[str, Any] = {}

    def run() -> None:
        try:
            out["value"] = fn()
        except Exception as e:  # noqa: BLE001 - reported to the test
            out["error"] = e
        finally:
            connections.close_all()

    t = threading.Thread(target=run)
    t.start()
    return t, out


@pytest.mark.django_db(transaction=True)
def test_commenters_do_not_wait_for_each_other_but_ending_the_period_does(
    open_consultation: Consultation, other_village: Any, officer: Any
) -> None:
    """A comment in flight (its transaction open) does not hold back another commenter; revising the
    draft waits until it commits, and the comment keeps the version it was written on."""
    _postgresql_only()
    from django.db import transaction

    first, second = _residents(other_village, 2)
    c = open_consultation
    release = threading.Event()
    started = threading.Event()

    def slow_comment() -> Comment:
        with transaction.atomic():
            comment = svc.comment_add(
                actor=first, consultation=Consultation.objects.get(pk=c.pk), text_="Một."
            )
            started.set()
            release.wait(10)
            return comment

    t1, out1 = _in_thread(slow_comment)
    assert started.wait(10)
    # Another commenter goes through while the first one's transaction is open.
    t2, out2 = _in_thread(
        lambda: svc.comment_add(actor=second, consultation=Consultation.objects.get(pk=c.pk), text_="Hai.")
    )
    t2.join(10)
    assert not t2.is_alive() and "error" not in out2, out2
    # Revising the draft waits for the comment in flight.
    from .conftest import docx_bytes

    t3, out3 = _in_thread(
        lambda: svc.draft_revise(
            actor=officer, consultation=Consultation.objects.get(pk=c.pk), docx_bytes=docx_bytes()
        )  # fmt: skip
    )
    assert _waiting_on_a_lock()
    assert t3.is_alive()
    release.set()
    t1.join(10)
    t3.join(20)
    assert "error" not in out1 and "error" not in out3, (out1, out3)
    assert Comment.objects.get(text="Một.").version == 1
    assert Consultation.objects.get(pk=c.pk).version == 2


def test_my_data_holds_the_comments_i_wrote(open_consultation: Consultation, resident: Any) -> None:
    """ "Everything danchu holds about me" (Decree 13/2023) held none of the person's comments."""
    from danchu.accounts.personal_data import personal_data

    svc.comment_add(actor=resident, consultation=open_consultation, text_="Đề nghị mở rộng đường vào thôn.")
    section = next(s for s in personal_data(resident)["sections"] if s["key"] == "consultations.comments")
    assert [(r["consultation"], r["text"]) for r in section["rows"]] == [
        (open_consultation.title, "Đề nghị mở rộng đường vào thôn.")
    ]
    assert section["columns"]["text"] == "Comment"
