"""Vietnamese text helpers."""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable
from typing import Any

from django.utils.translation import gettext as _

from .errors import DomainError
from .formats import number

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


def in_sentence(name: str) -> str:
    """A unit's name inside a sentence: its type in lower case, its proper name untouched
    ("Tỉnh Đắk Lắk" → "tỉnh Đắk Lắk", "Thành phố Hà Nội" → "thành phố Hà Nội"); `str.lower()` would
    write "tỉnh đắk lắk"."""
    return name[:1].lower() + name[1:]


# The Vietnamese alphabet (with f, j, w, z for loan words): ă and â come after a, đ after d, ê after
# e, ô and ơ after o, ư after u. Code-point order would put Đ, Ô, Ơ, Ư after Z.
_ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
_RANK = {letter: i for i, letter in enumerate(_ALPHABET)}
_LETTER_MARKS = {
    ("a", "\u0306"): "ă",
    ("a", "\u0302"): "â",
    ("e", "\u0302"): "ê",
    ("o", "\u0302"): "ô",
    ("o", "\u031b"): "ơ",
    ("u", "\u031b"): "ư",
}
# Tones in dictionary order (Hoàng Phê): level, grave (huyền), hook (hỏi), tilde (ngã), acute (sắc),
# dot below (nặng). They only break ties between otherwise equal words.
_TONE_RANK = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}


_DIGITS = re.compile(r"[0-9]+")
SortKey = tuple[tuple[float, ...], tuple[int, ...]]


# Names repeat (the 34 provinces on every front page, a commune's villages on each of its pages): the
# key is a pure function of the text, so it is remembered rather than rebuilt letter by letter.
@functools.lru_cache(maxsize=20_000)
def vi_sort_key(text: str | None) -> SortKey:
    """A key that sorts names in Vietnamese order: "Đà Nẵng" after "Duy Xuyên", "Ông Ích Khiêm"
    after "Ông", "Ô Môn" after "Ong" and before "Phú". Letters first, tones to break ties; spaces
    sort before any letter, numbers before letters and by their value ("Thôn 2" before "Thôn 10",
    as villages and residential groups are numbered), anything else after."""
    letters: list[float] = []
    tones: list[int] = []
    normal = unicodedata.normalize("NFD", (text or "").strip().lower())
    i = 0
    while i < len(normal):
        ch = normal[i]
        number = _DIGITS.match(normal, i)
        if number:
            # One element for the whole number, in [1, 2): increasing with its value, below letters.
            n = int(number[0])
            letters.append(1 + n / (n + 1))
            tones.append(0)
            i = number.end()
            continue
        i += 1
        if unicodedata.category(ch) == "Mn":
            if ch in _TONE_RANK:
                tones[-1:] = [_TONE_RANK[ch]]
            elif letters:
                rank = letters[-1]
                previous = _ALPHABET[int(rank) - 20] if 20 <= rank < 20 + len(_ALPHABET) else ""
                combined = _LETTER_MARKS.get((previous, ch))
                if combined:
                    letters[-1] = 20 + _RANK[combined]
            continue
        if ch.isspace():
            if letters and letters[-1] == 0:
                continue
            letters.append(0)
        elif ch.isdigit():  # a digit of another script
            letters.append(11)
        elif ch in _RANK:
            letters.append(20 + _RANK[ch])
        else:
            letters.append(100 + ord(ch))
        tones.append(0)
    return tuple(letters), tuple(tones)


# A cell a spreadsheet would read as a formula (CSV injection, OWASP's list of leading characters).
SPREADSHEET_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


# Control characters an XLSX cell cannot hold (XML 1.0): openpyxl refuses the whole file for one of
# them, e.g. the vertical tab Word pastes for a line break. Tab, line feed and carriage return stay.
_CELL_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def spreadsheet_text(value: str) -> str:
    """`value` as a spreadsheet cell shows it: a leading formula character is escaped with a quote,
    a control character no cell can hold becomes a space."""
    value = _CELL_ILLEGAL.sub(" ", value)
    return "'" + value if value.startswith(SPREADSHEET_FORMULA_START) else value


