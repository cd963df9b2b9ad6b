"""`{% load idempotency %}…<form method="post">{% csrf_token %}{% idempotency_field %}…`

A fresh key for each rendering of a form: a double click, or the browser resending after a lost
answer, repeats the key and gets the first answer (danchu/core/idempotency.py); the person who
reloads the form and sends it again gets a new key."""

from __future__ import annotations

import uuid

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

from danchu.core.idempotency import FIELD

register = template.Library()


@register.simple_tag
def idempotency_field() -> SafeString:
    return format_html('<input type="hidden" name="{}" value="{}">', FIELD, uuid.uuid4())
