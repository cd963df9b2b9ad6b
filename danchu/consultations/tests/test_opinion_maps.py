"""Opinion maps: groups from a simulated conversation, moderation, votes, Pol.is CSV."""

from __future__ import annotations

import random

import pytest
from django.urls import reverse
from django.utils import timezone

from danchu.consultations.models import Conversation, Participant, Statement, Vote
from danchu.consultations.services import opinions as svc
from danchu.consultations.services import polis
from danchu.core.errors import DomainError

pytestmark = pytest.mark.django_db

STATEMENTS = [
    "Nên mở rộng đường liên thôn lên 7 m.",
    "Giữ nguyên đất trồng lúa ven suối.",
    "Xây nhà văn hóa mới ở Buôn Đắk.",
    "Ưu tiên kinh phí cho trường mẫu giáo.",
    "Thu hồi đất vườn phải bồi thường theo giá thị trường.",
    "Chuyển đất lúa sang trồng cà phê.",
    "Làm đèn đường trước khi mở rộng đường.",
    "Lấy ý kiến hộ dân qua loa phát thanh là đủ.",
]


def simulate(conv: Conversation, people: int = 60, seed: int = 7) -> None:
    """Two camps: road-first (statements 0, 4, 6) and farmland-first (1, 3, 5); 2 and 7 are agreed by all."""
    rng = random.Random(seed)
    for i, text in enumerate(STATEMENTS):
        Statement.objects.create(conversation=conv, number=i, text=text, status=Statement.Status.ACCEPTED)
    statements = {s.number: s for s in conv.statements.all()}
    votes = []
    for p in range(people):
        participant = Participant.objects.create(conversation=conv, number=p)
        camp = p % 2
        for n, s in statements.items():
            if n in (2, 7):
                value = 1 if rng.random() < 0.85 else 0
            else:
                pro = (n in (0, 4, 6)) == (camp == 0)
                value = (1 if pro else -1) if rng.random() < 0.85 else rng.choice([-1, 0, 1])
            votes.append(Vote(participant=participant, statement=s, value=value))
    Vote.objects.bulk_create(votes)


@pytest.fixture
def conversation(commune, officer):
    return svc.conversation_create(actor=officer, place=commune, topic="Ưu tiên đầu tư năm 2027 của xã")


def test_simulated_conversation_finds_two_groups_and_consensus(conversation):
    simulate(conversation)
    result = svc.map_compute(conversation=conversation).result
    assert len(result["groups"]) == 2
    assert sorted(g["size"] for g in result["groups"]) == [30, 30]
    by_person = {p: g for p, _x, _y, g in result["points"]}
    assert all(by_person[p] == by_person[p % 2] for p in range(60))  # each camp is one group
    assert {c["statement"] for c in result["consensus"]} >= {2, 7}
    reps = {r["statement"] for g in result["groups"] for r in g["representative"]}
    assert reps & {0, 1, 3, 4, 5, 6}


def test_vote_on_a_rejected_statement_is_refused(conversation, officer, citizen):
    st = svc.statement_submit(actor=citizen, conversation=conversation, text_="Cấm xe tải qua Thôn 1.")
    assert st.status == Statement.Status.PENDING
    with pytest.raises(DomainError, match="awaiting moderation"):
        svc.vote_cast(actor=citizen, conversation=conversation, statement_number=st.number, value=1)
    svc.statement_moderate(actor=officer, statement=st, accept=False, reason="Nêu thông tin cá nhân.")
    with pytest.raises(DomainError, match="rejected"):
        svc.vote_cast(actor=citizen, conversation=conversation, statement_number=st.number, value=1)
    assert not Vote.objects.exists()


def test_votes_trigger_an_incremental_computation(conversation, officer, django_capture_on_commit_callbacks):
    simulate(conversation, people=20)
    with django_capture_on_commit_callbacks(execute=True):
        svc.vote_cast(actor=officer, conversation=conversation, statement_number=0, value=1)
    conversation.refresh_from_db()
    assert conversation.computed_at is not None and not conversation.computing
    assert conversation.votes_at_compute == Vote.objects.count()


