"""Consultations on a draft: import, open with the legal minimum, comments and their refusals,
synthesis, close with the decision."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from danchu.consultations.models import Comment, CommentGroup, Consultation, Paragraph
from danchu.consultations.services import consultations as svc
from danchu.consultations.services import synthesis
from danchu.core.errors import DomainError, Forbidden
from danchu.disclosures.models import Disclosure

from .conftest import docx_bytes, today

pytestmark = pytest.mark.django_db


def _para(c: Consultation, position: int) -> Paragraph:
    return c.paragraphs.get(version=c.version, position=position)


def test_docx_is_split_into_sections_and_paragraphs(draft):
    paras = list(draft.paragraphs.all())
    assert len(paras) == 6
    assert paras[0].is_heading and paras[0].text.startswith("Chương I")
    assert paras[4].section == "Chương II. ĐẤT PHI NÔNG NGHIỆP"
    assert draft.min_days == 30 and "Điều 25 khoản 2" in draft.basis_article


def test_malformed_docx_is_reported_and_nothing_is_imported(commune, officer):
    with pytest.raises(DomainError, match="DOCX"):
        svc.consultation_create(
            actor=officer,
            data=svc.DraftInput(
                place=commune,
                title="Dự thảo hỏng",
                basis="land_use",
                draft_name="x.docx",
                draft_bytes=b"PK\x03\x04rubbish",
            ),
        )
    assert not Consultation.objects.exists() and not Paragraph.objects.exists()


def test_pdf_draft_needs_its_docx(commune, officer):
    with pytest.raises(DomainError, match="DOCX"):
        svc.consultation_create(
            actor=officer,
            data=svc.DraftInput(
                place=commune, title="Dự thảo", basis="land_use", draft_name="x.pdf", draft_bytes=b"%PDF-1.4"
            ),
        )
    c = svc.consultation_create(
        actor=officer,
        data=svc.DraftInput(
            place=commune,
            title="Dự thảo",
            basis="land_use",
            draft_name="x.pdf",
            draft_bytes=b"%PDF-1.4",
            text_docx=docx_bytes(),
        ),
    )
    assert c.paragraphs.count() == 6 and c.draft_name == "x.pdf"


def test_officer_of_another_commune_cannot_prepare_one(commune, outsider):
    with pytest.raises(Forbidden):
        svc.consultation_create(
            actor=outsider,
            data=svc.DraftInput(
                place=commune, title="X", basis="land_use", draft_name="x.docx", draft_bytes=docx_bytes()
            ),
        )


def test_opening_shorter_than_the_legal_minimum_is_refused(draft, officer):
    with pytest.raises(DomainError, match="at least 30 days") as e:
        svc.consultation_open(
            actor=officer, consultation=draft, opens_on=today(), closes_on=today() + dt.timedelta(days=20)
        )
    assert e.value.code == "period_too_short"
    draft.refresh_from_db()
    assert draft.status == Consultation.Status.DRAFT and not Disclosure.objects.exists()


def test_opening_publishes_a_disclosure(open_consultation):
    d = Disclosure.objects.get(pk=open_consultation.disclosure_id)
    assert d.status == Disclosure.Status.PUBLISHED
    assert open_consultation.title in d.title and d.category == "land_and_planning"


def test_the_opening_is_published_in_vietnamese_whatever_language_the_officer_reads(draft, officer):
    from django.utils import translation

    with translation.override("en"):
        c = svc.consultation_open(
            actor=officer, consultation=draft, opens_on=today(), closes_on=today() + dt.timedelta(days=29)
        )
    d = Disclosure.objects.get(pk=c.disclosure_id)
    assert d.title.startswith("Lấy ý kiến Nhân dân: "), d.title
    assert " consults the people " not in d.body and " lấy ý kiến " in d.body.lower(), d.body


def test_resident_comments_on_a_paragraph_with_a_quote(open_consultation, citizen):
    p = _para(open_consultation, 3)
    c = svc.comment_add(
        actor=citizen,
        consultation=open_consultation,
        text_="Đề nghị giữ lại 2 ha lúa nước ven suối.",
        paragraph_id=p.pk,
        quote="12,5 ha đất trồng lúa",
        stance=Comment.Stance.OPPOSE,
    )
    assert c.paragraph == p and c.household is not None and c.source == Comment.Source.ONLINE


def test_comment_from_outside_the_commune_is_refused_with_the_reason(open_consultation, foreign_resident):
    with pytest.raises(Forbidden, match="not among the people consulted"):
        svc.comment_add(actor=foreign_resident, consultation=open_consultation, text_="Ý kiến")


def test_unverified_person_cannot_comment(open_consultation, unverified):
    with pytest.raises(Forbidden, match="identified residents"):
        svc.comment_add(actor=unverified, consultation=open_consultation, text_="Ý kiến")


def test_villages_audience_refuses_residents_of_other_villages(commune, village, officer, citizen, resident):
    c = svc.consultation_create(
        actor=officer,
        data=svc.DraftInput(
            place=commune,
            title="Mở rộng đường Thôn 1",
            basis="compensation",
            draft_name="d.docx",
            draft_bytes=docx_bytes(),
            audience="villages",
            villages=[village],
        ),
    )
    svc.consultation_open(
        actor=officer, consultation=c, opens_on=today(), closes_on=today() + dt.timedelta(days=25)
    )
    svc.comment_add(actor=citizen, consultation=c, text_="Đồng ý mở rộng.")
    with pytest.raises(Forbidden, match="not among"):
        svc.comment_add(actor=resident, consultation=c, text_="Tôi ở Buôn Đắk.")


def test_comment_on_a_paragraph_of_another_version_is_refused(open_consultation, officer, citizen):
    old = _para(open_consultation, 2)
    svc.draft_revise(actor=officer, consultation=open_consultation, docx_bytes=docx_bytes())
    open_consultation.refresh_from_db()
    with pytest.raises(DomainError, match="version 1") as e:
        svc.comment_add(actor=citizen, consultation=open_consultation, text_="Ý kiến", paragraph_id=old.pk)
    assert e.value.code == "old_version"
    assert not Comment.objects.exists()


def test_comment_after_close_is_refused(open_consultation, officer, citizen):
    Consultation.objects.filter(pk=open_consultation.pk).update(closes_on=today() - dt.timedelta(days=1))
    open_consultation.refresh_from_db()
    with pytest.raises(DomainError, match="closed"):
        svc.comment_add(actor=citizen, consultation=open_consultation, text_="Muộn rồi")


def test_nul_byte_and_overlong_comment_are_refused(open_consultation, citizen):
    with pytest.raises(DomainError, match="not allowed"):
        svc.comment_add(actor=citizen, consultation=open_consultation, text_="a\x00b")
    with pytest.raises(DomainError, match="longer than"):
        svc.comment_add(actor=citizen, consultation=open_consultation, text_="x" * 5001)
    assert not Comment.objects.exists()


def test_staff_record_a_counter_comment_as_such(open_consultation, officer):
    c = svc.comment_record(
        actor=officer,
        consultation=open_consultation,
        text_="Ông Y Bhăm đề nghị làm rõ mức bồi thường.",
        author_name="Y Bhăm Mlô",
        source=Comment.Source.COUNTER,
        paragraph_id=_para(open_consultation, 6).pk,
    )
    assert c.source == "counter" and c.recorded_by == officer and c.author is None


def test_period_cannot_be_cut_short(open_consultation, officer):
    with pytest.raises(DomainError, match="cannot be cut short"):
        svc.consultation_end_period(actor=officer, consultation=open_consultation)


def _ended(c: Consultation, officer) -> Consultation:
    Consultation.objects.filter(pk=c.pk).update(closes_on=today() - dt.timedelta(days=1))
    return svc.consultation_end_period(actor=officer, consultation=c)


def test_cannot_close_without_an_answer_to_every_group(open_consultation, officer, citizen):
    a = svc.comment_add(
        actor=citizen,
        consultation=open_consultation,
        text_="Giữ lại lúa nước.",
        paragraph_id=_para(open_consultation, 3).pk,
    )
    b = svc.comment_add(actor=citizen, consultation=open_consultation, text_="Đường 7 m là quá rộng.")
    c = _ended(open_consultation, officer)
    decision = synthesis.Decision("15/QĐ-UBND", "Phê duyệt điều chỉnh quy hoạch.", "Văn bản cuối")
    with pytest.raises(DomainError, match="2 comments are in no group") as e:
        synthesis.consultation_close(actor=officer, consultation=c, data=decision)
    assert e.value.detail == {"ungrouped": 2, "unanswered": 0}
    g1 = synthesis.group_create(actor=officer, consultation=c, title="Giữ đất lúa", comment_ids=[a.pk])
    g2 = synthesis.group_create(actor=officer, consultation=c, title="Bề rộng đường", comment_ids=[b.pk])
    synthesis.group_answer(actor=officer, group=g1, answer=CommentGroup.Answer.ACCEPTED, reason="")
    with pytest.raises(DomainError, match="1 groups have no answer"):
        synthesis.consultation_close(actor=officer, consultation=c, data=decision)
    with pytest.raises(DomainError, match="Reason is required"):
        synthesis.group_answer(actor=officer, group=g2, answer=CommentGroup.Answer.NOT_ACCEPTED, reason="")
    synthesis.group_answer(
        actor=officer,
        group=g2,
        answer=CommentGroup.Answer.NOT_ACCEPTED,
        reason="Quy chuẩn đường liên thôn là 7 m.",
    )
    closed = synthesis.consultation_close(actor=officer, consultation=c, data=decision)
    assert closed.status == Consultation.Status.CLOSED and closed.answered_on_time
    d = Disclosure.objects.get(pk=closed.synthesis_disclosure_id)
    assert d.category == "opinion_results" and "Quy chuẩn đường" in d.body


def test_group_of_another_consultation_is_404(client_as, open_consultation, officer, commune):
    other = svc.consultation_create(
        actor=officer,
        data=svc.DraftInput(
            place=commune, title="Khác", basis="other", draft_name="d.docx", draft_bytes=docx_bytes()
        ),
    )
    g = CommentGroup.objects.create(consultation=other, title="Nhóm khác")
    url = reverse("consultations:group_answer", args=[open_consultation.pk, g.pk])
    assert client_as(officer).post(url, {"answer": "accepted"}).status_code == 404


def test_diff_marks_added_and_removed_lines(open_consultation):
    c = open_consultation
    c.final_text = c.draft_text().replace("lên 7 m", "lên 6 m")
    out = synthesis.text_diff(c)
    assert ("removed", _para(c, 6).text) in out
    assert any(op == "added" and "6 m" in line for op, line in out)


def test_synthesis_report_docx_and_pdf(open_consultation):
    import io

    from docx import Document

    from danchu.consultations import reports

    doc = Document(io.BytesIO(reports.build_docx(open_consultation)))
    texts = "\n".join(p.text for p in doc.paragraphs) + "\n".join(
        c.text for t in doc.tables for c in t._cells
    )
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in texts and "BÁO CÁO" in texts
    assert doc.sections[0].left_margin.mm == pytest.approx(30, abs=0.1)
    assert reports.build_pdf(open_consultation).startswith(b"%PDF")


def test_the_front_runs_its_own_consultation(commune, front_officer, officer, outsider):
    from danchu.accounts.models import Membership

    front = Membership.objects.get(person=front_officer).body
    c = svc.consultation_create(
        actor=front_officer,
        data=svc.DraftInput(
            place=commune,
            body=front,
            title="Dự thảo Chương trình phối hợp giám sát năm 2027",
            basis="other",
            draft_name="d.docx",
            draft_bytes=docx_bytes(),
        ),
    )
    assert c.consulting_body == front.name
    with pytest.raises(Forbidden):  # without the Front as consulting body, the Front does not run it
        svc.consultation_create(
            actor=front_officer,
            data=svc.DraftInput(
                place=commune, title="X", basis="other", draft_name="d.docx", draft_bytes=docx_bytes()
            ),
        )


def test_commenters_are_told_when_the_answer_is_published(
    open_consultation, officer, citizen, django_capture_on_commit_callbacks, mailoutbox
):
    citizen.notify_channel = "email"
    citizen.email = "dan.le@example.vn"
    citizen.save()
    comment = svc.comment_add(actor=citizen, consultation=open_consultation, text_="Giữ đất lúa.")
    c = _ended(open_consultation, officer)
    g = synthesis.group_create(actor=officer, consultation=c, title="Đất lúa", comment_ids=[comment.pk])
    synthesis.group_answer(actor=officer, group=g, answer="accepted", reason="")
    with django_capture_on_commit_callbacks(execute=True):
        synthesis.consultation_close(
            actor=officer, consultation=c, data=synthesis.Decision("7/QĐ-UBND", "Phê duyệt", "Văn bản")
        )
    assert any(m.to == ["dan.le@example.vn"] and "7/QĐ-UBND" in m.body for m in mailoutbox)
