"""A conference's resolutions voted through meetings' motions: delegates vote online once, the
secretary enters the room's show of hands, the close computes the result by the conference rule;
below quorum nothing is put to the vote; a non-delegate and another unit's delegate are refused; the
pages through the CSRF-enforcing client, the API with tokens; the minutes state the records."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.urls import reverse
from docx import Document

from danchu.accounts.tests.factories import UserFactory
from danchu.core.errors import Conflict, DomainError, Forbidden
from danchu.core.models import AuditEntry
from danchu.meetings import services as meetings
from danchu.meetings.models import Motion, MotionVote
from danchu.workplaces import elections, resolutions
from danchu.workplaces.minutes import minutes_docx

from .conftest import held_conference

pytestmark = pytest.mark.django_db


def _delegates(conf: Any, n: int) -> list[Any]:
    people = [UserFactory() for _ in range(n)]
    for p in people:
        elections.delegate_add(actor=None, conference=conf, person=p)
    return people


def _minutes(conf: Any) -> str:
    return "\n".join(p.text for p in Document(io.BytesIO(minutes_docx(conf))).paragraphs)


def test_delegates_vote_online_and_the_room_is_counted(rep: Any, agency: Any) -> None:
    conf = held_conference(agency, convened=30, present=25)
    voters = _delegates(conf, 4)
    m = resolutions.resolution_open(actor=rep, conference=conf, title="Quy chế chi tiêu nội bộ")
    assert (m.status, m.roll, m.majority_base, m.passed) == ("open", 25, 25, None)
    for v, choice in zip(voters, ("for", "for", "against", "abstain"), strict=True):
        meetings.motion_vote(person=v, motion=m, choice=choice)
    meetings.motion_count_room(actor=rep, motion=m, votes_for=10, votes_against=5, votes_abstain=1)
    # Corrected before the close: the later count replaces the earlier one.
    m = meetings.motion_count_room(actor=rep, motion=m, votes_for=11, votes_against=5, votes_abstain=1)
    m = meetings.motion_close(actor=rep, motion=m)
    assert (m.votes_for, m.votes_against, m.votes_abstain, m.online) == (13, 6, 2, 4)
    assert m.passed is True  # 13 of 25 present is more than 50%
    actions = list(
        AuditEntry.objects.filter(action__startswith="meetings.motion").values_list("action", flat=True)
    )
    assert actions.count("meetings.motion_vote") == 4 and actions.count("meetings.motion_count_room") == 2
    assert {"meetings.motion_open", "meetings.motion_close"} <= set(actions)
    with pytest.raises(Conflict):  # closed: nothing changes any more
        meetings.motion_count_room(actor=rep, motion=m, votes_for=20, votes_against=0, votes_abstain=0)


def test_the_outcome_follows_the_rule_not_the_larger_side(enterprise_rep: Any, enterprise: Any) -> None:
    """Workers' conference: more than 50% of those CONVENED. 15 for and 2 against of 24 present is a
    clear majority of the votes cast (what a typed 'passed' would have said) but not of the 30."""
    conf = held_conference(enterprise, convened=30, present=24)
    m = resolutions.resolution_open(actor=enterprise_rep, conference=conf, title="Thỏa ước lao động tập thể")
    assert m.majority_base == 30
    meetings.motion_count_room(actor=enterprise_rep, motion=m, votes_for=15, votes_against=2, votes_abstain=0)
    assert meetings.motion_close(actor=enterprise_rep, motion=m).passed is False
    m2 = resolutions.resolution_record(
        actor=enterprise_rep, conference=conf, title="Nội quy lao động", votes_for=16, votes_against=8
    )
    assert m2.passed is True


def test_a_second_vote_is_refused_and_the_first_kept(rep: Any, agency: Any) -> None:
    conf = held_conference(agency)
    (voter,) = _delegates(conf, 1)
    m = resolutions.resolution_open(actor=rep, conference=conf, title="Kế hoạch năm")
    meetings.motion_vote(person=voter, motion=m, choice="for")
    with pytest.raises(Conflict) as refused:
        meetings.motion_vote(person=voter, motion=m, choice="against")
    assert refused.value.code == "already_voted" and refused.value.status == 409
    assert list(MotionVote.objects.values_list("choice", flat=True)) == ["for"]


def test_a_non_delegate_and_another_units_delegate_are_refused(
    rep: Any, agency: Any, enterprise: Any
) -> None:
    conf = held_conference(agency)
    _delegates(conf, 2)
    other = held_conference(enterprise, convened=30, present=25)
    (foreign,) = _delegates(other, 1)
    m = resolutions.resolution_open(actor=rep, conference=conf, title="Kế hoạch năm")
    for person in (foreign, UserFactory(), rep):  # the representative runs the vote, is no delegate
        with pytest.raises(Forbidden):
            meetings.motion_vote(person=person, motion=m, choice="for")
    with pytest.raises(DomainError):
        meetings.motion_vote(person=foreign, motion=m, choice="maybe")
    assert not MotionVote.objects.exists()


def test_another_units_representative_cannot_run_the_vote(rep: Any, enterprise_rep: Any, agency: Any) -> None:
    conf = held_conference(agency)
    with pytest.raises(Forbidden):
        resolutions.resolution_open(actor=enterprise_rep, conference=conf, title="Kế hoạch năm")
    m = resolutions.resolution_open(actor=rep, conference=conf, title="Kế hoạch năm")
    for step in (meetings.motion_close,):
        with pytest.raises(Forbidden):
            step(actor=enterprise_rep, motion=m)
    with pytest.raises(Forbidden):
        meetings.motion_count_room(
            actor=enterprise_rep, motion=m, votes_for=1, votes_against=0, votes_abstain=0
        )
    assert Motion.objects.get().status == "open"


def test_below_quorum_nothing_is_put_to_the_vote(rep: Any, agency: Any) -> None:
    conf = held_conference(agency, convened=30, present=19)
    with pytest.raises(DomainError, match="túc số") as refused:
        resolutions.resolution_open(actor=rep, conference=conf, title="Nghị quyết hội nghị")
    assert refused.value.status == 400
    # meetings checks the electorate's quorum itself too (a caller that skips workplaces' check).
    with pytest.raises(DomainError, match="túc số"):
        meetings.motion_open(actor=rep, electorate=elections.ELECTORATE, ref=conf.pk, title="Nghị quyết")
    assert not Motion.objects.exists()
    assert not AuditEntry.objects.filter(action="meetings.motion_open").exists()


def test_room_and_online_votes_never_exceed_those_present(rep: Any, agency: Any) -> None:
    conf = held_conference(agency, convened=30, present=20)
    voters = _delegates(conf, 3)
    m = resolutions.resolution_open(actor=rep, conference=conf, title="Kế hoạch năm")
    meetings.motion_vote(person=voters[0], motion=m, choice="for")
    with pytest.raises(DomainError, match="20"):  # 1 online + 20 in the room > 20 present
        meetings.motion_count_room(actor=rep, motion=m, votes_for=20, votes_against=0, votes_abstain=0)
    meetings.motion_count_room(actor=rep, motion=m, votes_for=15, votes_against=4, votes_abstain=0)
    with pytest.raises(DomainError, match="20"):  # 1 + 19 + this one > 20
        meetings.motion_vote(person=voters[1], motion=m, choice="for")
    with pytest.raises(DomainError):
        meetings.motion_count_room(actor=rep, motion=m, votes_for=-1, votes_against=0, votes_abstain=0)
    m.refresh_from_db()
    assert (m.room_for, m.room_against, MotionVote.objects.count()) == (15, 4, 1)


def test_nul_bytes_and_overlong_titles_are_refused(rep: Any, agency: Any) -> None:
    conf = held_conference(agency)
    for title in ("Nghị quyết\x00", "N" * 501, "   "):
        with pytest.raises(DomainError):
            resolutions.resolution_open(actor=rep, conference=conf, title=title)
    assert not Motion.objects.exists()


def test_the_minutes_state_counts_and_outcome_from_the_records(rep: Any, agency: Any) -> None:
    conf = held_conference(agency, convened=30, present=25)
    voters = _delegates(conf, 2)
    m = resolutions.resolution_open(actor=rep, conference=conf, title="Quy chế chi tiêu nội bộ năm sau")
    for v in voters:
        meetings.motion_vote(person=v, motion=m, choice="for")
    meetings.motion_count_room(actor=rep, motion=m, votes_for=10, votes_against=12, votes_abstain=1)
    meetings.motion_close(actor=rep, motion=m)
    assert resolutions.CLOSING in _minutes(conf)  # every resolution has its result
    later = resolutions.resolution_open(actor=rep, conference=conf, title="Kế hoạch công tác năm tới")
    text = _minutes(conf)
    assert (
        "1. Quy chế chi tiêu nội bộ năm sau: tán thành 12, không tán thành 12, không biểu quyết 1 "
        "(trong đó 2 đại biểu biểu quyết trực tuyến) — không được thông qua (tán thành 12/25, cần trên 50%)."
    ) in text
    assert "2. Kế hoạch công tác năm tới: đang biểu quyết, chưa có kết quả." in text
    # While a vote is open the minutes are a draft: they cannot say they were approved.
    assert resolutions.CLOSING_WHILE_VOTING in text and resolutions.CLOSING not in text
    meetings.motion_count_room(actor=rep, motion=later, votes_for=20, votes_against=0, votes_abstain=0)
    meetings.motion_close(actor=rep, motion=later)
    assert resolutions.CLOSING in _minutes(conf)


@pytest.mark.django_db(transaction=True)
def test_old_typed_resolutions_become_closed_motions(agency: Any, enterprise: Any) -> None:
    """The data migration (workplaces 0004) on rows as the typed form left them."""
    from django.apps import apps as live_apps
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    officials = held_conference(agency, convened=30, present=20)
    workers = held_conference(enterprise, convened=30, present=24)
    executor = MigrationExecutor(connection)
    before = [("workplaces", "0003_conference_delegates"), ("meetings", "0007_motions")]
    executor.migrate(before)
    old = executor.loader.project_state(before).apps
    Resolution = old.get_model("workplaces", "Resolution")
    Resolution.objects.create(
        conference_id=officials.pk, title="Quy chế", votes_for=11, votes_against=9, passed=True
    )
    Resolution.objects.create(
        conference_id=workers.pk, title="Thỏa ước", votes_for=15, votes_against=9, passed=False
    )
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
    assert not any(
        m._meta.model_name == "resolution" for m in live_apps.get_app_config("workplaces").get_models()
    )
    a, b = Motion.objects.order_by("pk")
    assert (a.electorate, a.electorate_ref, a.status) == (elections.ELECTORATE, officials.pk, "closed")
    assert (a.votes_for, a.votes_against, a.votes_abstain, a.passed, a.majority_base) == (11, 9, 0, True, 20)
    assert (b.votes_for, b.votes_against, b.passed, b.majority_base, b.roll) == (15, 9, False, 30, 24)
    assert "Quy chế: tán thành 11, không tán thành 9" in _minutes(officials)


# --- Pages and API ------------------------------------------------------------------------------------


def test_pages_with_the_csrf_enforcing_client(browser_as: Any, rep: Any, agency: Any) -> None:
    conf = held_conference(agency, convened=30, present=25)
    (voter,) = _delegates(conf, 1)
    rep_client = browser_as(rep)
    url = reverse("workplaces:resolution_open", args=[conf.pk])
    assert rep_client.post(url, {"title": "Kế hoạch năm"}).status_code == 403  # no CSRF token
    assert not Motion.objects.exists()
    r = rep_client.post_form(url, {"title": "Kế hoạch năm"})
    m = Motion.objects.get()
    assert r.status_code == 302 and r["Location"] == reverse("workplaces:resolution", args=[m.pk])
    voter_client = browser_as(voter)
    page = voter_client.get(reverse("workplaces:resolution", args=[m.pk]))
    assert page.status_code == 200 and b"motion-vote-form" in page.content
    assert b"room-count-form" not in page.content  # a delegate does not run the vote
    vote_url = reverse("workplaces:resolution_vote", args=[m.pk])
    assert voter_client.post(vote_url, {"choice": "for"}).status_code == 403  # no CSRF token
    assert voter_client.post_form(vote_url, {"choice": "for"}).status_code == 302
    again = voter_client.post_form(vote_url, {"choice": "against"})
    assert again.status_code == 409  # refused, with the message
    assert "Bạn đã biểu quyết nghị quyết này; giữ nguyên lần biểu quyết đầu tiên." in again.content.decode()
    assert list(MotionVote.objects.values_list("choice", flat=True)) == ["for"]
    assert b'id="my-vote"' in voter_client.get(reverse("workplaces:resolution", args=[m.pk])).content
    # The delegate cannot count or close.
    assert voter_client.post_form(reverse("workplaces:resolution_close", args=[m.pk]), {}).status_code == 404
    r = rep_client.post_form(
        reverse("workplaces:resolution_room", args=[m.pk]),
        {"votes_for": 12, "votes_against": 3, "votes_abstain": 0},
    )
    assert r.status_code == 302
    too_many = rep_client.post_form(
        reverse("workplaces:resolution_room", args=[m.pk]),
        {"votes_for": 25, "votes_against": 0, "votes_abstain": 0},
    )
    assert too_many.status_code == 400
    assert "Đếm được 26 lượt biểu quyết nhưng chỉ có 25 đại biểu có mặt." in too_many.content.decode()
    m.refresh_from_db()
    assert m.room_for == 12
    assert rep_client.post_form(reverse("workplaces:resolution_close", args=[m.pk]), {}).status_code == 302
    m.refresh_from_db()
    assert m.passed is True and m.votes_for == 13
    page = rep_client.get(reverse("workplaces:conference", args=[conf.pk])).content.decode()
    assert reverse("workplaces:resolution", args=[m.pk]) in page and "Kế hoạch năm" in page


def test_outsiders_and_other_units_delegates_get_404_on_pages(
    browser_as: Any, rep: Any, agency: Any, enterprise: Any
) -> None:
    conf = held_conference(agency)
    m = resolutions.resolution_open(actor=rep, conference=conf, title="Kế hoạch năm")
    other = held_conference(enterprise, convened=30, present=25)
    (foreign,) = _delegates(other, 1)
    for person in (foreign, UserFactory()):
        c = browser_as(person)
        assert c.get(reverse("workplaces:resolution", args=[m.pk])).status_code == 404
        assert (
            c.post_form(reverse("workplaces:resolution_vote", args=[m.pk]), {"choice": "for"}).status_code
            == 404
        )
    assert not MotionVote.objects.exists()


def test_api_with_tokens(
    client: Any, token_for: Any, rep: Any, agency: Any, enterprise: Any, officer: Any
) -> None:
    conf = held_conference(agency, convened=30, present=25)
    voter, _second = _delegates(conf, 2)
    headers = token_for(rep)
    url = f"/api/v1/workplaces/conferences/{conf.pk}/resolutions"
    # Typed counts are not read: a count sent with the motion is refused by name, nothing is created.
    r = client.post(
        url, {"title": "Quy chế chi tiêu nội bộ", "votes_for": 20}, content_type="application/json", **headers
    )
    assert r.status_code == 422 and [p["field"] for p in r.json()["detail"]] == ["votes_for"]
    assert not Motion.objects.exists()
    r = client.post(url, {"title": "Quy chế chi tiêu nội bộ"}, content_type="application/json", **headers)
    assert r.status_code == 201, r.content
    body = r.json()
    pk = body["id"]
    assert (body["status"], body["votes_for"], body["passed"], body["delegates_present"]) == (
        "open",
        0,
        None,
        25,
    )
    vote = f"/api/v1/workplaces/resolutions/{pk}/votes"
    r = client.post(vote, {"choice": "for"}, content_type="application/json", **token_for(voter))
    assert r.status_code == 201 and r.json()["choice"] == "for"
    r = client.post(vote, {"choice": "against"}, content_type="application/json", **token_for(voter))
    assert r.status_code == 409
    # Staff of the commune read the unit but are no delegate: 403; another unit's delegate: 404.
    r = client.post(vote, {"choice": "for"}, content_type="application/json", **token_for(officer))
    assert r.status_code == 403
    other = held_conference(enterprise, convened=30, present=25)
    (foreign,) = _delegates(other, 1)
    r = client.post(vote, {"choice": "for"}, content_type="application/json", **token_for(foreign))
    assert r.status_code == 404
    room = f"/api/v1/workplaces/resolutions/{pk}/room"
    r = client.post(room, {"votes_for": 25}, content_type="application/json", **headers)
    assert r.status_code == 400 and "25" in r.json()["message"]
    r = client.post(room, {"votes_for": 1}, content_type="application/json", **token_for(voter))
    assert r.status_code in (403, 404)
    r = client.post(room, {"votes_for": 12, "votes_against": 10}, content_type="application/json", **headers)
    assert r.status_code == 200 and r.json()["votes_for"] == 13
    r = client.post(f"/api/v1/workplaces/resolutions/{pk}/close", **headers)
    assert r.status_code == 200 and r.json()["passed"] is True and r.json()["online"] == 1
    listed = client.get(f"/api/v1/workplaces/conferences/{conf.pk}/resolutions", **headers).json()
    assert [(x["title"], x["votes_for"], x["passed"]) for x in listed] == [
        ("Quy chế chi tiêu nội bộ", 13, True)
    ]
    assert client.get(f"/api/v1/workplaces/resolutions/{pk}", **token_for(foreign)).status_code == 404
    r = client.post(
        f"/api/v1/workplaces/conferences/{other.pk}/resolutions",
        {"title": "Nghị quyết"},
        content_type="application/json",
        **headers,
    )
    assert r.status_code == 404
    assert Motion.objects.count() == 1


def test_the_conference_list_reads_counts_in_one_query(
    rep: Any, agency: Any, django_assert_max_num_queries: Any
) -> None:
    from danchu.workplaces.queries import conference_resolutions

    conf = held_conference(agency)
    voters = _delegates(conf, 3)
    for i in range(5):
        m = resolutions.resolution_open(actor=rep, conference=conf, title=f"Nghị quyết {i}")
        for v in voters:
            meetings.motion_vote(person=v, motion=m, choice="for")
    with django_assert_max_num_queries(1):
        rows = [(m.votes_for, m.online) for m in conference_resolutions(conf)]
    assert rows == [(3, 3)] * 5
