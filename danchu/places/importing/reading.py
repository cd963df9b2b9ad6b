"""Reading CSV and XLSX files into rows with line numbers."""

from __future__ import annotations

import csv
import io
import itertools
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, TypeVar

from django.db import transaction
from django.utils.translation import gettext as _

from danchu.core import uploads
from danchu.core.errors import DomainError
from danchu.core.formats import number
from danchu.core.text import fold

T = TypeVar("T")

# --- Reading files ----------------------------------------------------------------------------------


@dataclass
class Row:
    line: int  # line number in the file (the header is line 1)
    values: dict[str, Any]
    # Why the row cannot be read as it is (a NUL byte in a cell), for check_rows() to refuse it by its
    # line with the file's other bad rows; an importer with its own loop calls readable().
    unreadable: str = ""
    # The file's headers as written, by key (one dict shared by every row of the file).
    labels: dict[str, str] = field(default_factory=dict, repr=False, compare=False)

    def readable(self) -> None:
        if self.unreadable:
            raise DomainError(self.unreadable)

    def get(self, key: str) -> str:
        value = self.values.get(key)
        if value is None:
            return ""
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        return str(value).replace("\x00", "").strip()


class Problems:
    """A row's problems gathered, so that its line is reported with all of them at once (the person
    fixing the file sees every wrong cell of a row, not one per upload): `take` runs one check of the
    row and keeps its refusal, `raise_any` refuses the row with every refusal kept."""

    def __init__(self) -> None:
        self.messages: list[str] = []

    def take(self, check: Callable[..., T], *args: Any, default: Any) -> T:
        try:
            return check(*args)
        except DomainError as e:
            self.messages.append(e.message)
            return default

    def raise_any(self) -> None:
        if self.messages:
            raise DomainError("; ".join(self.messages))


@dataclass
class RowError:
    line: int
    message: str

    def __str__(self) -> str:
        return _("Line %(line)s: %(message)s") % {"line": self.line, "message": self.message}


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped_rows: int = 0
    errors: list[RowError] = field(default_factory=list)
    imported: bool = False
    # Headers the importer does not read ("STT", "Ghi chú", or "SĐT" for a phone): said, since a
    # column read under no name the importer knows would otherwise be left out in silence.
    unread_columns: list[str] = field(default_factory=list)

    def unread_notice(self) -> str:
        return unread_notice(self.unread_columns)

    def summary(self) -> str:
        return _(
            "%(created)s created, %(updated)s updated, %(unchanged)s unchanged, %(skipped)s rows skipped"
        ) % {
            "created": number(self.created),
            "updated": number(self.updated),
            "unchanged": number(self.unchanged),
            "skipped": number(self.skipped_rows),
        }


# What offices' templates add to a column's name: a unit or a format in brackets ("Số tiền (đồng)",
# "Ngày nhận (dd/mm/yyyy)"), a mark of a required column ("Họ và tên (*)", "Mã hộ *"), a colon.
_HEADER_HINT = re.compile(r"\([^)]*\)|\[[^\]]*\]|[*:]")


def _header_key(text: str, aliases: dict[str, str]) -> str:
    """The key of a header: folded, words joined by "_", through `aliases`. A header that is no alias
    as written is read without its hints, so "Số tiền (đồng)" is the "Số tiền" column, not one left
    unread (the key as written stays when the hints were all there was)."""
    key = re.sub(r"[^a-z0-9]+", "_", fold(text)).strip("_")
    if key not in aliases and _HEADER_HINT.search(text):
        bare = re.sub(r"[^a-z0-9]+", "_", fold(_HEADER_HINT.sub(" ", text))).strip("_")
        key = bare or key
    return aliases.get(key, key)


