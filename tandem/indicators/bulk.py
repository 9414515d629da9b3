"""Writing many rows fast, for the rebuilds of the rollups and the highlight candidates."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import connection, models

# Rows per executemany batch (SQLite and other non-PostgreSQL databases).
WRITE_BATCH = 10_000


def insert_rows(model: type[models.Model], fields: list[str], rows: Iterable[tuple]) -> int:
    """Insert rows (values already as the database takes them) in bulk: COPY on
    PostgreSQL, one prepared INSERT through executemany elsewhere. Returns the count.
    `rows` must not query the database as it is read: on PostgreSQL the COPY holds the
    connection, and such a query would wait for it forever."""
    qn = connection.ops.quote_name
    table = qn(model._meta.db_table)
    columns = ", ".join(qn(model._meta.get_field(name).column) for name in fields)
    written = 0
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
                    written += 1
            return written
        sql = f"INSERT INTO {table} ({columns}) VALUES ({', '.join(['%s'] * len(fields))})"
        batch: list[tuple] = []
        for row in rows:
            batch.append(row)
            if len(batch) == WRITE_BATCH:
                cursor.executemany(sql, batch)
                written += len(batch)
                batch = []
        if batch:
            cursor.executemany(sql, batch)
            written += len(batch)
    return written
