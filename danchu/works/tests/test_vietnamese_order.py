"""Lists of places in Vietnamese order ("Dương" < "Đông" < "Yên"), not the database's collation,
which puts "Đ" after "Y"."""

from __future__ import annotations

import re

import pytest

from danchu.places.tests import factories as pf
from danchu.works import queries, services
from danchu.works.forms import MemberForm, WorkForm
from danchu.works.models import Place

from .conftest import DECIDED

ORDER = ["Thôn Dương", "Thôn Đông", "Thôn Yên"]


@pytest.fixture
def three(commune):
    # Codes (the places' default order) in another order than the names: neither the code nor the
    # database's collation gives the Vietnamese order.
    codes = ("24181-020", "24181-022", "24181-021")
    return [pf.village(commune, code=code, name=name) for code, name in zip(codes, ORDER, strict=True)]


def _names(choices) -> list[str]:
    return [label for value, label in choices if value != ""]


def test_the_work_forms_list_villages_and_communes_in_vietnamese_order(three, commune, province, officer):
    pf.commune(province, code="24200", name="Xã Đông Hòa")
    pf.commune(province, code="24201", name="Xã Yên Thế")
    pf.commune(province, code="24202", name="Xã Dương Minh")
    communes = Place.objects.filter(code__in=["24200", "24201", "24202"])
    form = WorkForm(communes=communes)
    assert _names(form.fields["commune"].choices) == ["Xã Dương Minh", "Xã Đông Hòa", "Xã Yên Thế"]
    form = WorkForm(communes=Place.objects.filter(pk=commune.pk))
    assert [n for n in _names(form.fields["villages"].choices) if n in ORDER] == ORDER
    work = services.work_create(
        by=officer,
        commune=commune,
        data=services.WorkData(
            title="Đường liên thôn",
            investor="UBND xã",
            decision_number="1/NQ",
            decision_date=DECIDED,
            decision_issuer="Hội nghị",
            villages=three,
        ),
    )
    assert _names(MemberForm(work=work).fields["village"].choices) == ORDER
    # The choice is still validated against the queryset.
    foreign = pf.village(pf.commune(province, code="24300", name="Xã Khác"), code="24300-001", name="Thôn A")
    bound = WorkForm(
        {"commune": commune.pk, "villages": [foreign.pk]}, communes=Place.objects.filter(pk=commune.pk)
    )
    assert not bound.is_valid() and "villages" in bound.errors


def test_totals_and_the_ledger_list_villages_in_vietnamese_order(client_as, three, commune, officer):
    work = services.work_create(
        by=officer,
        commune=commune,
        data=services.WorkData(
            title="Đường liên thôn",
            investor="UBND xã",
            decision_number="1/NQ",
            decision_date=DECIDED,
            decision_issuer="Hội nghị",
            villages=three,
        ),
    )
    for v in three:
        pf.household_with_head(v)
    services.rate_set(work=work, by=officer, basis="household", amount=100000, decided_on=DECIDED)
    services.pledges_compute(work=work, by=officer)
    assert [r["village"].name for r in queries.totals(work).by_village] == ORDER
    assert [r["household"].village.name for r in queries.ledger(work)] == ORDER
    page = client_as(officer).get(f"/works/{work.pk}/ledger/").content.decode()
    table = page[page.index('id="ledger"') :]
    assert re.findall("|".join(ORDER), table)[:3] == ORDER


def test_totals_keep_apart_two_villages_of_the_same_name(commune, village, officer):
    # A commune merged in 2025 may hold a "Thôn 1" from each of its former communes.
    twin = pf.village(commune, code="24181-101", name=village.name)
    work = services.work_create(
        by=officer,
        commune=commune,
        data=services.WorkData(
            title="Đường liên thôn",
            investor="UBND xã",
            decision_number="1/NQ",
            decision_date=DECIDED,
            decision_issuer="Hội nghị",
            villages=[village, twin],
        ),
    )
    hh = pf.household_with_head(village)
    pf.household_with_head(twin)
    services.rate_set(work=work, by=officer, basis="household", amount=100000, decided_on=DECIDED)
    services.pledges_compute(work=work, by=officer)
    services.payment_record(
        work=work, household=hh, by=officer, kind="money", received_on=DECIDED, amount=40000
    )
    rows = {r["village"].pk: (r["pledged"], r["money"]) for r in queries.totals(work).by_village}
    assert rows == {village.pk: (100000, 40000), twin.pk: (100000, 0)}