def spreadsheet_row(values: Iterable[Any]) -> list[Any]:
    """A row for csv.writer or openpyxl: every text cell through `spreadsheet_text` (openpyxl
    stores a string that starts with "=" as a formula, so XLSX needs it as much as CSV); numbers,
    dates and empty cells as they are."""
    return [spreadsheet_text(v) if isinstance(v, str) else v for v in values]


def spreadsheet_unescape(value: str) -> str:
    """The inverse of `spreadsheet_text`, for re-importing a file danchu wrote."""
    return value[1:] if value[:1] == "'" and value[1:].startswith(SPREADSHEET_FORMULA_START) else value


def checked_text(value: Any, *, label: Any = "", limit: int, required: bool = False, code: str = "") -> str:
    """A person's text, stripped — or a refusal naming the field, never a truncation and never a 500:
    a NUL byte (PostgreSQL refuses to store it), more than `limit` characters, or nothing where
    something is `required`. `code` replaces the refusal's own code (bad_character, too_long,
    required) where a caller's API documents another. Text typed decomposed (NFD: a Mac, some
    Vietnamese keyboards) is kept composed (NFC), so that "Đắk" is one word however it was typed and
    its length is counted as read."""
    field = label or _("The text")
    text = "" if value is None else str(value)
    if "\x00" in text:
        message = _("%(field)s contains a character that is not allowed (NUL).") % {"field": field}
        raise DomainError(message, code=code or "bad_character")
    text = unicodedata.normalize("NFC", text.strip())
    if len(text) > limit:
        message = _("%(field)s is too long (longer than %(n)s characters).") % {
            "field": field,
            "n": number(limit),
        }
        raise DomainError(message, code=code or "too_long")
    if required and not text:
        raise DomainError(_("%(field)s is required.") % {"field": field}, code=code or "required")
    return text


def query_text(request: Any, name: str, *, label: Any, limit: int = 100) -> str:
    """A filter or search typed into a page's address (`?q=…`), checked as `checked_text` checks
    what is posted: more than `limit` characters is refused with a message naming the field (400, by
    the pages' DomainError middleware), never cut to fit."""
    return checked_text(request.GET.get(name, ""), label=label, limit=limit)


def quoted(text: str, limit: int = 40) -> str:
    """`text` as a message quotes it back: whole when short, else its first `limit` characters and
    "…" — the message stays readable, and says the text was longer. A NUL byte shows as "␀": a message
    cannot carry the byte itself (a session or cookie refuses it), and left out it made the message
    false ("1\x002" refused as “12” is not a number)."""
    text = text.replace("\x00", "␀")
    return text if len(text) <= limit else text[:limit] + "…"


def one_of(value: str, allowed: Iterable[str], *, label: Any) -> str:
    """`value` when it is empty or one of `allowed`; else a refusal naming the field and the values it
    takes (a filter with an unknown value would otherwise list nothing, or everything, in silence)."""
    allowed = list(allowed)
    if value and value not in allowed:
        raise DomainError(
            _("%(field)s cannot be “%(value)s”. Use one of: %(allowed)s.")
            % {"field": label, "value": quoted(value), "allowed": ", ".join(allowed)},
            code="unknown_value",
        )
    return value


def query_year(request: Any, *, first: int, last: int, default: Any, name: str = "year") -> Any:
    """The year asked for in the address (`?year=2025`), `default` when none is; a year that is not a
    whole number between `first` and `last` is refused (400) — not replaced by this year, nor moved to
    the nearest year there is, in silence."""
    return year_in(request.GET.get(name, ""), first=first, last=last, default=default)


def year_in(value: str | int | None, *, first: int, last: int, default: Any) -> Any:
    """`value` as a year from `first` to `last` (`default` when empty), or the refusal of
    `query_year` — for an API's parameter as for a page's."""
    text = str(value).strip() if value is not None else ""
    if not text:
        return default
    if text.isascii() and text.isdigit() and len(text) <= 4 and first <= int(text) <= last:
        return int(text)
    raise DomainError(
        _("“%(text)s” is not a year from %(first)s to %(last)s.")
        % {"text": quoted(text, 20), "first": first, "last": last},
        code="bad_year",
    )
