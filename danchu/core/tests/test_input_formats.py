"""A date typed into a form is read day first in both languages (core/input_formats): Django's own
formats read "05/03/2024" as 3 May — a date box shows as plain text on an older phone, and a person in
Vietnam typing 05/03/2024 means 5 March."""

from __future__ import annotations

import datetime as dt

import pytest
from django import forms
from django.utils import translation


class SlotForm(forms.Form):
    """A form as the modules write theirs (cases' reception slots: a date box)."""

    date = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
    leader_name = forms.CharField(max_length=200)


@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize("typed", ["05/03/2024", "5/3/2024", "05-03-2024", "05.03.2024", "2024-03-05"])
def test_a_typed_date_is_day_first(lang: str, typed: str) -> None:
    with translation.override(lang):
        form = SlotForm({"date": typed, "leader_name": "Nguyễn Văn A"})
        assert form.is_valid(), form.errors
        assert form.cleaned_data["date"] == dt.date(2024, 3, 5)


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_a_month_first_date_is_refused_not_misread(lang: str) -> None:
    with translation.override(lang):
        with pytest.raises(forms.ValidationError):
            forms.DateField().clean("03/15/2024")  # no month 15
        assert forms.DateTimeField().clean("05/03/2024 14:30").date() == dt.date(2024, 3, 5)


def test_a_date_box_still_shows_its_value_as_the_browser_reads_it() -> None:
    """type="date" inputs take ISO only: the first input format is the one a widget renders with."""
    with translation.override("vi"):
        html = SlotForm(initial={"date": dt.date(2024, 3, 5)})["date"].as_widget()
    assert 'value="2024-03-05"' in html