def read_table(
    file: IO[bytes] | Path | str, filename: str, aliases: dict[str, str], *, required: Iterable[str] = ()
) -> list[Row]:
    """Rows of the first sheet of an XLSX file or of a CSV file (comma, semicolon or tab separated).

    The header is the first row unless `required` names columns the first row lacks: then the first
    of the first ten rows that has them all. Offices' spreadsheets open with a title ("CỘNG HÒA XÃ
    HỘI CHỦ NGHĨA VIỆT NAM", "DANH SÁCH HỘ GIA ĐÌNH THÔN 3") above the table; those rows are no data.
    Line numbers stay the file's."""
    if isinstance(file, (str, Path)):
        data = Path(file).read_bytes()
    else:
        data = file.read()
    # By its content first: a workbook saved under a .csv name was refused as "not UTF-8 text".
    if filename.lower().endswith(".xlsx") or data.startswith(b"PK\x03\x04"):
        return _read_xlsx(data, aliases, set(required))
    if filename.lower().endswith((".csv", ".txt")):
        return _read_csv(data, aliases, set(required))
    raise DomainError(_("Upload a CSV (UTF-8) or XLSX file."), code="bad_file")


HEADER_SEARCH = 10  # rows read for a header holding the required columns


def _read_csv(data: bytes, aliases: dict[str, str], required: set[str]) -> list[Row]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise DomainError(
            _('The file is not UTF-8 text. Save it as "CSV UTF-8" and try again.'), code="bad_file"
        ) from None
    # The separator the opening lines use most (a title line above the header may have none).
    opening = list(itertools.islice(io.StringIO(text), HEADER_SEARCH))
    delimiter = max([",", ";", "\t"], key=lambda d: max((line.count(d) for line in opening), default=0))
    # strict: a quotation mark never closed is an error, not a cell that swallows the rest of the file
    # (non-strict, the rows after a stray `"` became one row's note and were silently gone).
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    rows = _table(_csv_records(reader), aliases, required, csv_rows=True)
    for row in rows:
        if not row.unreadable:
            row.unreadable = _rows_in_a_cell(row, delimiter)
    return rows


def _csv_records(reader: Any) -> Iterator[tuple[int, list[str]]]:
    """The records of a CSV reader, each with the line it starts on (a quoted cell may hold line
    breaks); a record the csv module cannot read refuses the file, naming its line."""
    while True:
        start = reader.line_num + 1
        try:
            record = next(reader)
        except StopIteration:
            return
        except csv.Error as e:
            if "field limit" in str(e):
                message = _("Line %(line)s: a cell is longer than %(n)s characters.") % {
                    "line": start,
                    "n": number(csv.field_size_limit()),
                }
            else:
                message = _(
                    'Line %(line)s: a quotation mark (") opens or closes a cell in the wrong place — a cell'
                    ' that holds a quotation mark must be quoted and the mark doubled (""). Nothing was'
                    " imported."
                ) % {"line": start}
            raise DomainError(message, code="bad_file", detail={"line": start}) from None
        yield start, record


def _rows_in_a_cell(row: Row, delimiter: str) -> str:
    """A reason to refuse a row whose quoted cell spans lines that look like rows of the table (as
    many separators as the header): two stray quotation marks closed each other around them, and
    those rows would be stored as one row's text."""
    columns = len(row.labels)
    for key, cell in row.values.items():
        if isinstance(cell, str) and "\n" in cell and columns > 2:
            if any(line.count(delimiter) >= columns - 1 for line in cell.splitlines()[1:]):
                label = row.labels.get(key, key) if isinstance(key, str) else key
                return _(
                    "the column “%(column)s” holds several lines that look like rows of the table: a"
                    ' quotation mark (") is probably not closed'
                ) % {"column": label}
    return ""


def _table(
    records: Iterator[tuple[int, Sequence[Any]]],
    aliases: dict[str, str],
    required: set[str],
    *,
    csv_rows: bool,
) -> list[Row]:
    """The rows under the header of `records` (line number, cells), each paired with its headers."""
    opening = list(itertools.islice(records, HEADER_SEARCH))
    if not opening:
        raise DomainError(_("The file is empty."), code="bad_file")
    at = 0
    if required:
        found = (
            n
            for n, (_line, record) in enumerate(opening)
            if required <= {_header_key(str(c or ""), aliases) for c in record}
        )
        at = next(found, 0)
    record = opening[at][1]
    headers = [_header_key(str(h or ""), aliases) for h in record]
    labels = [str(h or "").replace("\x00", "").strip()[:40] for h in record]
    _refuse_twice_named(headers, labels)
    named = dict(zip(headers, labels, strict=True))
    rows: list[Row] = []
    for line, record in itertools.chain(opening[at + 1 :], records):
        if not any(str("" if cell is None else cell).strip() for cell in record):
            continue
        row = Row(line, dict(zip(headers, record, strict=False)), labels=named)
        # A NUL byte is no character of a table's text (an XLSX cannot hold one): the row is refused
        # by its line and column, never stored with the byte silently dropped.
        nul = [
            labels[i] if i < len(labels) else str(i + 1)
            for i, cell in enumerate(record)
            if isinstance(cell, str) and "\x00" in cell
        ]
        if nul:
            message = _("the column “%(column)s” contains a character that is not allowed (NUL)")
            row.unreadable = message % {"column": ", ".join(nul)}
        else:
            row.unreadable = _unheaded(headers, record, csv_row=csv_rows)
        rows.append(row)
    return rows


