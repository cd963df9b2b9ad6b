"""Public URLs of disclosures built by string formatting from one reverse() per process: a list page
calling reverse() per row spent more time there than in SQL (issue #17)."""

from __future__ import annotations

import functools

from django.urls import reverse


@functools.cache
def detail_prefix() -> str:
    """ "/disclosures/d/" — a disclosure's page is this prefix, its id and a slash."""
    return reverse("disclosures:detail", kwargs={"pk": 0})[:-2]


def detail_url(pk: int) -> str:
    return f"{detail_prefix()}{pk}/"
