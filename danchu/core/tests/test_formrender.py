"""core.formrender gives, byte for byte, the HTML Django's own widget templates give."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils.safestring import mark_safe

from danchu.core.formrender import FAST, Renderer

NASTY = 'Đoàn "Tây" <b>&amp; Nguyễn\'s'


class EveryWidget(forms.Form):
    text = forms.CharField(max_length=20, label="Họ và tên")
    optional = forms.CharField(
        required=False, widget=forms.TextInput(attrs={"placeholder": NASTY, "autofocus": True})
    )
    hidden_flag = forms.CharField(
        required=False, widget=forms.TextInput(attrs={"disabled": False, "data-x": 0, "data-empty": ""})
    )
    email = forms.EmailField(required=False)
    number = forms.IntegerField(min_value=1, max_value=500)
    decimal = forms.DecimalField(required=False, max_digits=8, decimal_places=2)
    day = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))
    when = forms.DateTimeField(required=False)
    at = forms.TimeField(required=False)
    url = forms.URLField(required=False, assume_scheme="https")
    password = forms.CharField(required=False, widget=forms.PasswordInput(render_value=True))
    page = forms.IntegerField(required=False, widget=forms.HiddenInput)
    agree = forms.BooleanField(required=False)
    file = forms.FileField(required=False)
    colour = forms.CharField(required=False, widget=forms.TextInput(attrs={"type": "color"}))
    body = forms.CharField(required=False, widget=forms.Textarea)
    kind = forms.ChoiceField(choices=[("", "tất cả"), ("a", NASTY), (1, "một"), ("b", mark_safe("<i>b</i>"))])
    grouped = forms.ChoiceField(
        required=False,
        choices=[
            ("", "—"),
            ("Miền Bắc", [("01", "Hà Nội"), ("31", "Hải Phòng")]),
            ("Miền Nam", [("79", NASTY)]),
        ],
    )
    many = forms.MultipleChoiceField(required=False, choices=[("x", "X"), ("y", "Y"), ("z", "Z")])
    nullable = forms.NullBooleanField(required=False)


BOUND: list[dict[str, Any]] = [
    {},
    {
        "text": NASTY,
        "optional": "",
        "email": "not an email",
        "number": "9999",
        "decimal": "3,5",
        "day": "2026-02-30",
        "when": "2026-12-05 07:30",
        "at": "07:30",
        "url": "javascript:alert(1)",
        "password": NASTY,
        "page": "2",
        "agree": "on",
        "colour": "#ff0000",
        "body": NASTY + "\n\nhai dòng",
        "kind": "a",
        "grouped": "79",
        "many": ["x", "z"],
        "nullable": "true",
    },
    {"text": "x" * 30, "body": "", "kind": "nope", "grouped": "", "many": ["q"], "number": "1"},
]
INITIAL = {"text": "Lê Văn Tám", "day": dt.date(2026, 9, 2), "kind": 1, "body": "Ghi chú", "number": 7}


@pytest.mark.parametrize("data", [None, *BOUND], ids=["initial", "empty", "nasty", "invalid"])
def test_every_widget_renders_as_djangos_templates_render_it(data: dict[str, Any] | None) -> None:
    fast, slow = Renderer(), DjangoTemplates()
    seen: set[str] = set()
    for renderer in (fast, slow):
        form = (
            EveryWidget(data, initial=INITIAL, renderer=renderer)
            if data is not None
            else EveryWidget(initial=INITIAL, renderer=renderer)
        )
        if data is not None:
            form.is_valid()  # the errors' aria attributes are part of the HTML
        html = [str(field) for field in form]
        if renderer is fast:
            fast_html = html
            seen |= {field.field.widget.template_name for field in form}
        else:
            assert fast_html == html
    # The comparison reached the templates the renderer writes out (a new Django one would not be).
    assert {"django/forms/widgets/select.html", "django/forms/widgets/textarea.html"} <= seen & set(FAST)
    assert len(seen & set(FAST)) >= 10


@pytest.mark.parametrize("auto_id", ["id_%s", False])
def test_labels_render_as_djangos_template_renders_them(auto_id: str | bool) -> None:
    """label_tag(): with and without an id (a tag or the bare text), a suffix, extra attributes, the
    required class, a label to escape and one already safe."""

    class Labelled(EveryWidget):
        required_css_class = "required"
        label_suffix = " :"
        safe = forms.CharField(label=mark_safe("<abbr>CCCD</abbr>"), required=False)
        ends = forms.CharField(label="Bạn đồng ý?", required=False)

    out: list[list[str]] = []
    for renderer in (Renderer(), DjangoTemplates()):
        form = Labelled(auto_id=auto_id, renderer=renderer)
        html = [str(f.label_tag()) for f in form]
        html += [str(f.label_tag(attrs={"class": NASTY, "data-on": True, "data-off": False})) for f in form]
        html += [
            str(form["text"].label_tag(contents=NASTY, tag="legend")),
            str(form["optional"].legend_tag()),
        ]
        out.append(html)
    assert out[0] == out[1]
    assert any('<label for="id_text" class="required">' in h for h in out[0]) == bool(auto_id)
    assert any("&lt;b&gt;" in h for h in out[0]) and any("<abbr>CCCD</abbr>" in h for h in out[0])


def test_the_project_renders_forms_with_it() -> None:
    from django.forms.renderers import get_default_renderer

    assert isinstance(get_default_renderer(), Renderer)
