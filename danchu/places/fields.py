"""Form fields that offer places in Vietnamese order.

A ModelChoiceField lists its queryset in the database's order, and no database collation available
to both SQLite and PostgreSQL orders Vietnamese: "Đ" comes after "Y", "Thôn 10" before "Thôn 2".
These fields keep the queryset for validating the submitted value and only present the choices
sorted by level, then by `queries.sort_key` (proper names, Vietnamese alphabet, numbers by value).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django import forms
from django.forms.models import ModelChoiceIterator

from .queries import sort_key


class VietnameseOrderIterator(ModelChoiceIterator):
    def __iter__(self) -> Iterator[Any]:
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        # Higher levels first (a province before its communes), each level in Vietnamese order.
        for obj in sorted(self.queryset, key=lambda p: (p.level, sort_key(p))):
            yield self.choice(obj)


class PlaceChoiceField(forms.ModelChoiceField):
    iterator = VietnameseOrderIterator


class PlaceMultipleChoiceField(forms.ModelMultipleChoiceField):
    iterator = VietnameseOrderIterator
