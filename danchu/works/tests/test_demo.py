from __future__ import annotations

from danchu.accounts.models import Body, Role
from danchu.accounts.tests.factories import BodyFactory, person_with_role
from danchu.works.demo import build
from danchu.works.models import Payment, Pledge, Recommendation, Work


def test_demo_builds_a_handed_over_road_with_an_exemption_and_an_answered_recommendation(
    province, commune, village, households, officer, front_officer, client_as
):
    body = BodyFactory(kind=Body.Kind.SUPERVISION_BOARD, name="Ban GSĐTCĐ", place=commune)
    member = person_with_role(Role.SUPERVISION_MEMBER, commune, body=body)
    ctx = {
        "communes": [commune],
        "villages": {commune.code: [village]},
        "people": {"commune_officer": officer, "front_officer": front_officer, "supervision_member": member},
        "bodies": {"supervision_board": body},
    }
    build(ctx)
    build(ctx)  # idempotent
    work = Work.objects.get()
    assert work.stage == Work.Stage.HANDED_OVER and work.board.body == body
    assert Pledge.objects.filter(work=work, amount=0, reduction="poor").exists()
    assert Payment.objects.filter(work=work).exists()
    assert Recommendation.objects.get().status == Recommendation.Status.CLOSED
    # The demo board member finds the board from the back office menu.
    c = client_as(member)
    assert "/works/office/" in c.get("/office/").content.decode()
    assert f"/works/{work.pk}/board/" in c.get("/works/office/").content.decode()
