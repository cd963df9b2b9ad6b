"""The vote paths (online vote on an item, secret electronic ballot): a bounded number of queries per
vote, voters who do not wait for each other, and one vote per household under concurrency — the
unique constraint decides, the ballot row keeps nothing of its voter."""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections.abc import Callable
from typing import Any

import pytest
from django.db import OperationalError, connection, connections, transaction
from django.utils import timezone

from danchu.core.errors import Conflict
from danchu.core.testing import open_election
from danchu.meetings import services
from danchu.meetings.models import AgendaItem, Ballot, Election, HouseholdVote, Participation

ALL_MET = services.OnlineConditions(head_and_front_agree=True, unanimous=True, devices=True)
# Per vote through the API: the token (read, roles, last use: 3), the item with its meeting and
# village and the reader's access (2), the representative's households (1), the shared-lock read with
# the roster/representative/attendance checks (1), the vote (1), the audit entry (1), and the test's
# own savepoint and release around the service (2). It was 17 before the vote path was reworked.
ONLINE_VOTE_QUERIES = 11
# The ballot: the same, with the candidates (1) and two rows (Participation, Ballot) instead of one.
BALLOT_QUERIES = 13


def _plan(actor: Any, village: Any) -> Election:
    return services.election_plan(
        actor=actor,
        village=village,
        office=Election.Office.VILLAGE_HEAD,
        election_day=timezone.localdate() + dt.timedelta(days=21),
        candidates=["Trần Văn Minh", "Lê Thị Hương"],
    )


@pytest.mark.django_db
def test_online_vote_through_the_api_takes_a_bounded_number_of_queries(
    meeting: Any,
    village_head: Any,
    households: Any,
    rep_of: Any,
    client: Any,
    token_for: Any,
    django_assert_max_num_queries: Any,
) -> None:
    services.notice_send(actor=village_head, meeting=meeting)
    item = services.item_online_open(actor=village_head, item=meeting.items.get(matter=6), conditions=ALL_MET)
    url = f"/api/v1/meetings/items/{item.pk}/online-votes"
    for h in households[:3]:
        headers = token_for(rep_of(h))
        with django_assert_max_num_queries(ONLINE_VOTE_QUERIES):
            r = client.post(
                url, {"household": h.number, "choice": "for"}, content_type="application/json", **headers
            )
        assert r.status_code == 201, r.content
    assert HouseholdVote.objects.filter(item=item).count() == 3


@pytest.mark.django_db
def test_ballot_through_the_api_takes_a_bounded_number_of_queries(
    village_head: Any,
    village: Any,
    households: Any,
    rep_of: Any,
    client: Any,
    token_for: Any,
    django_assert_max_num_queries: Any,
) -> None:
    e = open_election(services.election_open, actor=village_head, election=_plan(village_head, village))
    cand = e.candidates.order_by("full_name")[0]
    for h in households[:3]:
        headers = token_for(rep_of(h))
        with django_assert_max_num_queries(BALLOT_QUERIES):
            r = client.post(
                f"/api/v1/meetings/elections/{e.pk}/ballots",
                {"household": h.number, "choices": [cand.pk]},
                content_type="application/json",
                **headers,
            )
        assert r.status_code == 201, r.content
    assert Participation.objects.filter(election=e).count() == Ballot.objects.filter(election=e).count() == 3


# --- Concurrency, on PostgreSQL (SQLite serialises writers and has no row locks) -------------------


def _postgresql_only() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("row locks and concurrent transactions: PostgreSQL")


