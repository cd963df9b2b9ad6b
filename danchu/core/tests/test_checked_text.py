"""core.text.checked_text: the one check of a person's text that the modules' services share
(consultations, meetings, workplaces, works, oversight, cases' escalation contacts)."""

from __future__ import annotations

import pytest
from django.utils import translation

from danchu.core.errors import DomainError
from danchu.core.text import checked_text


def test_text_is_stripped_and_kept_whole() -> None:
    assert checked_text("  Đường liên thôn số 7  ", limit=22) == "Đường liên thôn số 7"
    assert checked_text(None, limit=5) == ""


@pytest.mark.parametrize(
    ("value", "required", "code", "words"),
    [
        ("Lý do\x00", False, "bad_character", "có ký tự không được phép (NUL)"),
        ("x" * 11, False, "too_long", "quá dài (dài hơn 10 ký tự)"),
        ("   ", True, "required", "Cần nhập Lý do."),
    ],
)
def test_each_refusal_names_the_field_and_never_truncates(
    value: str, required: bool, code: str, words: str
) -> None:
    with translation.override("vi"), pytest.raises(DomainError) as e:
        checked_text(value, label="Lý do", limit=10, required=required)
    assert e.value.code == code and e.value.status == 400 and words in e.value.message


def test_a_caller_may_keep_its_own_code() -> None:
    with pytest.raises(DomainError) as e:
        checked_text("x" * 3, limit=2, code="bad_contact")
    assert e.value.code == "bad_contact"


def test_decomposed_text_is_kept_composed_and_counted_as_read() -> None:
    import unicodedata

    from danchu.core.text import checked_text

    typed = unicodedata.normalize("NFD", "Buôn Đắk Lắk")
    assert len(typed) > len("Buôn Đắk Lắk")
    assert checked_text(typed, limit=12) == "Buôn Đắk Lắk"


@pytest.mark.parametrize(
    ("lang", "words"), [("vi", "dài hơn 10.000 ký tự"), ("en", "longer than 10,000 characters")]
)
def test_a_long_limit_is_written_with_the_thousands_separator(lang: str, words: str) -> None:
    """The refusal read "dài hơn 10000 ký tự": the house writes numbers 10.000 (10,000 in English)."""
    with translation.override(lang), pytest.raises(DomainError) as e:
        checked_text("ạ" * 10_001, label="Nội dung", limit=10_000)
    assert words in e.value.message
