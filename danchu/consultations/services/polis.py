"""Importing an opinion map from Pol.is open-data files (comments.csv and votes.csv): a conversation
held elsewhere, brought in with its statements and votes; every bad row named by its line, nothing
imported from a file with errors. The exports are in opinions.py."""

from __future__ import annotations

import codecs
import io
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from danchu.core.audit import audit
from danchu.core.errors import DomainError
from danchu.core.text import spreadsheet_unescape
from danchu.places.importing.reading import Row, RowError, nothing_imported, read_checked
from danchu.places.models import Place

from ..models import Conversation, Participant, Statement, Vote
from .opinions import _require, conversation_create

MAX_IMPORT_ROWS = 2_000_000

POLIS_COMMENTS = ("comment_id", "moderated", "comment_body")
POLIS_VOTES = ("comment_id", "voter_id", "vote")


def _rows(data: bytes, name: str, required: tuple[str, ...]) -> list[Row]:
    """The rows of one of the two files, read by places' `read_checked` (empty file, missing columns,
    too many rows). A file saved as UTF-16 (Excel's "Unicode text") is refused as an encoding problem;
    a NUL byte in a UTF-8 file is refused by the line and column holding it, never dropped, since
    Pol.is never writes one."""
    if _looks_utf16(data):
        raise DomainError(
            _("%(file)s is saved as UTF-16, not UTF-8: save it as “CSV UTF-8” and upload it again.")
            % {"file": name},
            code="bad_csv",
        )
    try:
        rows = read_checked(io.BytesIO(data), name, {}, required=required, max_rows=MAX_IMPORT_ROWS)
        # A NUL byte, or a value under no header (a row with more cells than the header), refuses its
        # row by line (reading.py names the column), never dropped.
        bad = [RowError(r.line, r.unreadable) for r in rows if r.unreadable]
        if bad:
            raise nothing_imported(bad)
    except DomainError as e:
        raise DomainError(f"{name}: {e.message}", code="bad_csv") from None
    return rows


def _looks_utf16(data: bytes) -> bool:
    """Saved as UTF-16: its byte order mark, or, without one, an opening whose every other byte is
    mostly NUL (the digits, commas and Latin letters of a CSV, two bytes each)."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return True
    opening = data[:400]
    return len(opening) >= 8 and any(half.count(0) * 2 > len(half) for half in (opening[0::2], opening[1::2]))


def _polis_statement(
    row: Row, known: dict[int, tuple[str, str, int | None]]
) -> tuple[int, tuple[str, str, int | None]]:
    statuses = {
        "1": Statement.Status.ACCEPTED,
        "-1": Statement.Status.REJECTED,
        "0": Statement.Status.PENDING,
    }
    try:
        number = int(row.get("comment_id"))
        if not 0 <= number < 2**31 or number in known:
            raise ValueError
    except ValueError:
        raise DomainError(_("comment-id is not a new whole number.")) from None
    body = spreadsheet_unescape(row.get("comment_body"))
    if not body or len(body) > 400:
        raise DomainError(_("the statement is empty or longer than 400 characters."))
    status = statuses.get(row.get("moderated") or "0")
    if status is None:
        raise DomainError(_("moderated must be 1, 0 or -1."))
    author = row.get("author_id")
    return number, (body, status, int(author) if author.isdigit() and len(author) < 10 else None)


def _polis_vote(row: Row, statements: dict[int, Any]) -> tuple[int, int, int]:
    try:
        s, p, v = int(row.get("comment_id")), int(row.get("voter_id")), int(row.get("vote"))
    except ValueError:
        raise DomainError(_("comment-id, voter-id and vote must be whole numbers.")) from None
    if v not in (-1, 0, 1):
        raise DomainError(_("a vote is 1, 0 or -1."))
    if not 0 <= p < 2**31:
        raise DomainError(_("voter-id is not a whole number from 0 to 2147483647."))
    if s not in statements:
        raise DomainError(_("comment %(id)s is not in comments.csv.") % {"id": str(s)[:20]})
    return p, s, v


@transaction.atomic
def conversation_import(
    *, actor: Any, place: Place, topic: str, comments_csv: bytes, votes_csv: bytes
) -> Conversation:
    """A conversation from Pol.is' comments.csv and votes.csv; every bad row is reported by file and
    line, and nothing is imported from files with errors.

    The files are read by places' `read_checked`, but their rows are checked in memory and stored with
    bulk inserts rather than through `import_all_or_nothing`: a conversation holds up to millions of
    votes, and a savepoint per vote would make an import take minutes on PostgreSQL."""
    _require(actor, place)
    errors: list[str] = []
    statements: dict[int, tuple[str, str, int | None]] = {}
    for row in _rows(comments_csv, "comments.csv", POLIS_COMMENTS):
        try:
            number, statement = _polis_statement(row, statements)
            statements[number] = statement
        except DomainError as e:
            errors.append(f"comments.csv, {RowError(row.line, e.message)}")
    votes: dict[tuple[int, int], int] = {}
    for row in _rows(votes_csv, "votes.csv", POLIS_VOTES):
        try:
            p, s, v = _polis_vote(row, statements)
            votes[(p, s)] = v  # a later vote replaces an earlier one, as in Pol.is
        except DomainError as e:
            errors.append(f"votes.csv, {RowError(row.line, e.message)}")
    if errors:
        raise DomainError(
            _("Nothing was imported: %(n)s errors.") % {"n": len(errors)} + " " + " ".join(errors[:20]),
            code="bad_import",
            detail={"errors": errors[:500]},
        )
    conv = conversation_create(actor=actor, place=place, topic=topic)
    people = sorted({p for p, _s in votes} | {a for _b, _st, a in statements.values() if a is not None})
    Participant.objects.bulk_create(Participant(conversation=conv, number=p) for p in people)
    p_ids = dict(Participant.objects.filter(conversation=conv).values_list("number", "pk"))
    Statement.objects.bulk_create(
        Statement(
            conversation=conv, number=n, text=b, status=st, author_id=p_ids.get(a) if a is not None else None
        )
        for n, (b, st, a) in statements.items()
    )
    s_ids = dict(Statement.objects.filter(conversation=conv).values_list("number", "pk"))
    Vote.objects.bulk_create(
        (Vote(participant_id=p_ids[p], statement_id=s_ids[s], value=v) for (p, s), v in votes.items()),
        batch_size=5000,
    )
    audit(
        actor=actor,
        action="consultations.map_import",
        obj=conv,
        after={"statements": len(statements), "votes": len(votes)},
    )
    return conv
