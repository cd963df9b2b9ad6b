"""Objects of consultations for the access matrix, all of the given commune: an open consultation with
its paragraphs, a comment and a comment group, a draft consultation, a survey with a receipt code,
the Front's comment on a draft and its critique conference, an opinion map with a statement."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

from django.utils import timezone

from danchu.accounts.models import Role
from danchu.accounts.tests.factories import person_with_role
from danchu.consultations.models import Comment, Questionnaire
from danchu.consultations.services import consultations as svc
from danchu.consultations.services import front, opinions, surveys, synthesis


def _docx() -> bytes:
    from docx import Document

    doc = Document()
    doc.add_paragraph("Chương I. QUY ĐỊNH CHUNG", style="Heading 1")
    doc.add_paragraph("Chuyển 12,5 ha đất trồng lúa kém hiệu quả tại Thôn 1 sang đất trồng cây lâu năm.")
    doc.add_paragraph("Mở rộng đường liên thôn lên 7 m, thu hồi 0,8 ha đất ở và đất vườn.")
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _consultation(commune: Any, officer: Any, title: str) -> Any:
    return svc.consultation_create(
        actor=officer,
        data=svc.DraftInput(
            place=commune,
            title=title,
            basis="land_use",
            draft_name="du-thao-qhsdd.docx",
            draft_bytes=_docx(),
            summary="Lấy ý kiến Nhân dân về phương án điều chỉnh quy hoạch sử dụng đất.",
        ),
    )


def objects(commune: Any, village: Any, officer: Any) -> dict[str, str]:
    today = timezone.localdate()
    consultation = svc.consultation_open(
        actor=officer,
        consultation=_consultation(commune, officer, f"Điều chỉnh quy hoạch sử dụng đất {commune.name}"),
        opens_on=today,
        closes_on=today + dt.timedelta(days=29),
    )
    draft = _consultation(commune, officer, f"Quy ước thôn, tổ dân phố {commune.name}")
    paragraph = consultation.paragraphs.order_by("version", "position").last()
    comment = svc.comment_record(
        actor=officer,
        consultation=consultation,
        text_="Đề nghị bồi thường thỏa đáng cho các hộ bị thu hồi đất ở khi mở rộng đường.",
        author_name="Y Bhăm Êban",
        source=Comment.Source.MEETING,
        paragraph_id=paragraph.pk if paragraph else None,
        stance=Comment.Stance.OPPOSE,
    )
    group = synthesis.group_create(
        actor=officer, consultation=consultation, title="Bồi thường khi thu hồi đất", comment_ids=[comment.pk]
    )

    questionnaire = surveys.questionnaire_create(
        actor=officer,
        title="Phiếu khảo sát sự hài lòng (SIPAS)",
        index_method=Questionnaire.Index.SHARE_SATISFIED,
        questions=[
            surveys.QuestionInput("scale", "Ông/bà hài lòng với thời gian giải quyết hồ sơ?", in_index=True)
        ],
    )
    survey = surveys.survey_create(
        actor=officer,
        questionnaire=questionnaire,
        place=commune,
        title="Khảo sát quý IV/2026",
        starts_on=today - dt.timedelta(days=10),
        ends_on=today + dt.timedelta(days=80),
    )
    question = survey.questionnaire.questions.get()
    (receipt,) = surveys.receipts_issue(actor=officer, survey=survey, dossier="000.00.24.H12-261130-0001")

    front_officer = person_with_role(Role.FRONT_OFFICER, commune, full_name="H'Hoa Mlô")
    front_comment = front.front_comment_record(
        actor=front_officer,
        data=front.FrontCommentInput(
            place=commune,
            draft_title="Dự thảo kế hoạch xây dựng nông thôn mới",
            drafting_body="Ủy ban nhân dân xã",
            commented_on=today,
            comments="Đề nghị bổ sung nội dung huy động Nhân dân đóng góp ngày công.",
        ),
    )
    conference = front.conference_record(
        actor=front_officer,
        data=front.ConferenceInput(
            place=commune,
            title="Hội nghị phản biện dự thảo quy hoạch",
            draft_title="Dự thảo điều chỉnh quy hoạch sử dụng đất",
            drafting_body="Ủy ban nhân dân xã",
            held_on=today,
            participants="Ủy ban MTTQ xã, các đoàn thể, đại diện Nhân dân các thôn",
            participant_count=25,
            conclusions="Đề nghị công khai phương án bồi thường trước khi thu hồi đất.",
        ),
    )

    conversation = opinions.conversation_create(
        actor=officer, place=commune, topic="Sắp xếp chợ tạm của xã", description="Ý kiến về vị trí chợ tạm."
    )
    statement = opinions.statement_submit(
        actor=officer, conversation=conversation, text_="Nên dời chợ tạm vào sân nhà văn hóa."
    )

    values = {
        "consultations:pk": str(consultation.pk),
        "consultations:open:pk": str(draft.pk),
        "consultations:revise:pk": str(draft.pk),
        "consultations:draft_file:pk": str(draft.pk),
        "consultations:group_answer:group_pk": str(group.pk),
        "consultations:survey:pk": str(survey.pk),
        "consultations:survey_issue:pk": str(survey.pk),
        "consultations:survey_questionnaire:pk": str(survey.pk),
        "consultations:survey_question:pk": str(survey.pk),
        "consultations:survey_question:question_pk": str(question.pk),
        "api:/api/v1/consultations/surveys/{pk}/questions:pk": str(survey.pk),
        "api:/api/v1/consultations/surveys/{pk}/questions/{question_pk}:pk": str(survey.pk),
        "api:/api/v1/consultations/surveys/{pk}/questions/{question_pk}:question_pk": str(question.pk),
        "api:/api/v1/consultations/surveys/{pk}/questions/{question_pk}/move:pk": str(survey.pk),
        "api:/api/v1/consultations/surveys/{pk}/questions/{question_pk}/move:question_pk": str(question.pk),
        "consultations:front_comment_answer:pk": str(front_comment.pk),
        "consultations:conference_answer:pk": str(conference.pk),
        "consultations:answer:code": receipt.code,
        "consultations:map_moderate:statement_pk": str(statement.pk),
        "consultations:map_export:name": "comments",
        "api:consultations:pk": str(consultation.pk),
        "api:/api/v1/consultations/surveys/{pk}:pk": str(survey.pk),
        "api:/api/v1/consultations/surveys/{pk}/receipts:pk": str(survey.pk),
        "api:/api/v1/consultations/maps/{pk}:pk": str(conversation.pk),
        "api:/api/v1/consultations/maps/{pk}/statements:pk": str(conversation.pk),
        "api:/api/v1/consultations/maps/{pk}/votes:pk": str(conversation.pk),
        "api:consultations:group_pk": str(group.pk),
        "api:consultations:code": receipt.code,
        "api:/api/v1/consultations/surveys/answers/{code}:code": receipt.code,
        "api:/api/v1/consultations/{pk}/groups/{group_pk}/answer:group_pk": str(group.pk),
    }
    for name in (
        "map",
        "map_data",
        "map_vote",
        "map_statement",
        "map_moderate",
        "map_recompute",
        "map_export",
    ):
        values[f"consultations:{name}:pk"] = str(conversation.pk)
    for path in (
        "",
        "/close",
        "/comments",
        "/comments/recorded",
        "/comments/meeting",
        "/end",
        "/groups",
        "/groups/{group_pk}/answer",
    ):
        values[f"api:/api/v1/consultations/{{pk}}{path}:pk"] = str(consultation.pk)
    values["api:/api/v1/consultations/{pk}/open:pk"] = str(draft.pk)  # only a draft opens
    values["api:/api/v1/consultations/{pk}/comments/{comment_pk}/ungroup:pk"] = str(consultation.pk)
    values["api:/api/v1/consultations/{pk}/comments/{comment_pk}/ungroup:comment_pk"] = str(comment.pk)
    values["consultations:comment_ungroup:comment_pk"] = str(comment.pk)
    return values
