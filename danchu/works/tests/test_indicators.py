from __future__ import annotations

import datetime as dt
from decimal import Decimal

from danchu.reporting.registry import INDICATORS
from danchu.works import services
from danchu.works.models import Payment, Recommendation, Session, Work

PERIOD = {"start": dt.date(2026, 1, 1), "end": dt.date(2026, 12, 31)}


def _commune_total(code: str, commune) -> Decimal:
    compute = INDICATORS.get(code).compute
    assert compute is not None
    rows = list(compute(**PERIOD))
    totals = [v for place, b, v in rows if place == commune.pk and not b]
    if totals:
        return Decimal(sum(totals))
    # only broken-down rows: the total is their sum over the first dimension
    return Decimal(sum(v for place, b, v in rows if place == commune.pk))


def test_commune_figures_equal_a_direct_count(
    pledged, board, supervisor, officer, households, commune, make_work
):
    make_work(title="Cống qua suối", decision_number="03/NQ", budget_sponsors=10000000)
    hh = households
    services.payment_record(
        work=pledged,
        household=hh[1],
        by=officer,
        kind="money",
        amount=500000,
        received_on=dt.date(2026, 3, 20),
    )
    wrong = services.payment_record(
        work=pledged,
        household=hh[2],
        by=officer,
        kind="money",
        amount=300000,
        received_on=dt.date(2026, 3, 20),
    )
    services.payment_reverse(payment=wrong, by=officer, reason="Ghi nhầm")
    services.payment_record(
        work=pledged,
        household=hh[3],
        by=officer,
        kind="labour",
        quantity_=2,
        received_on=dt.date(2026, 3, 21),
    )
    services.payment_record(
        work=pledged,
        household=hh[0],
        by=officer,
        kind="land",
        quantity_=40,
        voluntary=True,
        received_on=dt.date(2026, 3, 22),
    )
    s = services.session_record(
        board=board,
        by=supervisor,
        held_on=dt.date(2026, 5, 12),
        checklist={},
        findings="Thiếu chiều dày",
        violation=True,
    )
    rec = services.recommendation_make(
        board=board, by=supervisor, session=s, text="Đổ lại", due_on=dt.date(2026, 5, 26)
    )
    services.recommendation_answer(recommendation=rec, by=officer, answer="Đã đổ lại")
    services.recommendation_make(
        board=board, by=supervisor, session=s, text="Lắp biển báo", due_on=dt.date(2026, 5, 26)
    )

    works = Work.objects.filter(commune=commune)
    pay = Payment.objects.filter(work__commune=commune)
    assert _commune_total("works.works", commune) == works.count() == 2
    assert _commune_total("works.value", commune) == sum(w.budget_total for w in works)
    assert _commune_total("works.money", commune) == sum(p.value for p in pay.filter(kind="money")) == 500000
    assert (
        _commune_total("works.labour_days", commune)
        == sum(p.quantity for p in pay.filter(kind="labour"))
        == 2
    )
    assert _commune_total("works.land_m2", commune) == 40
    assert _commune_total("works.households", commune) == 3  # the reversed payment does not count
    assert _commune_total("works.supervised", commune) == 1
    assert _commune_total("works.sessions", commune) == Session.objects.count() == 1
    assert _commune_total("works.violations", commune) == 1
    assert _commune_total("works.recommendations", commune) == Recommendation.objects.count() == 2
    assert _commune_total("works.recommendations_answered", commune) == 1
    assert INDICATORS.get("works.answer_rate").numerator == "works.recommendations_answered"
