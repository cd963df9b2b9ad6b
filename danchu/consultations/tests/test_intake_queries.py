"""The other writes of this module that citizens make in numbers — votes on an opinion map and
anonymous survey answers — take a bounded number of queries and no lock that other citizens wait
for (issue #17 item 3). The comment path has its own file (test_comment_path.py)."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from django.db import connection, connections, transaction
from django.test.utils import CaptureQueriesContext

from danchu.accounts.models import Role
from danchu.accounts.tests.factories import link_household, person_with_role
from danchu.consultations.models import Conversation, Participant, Statement, SurveyResponse, Vote
from danchu.consultations.services import opinions
from danchu.consultations.services import surveys as survey_svc
from danchu.places.tests import factories as pf

from .test_comment_path import _in_thread, _postgresql_only
from .test_surveys import _answers

API = "/api/v1/consultations"
# A vote on an opinion map through the API, by a participant who voted before: the token (1), the
# conversation through its access getter (1), the shared-lock read of the conversation with the
# statement (1), the participant (1), the vote (one upsert: 1), the audit entry (1), the test's savepoint
# pair around the service (2), then the count that decides whether to recompute the map (1). The first
# vote of a newcomer adds the participant's number and its insert in a savepoint (4). It was 14: a
# FOR UPDATE re-read of the conversation, the statement on its own, update_or_create's locked read and
# two savepoints.
MAP_VOTE_QUERIES = 9
# An anonymous survey answer: the receipt with its survey (1), the earlier answer check (1), the
# questions (1), the response and its answers (2), the audit entry (1), the savepoint pair (2).
SURVEY_ANSWER_QUERIES = 8


@pytest.fixture
def conversation(commune: Any, officer: Any) -> Conversation:
    conv = opinions.conversation_create(actor=officer, place=commune, topic="Ưu tiên đầu tư năm 2027 của xã")
    for n in range(3):
        Statement.objects.create(
            conversation=conv, number=n, text=f"Ý kiến {n}", status=Statement.Status.ACCEPTED
        )
    return conv


def _people(village: Any, n: int) -> list[Any]:
    out = []
    for i in range(n):
        user = person_with_role(Role.CITIZEN, village, full_name=f"Người Dân {i}")
        link_household(user, pf.household_with_head(village))
        out.append(user)
    return out


@pytest.mark.django_db
def test_a_vote_on_an_opinion_map_takes_a_bounded_number_of_queries(
    client: Any, conversation: Conversation, village: Any, token_for: Any
) -> None:
    url = f"{API}/maps/{conversation.pk}/votes"
    for person in _people(village, 3):
        headers = token_for(person)
        client.post(url, {"statement": 0, "value": 1}, content_type="application/json", **headers)
        for n in (1, 2):
            with CaptureQueriesContext(connection) as q:
                r = client.post(
                    url, {"statement": n, "value": -1}, content_type="application/json", **headers
                )
            assert r.status_code == 201, r.content
            assert len(q.captured_queries) <= MAP_VOTE_QUERIES, "\n".join(
                x["sql"][:150] for x in q.captured_queries
            )
            assert not any("FOR UPDATE" in x["sql"] for x in q.captured_queries)
    assert Vote.objects.filter(statement__conversation=conversation).count() == 9
    # A second vote on a statement replaces the first.
    r = client.post(url, {"statement": 0, "value": -1}, content_type="application/json", **headers)
    assert r.status_code == 201 and r.json()["value"] == -1
    assert Vote.objects.get(participant__person=person, statement__number=0).value == -1
    assert Vote.objects.filter(statement__conversation=conversation).count() == 9
    assert sorted(Participant.objects.filter(conversation=conversation).values_list("number", flat=True)) == [
        1,
        2,
        3,
    ]


@pytest.mark.django_db
def test_an_anonymous_survey_answer_takes_a_bounded_number_of_queries(
    client: Any, survey: Any, officer: Any
) -> None:
    codes = survey_svc.receipts_issue(actor=officer, survey=survey, count=3)
    for code in codes:
        body = {"answers": _answers(survey, 5, 4)}
        with CaptureQueriesContext(connection) as q:
            r = client.post(f"{API}/surveys/answers/{code.code}", body, content_type="application/json")
        assert r.status_code == 201, r.content
        assert len(q.captured_queries) <= SURVEY_ANSWER_QUERIES, [x["sql"][:120] for x in q.captured_queries]
    assert SurveyResponse.objects.filter(survey=survey).count() == 3


@pytest.mark.django_db(transaction=True)
def test_voters_on_an_opinion_map_do_not_wait_for_each_other(
    conversation: Conversation, village: Any
) -> None:
    """A vote in flight (its transaction open) does not hold back another voter, a newcomer included."""
    _postgresql_only()
    first, second = _people(village, 2)
    opinions.vote_cast(actor=first, conversation=conversation, statement_number=1, value=1)
    release, started = threading.Event(), threading.Event()

    def slow_vote() -> Vote:
        with transaction.atomic():
            vote = opinions.vote_cast(actor=first, conversation=conversation, statement_number=0, value=1)
            started.set()
            release.wait(10)
            return vote

    t1, out1 = _in_thread(slow_vote)
    assert started.wait(10)
    t2, out2 = _in_thread(
        lambda: opinions.vote_cast(actor=second, conversation=conversation, statement_number=0, value=-1)
    )
    t2.join(10)
    assert not t2.is_alive() and "error" not in out2, out2
    release.set()
    t1.join(10)
    t2.join(10)
    assert "error" not in out1 and "error" not in out2, (out1, out2)
    numbers = sorted(Participant.objects.filter(conversation=conversation).values_list("number", flat=True))
    assert numbers == [1, 2]
    assert Vote.objects.filter(statement__conversation=conversation).count() == 3
    connections.close_all()
