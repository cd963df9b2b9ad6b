"""Vietnamese full-text search over disclosures and documents: one interface, two engines.

`search(query, place=, category=, date_from=, date_to=)` folds the query (case, diacritics, đ → d)
and asks the engine of the connection: SQLite FTS5 (bm25) or PostgreSQL full-text (ts_rank on a
GIN-indexed stored to_tsvector('simple', …) of the folded title, weight A, and body, weight B).
Snippets are highlighted by us on the original text: `fold_aligned()` folds character by character,
so a position in the folded text is the same position in the original, and "dan chu" highlights
"dân chủ".

RANKING, the same on both engines. Items whose title holds every word of the query come first
(ts_rank alone saturates: a title equal to the query could come 5th). Within each of the two groups:
- up to COUNT_CAP matches: the engine's relevance (bm25, the title weighing 10, on SQLite;
  ts_rank(tsv, q, 1) on PostgreSQL), then the newest, then the latest id;
- more than COUNT_CAP matches (the page says "more than 1,000 results"): the newest, then the latest
  id. Ranking every match of common words would read them all (20,000 rows for "dan chu co so" in
  200,000 items); newest first walks the date index and stops at the page's end.
The hits' score (`Hit.rank`) is the engine's relevance in both cases.
"""

from __future__ import annotations

import datetime as dt
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
from .paths import detail_url, document_prefix

_TOKEN = re.compile(r"\w+", re.UNICODE)
# "4.956", "4,956" and "1.234.567" are one number: the separators go before tokenising, so "4956" and
# "4.956" are the same word in the index and in the query. A decimal ("4,5") or a date ("12.05")
# has no group of exactly three digits after its separator and stays as it is.
_THOUSANDS = re.compile(r"(?<=\d)[.,](?=\d{3}(?!\d))")
MAX_TOKENS = 12
QUERY_MAX = 200  # characters of a query: the search page and the API refuse a longer one
SNIPPET_CHARS = 220
# Counting every match of a common word costs as much as ranking them: "1,000+ results" is enough.
COUNT_CAP = 1000


class _AlignedFolds(dict[int, str]):
    """str.translate's table for fold_aligned, filled as characters are first met (a few hundred in
    Vietnamese text): translate runs in C, where a Python loop over each character of each snippet
    was most of a search page's time (issue #17)."""

    LIMIT = 20_000  # distinct characters kept; rarer ones are folded each time

    def __missing__(self, code: int) -> str:
        ch = chr(code)
        if ch in "đĐ":
            folded = "d"
        else:
            low = (unicodedata.normalize("NFD", ch)[:1] or ch).lower()
            folded = " " if low.isspace() else (low[0] if low else ch)
        if len(self) < self.LIMIT:
            self[code] = folded
        return folded


_ALIGNED = _AlignedFolds()


def fold_aligned(text: str) -> str:
    """Fold each character to exactly one character (lower case, no marks, đ -> d); whitespace -> ' '."""
    return text.translate(_ALIGNED)


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


# Each engine gives two SQL statements, the same in shape. `matches`: every match up to COUNT_CAP + 1
# (that is the count), as (id, every word in the title, score, date), the score higher for better.
# `newest`: the page when there are more, as (id, score). The bench runs exactly these as its baseline.
Sql = tuple[str, list[Any]]


_SQLITE_FROM = (
    "FROM disclosures_fts JOIN disclosures_searchentry e ON e.id = disclosures_fts.rowid "
    "WHERE disclosures_fts MATCH %s"
)


def _fts_match(terms: list[str]) -> str:
    return " ".join(f'"{t}"' for t in terms)


def _sqlite_matches(terms: list[str], where: str, params: list[Any]) -> Sql:
    in_title, title_params = _title_hit("e.title_folded", terms)
    return (  # bm25: lower is better, the title weighing ten times the body
        f"SELECT e.id, {in_title}, -bm25(disclosures_fts, 10.0, 1.0), e.date {_SQLITE_FROM}{where} "
        f"LIMIT {COUNT_CAP + 1}",
        [*title_params, _fts_match(terms), *params],
    )


def _sqlite_newest(terms: list[str], where: str, params: list[Any], limit: int, offset: int) -> Sql:
    in_title, title_params = _title_hit("e.title_folded", terms)
    return (  # SQLite sorts NULL dates last in DESC
        f"SELECT e.id, -bm25(disclosures_fts, 10.0, 1.0) {_SQLITE_FROM}{where} "
        f"ORDER BY {in_title} DESC, e.date DESC, e.id DESC LIMIT %s OFFSET %s",
        [_fts_match(terms), *params, *title_params, limit, offset],
    )


