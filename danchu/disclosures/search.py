"""Vietnamese full-text search over disclosures and documents: one interface, two engines.

`search(query, place=, category=, date_from=, date_to=)` folds the query (case, diacritics, đ → d)
and asks the engine of the connection: SQLite FTS5 (bm25) or PostgreSQL full-text (ts_rank on a
GIN-indexed stored to_tsvector('simple', …) of the folded title, weight A, and body, weight B).
Snippets are highlighted by us on the original text: `fold_aligned()` folds character by character,
so a position in the folded text is the same position in the original, and "dan chu" highlights
"dân chủ".
"""

from __future__ import annotations

import datetime as dt
import functools
import html
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from django.db import connection
from django.utils.safestring import SafeString, mark_safe

from danchu.core.text import fold
from danchu.places.models import Place

from .models import SearchEntry

_TOKEN = re.compile(r"\w+", re.UNICODE)
# "4.956", "4,956" and "1.234.567" are one number: the separators go before tokenising, so "4956" and
# "4.956" are the same word in the index and in the query. A decimal ("4,5") or a date ("12.05")
# has no group of exactly three digits after its separator and stays as it is.
_THOUSANDS = re.compile(r"(?<=\d)[.,](?=\d{3}(?!\d))")
MAX_TOKENS = 12
SNIPPET_CHARS = 220
# Counting every match of a common word costs as much as ranking them: "1,000+ results" is enough.
COUNT_CAP = 1000


def fold_aligned(text: str) -> str:
    """Fold each character to exactly one character (lower case, no marks, đ -> d); whitespace -> ' '."""
    out = []
    for ch in text:
        if ch in "đĐ":
            out.append("d")
            continue
        base = unicodedata.normalize("NFD", ch)[:1] or ch
        low = base.lower()
        out.append(" " if low.isspace() else (low[0] if low else ch))
    return "".join(out)


def _words(text: str) -> list[str]:
    return _TOKEN.findall(_THOUSANDS.sub("", fold(text)))


def tokens(query: str) -> list[str]:
    return _words(query)[:MAX_TOKENS]


def fold_for_index(text: str) -> str:
    """Folded words separated by single spaces. Punctuation goes, so that both engines see the same
    words: PostgreSQL's parser would otherwise keep "3162/qd-ubnd" or "hanoi.gov.vn" as one token.
    Thousands separators go too ("4.956" is the word "4956")."""
    return " ".join(_words(text))


@dataclass
class Hit:
    kind: str
    object_id: int
    title: str
    snippet: SafeString
    title_html: SafeString
    date: dt.date | None
    category: str
    rank: float
    url: str = ""


@dataclass
class Results:
    query: str
    total: int
    hits: list[Hit] = field(default_factory=list)
    engine: str = ""

    @property
    def capped(self) -> bool:
        return self.total > COUNT_CAP


def _term_regex(term: str) -> str:
    if term.isdigit() and len(term) > 3:
        # "4956" also highlights "4.956" and "4,956": a separator may stand before each group of three.
        head, rest = len(term) % 3 or 3, term[len(term) % 3 or 3 :]
        groups = [term[:head]] + [rest[i : i + 3] for i in range(0, len(rest), 3)]
        return "[.,]?".join(groups)
    return re.escape(term)


def _pattern(terms: list[str]) -> re.Pattern[str]:
    alternatives = sorted(set(terms), key=len, reverse=True)
    return re.compile("|".join(rf"(?<!\w){_term_regex(t)}(?!\w)" for t in alternatives))


def _first_hit(text: str, pattern: re.Pattern[str], longest: int, chunk: int = 2048) -> int:
    """Where the first whole-word hit starts (0 if none), folding `text` a chunk at a time: a hit near
    the start of a long body costs one chunk, not the whole text."""
    pos = 0
    while pos < len(text):
        lo = max(0, pos - 1)  # one character before, for the word-boundary look-behind
        end = min(len(text), pos + chunk + longest + 1)  # overlap: a hit starting in the chunk fits
        m = pattern.search(fold_aligned(text[lo:end]), pos - lo)
        if m and m.start() + lo < pos + chunk:
            return m.start() + lo
        pos += chunk
    return 0


