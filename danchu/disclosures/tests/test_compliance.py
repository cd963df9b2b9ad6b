from __future__ import annotations

import datetime as dt

import time_machine
from django.utils import timezone

from danchu.accounts.models import OutboxMessage
from danchu.disclosures import categories, services
from danchu.disclosures.models import Obligation, Proof


def test_registry_gives_each_category_a_legal_basis_and_schedule(settings) -> None:
    cat = categories.CATEGORIES.get("budget_execution")
    assert "10/2022/QH15" in cat.legal_basis and cat.schedule == "quarterly" and cat.min_posting_days == 30
    assert [k for k, _s, _e in cat.periods(2026)] == ["2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4"]
    settings.DISCLOSURE_RULES = {"budget_execution": {"frequency": "six_monthly", "due_days": 20}}
    assert [k for k, _s, _e in cat.periods(2026)] == ["2026-H1", "2026-H2"] and cat.due_after_days == 20
    assert categories.CATEGORIES.get("investment_projects").periods(2026) == []


def test_calendar_and_publication_meet_the_obligation_on_time(officer, commune, draft) -> None:
    services.obligations_refresh(place=commune, year=2026)
    q1 = Obligation.objects.get(place=commune, category="budget_execution", period_key="2026-Q1")
    assert q1.due_on == dt.date(2026, 4, 15)
    with time_machine.travel(dt.datetime(2026, 4, 10, 9, tzinfo=dt.UTC)):
        services.disclosure_publish(actor=officer, disclosure=draft)
    q1.refresh_from_db()
    assert q1.met_by == draft and q1.met_on_time


def test_overdue_obligation_alerts_the_chairman_once(chairman, commune) -> None:
    services.obligations_refresh(place=commune, year=2026)
    with time_machine.travel(dt.datetime(2026, 4, 20, 9, tzinfo=dt.UTC)):
        alerted = services.check_overdue()
        assert alerted >= 1
        assert services.check_overdue() == 0
    from django.core import mail

    told = (
        any(chairman.email in m.to for m in mail.outbox)
        or OutboxMessage.objects.filter(person=chairman).exists()
    )
    assert told


def test_steering_committee_sees_overdue_communes_below_it(
    client_as, steering_member, outsider, commune
) -> None:
    services.obligations_refresh(place=commune, year=2026)
    with time_machine.travel(dt.datetime(2026, 5, 1, 9, tzinfo=dt.UTC)):
        page = client_as(steering_member).get("/disclosures/office/compliance/").content.decode()
        assert commune.name in page
        r = client_as(steering_member).get(f"/disclosures/office/place/{commune.code}/obligations/?year=2026")
        assert r.status_code == 200
        assert (
            client_as(outsider).get(f"/disclosures/office/place/{commune.code}/obligations/").status_code
            == 404
        )


def test_posted_days_are_computed_from_proofs(officer, commune, village, published, client) -> None:
    import io

    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (8, 8), "white").save(buf, "JPEG")
    photo = buf.getvalue()
    start = timezone.now()
    services.proof_add(
        actor=officer,
        disclosure=published,
        proof=services.ProofIn(
            kind=Proof.Kind.NOTICE_BOARD,
            place=village,
            at=start,
            location="Nhà văn hóa Thôn 1",
            photo=services.Upload(io.BytesIO(photo), "bang-tin.jpg", len(photo)),
        ),
    )
    services.proof_add(
        actor=officer,
        disclosure=published,
        proof=services.ProofIn(kind=Proof.Kind.LOUDSPEAKER, place=commune, at=start),
    )
    later = published.posting_start + dt.timedelta(days=29)
    rows = {r["place"].pk: r for r in services.posted_days(published, today=later)}
    assert rows[village.pk]["days"] == 30 and rows[commune.pk]["broadcasts"] == 1
    assert "Thôn 1" in client.get(published.get_absolute_url()).content.decode()


def test_notice_board_proof_needs_a_photo(officer, village, published) -> None:
    import pytest

    from danchu.core.errors import DomainError

    with pytest.raises(DomainError):
        services.proof_add(
            actor=officer,
            disclosure=published,
            proof=services.ProofIn(kind=Proof.Kind.NOTICE_BOARD, place=village, at=timezone.now()),
        )


def test_indicators_are_registered_and_computed(officer, published) -> None:
    from danchu.reporting.registry import INDICATORS

    ind = INDICATORS.get("disclosures.published")
    today = timezone.localdate()
    assert ind.compute is not None
    rows = list(ind.compute(start=today, end=today))
    assert rows == [(published.place_id, {"category": "budget_execution"}, 1)]
    assert "disclosures.on_time_rate" in INDICATORS