# The stored generated column (migration 0003: title weighted A, body B) and the title's own vector
# (migration 0007), each GIN-indexed; migration 0007 also indexes (date DESC NULLS LAST, id DESC).
PG_VECTOR = "e.tsv"
PG_TITLE_VECTOR = "to_tsvector('simple', e.title_folded)"  # the index's expression, to the letter
_PG_QUERY = "to_tsquery('simple', %s)"
_PG_RANK = f"ts_rank({PG_VECTOR}, {_PG_QUERY}, 1)"  # 1: divided by 1 + log(length)


def _pg_in_title(terms: list[str]) -> str:
    """The tsquery true when every term is a word of the title, on the row's own vector: the title's
    words are the ones of weight A (its positions come first, so neither the 256 positions kept per
    word nor the cap at position 16,383 can drop them). The same test as the title's vector, without
    parsing the title again."""
    return " & ".join(f"{t}:A" for t in terms)


def _pg_matches(terms: list[str], where: str, params: list[Any]) -> Sql:
    q = " & ".join(terms)
    return (
        f"SELECT e.id, {PG_VECTOR} @@ {_PG_QUERY}, {_PG_RANK}, e.date FROM disclosures_searchentry e "
        f"WHERE {PG_VECTOR} @@ {_PG_QUERY}{where} LIMIT {COUNT_CAP + 1}",
        [_pg_in_title(terms), q, q, *params],
    )


def _pg_newest(terms: list[str], where: str, params: list[Any], limit: int, offset: int) -> Sql:
    """Two walks, each newest first and cut at the page's end: the title matches (through their own
    GIN index when few, the date index when many) and the others (the date index, filtered by the
    vector: a word in one item of ten gives a hit every ~10 rows, instead of 20,000 matches ranked).
    ts_rank is computed for the page's rows only."""
    q, in_title = " & ".join(terms), _pg_in_title(terms)
    walk = "SELECT e.id, {tier} AS tier, e.date FROM disclosures_searchentry e WHERE {match}{where} "
    walk += f"ORDER BY e.date DESC NULLS LAST, e.id DESC LIMIT {offset + limit}"
    titles = walk.format(tier=1, match=f"{PG_TITLE_VECTOR} @@ {_PG_QUERY}", where=where)
    others = walk.format(
        tier=0, match=f"{PG_VECTOR} @@ {_PG_QUERY} AND NOT {PG_VECTOR} @@ {_PG_QUERY}", where=where
    )
    return (
        f"SELECT e.id, {_PG_RANK} FROM (SELECT * FROM (({titles}) UNION ALL ({others})) AS walks "
        "ORDER BY tier DESC, date DESC NULLS LAST, id DESC LIMIT %s OFFSET %s) AS page "
        "JOIN disclosures_searchentry e ON e.id = page.id "
        "ORDER BY page.tier DESC, page.date DESC NULLS LAST, page.id DESC",
        [q, q, *params, q, in_title, *params, limit, offset],
    )


ENGINES = {"sqlite": (_sqlite_matches, _sqlite_newest), "postgresql": (_pg_matches, _pg_newest)}


def _relevance(match: tuple[Any, ...]) -> tuple[bool, float, bool, Any, int]:
    """Sort key, descending: every word in the title, score, dated before undated, date, id."""
    pk, in_title, score, date = match
    return bool(in_title), score, date is not None, date or "", pk


def _ranked(
    terms: list[str], where: str, params: list[Any], limit: int, offset: int
) -> tuple[int, list[tuple[int, float]]]:
    """(total capped at COUNT_CAP + 1, the page as (entry id, score)), in the order of RANKING."""
    matches_sql, newest_sql = ENGINES[connection.vendor]
    with connection.cursor() as c:
        c.execute(*matches_sql(terms, where, params))
        matches = c.fetchall()
        if len(matches) <= COUNT_CAP:  # every match is here: rank them all
            matches.sort(key=_relevance, reverse=True)
            return len(matches), [(m[0], float(m[2])) for m in matches[offset : offset + limit]]
        c.execute(*newest_sql(terms, where, params, limit, offset))
        return len(matches), [(pk, float(score)) for pk, score in c.fetchall()]


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
    if engine not in ENGINES:
        raise NotImplementedError(f"no search engine for {engine}")
    total, ranked = _ranked(terms, where, params, limit, offset)
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
    # One reverse() per kind and process, not one per hit (paths.py).
    if e.kind == SearchEntry.Kind.DISCLOSURE:
        return detail_url(e.object_id)
    return f"{document_prefix()}{e.object_id}/"
