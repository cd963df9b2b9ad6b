from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError

from danchu.core.errors import DomainError
from danchu.reporting import services
from danchu.reporting.models import DataElement, FormElement, IndicatorDefinition, ValidationRule
from danchu.reporting.registry import INDICATORS, Section, register_computed


def test_definition_naming_an_unknown_indicator_is_refused_when_saved(admin_user: Any) -> None:
    with pytest.raises(DomainError) as e:
        services.indicator_define(
            actor=admin_user,
            code="x.rate",
            name="Tỷ lệ",
            section=Section.DAN_BIET,
            numerator="onestop.resolved",
            denominator="onestop.nothing_like_this",
        )
    assert "onestop.nothing_like_this" in e.value.message
    assert not IndicatorDefinition.objects.exists()


def test_definition_of_known_indicators_is_versioned(admin_user: Any) -> None:
    first = services.indicator_define(
        actor=admin_user,
        code="x.rate",
        name="Tỷ lệ",
        section=Section.DAN_BIET,
        numerator="onestop.resolved",
        denominator="onestop.received",
    )
    second = services.indicator_define(
        actor=admin_user,
        code="x.rate",
        name="Tỷ lệ mới",
        section=Section.DAN_BIET,
        numerator="onestop.resolved_on_time",
        denominator="onestop.received",
    )
    assert (first.version, second.version) == (1, 2)


def test_data_element_with_unknown_computed_reference_is_refused(db: Any) -> None:
    el = DataElement(
        code="x.dossiers", name="Hồ sơ", section=Section.DAN_BIET, at_least_computed="nope.nothing"
    )
    with pytest.raises(ValidationError):
        el.full_clean()


def test_form_element_must_be_a_known_reported_element(forms: Any) -> None:
    quarterly, _ = forms
    with pytest.raises(ValidationError):
        FormElement(form=quarterly, code="unknown.code").full_clean()
    rule = ValidationRule(
        form=quarterly, name="x", left="onestop.received", operator="<=", right="not.in.form"
    )
    with pytest.raises(ValidationError):
        rule.full_clean()


def test_registry_refuses_bad_registrations() -> None:
    with pytest.raises(ValueError):
        register_computed(code="nodot", section=Section.DAN_BIET, name="x", compute=lambda **k: [])
    with pytest.raises(ValueError):
        register_computed(code="a.b", section="nowhere", name="x", compute=lambda **k: [])
    assert "onestop.received" in INDICATORS
