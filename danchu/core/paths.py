"""URLs built by string formatting around one reverse(): a page listing a hundred places or documents
spent more time in reverse() than in SQL (issue #17)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse


def url_prefix(name: str, last: str, **kwargs: Any) -> str:
    """The URL of the route `name` up to its last argument `last`: that URL is the prefix, the value and
    a slash. reverse() with "0" standing for the value (an int or a str converter takes it), cut off.
    `kwargs` are the route's other arguments."""
    url = reverse(name, kwargs={**kwargs, last: "0"})
    if not url.endswith("/0/"):
        raise ValueError(f"{name}: {last} is not the route's last segment")
    return url[:-2]
