"""One code, one figure (issues #8 and #15): the one-stop and new-rural figures are adminreform's and
newrural's own indicators, typed in the forms by a unit without records and counted from the records
wherever the unit has them — at the commune and the province alike, whichever came first."""

from __future__ import annotations

import datetime as dt
import importlib
from typing import Any

import pytest
from django.apps import apps

from danchu.adminreform import services as reform
from danchu.newrural import services as rural
from danchu.reporting import queries, rollup
from danchu.reporting.catalogue import get_indicator
from danchu.reporting.models import (
    DraftReport,
    DraftSection,
    DraftSentence,
    FormElement,
    IndicatorValue,
    ReportedValue,
    Submission,
    ValidationRule,
)
from danchu.reporting.periods import Period
from danchu.reporting.registry import INDICATORS

from .conftest import REPORTED

pytestmark = pytest.mark.django_db
YEAR = Period.year(2025)


def _received(place: Any) -> float | None:
    return queries.values("adminreform.received", place, YEAR).value


def test_the_retired_twins_are_gone_and_the_modules_codes_are_typed() -> None:
    assert not [i.code for i in INDICATORS if i.code.split(".")[0] in ("ntm", "onestop")]
    for code in (
        "adminreform.received",
        "adminreform.resolved",
        "adminreform.resolved_on_time",
        "adminreform.online_services",
        "adminreform.communes_online",
        "newrural.standard",
        "newrural.criteria_met",
    ):
        ind = get_indicator(code)
        assert ind is not None and ind.kind == "computed" and ind.typed and ind.in_forms, code


def test_the_usual_forms_ask_the_modules_codes(forms: Any) -> None:
    quarterly, annual = forms
    codes = set(FormElement.objects.values_list("code", flat=True))
    assert {"adminreform.received", "adminreform.communes_online", "newrural.standard"} <= codes
    assert not [c for c in codes if c.split(".")[0] in ("ntm", "onestop")]
    assert ValidationRule.objects.filter(form=quarterly, left="adminreform.resolved").exists()


def test_typed_figures_count_where_no_record_exists_at_every_level(
    reported: Any, province: Any, commune: Any, other_commune: Any
) -> None:
    typed = {0: float(REPORTED[0][0]) * 1.1, 1: float(REPORTED[1][0]) * 1.1}
    assert _received(commune) == pytest.approx(4 * typed[0])
    assert _received(province) == pytest.approx(4 * typed[0] + 4 * typed[1])


def test_a_record_replaces_what_the_unit_typed_for_that_quarter_only(
    reported: Any, province: Any, commune: Any, other_commune: Any
) -> None:
    """A month's one-stop export of the first commune arrives after its quarters were typed: from the
    next refresh of that month, its first quarter is the records' 7 dossiers, its other quarters stay
    typed, the other commune is untouched; the province adds each unit's one figure once."""
    reform.figure_record(
        by=None,
        place=commune,
        figures=reform.Figures(
            start=dt.date(2025, 3, 1), end=dt.date(2025, 3, 31), received=7, resolved=7, resolved_on_time=6
        ),
    )
    rollup.refresh_computed(period=Period.month(2025, 3))
    typed = {0: float(REPORTED[0][0]) * 1.1, 1: float(REPORTED[1][0]) * 1.1}
    assert _received(commune) == pytest.approx(7 + 3 * typed[0])
    assert _received(other_commune) == pytest.approx(4 * typed[1])
    assert _received(province) == pytest.approx(7 + 3 * typed[0] + 4 * typed[1])
    # The same after a full refresh, and the ratio is of the same single figures.
    rollup.refresh(period=YEAR)
    assert _received(province) == pytest.approx(7 + 3 * typed[0] + 4 * typed[1])
    rate = queries.values("adminreform.on_time_rate", province, YEAR)
    assert rate.den == pytest.approx(queries.values("adminreform.resolved", province, YEAR).value)


