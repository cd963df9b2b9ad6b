"""Public URLs of disclosures built by string formatting from one reverse() per process: a list page
calling reverse() per row spent more time there than in SQL (issue #17)."""

from __future__ import annotations

import functools

from danchu.core.paths import url_prefix


@functools.cache
def detail_prefix() -> str:
    """ "/disclosures/d/" — a disclosure's page is this prefix, its id and a slash."""
    return url_prefix("disclosures:detail", "pk")


def detail_url(pk: int) -> str:
    return f"{detail_prefix()}{pk}/"


@functools.cache
def document_prefix() -> str:
    """ "/disclosures/documents/" — a registered document's page is this prefix, its id and a slash."""
    return url_prefix("disclosures:document", "pk")
