"""Figures at every level (issue #15 items 1 and 2): a value recorded for a district or the province
is added exactly once above it; denominators come from the register; no "0/0"."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from danchu.core.errors import DomainError
from danchu.places.models import Level, PlaceKind
from danchu.places.tests import factories as pf
from danchu.reporting import queries, rollup, services
from danchu.reporting.models import FormAssignment
from danchu.reporting.periods import Period


def _report_quarter(form: Any, place: Any, actor: Any, period: Period, **values: str) -> None:
    sub = services.submission_open(form=form, place=place, period=period)
    services.submission_save(actor=actor, submission=sub, raw=values)
    services.submission_submit(actor=actor, submission=sub)
    services.submission_decide(actor=actor, submission=sub, approve=True)


def test_values_above_the_communes_are_added_once_at_each_level(
    forms: Any, province: Any, commune: Any, admin_user: Any
) -> None:
    quarterly, _annual = forms
    district = pf.PlaceFactory(code="652", name="Huyện Krông Pắc", kind=PlaceKind.DISTRICT, parent=province)
    old_commune = pf.commune(district, code="L24496", name="Xã Ea Kly (cũ)")
    for level, scope in ((Level.PROVINCE, province), (Level.DISTRICT, province)):
        FormAssignment.objects.create(form=quarterly, scope=scope, level=level)
    q = Period.quarter(2024, 1)
    base = {"adminreform.received": "10", "adminreform.resolved": "10"}
    # The provincial Front's supervisions, typed at province level; a district's; two communes'.
    _report_quarter(quarterly, province, admin_user, q, **base, **{"pib.matters_supervised": "100"})
    _report_quarter(quarterly, district, admin_user, q, **base, **{"pib.matters_supervised": "20"})
    _report_quarter(quarterly, old_commune, admin_user, q, **base, **{"pib.matters_supervised": "3"})
    _report_quarter(quarterly, commune, admin_user, q, **base, **{"pib.matters_supervised": "5"})
    rollup.refresh(period=Period.year(2024))
    assert queries.values("pib.matters_supervised", province, q).value == 128
    assert queries.values("pib.matters_supervised", district, q).value == 23
    assert queries.values("pib.matters_supervised", commune, q).value == 5
    assert queries.values("adminreform.received", province, Period.year(2024)).value == 40
    # Refreshed again (hourly job): still once.
    rollup.refresh(period=Period.year(2024))
    assert queries.values("pib.matters_supervised", province, q).value == 128


def test_a_unit_that_did_not_exist_in_the_period_is_refused_with_its_validity(
    forms: Any, province: Any
) -> None:
    quarterly, annual = forms
    merged = pf.commune(province, code="L24502", name="Xã Ea Phê")
    merged.valid_to = dt.date(2025, 6, 30)
    merged.save(update_fields=["valid_to"])
    new = pf.commune(province, code="99001", name="Xã Mới")
    new.valid_from = dt.date(2025, 7, 1)
    new.save(update_fields=["valid_from"])
    with pytest.raises(DomainError) as e:
        services.submission_open(form=annual, place=merged, period=Period.year(2025))
    assert "30/06/2025" in str(e.value) and "Xã Ea Phê" in str(e.value)
    with pytest.raises(DomainError) as e:
        services.submission_open(form=quarterly, place=new, period=Period.quarter(2025, 2))
    assert "01/07/2025" in str(e.value)
    assert services.submission_open(form=quarterly, place=merged, period=Period.quarter(2025, 2))


def test_counts_of_units_use_the_register_as_denominator(reported: Any, province: Any) -> None:
    # Two communes reported, one recognised; a third commune in the register did not report.
    pf.commune(province, code="24199", name="Xã Chưa Báo Cáo")
    from danchu.reporting import rollup

    rollup.refresh(period=Period.year(2025))  # the register count is newrural's, from the register
    rate, fig = queries.figures(
        [queries.get_indicator("newrural.standard_rate"), queries.get_indicator("newrural.standard")],  # type: ignore[list-item]
        province,
        Period.year(2025),
    )
    assert (rate.current.num, rate.current.den) == (1, 3)
    assert rate.text == "1/3 (33,3%)"
    # A count of units changes by a percentage of the count, not by points.
    assert "điểm phần trăm" not in fig.change_text


def test_no_data_says_so_in_words_never_zero_over_zero(forms: Any, province: Any) -> None:
    fig = queries.figures([queries.get_indicator("newrural.standard")], province, Period.six_months(2025, 1))[
        0
    ]  # type: ignore[list-item]
    assert "0/0" not in fig.text and fig.text == "chưa có số liệu"