def test_a_communes_assessment_replaces_its_typed_criteria(
    reported: Any, province: Any, commune: Any, other_commune: Any
) -> None:
    before = queries.unit_values("newrural.criteria_met", province, YEAR)
    assert before == {commune.pk: 19, other_commune.pk: 15}
    rural.assessment_record(by=None, commune=other_commune, year=2025, met_count=17)
    rollup.refresh(period=YEAR)
    after = queries.unit_values("newrural.criteria_met", province, YEAR)
    assert after == {commune.pk: 19, other_commune.pk: 17}
    # Recognised: the first commune by what it typed, the second has records saying it is not.
    standard = queries.values("newrural.standard_rate", province, YEAR)
    assert (standard.num, standard.den) == (1, queries.values("newrural.communes", province, YEAR).value)


def test_a_typed_new_rural_figure_refused_above_the_set(forms: Any, commune: Any, admin_user: Any) -> None:
    from danchu.reporting import services

    _quarterly, annual = forms
    sub = services.submission_open(form=annual, place=commune, period=Period.year(2024))
    errors = services.submission_save(actor=admin_user, submission=sub, raw={"newrural.criteria_met": "25"})
    assert "newrural.criteria_met" in errors
    assert not ReportedValue.objects.filter(submission=sub, code="newrural.criteria_met").exists()


def _migration(app: str, name: str) -> Any:
    return importlib.import_module(f"danchu.{app}.migrations.{name}")


def test_the_data_migrations_rename_every_stored_code(
    reported: Any, province: Any, commune: Any, committee: Any
) -> None:
    """Rows stored under the retired codes (as before the change) come out under the modules' codes,
    and a typed row of a unit whose records cover the period leaves the roll-ups."""
    reform_codes = _migration("adminreform", "0002_reporting_codes").CODES
    rural_codes = _migration("newrural", "0003_reporting_codes").CODES
    back = {new: old for old, new in {**reform_codes, **rural_codes}.items()}
    total = _received(province)
    for new, old in back.items():
        FormElement.objects.filter(code=new).update(code=old)
        ReportedValue.objects.filter(code=new).update(code=old)
        IndicatorValue.objects.filter(indicator=new).exclude(period_type="month").update(indicator=old)
    ValidationRule.objects.filter(left="adminreform.resolved").update(left="onestop.resolved")
    sub = Submission.objects.filter(place=commune).first()
    assert sub is not None
    Submission.objects.filter(pk=sub.pk).update(flags=[{"code": "onestop.received", "indicator": "x.y"}])
    report = DraftReport.objects.create(
        place=province,
        period_type=YEAR.type,
        period_start=YEAR.start,
        period_end=YEAR.end,
        title="t",
        issuer="i",
        place_name="p",
        issue_date=dt.date(2026, 1, 10),
    )
    section = DraftSection.objects.create(report=report, key="admin_reform", heading="h", order=1)
    DraftSentence.objects.create(
        section=section,
        order=1,
        text="t",
        indicator="ntm.recognised",
        figures=[{"indicator": "onestop.on_time_rate", "value": 1.0}],
    )
    _migration("adminreform", "0002_reporting_codes").rename(apps, None)
    _migration("newrural", "0003_reporting_codes").rename(apps, None)
    for model, field in (
        (FormElement, "code"),
        (ReportedValue, "code"),
        (IndicatorValue, "indicator"),
        (ValidationRule, "left"),
    ):
        left = model.objects.filter(**{f"{field}__regex": r"^(ntm|onestop)\."})
        assert not left.exists(), model
    assert Submission.objects.get(pk=sub.pk).flags == [{"code": "adminreform.received", "indicator": "x.y"}]
    s = DraftSentence.objects.get(section=section)
    assert s.indicator == "newrural.standard"
    assert s.figures == [{"indicator": "adminreform.on_time_rate", "value": 1.0}]
    assert _received(province) == pytest.approx(total)


def test_a_typed_computed_figure_is_refused_in_a_monthly_form_and_a_plain_computed_one_anywhere() -> None:
    from django.core.exceptions import ValidationError

    from danchu.reporting.models import ReportForm

    monthly = ReportForm.objects.create(code="M", name="m", period_type="month", due_days=5)
    quarterly = ReportForm.objects.create(code="Q", name="q", period_type="quarter", due_days=5)
    with pytest.raises(ValidationError, match="(quarter or longer|một quý trở lên)"):
        FormElement(form=monthly, code="adminreform.received").clean()
    with pytest.raises(ValidationError):
        FormElement(form=quarterly, code="adminreform.received_online").clean()  # not typed
    FormElement(form=quarterly, code="adminreform.received").clean()
