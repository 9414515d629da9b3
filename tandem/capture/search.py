"""Full-text search of ideas, service actions and stories, in each database's own engine.

* PostgreSQL: a stored generated `search` column, `to_tsvector('simple', …)` of the
  searched fields, with a GIN index. The `simple` configuration lower-cases and splits
  words without stemming or stop words: Tandem's records are written in whatever
  language the organization speaks (often several), and a stemmer for the wrong language
  does more harm than good; prefix matching (`word:*`) finds "complain" in "complaints".
* SQLite: an FTS5 table over the same fields (external content, `unicode61` without
  removing diacritics, which matches `simple`), kept by triggers.

Both are kept current by the database in the same transaction as the write, whatever
writes (services, admin, imports, the benchmark's loader). Each typed word must match
the start of a word in one of the fields; the matches are then ranked here, the same way
on both databases, so both give the same results in the same order: the newest RANKED
matches (after the other filters) ordered by relevance, newest first among equals.

Warning for migrations: Django's SQLite schema editor rebuilds a table to alter it,
which drops its triggers; a migration that alters one of these tables must call
`install(schema_editor.connection, model)` again (tests/capture/test_search.py fails
otherwise: new records would not be found).
"""

from __future__ import annotations

import math
import re

from django.db import connections
from django.db.models import BooleanField, Model, QuerySet
from django.db.models.expressions import RawSQL
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

MAX_TERMS = 6
RANKED = 500  # matches ranked by relevance; beyond, the page says to narrow the search
WORD = re.compile(r"[^\W_]+")


def terms(text: str) -> list[str]:
    """The words of a search, lower-cased, each once, at most MAX_TERMS. A one-letter
    word counts only when there is nothing longer (the "s" of "tomorrow's" would match
    every word that starts with an s)."""
    seen: dict[str, None] = {}
    for word in WORD.findall((text or "").lower()):
        seen.setdefault(word, None)
    longer = [word for word in seen if len(word) > 1]
    return (longer or list(seen))[:MAX_TERMS]


# --- the engines ------------------------------------------------------------------------


def _fields(model: type[Model]) -> tuple[str, ...]:
    return model.search_fields  # type: ignore[attr-defined]


def _sqlite_statements(table: str, fields: tuple[str, ...]) -> list[str]:
    fts = f"{table}_fts"
    cols = ", ".join(fields)
    new = ", ".join(f"new.{f}" for f in fields)
    old = ", ".join(f"old.{f}" for f in fields)
    remove = f"INSERT INTO {fts}({fts}, rowid, {cols}) VALUES ('delete', old.id, {old});"
    add = f"INSERT INTO {fts}(rowid, {cols}) VALUES (new.id, {new});"
    return [
        f"CREATE VIRTUAL TABLE IF NOT EXISTS {fts} USING fts5({cols}, content='{table}', "
        "content_rowid='id', tokenize='unicode61 remove_diacritics 0')",
        f"CREATE TRIGGER IF NOT EXISTS {fts}_insert AFTER INSERT ON {table} BEGIN {add} END",
        f"CREATE TRIGGER IF NOT EXISTS {fts}_delete AFTER DELETE ON {table} BEGIN {remove} END",
        f"CREATE TRIGGER IF NOT EXISTS {fts}_update AFTER UPDATE OF {cols} ON {table} "
        f"BEGIN {remove} {add} END",
    ]


