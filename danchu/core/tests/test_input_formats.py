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


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("1.000", 1000),
        ("1,000", 1000),
        ("1 000", 1000),
        ("500.000", 500000),
        ("1000", 1000),
        ("2.0", 2),
        ("7", 7),
    ],
)
def test_a_typed_whole_number_is_read_as_written_in_vietnam(typed: str, read: int) -> None:
    """Django's IntegerField dropped a trailing ".000" as a fraction: "1.000" employees were 1, and
    "500.000" đồng 500, in silence."""
    from danchu.core.forms import TypedIntegerField

    assert forms.IntegerField().clean("1.000") == 1  # the misreading this field exists for
    assert TypedIntegerField(min_value=0).clean(typed) == read


@pytest.mark.parametrize("typed", ["2,5", "1.5", "một nghìn", "1e3", "5\x00", "-1"])
def test_a_typed_number_that_is_no_whole_number_is_refused(typed: str) -> None:
    from danchu.core.forms import TypedIntegerField

    with translation.override("vi"), pytest.raises(forms.ValidationError) as refused:
        TypedIntegerField(min_value=0).clean(typed)
    if typed == "-1":  # left to Django, whose refusal names the lower limit
        assert refused.value.messages == [
            "Giá trị phải lớn hơn hoặc bằng 0."
        ]  # no space before the full stop
    else:
        assert refused.value.messages == ["Nhập một số nguyên."]


def test_no_module_reads_a_typed_number_with_djangos_own_fields() -> None:
    """Every integer or decimal a person types goes through core.forms' typed fields: a module that
    declares forms.IntegerField or forms.DecimalField would read "1.000" as 1 again."""
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]  # the danchu package
    own = root / "core" / "forms.py"
    found = []
    for path in root.rglob("*.py"):
        if "tests" in path.parts or path == own:
            continue
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if re.search(r"\bforms\.(IntegerField|DecimalField)\(", line):
                found.append(f"{path.relative_to(root)}:{n}")
    assert found == [], found


def test_no_module_asks_for_a_day_with_djangos_own_fields() -> None:
    """Every day a person types goes through core.forms' DayField or MomentField: Django's own took
    year 1 and year 9999 (a disclosure published on 31/12/9999 was a 500)."""
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    own = root / "core" / "forms.py"
    found = [
        f"{path.relative_to(root)}:{n}"
        for path in root.rglob("*.py")
        if "tests" not in path.parts and path != own
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if re.search(r"\bforms\.(DateField|DateTimeField|SplitDateTimeField)\(", line)
    ]
    assert found == [], found


def test_an_integer_past_what_its_column_holds_is_refused_beside_the_field() -> None:
    """99,999,999,999 persons received was a 500 on PostgreSQL ("integer out of range")."""
    from django.utils import translation

    from danchu.core.forms import TypedIntegerField

    with translation.override("vi"), pytest.raises(forms.ValidationError) as refused:
        TypedIntegerField(min_value=1).clean("99999999999")
    assert "2147483647" in refused.value.messages[0] or "2.147.483.647" in refused.value.messages[0]
    assert TypedIntegerField().clean("2.147.483.647") == 2_147_483_647
    assert TypedIntegerField(max_value=10**13).clean("99.999.999.999") == 99_999_999_999
