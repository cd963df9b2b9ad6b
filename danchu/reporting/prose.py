"""Figures written the way a committee writes them: related figures grouped into one sentence with
their comparison ("Trong năm 2025, trên địa bàn toàn tỉnh, các Ban Thanh tra nhân dân đã giám sát
128 vụ việc (tăng 10% so với cùng kỳ), phát hiện 12 vụ có dấu hiệu vi phạm…"), never a list of
"Số …: n." lines. Every sentence keeps the figures it states (indicator, value, last year's)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from .queries import Figure

CLAUSES_PER_SENTENCE = 5


@dataclass
class Sentence:
    text: str
    indicator: str = ""
    value: float | None = None
    previous: float | None = None
    # Every figure the sentence states: [{"indicator", "value", "previous", "text"}].
    figures: list[dict[str, Any]] = field(default_factory=list)


def lower_first(text: str) -> str:
    """ "Hồ sơ tiếp nhận" → "hồ sơ tiếp nhận", but "Ban Thanh tra…" and "UBND…" stay."""
    if len(text) > 1 and text[0].isupper() and text[1].islower() and " " in text:
        second = text.split(" ", 1)[1]
        if second[:1].isupper():
            return text
        return text[0].lower() + text[1:]
    return text


def stated(fig: Figure) -> bool:
    """A figure worth a clause: a value this period, and not nothing in both years."""
    cur = fig.current
    if cur.value is None or (cur.den is not None and not cur.den):
        return False
    return bool(cur.value) or bool(fig.previous.value)


def clause(fig: Figure) -> str:
    phrase = fig.indicator.phrase
    if phrase:
        text = str(phrase) % {"figure": fig.text}
    else:
        text = f"{lower_first(str(fig.indicator.name))} {fig.text}"
    change = fig.change_text if fig.previous.value is not None else ""
    return f"{text} ({change})" if change else text


def record(fig: Figure) -> dict[str, Any]:
    return {
        "indicator": fig.indicator.code,
        "value": fig.current.value,
        "previous": fig.previous.value,
        "num": fig.current.num,
        "den": fig.current.den,
        "text": fig.text,
    }


def sentences(figs: list[Figure], *, period: str, where: str) -> list[Sentence]:
    """The figures of one part of the report, grouped by the module that holds them (one sentence
    each, at most CLAUSES_PER_SENTENCE clauses), the first opening with the period and the area."""
    groups: dict[str, list[Figure]] = {}
    for fig in figs:
        if stated(fig):
            groups.setdefault(fig.indicator.code.split(".", 1)[0], []).append(fig)
    chunks = [
        g[i : i + CLAUSES_PER_SENTENCE]
        for g in groups.values()
        for i in range(0, len(g), CLAUSES_PER_SENTENCE)
    ]
    out = []
    for n, chunk in enumerate(chunks):
        clauses = ", ".join(clause(f) for f in chunk)
        if n == 0:
            text = _("In %(period)s, in %(where)s, %(clauses)s.") % {
                "period": period,
                "where": where,
                "clauses": clauses,
            }
        else:
            text = _("In addition, %(clauses)s.") % {"clauses": clauses}
        first = chunk[0]
        out.append(
            Sentence(
                text,
                first.indicator.code,
                first.current.value,
                first.previous.value,
                figures=[record(f) for f in chunk],
            )
        )
    note = across_reform_note({f.across_reform for f in figs if stated(f)}, where=where)
    return [*out, note] if out and note else out


def across_reform_note(kinds: set[str], *, where: str) -> Sentence | None:
    """What a part says when its unit was formed by the 2025 reorganisation (reporting.reform)."""
    from .reform import SHARES, UNKNOWN_SHARES

    if UNKNOWN_SHARES in kinds:
        return Sentence(
            _(
                "As the shares of the former units that formed %(where)s in the 2025 reorganisation are "
                "not recorded, its figures are not compared with the same period of last year."
            )
            % {"where": where}
        )
    if SHARES in kinds:
        return Sentence(
            _(
                "The same period of last year is that of the former units that formed %(where)s, each "
                "counted by the share of it that went into %(where)s."
            )
            % {"where": where}
        )
    return None


def nothing_yet(period: str) -> Sentence:
    """The one sentence of a part that has no figure yet (never a dotted line)."""
    return Sentence(
        _("No figures for this part have been recorded or reported for %(period)s yet.") % {"period": period}
    )