def highlight(text: str, terms: list[str], *, window: int | None = SNIPPET_CHARS) -> SafeString:
    """Escape `text` and wrap each whole-word occurrence of the folded `terms` in <mark>. With a
    window, cut the text around the first occurrence; only that window is folded (fold_aligned maps
    one character to one, so a slice of the fold is the fold of the slice)."""
    if not text:
        return mark_safe("")
    terms = [t for t in terms if t]
    pattern = _pattern(terms) if terms else None
    start, end = 0, len(text)
    if window is not None and len(text) > window:
        first = _first_hit(text, pattern, max(len(t) * 4 // 3 for t in terms)) if pattern else 0
        start = max(0, first - window // 3)
        # Do not cut a word in half.
        while start > 0 and not text[start - 1].isspace():
            start -= 1
        end = min(len(text), start + window)
        while end < len(text) and not text[end].isspace():
            end += 1
    lo, hi = max(0, start - 1), min(len(text), end + 1)  # one character each side for the boundaries
    folded = fold_aligned(text[lo:hi])
    spans = [(m.start() + lo, m.end() + lo) for m in pattern.finditer(folded)] if pattern else []
    out: list[str] = ["… " if start > 0 else ""]
    pos = start
    for a, b in spans:
        if a < pos or b > end:
            continue
        out.append(html.escape(text[pos:a]))
        out.append(f"<mark>{html.escape(text[a:b])}</mark>")
        pos = b
    out.append(html.escape(text[pos:end]))
    if end < len(text):
        out.append(" …")
    return mark_safe("".join(out))


# --- Indexing (called by services) -----------------------------------------------------------------


def index(
    *,
    kind: str,
    object_id: int,
    title: str,
    body: str,
    place_path: str = "",
    category: str = "",
    date: dt.date | None = None,
) -> None:
    SearchEntry.objects.update_or_create(
        kind=kind,
        object_id=object_id,
        defaults={
            "title": title[:300],
            "body": body,
            "title_folded": fold_for_index(title)[:300],
            "body_folded": fold_for_index(body),
            "place_path": place_path,
            "category": category,
            "date": date,
        },
    )


def unindex(*, kind: str, object_id: int) -> None:
    SearchEntry.objects.filter(kind=kind, object_id=object_id).delete()


# --- Querying --------------------------------------------------------------------------------------


def _filters(
    place: Place | None,
    category: str | None,
    date_from: dt.date | None,
    date_to: dt.date | None,
    kind: str | None,
) -> tuple[str, list[Any]]:
    sql: list[str] = []
    params: list[Any] = []
    if place is not None:
        sql.append("e.place_path LIKE %s")
        params.append(place.path + "%")  # paths are codes and slashes: no LIKE wildcards
    if category:
        sql.append("e.category = %s")
        params.append(category)
    if date_from:
        sql.append("e.date >= %s")
        params.append(date_from)
    if date_to:
        sql.append("e.date <= %s")
        params.append(date_to)
    if kind:
        sql.append("e.kind = %s")
        params.append(kind)
    return "".join(f" AND {s}" for s in sql), params


def _title_hit(column: str, terms: list[str]) -> tuple[str, list[str]]:
    """SQL true when every term is a word of the folded title (words are single-space separated)."""
    sql = " AND ".join(f"(' ' || {column} || ' ') LIKE %s ESCAPE '!'" for _t in terms)
    return f"({sql})", ["% " + t.replace("!", "!!").replace("_", "!_") + " %" for t in terms]


def _sqlite(
    terms: list[str], where: str, params: list[Any], limit: int, offset: int
) -> tuple[int, list[tuple[int, float]]]:
    match = " ".join(f'"{t}"' for t in terms)
    # Without filters the FTS table alone answers: no join with the entries for every match.
    if where:
        base = (
            "FROM disclosures_fts JOIN disclosures_searchentry e ON e.id = disclosures_fts.rowid "
            f"WHERE disclosures_fts MATCH %s{where}"
        )
        rowid, title, date = "e.id", "e.title_folded", "e.date"
    else:
        base = "FROM disclosures_fts WHERE disclosures_fts MATCH %s"
        rowid, title, date = "disclosures_fts.rowid", "disclosures_fts.title_folded", None
    in_title, title_params = _title_hit(title, terms)
    with connection.cursor() as c:
        c.execute(f"SELECT count(*) FROM (SELECT 1 {base} LIMIT {COUNT_CAP + 1})", [match, *params])
        total = c.fetchone()[0]
        # Every term in the title first; then bm25 (lower is better; the title weighs ten times the
        # body); ties by date, newest first (the date needs the entries: joined only when filtering,
        # otherwise the later rowid, i.e. the later indexed, stands in for it).
        tie = f"{date} DESC" if date else f"{rowid} DESC"
        c.execute(
            f"SELECT {rowid}, bm25(disclosures_fts, 10.0, 1.0) AS r {base} "
            f"ORDER BY {in_title} DESC, r, {tie} LIMIT %s OFFSET %s",
            [match, *params, *title_params, limit, offset],
        )
        rows = [(row[0], -float(row[1])) for row in c.fetchall()]
    return total, rows


# A stored generated column (migration 0003): title weighted A, body B, GIN-indexed.
PG_VECTOR = "e.tsv"


def _postgresql(
    terms: list[str], where: str, params: list[Any], limit: int, offset: int
) -> tuple[int, list[tuple[int, float]]]:
    tsquery = " & ".join(terms)
    base = f"FROM disclosures_searchentry e WHERE {PG_VECTOR} @@ to_tsquery('simple', %s){where}"
    in_title, title_params = _title_hit("e.title_folded", terms)
    with connection.cursor() as c:
        c.execute(
            f"SELECT count(*) FROM (SELECT 1 {base} LIMIT {COUNT_CAP + 1}) AS capped", [tsquery, *params]
        )
        total = c.fetchone()[0]
        # Every term in the title first (ts_rank alone saturates: an exact title could come 5th);
        # then ts_rank with length normalisation (1: divided by 1 + log(length)); ties by date.
        c.execute(
            f"SELECT e.id, ts_rank({PG_VECTOR}, to_tsquery('simple', %s), 1) AS r "
            f"{base} ORDER BY {in_title} DESC, r DESC, e.date DESC NULLS LAST LIMIT %s OFFSET %s",
            [tsquery, tsquery, *params, *title_params, limit, offset],
        )
        rows = [(row[0], float(row[1])) for row in c.fetchall()]
    return total, rows


ENGINES = {"sqlite": _sqlite, "postgresql": _postgresql}


def search(
    query: str,
    *,
    place: Place | None = None,
    category: str | None = None,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    kind: str | None = None,
    limit: int = 20,
    offset: int = 0,
) -> Results:
    """Ranked hits for `query` with highlighted snippets. Diacritic- and case-insensitive."""
    terms = tokens(query)
    engine = connection.vendor
    if not terms:
        return Results(query=query, total=0, engine=engine)
    where, params = _filters(place, category, date_from, date_to, kind)
    run = ENGINES.get(engine)
    if run is None:
        raise NotImplementedError(f"no search engine for {engine}")
    total, ranked = run(terms, where, params, limit, offset)
    entries = SearchEntry.objects.in_bulk([pk for pk, _r in ranked])
    hits = []
    for pk, rank in ranked:
        e = entries.get(pk)
        if e is None:
            continue
        hits.append(
            Hit(
                kind=e.kind,
                object_id=e.object_id,
                title=e.title,
                title_html=highlight(e.title, terms, window=None),
                snippet=highlight(e.body, terms),
                date=e.date,
                category=e.category,
                rank=rank,
                url=_url(e),
            )
        )
    return Results(query=query, total=total, hits=hits, engine=engine)


def _url(e: SearchEntry) -> str:
    # Two reverse() calls per process, not one per hit: the prefixes end in the id.
    prefix = _url_prefixes()[e.kind == SearchEntry.Kind.DISCLOSURE]
    return f"{prefix}{e.object_id}/"


@functools.cache
def _url_prefixes() -> tuple[str, str]:
    from django.urls import reverse

    return (
        reverse("disclosures:document", kwargs={"pk": 0})[:-2],
        reverse("disclosures:detail", kwargs={"pk": 0})[:-2],
    )