def test_the_next_computation_waits_for_a_tenth_more_votes_cast_or_changed(
    conversation, officer, django_capture_on_commit_callbacks
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    simulate(conversation, people=30)  # 240 votes
    svc.map_compute(conversation=conversation)
    conversation.refresh_from_db()
    assert conversation.votes_at_compute == 240  # the next run waits for 24 votes cast or changed
    voters = list(Participant.objects.filter(conversation=conversation).order_by("number"))

    def changed(n: int) -> None:
        for p in voters[:n]:  # each changes their vote on statement 0: no new vote, a changed map
            Vote.objects.filter(participant=p, statement__number=0).update(value=0, created_at=timezone.now())

    changed(22)
    with CaptureQueriesContext(connection) as seen:
        svc.maybe_recompute(Conversation.objects.get(pk=conversation.pk))
    counted = [q["sql"] for q in seen.captured_queries if "COUNT" in q["sql"].upper()]
    assert len(counted) == 1 and "LIMIT" in counted[0].upper()  # reads no more votes than it needs
    assert not Conversation.objects.get(pk=conversation.pk).computing
    changed(24)
    with django_capture_on_commit_callbacks(execute=False) as queued:
        svc.maybe_recompute(Conversation.objects.get(pk=conversation.pk))
    assert Conversation.objects.get(pk=conversation.pk).computing and len(queued) == 1


def test_polis_csv_round_trip(conversation, officer, commune):
    simulate(conversation, people=30)
    svc.map_compute(conversation=conversation)
    comments, votes = svc.export_comments(conversation), svc.export_votes(conversation)
    pv = svc.export_participants_votes(conversation).splitlines()
    assert pv[0].startswith("participant,group-id,n-comments,n-votes,n-agree,n-disagree,0,1")
    copy = polis.conversation_import(
        actor=officer,
        place=commune,
        topic="Bản sao",
        comments_csv=comments.encode(),
        votes_csv=votes.encode(),
    )
    assert copy.statements.count() == 8 and Vote.objects.filter(statement__conversation=copy).count() == 240
    assert svc.map_compute(conversation=copy).result["groups"]


def test_import_reports_each_bad_row_and_imports_nothing(officer, commune):
    comments = (
        "comment-id,author-id,moderated,comment-body\n0,1,1,Đường 7 m\nx,1,1,Sai\n1,1,5,Sai kiểm duyệt\n"
    )
    votes = "timestamp,comment-id,voter-id,vote\n1,0,1,1\n1,0,2,3\n1,9,2,1\n"
    with pytest.raises(DomainError) as e:
        polis.conversation_import(
            actor=officer,
            place=commune,
            topic="Lỗi",
            comments_csv=comments.encode(),
            votes_csv=votes.encode(),
        )
    errors = [x.lower().replace("dòng", "line") for x in e.value.detail["errors"]]
    assert [x.split(":")[0] for x in errors] == [
        "comments.csv, line 3",
        "comments.csv, line 4",
        "votes.csv, line 3",
        "votes.csv, line 4",
    ], errors
    assert not Conversation.objects.exists()


@pytest.mark.parametrize(
    ("comments", "votes", "message"),
    [
        (b"comment-id,moderated\n0,1\n", b"comment-id,voter-id,vote\n0,1,1\n", "comment_body"),
        (b"", b"comment-id,voter-id,vote\n0,1,1\n", "comments.csv"),
        (b"comment-id,moderated,comment-body\n", b"comment-id,voter-id,vote\n0,1,1\n", "comments.csv"),
        (b"comment-id,moderated,comment-body\n0,1,A\x00\n", b"comment-id,voter-id,vote\n0,1,1\n", "comments"),
        (b"comment-id,moderated,comment-body\n0,1,Ok\n", b"comment-id,vote\n0,1\n", "voter_id"),
        # An unquoted comma: the text past it was dropped in silence.
        (
            b"comment-id,moderated,comment-body\n0,1,Ok, and more\n",
            b"comment-id,voter-id,vote\n0,1,1\n",
            "Line 2: the row has 4 cells",
        ),
    ],
)
def test_import_refuses_a_malformed_file_naming_it(officer, commune, comments, votes, message):
    with pytest.raises(DomainError, match=message):
        polis.conversation_import(
            actor=officer, place=commune, topic="Lỗi", comments_csv=comments, votes_csv=votes
        )
    assert not Conversation.objects.exists()


def test_import_refuses_over_long_values_by_line(officer, commune):
    comments = (
        f"comment-id,moderated,comment-body\n0,1,{'x' * 401}\n{'9' * 5000},1,Ok\n{'9' * 4000},1,Ok\n1,1,Ok\n"
    )
    votes = f"comment-id,voter-id,vote\n1,{'9' * 40},1\n{'8' * 4000},2,1\n1,2,1\n"
    with pytest.raises(DomainError) as e:
        polis.conversation_import(
            actor=officer,
            place=commune,
            topic="Lỗi",
            comments_csv=comments.encode(),
            votes_csv=votes.encode(),
        )
    errors = [x.lower().replace("dòng", "line").split(":")[0] for x in e.value.detail["errors"]]
    assert errors == [
        "comments.csv, line 2",
        "comments.csv, line 3",
        "comments.csv, line 4",
        "votes.csv, line 2",
        "votes.csv, line 3",
    ]
    assert len(str(e.value)) < 3000
    assert not Conversation.objects.exists()


def test_import_refuses_too_many_rows(officer, commune, monkeypatch):
    monkeypatch.setattr(polis, "MAX_IMPORT_ROWS", 1)
    with pytest.raises(DomainError, match="votes.csv"):
        polis.conversation_import(
            actor=officer,
            place=commune,
            topic="Lỗi",
            comments_csv=b"comment-id,moderated,comment-body\n0,1,Ok\n",
            votes_csv=b"comment-id,voter-id,vote\n0,1,1\n0,2,1\n",
        )
    assert not Conversation.objects.exists()


def test_map_data_shows_where_i_stand(client_as, conversation, citizen):
    simulate(conversation)
    client = client_as(citizen)
    client.post(reverse("consultations:map_vote", args=[conversation.pk]), {"statement": 0, "value": 1})
    for n in range(1, 8):
        svc.vote_cast(
            actor=citizen, conversation=conversation, statement_number=n, value=1 if n in (4, 6) else -1
        )
    svc.map_compute(conversation=conversation)
    data = client.get(reverse("consultations:map_data", args=[conversation.pk])).json()
    me = data["me"]
    assert me is not None and any(p[0] == me for p in data["points"])
    assert all("text" in r for g in data["groups"] for r in g["representative"])


def test_polis_export_runs_no_formula_and_imports_back_the_same_text(conversation, officer, commune):
    """A statement is typed by anyone taking part; the officer opens the export in a spreadsheet."""
    simulate(conversation, people=30)
    first = conversation.statements.order_by("number").first()
    Statement.objects.filter(pk=first.pk).update(text='=HYPERLINK("http://x.example","Đồng ý")')
    comments = svc.export_comments(conversation)
    assert "'=HYPERLINK" in comments
    copy = polis.conversation_import(
        actor=officer,
        place=commune,
        topic="Bản sao",
        comments_csv=comments.encode(),
        votes_csv=svc.export_votes(conversation).encode(),
    )
    assert copy.statements.get(number=first.number).text == '=HYPERLINK("http://x.example","Đồng ý")'


def test_people_who_saw_few_statements_join_their_camp_not_a_group_of_their_own():
    """A vote not cast is imputed with the statement's mean (Pol.is, red-dwarf): only cast votes
    place someone. Centring the zeros instead made "saw few statements" a direction of its own."""
    from danchu.consultations import mapping

    rng = random.Random(3)
    votes, camp = [], {}
    for person in range(80):
        camp[person] = person % 2
        # Half the people vote on all 30 statements, half on 8 of them only.
        seen = range(30) if person < 40 else rng.sample(range(30), 8)
        for s in seen:
            # Statements 0-11 unite everyone; the others divide the camps by parity.
            side = True if s < 12 else s % 2 == camp[person]
            agrees = side if rng.random() < 0.9 else not side
            votes.append((person, s, 1 if agrees else -1))
    result = mapping.compute(mapping.build(votes, list(range(30))))
    group = {p: g for p, _x, _y, g in result["points"]}
    assert len(result["groups"]) == 2
    # Up to which group is called 0: people sit with their camp (a few of the sparse, whose eight
    # votes hold mostly statements everyone agrees on, may not be placeable).
    same = sum((group[p] == group[0]) == (camp[p] == camp[0]) for p in range(80))
    assert same >= 72


def test_my_data_holds_my_statements_and_my_votes(client_as, conversation, officer, citizen):
    """ "Everything danchu holds about me" (Decree 13/2023) held nothing of the opinion maps."""
    from django.utils import translation

    from danchu.accounts.personal_data import personal_data
    from danchu.accounts.tests.my_data import pdf_source

    mine = svc.statement_submit(actor=citizen, conversation=conversation, text_="Cấm xe tải qua Thôn 1.")
    theirs = svc.statement_submit(actor=officer, conversation=conversation, text_="Làm đèn đường trước.")
    svc.vote_cast(
        actor=citizen, conversation=conversation, statement_number=theirs.number, value=Vote.DISAGREE
    )
    svc.vote_cast(actor=officer, conversation=conversation, statement_number=theirs.number, value=Vote.AGREE)
    with translation.override("vi"):
        rows = next(s for s in personal_data(citizen)["sections"] if s["key"] == "consultations.opinions")[
            "rows"
        ]
    assert [(r["statement"], r["yours"], r["status"]) for r in rows] == [
        (mine.text, "Bạn viết nhận định này", "Chờ kiểm duyệt"),
        (theirs.text, "Không đồng ý", ""),
    ]
    html = pdf_source(client_as(citizen))
    assert "Nhận định và ý kiến của bạn trên bản đồ ý kiến" in html and "Cấm xe tải qua Thôn 1." in html