def _waiting_on_a_lock(timeout: float = 10.0) -> bool:
    """True once another session of this database waits on a lock."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                "AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()"
            )
            if cursor.fetchone()[0]:
                return True
        time.sleep(0.05)
    return False


def _in_thread(work: Callable[[], Any], results: list[Any]) -> threading.Thread:
    def run() -> None:
        try:
            results.append(work())
        except Exception as exc:  # reported to the main thread through `results`
            results.append(exc)
        finally:
            connections.close_all()

    t = threading.Thread(target=run)
    t.start()
    return t


def _holding(work: Callable[[], Any], cast: threading.Event, release: threading.Event) -> Callable[[], Any]:
    """`work` in a transaction kept open (its locks held) until `release`."""

    def run() -> Any:
        with transaction.atomic():
            out = work()
            cast.set()
            release.wait(30)
        return out

    return run


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_ballots_of_one_household_count_once_and_carry_no_voter(
    village_head: Any, village: Any, households: Any, rep_of: Any
) -> None:
    _postgresql_only()
    e = open_election(services.election_open, actor=village_head, election=_plan(village_head, village))
    cand = e.candidates.order_by("full_name")[0]
    h, rep = households[0], rep_of(households[0])

    def vote(choices: list[int]) -> Callable[[], str]:
        return lambda: services.ballot_cast(person=rep, election=e, household=h, choices=choices)

    cast, release = threading.Event(), threading.Event()
    first: list[Any] = []
    second: list[Any] = []
    a = _in_thread(_holding(vote([cand.pk]), cast, release), first)
    assert cast.wait(30)
    b = _in_thread(vote([]), second)  # the same household, while the first is not committed yet
    try:
        assert _waiting_on_a_lock(), "the second ballot should wait on the first's participation row"
    finally:
        release.set()
        a.join(30)
        b.join(30)
    assert isinstance(first[0], str), first
    assert isinstance(second[0], Conflict) and second[0].code == "already_voted", second
    assert Participation.objects.filter(election=e, household=h).count() == 1
    ballots = list(Ballot.objects.filter(election=e).values())
    assert len(ballots) == 1 and ballots[0]["choices"] == [cand.pk] and ballots[0]["receipt"] == first[0]
    # The stored row: its election, a random id and shuffle key, the receipt and the choices — no
    # household, person or time, and no value that is the household's or the voter's.
    assert set(ballots[0]) == {"id", "election_id", "shuffle", "receipt", "choices"}
    identifying = {h.pk, str(h.pk), h.number, rep.pk, str(rep.pk)}
    assert not identifying & {ballots[0]["id"], ballots[0]["shuffle"], ballots[0]["receipt"]}


@pytest.mark.django_db(transaction=True)
def test_voters_do_not_wait_for_each_other_and_closing_waits_for_ballots_in_flight(
    village_head: Any, village: Any, households: Any, rep_of: Any
) -> None:
    _postgresql_only()
    e = open_election(services.election_open, actor=village_head, election=_plan(village_head, village))
    (h1, h2), (r1, r2) = households[:2], (rep_of(households[0]), rep_of(households[1]))
    cast, release = threading.Event(), threading.Event()
    first: list[Any] = []
    a = _in_thread(
        _holding(
            lambda: services.ballot_cast(person=r1, election=e, household=h1, choices=[]), cast, release
        ),
        first,
    )
    assert cast.wait(30)
    try:
        # A second voter, while the first ballot's transaction is open: no wait (an exclusive lock on
        # the election row would make this time out).
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL lock_timeout = '2s'")
            services.ballot_cast(person=r2, election=e, household=h2, choices=[])
        # Closing the vote waits for the ballot in flight.
        with pytest.raises(OperationalError, match="lock timeout"), transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL lock_timeout = '500ms'")
            services.election_close(actor=village_head, election=e)
    finally:
        release.set()
        a.join(30)
    assert isinstance(first[0], str), first
    services.election_close(actor=village_head, election=e)
    assert Participation.objects.filter(election=e).count() == 2


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_online_votes_of_one_household_count_once(
    meeting: Any, village_head: Any, households: Any, rep_of: Any
) -> None:
    _postgresql_only()
    services.notice_send(actor=village_head, meeting=meeting)
    item = services.item_online_open(actor=village_head, item=meeting.items.get(matter=6), conditions=ALL_MET)
    item = AgendaItem.objects.select_related("meeting__village").get(pk=item.pk)
    (h, other), rep = households[:2], rep_of(households[0])
    other_rep = rep_of(other)

    def vote(choice: str, who: Any = rep, household: Any = h) -> Callable[[], Any]:
        return lambda: services.online_vote(person=who, item=item, household=household, choice=choice)

    cast, release = threading.Event(), threading.Event()
    first: list[Any] = []
    second: list[Any] = []
    a, b = _in_thread(_holding(vote("for"), cast, release), first), None
    assert cast.wait(30)
    try:
        # Another household votes at once, without waiting for the open transaction.
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL lock_timeout = '2s'")
            vote("abstain", other_rep, other)()
        b = _in_thread(vote("against"), second)
        assert _waiting_on_a_lock(), "the second vote should wait on the first's row"
    finally:
        release.set()
        a.join(30)
        if b is not None:
            b.join(30)
    assert isinstance(first[0], HouseholdVote), first
    assert isinstance(second[0], Conflict) and second[0].code == "already_voted", second
    votes = dict(HouseholdVote.objects.filter(item=item).values_list("household_id", "choice"))
    assert votes == {h.pk: "for", other.pk: "abstain"}
