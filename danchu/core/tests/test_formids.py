"""core.templatetags.formids: a form shown with ids of its own keeps its errors tied to its fields."""

from __future__ import annotations

from django import forms
from django.template import Context, Template


class PlanForm(forms.Form):
    title = forms.CharField(label="Tên đợt kiểm tra", max_length=20)
    planned_on = forms.DateField(label="Ngày bắt đầu")


def test_a_refused_form_with_its_own_ids_shows_each_message_where_its_field_points() -> None:
    """The field points screen readers at "<its id>_error"; the message must carry that id (it kept the
    id it was found under, "id_title_error", and the steering committee's and the Front's refused
    forms pointed at messages that were not on the page)."""
    form = PlanForm({"title": "x" * 30, "planned_on": "2026-02-30"})
    assert not form.is_valid()
    html = Template('{% load formids %}{% with f=form|with_ids:"plan" %}{{ f.as_p }}{% endwith %}').render(
        Context({"form": form})
    )
    assert 'id="planform-plan-title_error"' in html and 'id="planform-plan-planned_on_error"' in html
    assert 'aria-describedby="planform-plan-title_error"' in html and "id_title_error" not in html
    again = Template('{% load formids %}{% form_with_ids form "row" 7 %}').render(Context({"form": form}))
    assert 'id="row-7-title_error"' in again and 'aria-describedby="row-7-title_error"' in again
    assert form.errors["title"].field_id == "id_title"  # the form itself is left as it was
