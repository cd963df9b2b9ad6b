"""Field ids of their own for a form that appears more than once on a page (one per row), so that
each <label> names its own field for a screen reader and no two fields share an id — Django gives
every copy "id_<field>", and auto_id=False leaves the labels naming nothing.

    {% load formids %}
    {% for r in rows %}<form …>{% form_with_ids answer_form "answer" r.pk %}…</form>{% endfor %}
    {% include "_form.html" with form=leave_form|with_ids:m.pk %}
"""

from __future__ import annotations

import copy
from typing import Any

from django import forms, template
from django.utils.safestring import SafeString

register = template.Library()


def _clone(form: forms.BaseForm, prefix: str) -> forms.BaseForm:
    clone = copy.copy(form)
    clone.auto_id = f"{prefix}-%s"
    clone._bound_fields_cache = {}  # type: ignore[attr-defined]  # the original's bound fields carry its ids
    if form.is_bound and form._errors:  # type: ignore[attr-defined]
        # A field's errors carry the id they were found under ("id_title_error"), and its input points
        # screen readers at "<its id>_error": the clone's errors take the clone's ids, or the refused
        # form showed its messages under an id no field names.
        errors = copy.copy(form._errors)  # type: ignore[attr-defined]
        for name, found in errors.items():
            if name in clone.fields:
                errors[name] = moved = copy.copy(found)
                moved.field_id = clone[name].auto_id
        clone._errors = errors  # type: ignore[attr-defined]
    return clone


@register.simple_tag
def form_with_ids(form: forms.BaseForm, *parts: Any) -> SafeString:
    """The form rendered (as_div) with ids starting "<part>-<part>-"."""
    return _clone(form, "-".join(str(p) for p in parts)).as_div()


@register.filter
def with_ids(form: forms.BaseForm, key: Any) -> forms.BaseForm:
    """The form with ids starting "<form class>-<key>-", for a template that renders it field by field."""
    return _clone(form, f"{type(form).__name__.lower()}-{key}")
