"""Many rows in or out with one prepared statement each: what a cut-off or an import needs.

Django's bulk_create and bulk_update compile a statement per few dozen rows (bulk_update one
CASE per row and field), which costs more than the work itself at tens of thousands of rows.
One executemany of a prepared single-row statement is what both SQLite and psycopg do best;
PostgreSQL's COPY is faster still for inserts.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db import connection, models


def _columns(model: type[models.Model], fields: list[str]) -> list[str]:
    names = []
    for name in fields:
        model_field = model._meta.get_field(name)
        assert isinstance(model_field, models.Field) and model_field.column
        names.append(model_field.column)
    return names


def _adapted(rows: list[list[Any]]) -> list[list[Any]]:
    if connection.vendor != "sqlite":
        return rows
    # SQLite stores timestamps as text in UTC; the rows share one timestamp: adapt it once.
    ops = connection.ops
    adapted: dict[datetime, Any] = {}

    def adapt(value: datetime) -> Any:
        if value not in adapted:
            adapted[value] = ops.adapt_datetimefield_value(value)
        return adapted[value]

    return [[adapt(v) if isinstance(v, datetime) else v for v in row] for row in rows]


def insert_rows(model: type[models.Model], fields: list[str], rows: list[list[Any]]) -> None:
    """Insert many new rows with one prepared statement.

    Values must already be in database form (see registry.importer.residents_as_rows; JSON as
    text). Model defaults are not applied: name every column that is not nullable.
    """
    names = _columns(model, fields)
    ops = connection.ops
    table = ops.quote_name(model._meta.db_table)
    columns = ", ".join(ops.quote_name(name) for name in names)
    if connection.vendor == "postgresql":
        # COPY is PostgreSQL's own bulk path: an order of magnitude above INSERTs.
        # Django's wrapper is bypassed: a constraint broken by the COPY is still Django's
        # IntegrityError, as from any other statement.
        with connection.cursor() as cursor, connection.wrap_database_errors:
            raw = cursor.cursor  # psycopg's cursor under Django's wrapper
            with raw.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        return
    rows = _adapted(rows)
    placeholders = ", ".join(["%s"] * len(names))
    with connection.cursor() as cursor:
        cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({placeholders})", rows)


def update_rows(model: type[models.Model], fields: list[str], rows: list[list[Any]]) -> None:
    """Set `fields` on many rows by primary key: each row is [*values, pk]."""
    names = _columns(model, fields)
    ops = connection.ops
    table = ops.quote_name(model._meta.db_table)
    assignments = ", ".join(f"{ops.quote_name(name)} = %s" for name in names)
    key = ops.quote_name(model._meta.pk.column)
    with connection.cursor() as cursor:
        cursor.executemany(f"UPDATE {table} SET {assignments} WHERE {key} = %s", _adapted(rows))
