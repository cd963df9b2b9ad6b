"""Figures as reports write them, on top of danchu.core.formats ("52.620", "24/24 (100%)",
"tăng 2,3% so với cùng kỳ")."""

from __future__ import annotations

from django.utils.translation import gettext as _

from danchu.core import formats

number = formats.number
percent = formats.percent

# The administrative kind that opens a unit's name ("Xã Krông Pắc", "Thành phố Hà Nội").
KIND_WORDS = ("Thành phố ", "Tỉnh ", "Xã ", "Phường ", "Đặc khu ", "Huyện ", "Thị trấn ")


def name_in_text(name: str) -> str:
    """A unit's name as running text writes it: the kind in lower case, the proper name as it is
    ("trên địa bàn xã Krông Pắc", "thành phố Hà Nội"); a name without a kind is left as it is."""
    for kind in KIND_WORDS:
        if name.startswith(kind):
            return kind.lower() + name[len(kind) :]
    return name


def name_without_kind(name: str) -> str:
    """ "Krông Pắc" for "Xã Krông Pắc": the place of issue in a document's date line."""
    for kind in KIND_WORDS:
        if name.startswith(kind):
            return name[len(kind) :]
    return name


def change(current: float | None, previous: float | None) -> tuple[float | None, str]:
    """The relative change in percent and its phrase; ("", None) when last year has no figure."""
    if current is None or previous is None or previous == 0:
        return None, ""
    pct = (current - previous) / previous * 100
    return pct, formats.change(current, previous)


def points_change(current: float | None, previous: float | None) -> str:
    """For shares: the change in percentage points."""
    if current is None or previous is None:
        return ""
    diff = current - previous
    if abs(diff) < 0.05:
        return formats.change(1, 1)
    if diff > 0:
        return _("up %(pts)s percentage points on the same period last year") % {"pts": number(diff, 1)}
    return _("down %(pts)s percentage points on the same period last year") % {"pts": number(-diff, 1)}


def figure(
    value: float | None, *, unit: str = "count", num: float | None = None, den: float | None = None
) -> str:
    """ "52.620", "24/24 (100%)", "87,5%"; "no data" in words, never "0/0"."""
    if value is None and num is None:
        return _("no data")
    if num is not None and den is not None:
        if not den:
            return _("no data")
        return formats.ratio(num, den)
    if unit == "percent":
        return percent(value)
    if value is not None and not float(value).is_integer():
        return number(value, 1)
    return number(value, 0) if value is not None else number(None)
