"""Vietnamese text helpers."""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"\s+")


def fold(text: str | None) -> str:
    """Fold Vietnamese text for search: lower case, no diacritics, đ/Đ -> d, single spaces.

    "Đắk Lắk" and "dak lak" fold to the same string. NFD splits the tone and vowel marks off their
    letters, which we drop; đ is a letter of its own (no decomposition), so it is mapped by hand.
    """
    if not text:
        return ""
    text = text.replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return _SPACES.sub(" ", stripped.lower()).strip()
