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


def test_demo_comments_on_the_village_convention_discussed_after_the_meetings_step(
    province, commune, other_commune, village, officer, household_rep, village_head, chairman, client
):
    from danchu.meetings.demo import build as meetings_build
    from danchu.meetings.models import ConventionVersion
    from danchu.places.tests import factories as pf

    for n in range(1, 11):
        pf.household_with_head(village, number=str(300 + n))
    people = {
        "commune_officer": officer,
        "household_rep": household_rep,
        "village_head": village_head,
        "commune_chairman": chairman,
    }
    ctx = {
        "province": province,
        "communes": [commune],
        "villages": {commune.code: [village]},
        "people": people,
    }
    meetings_build(ctx)
    build(ctx)
    build(ctx)  # idempotent
    c = Consultation.objects.get(basis="village_convention")
    assert c.status == "open" and c.comments.count() == 2
    assert c.comments.filter(author=household_rep).exists()
    assert Consultation.objects.exclude(basis="village_convention").count() == 2  # its own step still ran
    v = ConventionVersion.objects.get(status="discussion")
    assert client.get(f"/api/v1/meetings/conventions/{v.pk}").json()["discussion"]["comments"] == 2
