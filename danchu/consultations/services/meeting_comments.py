"""The comments received at a village meeting, entered in bulk (issue #11): staff paste or upload
the rows written in the meeting's minutes instead of entering them one by one. Each row names the
agenda item where the draft was discussed (an item of meetings' `comment_items`, by the number the
page shows) or takes the one chosen on the form. All or nothing: every bad row is reported by its line
and nothing is recorded from a file with a bad row."""

from __future__ import annotations

import io
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from danchu.core.audit import audit
from danchu.core.errors import DomainError
from danchu.core.text import fold
from danchu.places.importing.reading import Row, check_rows, read_checked, refuse_too_many, unread_columns

from ..models import Comment, Consultation
from .comments import CommentRecording

MAX_ROWS = 2_000
# Header names as a secretary writes them (folded: no diacritics, lower case, "_" between words).
ALIASES = {
    "muc": "item",
    "ma_muc": "item",
    "noi_dung_hop": "item",
    "agenda_item": "item",
    "ho_ten": "name",
    "ho_va_ten": "name",
    "nguoi_gop_y": "name",
    "author": "name",
    "author_name": "name",
    "y_kien": "comment",
    "noi_dung": "comment",
    "gop_y": "comment",
    "text": "comment",
    "doan": "paragraph",
    "so_doan": "paragraph",
    "lap_truong": "stance",
    "y_kien_chung": "stance",
}
REQUIRED = ("name", "comment")
STANCES = {
    "": Comment.Stance.NEUTRAL,
    "neutral": Comment.Stance.NEUTRAL,
    "trung lap": Comment.Stance.NEUTRAL,
    "khac": Comment.Stance.NEUTRAL,
    "support": Comment.Stance.SUPPORT,
    "ung ho": Comment.Stance.SUPPORT,
    "dong y": Comment.Stance.SUPPORT,
    "oppose": Comment.Stance.OPPOSE,
    "phan doi": Comment.Stance.OPPOSE,
    "khong dong y": Comment.Stance.OPPOSE,
}


def _number(text: str, what: str) -> int:
    if not text.isdigit() or len(text) > 9:
        raise DomainError(
            _("%(what)s must be a whole number, not “%(text)s”.") % {"what": what, "text": text[:20]}
        )
    return int(text)


def _row(recording: CommentRecording, default_item: int | None, row: Row) -> Comment:
    item_text = row.get("item").lstrip("#")
    item = _number(item_text, _("The agenda item")) if item_text else default_item
    if item is None:
        raise DomainError(_("the row names no agenda item of a village meeting"))
    stance = STANCES.get(fold(row.get("stance")))
    if stance is None:
        raise DomainError(_("unknown stance “%(text)s”") % {"text": row.get("stance")[:20]})
    paragraph = None
    if row.get("paragraph"):
        position = _number(row.get("paragraph"), _("The paragraph"))
        paragraph = recording.paragraphs.get(position)
        if paragraph is None:
            raise DomainError(_("There is no paragraph %(n)s in the draft.") % {"n": position})
    return recording.check(
        text_=row.get("comment"),
        author_name=row.get("name"),
        source=Comment.Source.MEETING,
        paragraph=paragraph,
        stance=stance,
        meeting_item=item,
    )


def meeting_comments_read(*, filename: str, data: bytes) -> list[Row]:
    """The rows of an uploaded or pasted table (empty, too long, a missing column: a clear refusal)."""
    return read_checked(
        io.BytesIO(data),
        filename,
        ALIASES,
        required=REQUIRED,
        max_rows=MAX_ROWS,
        headers={"name": "Họ tên", "comment": "Ý kiến"},  # as the page lists them (ho_ten, y_kien)
        known=ALIASES.values(),
    )


def meeting_comments_unread(rows: list[Row]) -> list[str]:
    """The headers of the table that name no column of the import ("STT", "Ghi chú"), as written."""
    return unread_columns(rows, ALIASES.values())


@transaction.atomic
def meeting_comments_record(
    *,
    actor: Any,
    consultation: Consultation,
    rows: list[Row],
    default_item: int | None = None,
    skipped: list[str] | None = None,
) -> list[Comment]:
    """The rows' comments, recorded together; none when a row is bad (every bad row named by its
    line) — unless a `skipped` list is given: then the good rows are recorded and the bad rows'
    errors ("Dòng N: …") are added to it."""
    recording = CommentRecording(actor, consultation, many=True)  # locked, managed, open, started
    if not rows:
        raise DomainError(_("The file has no rows."))
    refuse_too_many(rows, MAX_ROWS)
    c = recording.c
    # each checked in order: a row repeating an earlier one is a duplicate
    recorded, bad = check_rows(
        rows,
        lambda row: _row(recording, default_item, row),
        skip_bad=skipped is not None,
        unread=meeting_comments_unread(rows),
    )
    recording.save(recorded)
    if skipped is not None:
        skipped.extend(bad)
    audit(
        actor=actor,
        action="consultations.meeting_comments",
        obj=c,
        after={
            "comments": len(recorded),
            "skipped": len(bad),
            "items": sorted({x.meeting_item_id for x in recorded if x.meeting_item_id}),
        },
    )
    return recorded
