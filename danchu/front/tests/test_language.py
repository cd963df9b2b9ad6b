from __future__ import annotations

from typing import Any

import pytest


@pytest.mark.django_db
@pytest.mark.parametrize(
    "data",
    [{"language": "en\x00", "next": "/"}, {"language": "x" * 100_000}],
    ids=["nul-language", "long-language"],
)
def test_bad_input_to_the_language_switch_never_fails(
    data: dict[str, str], browser_as: Any, citizen: Any
) -> None:
    client = browser_as(citizen)
    response = client.post_form("/i18n/setlang/", data)
    assert response.status_code == 302
    citizen.refresh_from_db()
    assert citizen.language == "vi"


@pytest.mark.django_db
def test_a_signed_in_persons_choice_is_remembered(browser_as: Any, citizen: Any) -> None:
    client = browser_as(citizen)
    assert client.post_form("/i18n/setlang/", {"language": "en", "next": "/"}).status_code == 302
    citizen.refresh_from_db()
    assert citizen.language == "en"


@pytest.mark.django_db
def test_a_nul_byte_in_the_next_address_goes_home(browser_as: Any, citizen: Any) -> None:
    response = browser_as(citizen).post_form("/i18n/setlang/", {"language": "en", "next": "/\x00"})
    assert response.status_code == 302 and "\x00" not in response["Location"]