def _read_xlsx(data: bytes, aliases: dict[str, str], required: set[str]) -> list[Row]:
    from openpyxl import load_workbook

    # Judged from its ZIP directory before openpyxl unpacks it (a zip bomb is refused, not read).
    uploads.check_workbook(data, name=_("The XLSX file"))
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a file that is not a workbook
        raise DomainError(_("The file is not a valid XLSX workbook."), code="bad_file") from None
    try:
        sheet = workbook.worksheets[0]
        return _table(
            enumerate(sheet.iter_rows(values_only=True), start=1), aliases, required, csv_rows=False
        )
    finally:
        workbook.close()


def unread_notice(columns: Sequence[str]) -> str:
    """The headers an import left unread, as a person is told them ("" when every column was read)."""
    if not columns:
        return ""
    return _("Columns not read: %(columns)s. Rename a column as in the list of columns to import it.") % {
        "columns": ", ".join(f"“{c}”" for c in columns)
    }


def unread_columns(rows: Sequence[Row], known: Iterable[str]) -> list[str]:
    """The headers of the file of `rows` that name none of the `known` keys, as written."""
    known = set(known)
    labels = rows[0].labels if rows else {}
    return [label for key, label in labels.items() if key and key not in known]


def _refuse_twice_named(headers: Sequence[str], labels: Sequence[str]) -> None:
    """Two columns with one meaning ("full_name" and "Họ và tên") would have the second's values win
    in silence: the file is refused naming them."""
    seen: dict[str, str] = {}
    for key, label in zip(headers, labels, strict=False):
        if key and key in seen:
            raise DomainError(
                _("The columns “%(first)s” and “%(second)s” mean the same: keep one of them.")
                % {"first": seen[key], "second": label},
                code="bad_file",
            )
        seen[key] = label


def _unheaded(headers: Sequence[str], record: Sequence[Any], *, csv_row: bool = True) -> str:
    """Why a row cannot be read when it does not fit its header; "" when it does.

    A row with more cells than the header is refused even when the extra cells are empty: an unquoted
    comma in "Thôn 1, Ea Kly" makes one cell more, every cell after it shifts one column, and the last
    (often an empty "Ghi chú") falls off the end. A spreadsheet that saves empty cells past the last
    column (",,,") saves them in its header row too, so its rows still fit. A value under a column
    whose header is empty is refused; an empty cell there is no fault. A workbook's cells do not shift
    (`csv_row=False`): a formatted but empty cell past its header is no fault."""
    stray = [
        n
        for n, cell in enumerate(record, start=1)
        if (n > len(headers) or not headers[n - 1]) and str("" if cell is None else cell).strip()
    ]
    longer = len(record) if csv_row and len(record) > len(headers) else max(stray, default=0)
    if longer > len(headers):
        return _(
            "the row has %(cells)s cells but the header has %(columns)s columns "
            "(a comma inside a value must be within double quotes)"
        ) % {"cells": longer, "columns": len(headers)}
    if stray:
        return _("column %(n)s has a value but no header") % {"n": ", ".join(str(n) for n in stray)}
    return ""


