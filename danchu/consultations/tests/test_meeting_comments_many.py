"""A meeting's comments entered in bulk are checked row by row by comment_record()'s own rules and
written together: the same comments and audit entries as one by one, in statements that do not grow
with the rows (one by one: about 9 a row, 2,000 rows took 26 s on PostgreSQL)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from danchu.consultations.models import Comment
from danchu.consultations.services import consultations as svc
from danchu.consultations.services import meeting_comments as mc
from danchu.core.audit import seal_pending, verify_chain
from danchu.core.errors import DomainError
from danchu.core.models import AuditEntry

from .test_meeting_channel import discussed

pytestmark = pytest.mark.django_db


def record(consultation, officer, text: str):
    rows = mc.meeting_comments_read(filename="rows.csv", data=text.encode())
    with CaptureQueriesContext(connection) as queries:
        done = mc.meeting_comments_record(actor=officer, consultation=consultation, rows=rows)
    return done, len(queries.captured_queries)


def test_comments_of_a_sheet_are_those_recorded_one_by_one(open_consultation, officer, village):
    item = discussed(village)
    alone = svc.comment_record(
        actor=officer,
        consultation=open_consultation,
        text_="Đề nghị giữ đất trồng cà phê.",
        author_name="Y Bhăm Êban",
        source=Comment.Source.MEETING,
        stance=Comment.Stance.OPPOSE,
        meeting_item=item.pk,
        paragraph_id=open_consultation.paragraphs.get(position=2).pk,
    )
    (sheet,), _ = record(
        open_consultation,
        officer,
        f"item,name,comment,stance,paragraph\n{item.pk},H'Hoa Mlô,Đề nghị giữ đất trồng cà phê.,phản đối,2\n",
    )
    fields = ["consultation_id", "paragraph_id", "version", "quote", "text", "stance", "source"]
    fields += ["author_id", "household_id", "recorded_by_id", "meeting_item_id"]
    assert [getattr(sheet, f) for f in fields] == [getattr(alone, f) for f in fields]
    assert (sheet.author_name, alone.author_name) == ("H'Hoa Mlô", "Y Bhăm Êban")
    for comment in (sheet, alone):
        entry = AuditEntry.objects.get(action="consultations.comment", object_id=str(comment.pk))
        assert entry.actor == officer
        assert entry.after == {
            "consultation": open_consultation.pk,
            "paragraph": comment.paragraph_id,
            "source": "meeting",
        }
    seal_pending(wait=True)
    checked, broken = verify_chain(anchors={})
    assert broken is None and checked >= 3


def test_a_comment_already_recorded_or_given_twice_in_the_sheet_is_refused_by_line(
    open_consultation, officer, village
):
    item = discussed(village)
    record(open_consultation, officer, f"item,name,comment\n{item.pk},Y Bhăm Êban,Ý kiến một\n")
    text = (
        "item,name,comment\n"
        f"{item.pk},Y Bhăm Êban,Ý kiến một\n"  # line 2: recorded by the earlier sheet
        f"{item.pk},H'Hoa Mlô,Ý kiến hai\n"
        f"{item.pk},H'Hoa Mlô,Ý kiến hai\n"  # line 4: line 3 again
        f"{item.pk},Y Nguyên,Ý kiến hai\n"  # the same words by another person: kept
    )
    with pytest.raises(DomainError) as e:
        record(open_consultation, officer, text)
    assert [d.split(":")[0] for d in e.value.detail] == ["Line 2", "Line 4"]
    assert Comment.objects.count() == 1


def test_the_statements_do_not_grow_with_the_rows(open_consultation, officer, village):
    item = discussed(village)

    def sheet(start: int, n: int) -> str:
        return "item,name,comment\n" + "".join(
            f"{item.pk},Người {i},Ý kiến số {i}\n" for i in range(start, start + n)
        )

    _, few = record(open_consultation, officer, sheet(0, 2))
    done, many = record(open_consultation, officer, sheet(2, 600))
    assert len(done) == 600 and Comment.objects.filter(meeting_item=item).count() == 602
    assert many - few <= (8 if connection.vendor == "postgresql" else 30), (few, many)
