"""Who may do what with consultations, surveys, Front records and opinion maps."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404

from danchu.accounts.models import Role
from danchu.accounts.permissions import (
    COMMUNE_STAFF,
    acting_places,
    can_act_in_place,
    can_read_place,
    is_admin,
    is_staff,
)
from danchu.core.access import PUBLIC, SIGNED_IN, get_for, rule

from .models import Consultation, Conversation, CritiqueConference, FrontComment, Survey

FRONT = frozenset({Role.FRONT_OFFICER})
CONSULTERS = COMMUNE_STAFF | FRONT


def can_manage_consultation(person: Any, c: Any) -> bool:
    """Commune staff run the commune's consultations; the Front its own (when it is the consulting body)."""
    if c is None:
        return False
    if can_act_in_place(person, c.place, COMMUNE_STAFF):
        return True
    return bool(c.body_id) and c.body.kind == "fatherland_front" and can_act_in_place(person, c.place, FRONT)


def managed_consultations(person: Any) -> QuerySet[Consultation]:
    """The rule of can_manage_consultation as a queryset (the office's to-dos): change both together."""
    if not getattr(person, "is_authenticated", False):
        return Consultation.objects.none()
    if is_admin(person):
        return Consultation.objects.all()
    staff, front = acting_places(person, COMMUNE_STAFF), acting_places(person, FRONT)
    return Consultation.objects.filter(Q(place__in=staff) | Q(place__in=front, body__kind="fatherland_front"))


def can_view_consultation(person: Any, c: Any) -> bool:
    if c is None:
        return False
    return c.status != Consultation.Status.DRAFT or can_manage_consultation(person, c)


def can_comment(person: Any, c: Any) -> bool:
    """The page may show the form; the service decides (and says why) whether this person is consulted."""
    return can_view_consultation(person, c) and c.is_open


def can_manage_unit(person: Any, obj: Any) -> bool:
    return obj is not None and can_act_in_place(person, obj.place, COMMUNE_STAFF)


def can_read_unit(person: Any, obj: Any) -> bool:
    return obj is not None and is_staff(person) and can_read_place(person, obj.place)


def can_manage_front(person: Any, obj: Any) -> bool:
    return obj is not None and can_act_in_place(person, obj.place, FRONT)


def can_view_map(person: Any, conversation: Any) -> bool:
    return conversation is not None


def register() -> None:
    rule("consultations.view", can_view_consultation, who=PUBLIC)
    rule("consultations.comment", can_comment, who=SIGNED_IN)
    rule("consultations.manage", can_manage_consultation)
    rule("consultations.surveys.manage", can_manage_unit)
    rule("consultations.surveys.read", can_read_unit)
    rule("consultations.front.manage", can_manage_front)
    rule("consultations.front.read", can_read_unit)
    rule("consultations.maps.view", can_view_map, who=PUBLIC)
    rule("consultations.maps.manage", can_manage_unit)
    register_more()


def consultation_for(person: Any, pk: Any, action: str = "consultations.view") -> Consultation:
    qs = Consultation.objects.select_related("place", "body")
    return get_for(person, qs, action, memo="consultations.consultation_for", pk=pk)


def survey_for(person: Any, pk: Any, action: str = "consultations.surveys.read") -> Survey:
    qs = Survey.objects.select_related("place", "questionnaire")
    return get_for(person, qs, action, memo="consultations.survey_for", pk=pk)


def front_comment_for(person: Any, pk: Any, action: str = "consultations.front.manage") -> FrontComment:
    qs = FrontComment.objects.select_related("place")
    return get_for(person, qs, action, memo="consultations.front_comment_for", pk=pk)


def conference_for(person: Any, pk: Any, action: str = "consultations.front.manage") -> CritiqueConference:
    qs = CritiqueConference.objects.select_related("place")
    return get_for(person, qs, action, memo="consultations.conference_for", pk=pk)


def conversation_for(person: Any, pk: Any, action: str = "consultations.maps.view") -> Conversation:
    qs = Conversation.objects.select_related("place")
    return get_for(person, qs, action, memo="consultations.conversation_for", pk=pk)


def can_manage_group(person: Any, group: Any) -> bool:
    return group is not None and can_manage_consultation(person, group.consultation)


def register_more() -> None:
    rule("consultations.group.manage", can_manage_group)
    rule("consultations.comments.manage", can_manage_group)  # the same question: of its consultation
    rule("consultations.surveys.answer", lambda person, receipt: receipt is not None, who=PUBLIC)
    rule(
        "consultations.statements.moderate",
        lambda person, st: st is not None and can_manage_unit(person, st.conversation),
    )
    rule("consultations.maps.vote", can_view_map, who=SIGNED_IN)
    rule("consultations.questionnaires.use", lambda person, q: q is not None and is_staff(person))


def group_for(person: Any, consultation: Consultation, pk: Any) -> Any:
    from .models import CommentGroup

    qs = CommentGroup.objects.filter(consultation=consultation).select_related(
        "consultation__place", "consultation__body"
    )
    return get_for(person, qs, "consultations.group.manage", pk=pk)


def comment_for(person: Any, consultation: Consultation, pk: Any) -> Any:
    """A comment of this consultation, for the staff who run it."""
    from .models import Comment

    qs = Comment.objects.filter(consultation=consultation).select_related(
        "consultation__place", "consultation__body"
    )
    return get_for(person, qs, "consultations.comments.manage", pk=pk)


def receipt_for(person: Any, code: str) -> Any:
    from .models import ReceiptCode

    code = code.strip().upper()[:32]
    # Codes are letters and digits (services.surveys.CODE_ALPHABET): anything else names no receipt,
    # and a NUL byte in the query is a DataError on PostgreSQL (a 500), not "not found".
    if not code.isascii() or not code.isalnum():
        raise Http404
    return get_for(
        person,
        ReceiptCode.objects.select_related("survey__questionnaire"),
        "consultations.surveys.answer",
        code=code,
    )


def statement_for(person: Any, conversation: Conversation, pk: Any) -> Any:
    from .models import Statement

    qs = Statement.objects.filter(conversation=conversation).select_related("conversation__place")
    return get_for(person, qs, "consultations.statements.moderate", pk=pk)


def questionnaire_for(person: Any, pk: Any) -> Any:
    """Questionnaires are shared by every unit: any staff member may run one."""
    from .models import Questionnaire

    return get_for(
        person,
        Questionnaire.objects.all(),
        "consultations.questionnaires.use",
        memo="consultations.questionnaire_for",
        pk=pk,
    )
