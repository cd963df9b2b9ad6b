"""The project's form renderer: Django's, with its commonest widget templates written out in Python.

Django renders every widget through a template, and a `<select>` through one more per option; on a
public page with a small form that was a third of the page's time (the disclosure search: ~1.7 ms of
~5 ms for six fields, issue #17). These functions give the same HTML, byte for byte, as Django's own
templates in `django/forms/templates/django/forms/widgets/` — core/tests/test_formrender.py renders
each kind of widget both ways, attributes, escaping and option groups included. Labels (`label_tag`, one
template each) are written out the same way. Any other template (a form's layout, errors, radio lists,
file inputs, a template a project overrides) goes to Django's templates as before.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.forms.renderers import DjangoTemplates
from django.utils.html import conditional_escape

_WIDGETS = "django/forms/widgets/"


def _attrs(attrs: dict[str, Any]) -> str:  # widgets/attrs.html
    out = []
    for name, value in attrs.items():
        if value is not False:
            out.append(f" {conditional_escape(name)}")
            if value is not True:
                out.append(f'="{conditional_escape(value)}"')
    return "".join(out)


def _input(w: dict[str, Any]) -> str:  # widgets/input.html
    value = f' value="{conditional_escape(w["value"])}"' if w["value"] is not None else ""
    return f'<input type="{conditional_escape(w["type"])}" name="{conditional_escape(w["name"])}"{value}{_attrs(w["attrs"])}>'


def _option(o: dict[str, Any]) -> str:  # widgets/select_option.html
    return f'<option value="{conditional_escape(o["value"])}"{_attrs(o["attrs"])}>{conditional_escape(o["label"])}</option>'


def _select(w: dict[str, Any]) -> str:  # widgets/select.html
    out = [f'<select name="{conditional_escape(w["name"])}"{_attrs(w["attrs"])}>']
    for group_name, group_choices, _index in w["optgroups"]:
        if group_name:
            out.append(f'\n  <optgroup label="{conditional_escape(group_name)}">')
        for option in group_choices:
            if option["template_name"] != _WIDGETS + "select_option.html":
                return ""  # a widget with its own option template: Django's templates render it
            out.append(f"\n  {_option(option)}\n")
        if group_name:
            out.append("\n  </optgroup>")
    out.append("\n</select>")
    return "".join(out)


def _textarea(w: dict[str, Any]) -> str:  # widgets/textarea.html
    value = conditional_escape(w["value"]) if w["value"] else ""
    return f'<textarea name="{conditional_escape(w["name"])}"{_attrs(w["attrs"])}>\n{value}</textarea>'


def _label(c: dict[str, Any]) -> str:  # django/forms/label.html (its attributes as attrs.html writes them)
    label = conditional_escape(c["label"])
    if not c["use_tag"]:
        return label
    tag = conditional_escape(c["tag"])
    return f"<{tag}{_attrs(c['attrs'] or {})}>{label}</{tag}>"


_INPUTS = (
    "checkbox color date datetime email file hidden input number password search tel text time url".split()
)
FAST: dict[str, Callable[[dict[str, Any]], str]] = {
    **{f"{_WIDGETS}{name}.html": _input for name in _INPUTS},
    _WIDGETS + "select.html": _select,
    _WIDGETS + "textarea.html": _textarea,
}
_LABEL, _LABEL_CONTEXT = "django/forms/label.html", {"field", "label", "attrs", "use_tag", "tag"}


class Renderer(DjangoTemplates):
    def render(self, template_name: str, context: dict[str, Any], request: Any = None) -> str:
        fast = FAST.get(template_name)
        if fast is not None and set(context) == {"widget"}:
            html = fast(context["widget"])
            if html:
                return html.strip()
        elif template_name == _LABEL and set(context) == _LABEL_CONTEXT:
            return _label(context).strip()
        return str(super().render(template_name, context, request))