def _require_columns(
    rows: Sequence[Row],
    required: Iterable[str],
    *,
    headers: dict[str, str] | None = None,
    known: Iterable[str] | None = None,
    code: str | None = "bad_file",
) -> None:
    """Refuse the file of `rows` when a `required` column is missing: named as `headers` writes it
    ("Ngày nhận"; the key itself where it has none), and followed by the file's columns that name none
    of the `known` keys (a misspelt header is the likely cause)."""
    if not rows:
        return
    missing = [(headers or {}).get(c, c) for c in required if c not in rows[0].values]
    if missing:
        said = [
            _("Missing columns: %(columns)s.") % {"columns": ", ".join(missing)},
            unread_notice(unread_columns(rows, known) if known is not None else ()),
        ]
        raise DomainError(" ".join(part for part in said if part), code=code)


def read_checked(
    file: IO[bytes] | Path | str,
    filename: str,
    aliases: dict[str, str],
    *,
    required: Iterable[str],
    max_rows: int,
    headers: dict[str, str] | None = None,
    known: Iterable[str] | None = None,
) -> list[Row]:
    """`read_table`, refusing an empty file, one over `max_rows` rows, or one without a required column
    (named by `headers`, the file's usual header for each key, where the importer gives them; and,
    with the `known` keys, naming the file's columns that name none of them: a misspelt header is
    the likely reason a column is missing)."""
    required = list(required)
    rows = read_table(file, filename, aliases, required=required)
    if not rows:
        raise DomainError(_("The file has no rows."))
    refuse_too_many(rows, max_rows)
    _require_columns(rows, required, headers=headers, known=known, code=None)
    return rows


def refuse_too_many(rows: Sequence[Any], max_rows: int) -> None:
    """Refuse a file of more than `max_rows` rows, saying how many it has and what to do about it."""
    if len(rows) > max_rows:
        raise DomainError(
            _(
                "The file has %(count)s rows; one import takes at most %(n)s. Split it into smaller files "
                "and import them one after another."
            )
            % {"count": number(len(rows)), "n": number(max_rows)},
            code="too_many_rows",
        )


def column_names(columns: Iterable[Sequence[Any]], aliases: dict[str, str]) -> dict[str, str]:
    """The key each column of a sample or a page's list reads as (its first item, a header as people
    write it: "Ngày nhận"), mapped to that header — how a refusal names a missing column."""
    return {_header_key(str(column[0]), aliases): str(column[0]) for column in columns}


def nothing_imported(
    errors: Sequence[RowError | str], *, shown: int = 50, unread: Sequence[str] = ()
) -> DomainError:
    """The refusal of a file with bad rows: "Nothing was imported.", the columns the import did not read
    (a misspelt header is the likely cause of every row's refusal: its values were never seen) and the
    first `shown` rows' errors in the message; every one of the rows' errors in `detail`."""
    lines = [str(e) for e in errors]
    said = [_("Nothing was imported."), unread_notice(unread), *lines[:shown]]
    return DomainError(" ".join(part for part in said if part), detail=lines)


def check_rows(
    rows: Iterable[Row], check: Callable[[Row], T], *, skip_bad: bool = False, unread: Sequence[str] = ()
) -> tuple[list[T], list[str]]:
    """`check` applied to every row in order (a row may count for the next, so order matters): the
    good rows' results and the bad rows' errors ("Line n: …"). Nothing is written here; when a row is
    bad the import is refused (`nothing_imported`, naming the `unread` columns of the file too),
    unless `skip_bad` and some row is good. The batched imports check their rows with this and then
    write the good ones together."""
    good: list[T] = []
    bad: list[str] = []
    for row in rows:
        try:
            row.readable()
            good.append(check(row))
        except DomainError as e:
            bad.append(str(RowError(row.line, e.message)))
    if bad and (not skip_bad or not good):
        raise nothing_imported(bad, unread=unread)
    return good, bad


def import_all_or_nothing(rows: Iterable[Row], handle: Callable[[Row], None]) -> None:
    """Apply `handle` to every row, each in its own savepoint, all in one transaction. When any row is
    refused (DomainError), nothing is kept and one DomainError lists every bad row by its line."""
    errors: list[RowError] = []
    with transaction.atomic():
        for row in rows:
            try:
                row.readable()
                with transaction.atomic():
                    handle(row)
            except DomainError as e:
                errors.append(RowError(row.line, e.message))
        if errors:
            transaction.set_rollback(True)
    if errors:
        raise nothing_imported(errors)