def install(connection, table: str, fields: tuple[str, ...]) -> None:
    """Create the search column or table of `table` over `fields` and fill it from the
    rows there (a migration passes the names it froze)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            text = " || ' ' || ".join(f"coalesce({f}, '')" for f in fields)
            cursor.execute(
                f"ALTER TABLE {table} ADD COLUMN IF NOT EXISTS search tsvector "
                f"GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, {text})) STORED"
            )
            cursor.execute(
                f"CREATE INDEX IF NOT EXISTS {table}_search ON {table} USING gin (search)"
            )
        elif connection.vendor == "sqlite":
            for statement in _sqlite_statements(table, fields):
                cursor.execute(statement)
            cursor.execute(f"INSERT INTO {table}_fts({table}_fts) VALUES ('rebuild')")


def uninstall(connection, table: str) -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"ALTER TABLE {table} DROP COLUMN IF EXISTS search")
        elif connection.vendor == "sqlite":
            for kind in ("insert", "delete", "update"):
                cursor.execute(f"DROP TRIGGER IF EXISTS {table}_fts_{kind}")
            cursor.execute(f"DROP TABLE IF EXISTS {table}_fts")


def suspend(connection, model: type[Model]) -> None:
    """Stop keeping the search current (a bulk load): `resume` afterwards."""
    if connection.vendor == "sqlite":
        table = model._meta.db_table
        with connection.cursor() as cursor:
            for kind in ("insert", "delete", "update"):
                cursor.execute(f"DROP TRIGGER IF EXISTS {table}_fts_{kind}")


def resume(connection, model: type[Model]) -> None:
    """Keep the search current again after `suspend`, filled from the rows there."""
    install(connection, model._meta.db_table, _fields(model))


# SQLite: the newest matches the search engine streams before the rest are looked at.
STREAMED = 2000


def matching(qs: QuerySet, words: list[str], *, complete: bool = False) -> QuerySet:
    """`qs` narrowed to the records in which every word starts a word of a searched field.

    PostgreSQL's planner chooses between the GIN index (rare words) and checking the
    stored vector row by row while it walks the list's own index (common ones). SQLite
    cannot check one row against FTS5 cheaply, and listing every match of a common word
    costs half a second at a million records: it takes the STREAMED newest matches (by
    id, which FTS5 streams in order); when those are all the matches, or hold more than
    a ranked page's worth after the other filters, they are the answer; only a common
    word within a narrow filter lists every match. `complete` asks for every match
    always (a download of the whole list).
    """
    if not words:
        return qs
    table = qs.model._meta.db_table
    connection = connections[qs.db]
    if connection.vendor == "postgresql":
        query = " & ".join(f"{word}:*" for word in words)
        sql = f'"{table}"."search" @@ to_tsquery(\'simple\', %s)'
        return qs.filter(RawSQL(sql, [query], output_field=BooleanField()))
    query = " AND ".join(f'"{word}"*' for word in words)
    fts = f"{table}_fts"
    sql = f'"{table}"."id" IN (SELECT rowid FROM {fts} WHERE {fts} MATCH %s)'
    if complete:
        return qs.filter(RawSQL(sql, [query], output_field=BooleanField()))
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT rowid FROM {fts} WHERE {fts} MATCH %s ORDER BY rowid DESC LIMIT %s",
            [query, STREAMED + 1],
        )
        newest = [row[0] for row in cursor.fetchall()]
    if len(newest) <= STREAMED:
        return qs.filter(pk__in=newest)
    within = qs.filter(pk__in=newest)
    if within.order_by()[: RANKED + 1].count() > RANKED:
        return within
    return qs.filter(RawSQL(sql, [query], output_field=BooleanField()))


# --- ranking and highlighting -----------------------------------------------------------


def relevance(record: Model, words: list[str]) -> float:
    """How well a record matches: the words' occurrences (at most 3 each) per field, the
    first field (a title, what was done, what happened) counting three times, each field
    damped by its length."""
    score = 0.0
    for position, field in enumerate(_fields(type(record))):
        tokens = WORD.findall((getattr(record, field) or "").lower())
        if not tokens:
            continue
        hits = sum(min(3, sum(t.startswith(w) for t in tokens)) for w in words)
        weight = 3.0 if position == 0 else 1.0
        score += weight * hits / math.sqrt(len(tokens))
    return score


def ranked_ids(qs: QuerySet, text: str) -> tuple[list[int], bool]:
    """The ids of the newest RANKED records of `qs` (already narrowed by `matching`, in
    its newest-first order), best match first; and whether there were more than RANKED."""
    words = terms(text)
    ids = list(qs.values_list("pk", flat=True)[: RANKED + 1])
    capped = len(ids) > RANKED
    ids = ids[:RANKED]
    order = {pk: i for i, pk in enumerate(ids)}
    records = qs.model.objects.filter(pk__in=ids).only("pk", *_fields(qs.model))
    scored = sorted(records, key=lambda r: (-relevance(r, words), order[r.pk]))
    return [r.pk for r in scored], capped


class Ranked:
    """The ranked matches of a search of `qs` (see `ranked_ids`), a sequence whose
    slices are fetched with `qs`'s prefetches: for Django's Paginator and the API's."""

    def __init__(self, qs: QuerySet, text: str) -> None:
        self.qs = qs
        self.ids, self.capped = ranked_ids(qs, text)

    def __len__(self) -> int:
        return len(self.ids)

    def count(self) -> int:
        return len(self.ids)

    def __getitem__(self, index: slice) -> list[Model]:
        ids = self.ids[index]
        records = self.qs.model.objects.filter(pk__in=ids)
        for lookup in self.qs._prefetch_related_lookups:
            records = records.prefetch_related(lookup)
        position = {pk: i for i, pk in enumerate(ids)}
        return sorted(records, key=lambda r: position[r.pk])


def highlight(text: str, search: str) -> SafeString:
    """`text`, escaped, with each word that starts with a searched word in <mark>."""
    words = terms(search)
    text = text or ""
    if not words:
        return escape(text)
    pattern = re.compile(
        r"(?<![^\W_])(?:" + "|".join(re.escape(w) for w in words) + r")[^\W_]*", re.IGNORECASE
    )
    out, last = [], 0
    for match in pattern.finditer(text):
        out.append(escape(text[last : match.start()]))
        out.append(f"<mark>{escape(match.group(0))}</mark>")
        last = match.end()
    out.append(escape(text[last:]))
    return mark_safe("".join(out))  # noqa: S308 (every piece escaped above)
