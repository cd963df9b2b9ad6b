"""core.forms: the one way a page refuses an invalid form (used by works, adminreform, newrural and
consultations' questionnaire editor)."""

from __future__ import annotations

import pytest
from django import forms
from django.utils import translation

from danchu.core.errors import DomainError
from danchu.core.forms import valid, valid_form


class PledgeForm(forms.Form):
    amount = forms.IntegerField(label="Số tiền", min_value=0)
    note = forms.CharField(label="Ghi chú", max_length=10, required=False)


def test_a_valid_form_gives_its_cleaned_data_and_itself() -> None:
    form = PledgeForm({"amount": "500000", "note": "Đợt 1"})
    assert valid(form) == {"amount": 500000, "note": "Đợt 1"}
    assert valid_form(form) is form


def test_an_invalid_form_is_refused_with_each_field_named_in_vietnamese() -> None:
    with translation.override("vi"), pytest.raises(DomainError) as e:
        valid(PledgeForm({"amount": "-1", "note": "x" * 11}))
    assert e.value.status == 400
    assert e.value.message.startswith("Vui lòng sửa: ")
    assert "Số tiền: " in e.value.message and "Ghi chú: " in e.value.message
