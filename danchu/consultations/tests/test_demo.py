from __future__ import annotations

from danchu.consultations.demo import build
from danchu.consultations.models import Consultation, Conversation, CritiqueConference, SurveyResponse


def test_demo_builds_open_and_closed_consultations_a_map_and_a_survey(
    province, commune, other_commune, village, officer, citizen, household_rep, front_officer
):
    ctx = {
        "province": province,
        "communes": [commune, other_commune],
        "villages": {commune.code: [village]},
        "people": {
            "commune_officer": officer,
            "citizen": citizen,
            "household_rep": household_rep,
            "front_officer": front_officer,
        },
    }
    build(ctx)
    assert set(Consultation.objects.values_list("status", flat=True)) == {"open", "closed"}
    assert Consultation.objects.get(status="open").comments.exclude(paragraph=None).count() >= 5
    conv = Conversation.objects.get()
    assert conv.participants.count() == 300 and len(conv.result["groups"]) >= 2
    assert SurveyResponse.objects.count() > 30 and CritiqueConference.objects.exists()
    build(ctx)  # idempotent
    assert Consultation.objects.count() == 2
