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
            numerator="adminreform.resolved",
            denominator="adminreform.nothing_like_this",
        )
    assert "adminreform.nothing_like_this" in e.value.message
    assert not IndicatorDefinition.objects.exists()


def test_definition_of_known_indicators_is_versioned(admin_user: Any) -> None:
    first = services.indicator_define(
        actor=admin_user,
        code="x.rate",
        name="Tỷ lệ",
        section=Section.DAN_BIET,
        numerator="adminreform.resolved",
        denominator="adminreform.received",
    )
    second = services.indicator_define(
        actor=admin_user,
        code="x.rate",
        name="Tỷ lệ mới",
        section=Section.DAN_BIET,
        numerator="adminreform.resolved_on_time",
        denominator="adminreform.received",
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
        form=quarterly, name="x", left="adminreform.received", operator="<=", right="not.in.form"
    )
    with pytest.raises(ValidationError):
        rule.full_clean()


def test_registry_refuses_bad_registrations() -> None:
    with pytest.raises(ValueError):
        register_computed(code="nodot", section=Section.DAN_BIET, name="x", compute=lambda **k: [])
    with pytest.raises(ValueError):
        register_computed(code="a.b", section="nowhere", name="x", compute=lambda **k: [])
    assert "adminreform.received" in INDICATORS


def test_the_catalogue_page_reads_in_vietnamese_with_codes_only_in_code(steering_member: Any) -> None:
    """Issue #16: names first, codes and formulas' parts in <code>; the crawl's own reader finds no
    raw code or English text on the page."""
    from django.test import Client

    from danchu.front.tests.test_crawl import findings_in

    c = Client()
    c.force_login(steering_member)
    r = c.get("/reporting/catalogue/", HTTP_ACCEPT_LANGUAGE="vi")
    assert r.status_code == 200
    page = r.content.decode()
    found, _links = findings_in(page)
    assert found == [], found
    assert "Số hồ sơ tiếp nhận" in page
    assert "<code>adminreform.received</code>" in page or "<code>adminreform.received</code>" in page
    # A ratio names its parts; an aggregation and a breakdown are words, not keys.
    assert "Tỷ lệ" in page and "count_units" not in page.replace("<code>count_units</code>", "")
