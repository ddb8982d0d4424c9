"""A period's filled indicator forms in plain SQL over a DB-API connection, as ``tracking_reads`` does.

The district table adds up every CĐCS's report of a period (3,000 in a large province): read through the ORM,
making and expiring a mapped object per report would cost more than the adding up. Values are written into the
SQL text (no parameters, so the same text runs on SQLite and PostgreSQL): the form id is checked to be a plain
identifier and the day is an ISO date from a ``date``.
"""

from __future__ import annotations

import re
from datetime import date
from typing import NamedTuple

from desktop_app.persistence.tracking_reads import Connection, _rows, day, flag

_FORM_ID = re.compile(r"[A-Za-z0-9_.-]{1,64}")


class ReportLine(NamedTuple):
    """A stored report's columns, named as ``FormReportRow``'s; ``values`` is the JSON text."""

    id: int
    uuid: str
    unit_id: int
    form_version: int
    complete: bool
    problem_count: int
    source: str
    received_on: date | None
    revision: int
    updated_by: str
    values: str


def reports(conn: Connection, form_id: str, period: date) -> list[ReportLine]:
    """Every report of ``form_id`` as of ``period`` (any CĐCS, in no particular order)."""
    if not _FORM_ID.fullmatch(form_id):
        raise ValueError(f"not a form id: {form_id!r}")
    rows = _rows(conn, 'SELECT id, uuid, unit_id, form_version, complete, problem_count, source, received_on, '
                       f'revision, updated_by, "values" FROM form_reports WHERE form_id = \'{form_id}\' '
                       f"AND period = '{period.isoformat()}'")
    return [ReportLine(int(r[0]), r[1], int(r[2]), int(r[3]), flag(r[4]), int(r[5]), r[6], day(r[7]), int(r[8]),
                       r[9] or "", r[10] or "{}") for r in rows]
