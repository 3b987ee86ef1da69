"""Django's database sessions, read with one hand-written query.

Every staff call reads its session first. The ORM spent ten times longer building that query
than the database spent answering it; the row, the expiry check and what is stored are the
same as Django's own backend, so a logout or an expired session still ends access at once.
"""

from __future__ import annotations

from typing import Any

from django.contrib.sessions.backends import db
from django.contrib.sessions.models import Session
from django.db import connection
from django.utils import timezone

READ = (
    f"SELECT session_data FROM {Session._meta.db_table} WHERE session_key = %s AND expire_date > %s"
)


class SessionStore(db.SessionStore):
    def load(self) -> dict[str, Any]:
        now = connection.ops.adapt_datetimefield_value(timezone.now())
        with connection.cursor() as cursor:
            cursor.execute(READ, [self.session_key, now])
            row = cursor.fetchone()
        if row is None:
            self._session_key = None  # as Django's own: a new session, never the stale key
            return {}
        return self.decode(row[0])
