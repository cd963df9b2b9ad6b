"""A 404 shows the view's own message, in any language, but never Django's technical text."""

from __future__ import annotations

import pytest
from django.http import Http404
from django.test import RequestFactory
from django.urls import Resolver404
from django.utils import translation

from danchu.front.views import not_found

GENERIC = "This page does not exist."


@pytest.mark.parametrize(
    ("exception", "shown"),
    [
        (Http404("No such version."), "No such version."),
        (Http404("There is no unit with the code 99999."), "There is no unit with the code 99999."),
        (Http404("No Case matches the given query."), GENERIC),
        (Http404("No disclosure found matching the query"), GENERIC),
        (Resolver404({"tried": [], "path": "nowhere/"}), GENERIC),
        (Http404(), GENERIC),
    ],
)
def test_not_found_page_message(exception: Exception, shown: str) -> None:
    with translation.override("en"):
        response = not_found(RequestFactory().get("/somewhere/"), exception)
    assert response.status_code == 404
    assert shown in response.content.decode()
