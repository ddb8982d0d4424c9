"""Tracking's bulk reads in plain SQL over a DB-API connection, without SQLAlchemy.

The dashboard and the matrix are made from every submission of the requests they show: 12,000 rows for a year of
a 300-CĐCS district. Read through SQLAlchemy's result rows (its Python date conversion, a Row per record) that was
half of a cold dashboard, so these reads go to the driver's cursor and turn only the dates into ``date``s. The
same functions serve the tracking service (on its unit of work's connection, so they see what it wrote) and the
start page's first read at start-up (a read-only ``sqlite3`` connection, before SQLAlchemy is imported).

The SQL takes no parameters: ids are written in as integers (``int()`` of each) and days as ISO dates from
``date`` objects, so the same text runs on SQLite and PostgreSQL whatever the driver's parameter style. SQLite
gives dates back as ISO text, PostgreSQL as ``date``s; ``day`` takes both.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import Any, NamedTuple, Protocol

from desktop_app.domain.tracking import Submission


class Cursor(Protocol):
    def execute(self, sql: str, /) -> Any: ...

    def fetchall(self) -> Sequence[Sequence[Any]]: ...


class Connection(Protocol):
    def cursor(self) -> Any: ...


def day(value: object) -> date | None:
    """A stored day: None, a ``date`` (PostgreSQL), or ISO text (SQLite); anything else is refused."""
    if value is None or type(value) is date:
        return value
    if isinstance(value, str):
        return date.fromisoformat(value)
    raise ValueError(f"a date stored as {type(value).__name__}")


def moment(value: object) -> datetime | None:
    if value is None or isinstance(value, datetime):
        return value
    if isinstance(value, str):
        return datetime.fromisoformat(value)
    raise ValueError(f"a time stored as {type(value).__name__}")


def flag(value: object) -> bool:
    """A stored boolean: True/False (PostgreSQL) or 1/0 (SQLite)."""
    if value in (0, 1):  # True == 1 and False == 0 too
        return bool(value)
    raise ValueError(f"a flag stored as {value!r}")


def _ids(ids: Iterable[int]) -> str:
    return ",".join(str(int(i)) for i in ids)


def _rows(conn: Connection, sql: str) -> Sequence[Sequence[Any]]:
    cursor = conn.cursor()
    try:
        cursor.execute(sql)
        return cursor.fetchall()  # type: ignore[no-any-return]
    finally:
        cursor.close()


# -- submissions ----------------------------------------------------------------------------------------------

def submission_states(conn: Connection, request_ids: Sequence[int]) -> list[tuple[int, Submission]]:
    """(request id, its ``Submission``) for every submission of these requests."""
    if not request_ids:
        return []
    rows = _rows(conn, "SELECT request_id, unit_uuid, status, received_on, first_received_on, returned_on, "
                       f"correction_due FROM submissions WHERE request_id IN ({_ids(request_ids)})")
    try:
        # SQLite's ISO text, parsed without a call per value (most of the four days are empty): this list is the
        # largest part of a cold dashboard.
        iso = date.fromisoformat
        return [(r[0], Submission(r[1] or "", r[2], r[3] and iso(r[3]), r[4] and iso(r[4]), r[5] and iso(r[5]),
                                  r[6] and iso(r[6]))) for r in rows]
    except TypeError:  # dates already (PostgreSQL)
        return [(r[0], Submission(r[1] or "", r[2], day(r[3]), day(r[4]), day(r[5]), day(r[6]))) for r in rows]


def submission_versions(conn: Connection, request_ids: Sequence[int]) -> dict[int, tuple[Any, ...]]:
    """Per request with submissions, what changes whenever one of them is added, changed or removed: their count,
    the sums of their revisions and ids (every write raises a revision) and the last write's time (as stored)."""
    if not request_ids:
        return {}
    rows = _rows(conn, "SELECT request_id, count(*), sum(revision), sum(id), max(updated_at) FROM submissions "
                       f"WHERE request_id IN ({_ids(request_ids)}) GROUP BY request_id")
    return {int(r[0]): (int(r[1]), int(r[2]), int(r[3]), str(r[4])) for r in rows}


# -- what the figures are computed from -------------------------------------------------------------------------


class UnitLine(NamedTuple):
    id: int
    uuid: str
    code: str
    name: str
    sector: str | None
    founded: date | None
    dissolved: date | None


def grassroots_units(conn: Connection) -> list[UnitLine]:
    """Every CĐCS (dissolved ones too, not the office's own unit), by code, with its sector's code."""
    rows = _rows(conn, """
        SELECT u.id, u.uuid, u.code, u.name, s.code, u.founded, u.dissolved, u.is_home, k.grassroots
        FROM units u JOIN unit_kinds k ON k.id = u.kind_id LEFT OUTER JOIN sectors s ON s.id = u.sector_id""")
    units = [UnitLine(int(r[0]), r[1], r[2], r[3], r[4], day(r[5]), day(r[6]))
             for r in rows if flag(r[8]) and not flag(r[7])]
    # Sorted here rather than by SQL: the ORM's order (ORDER BY code) must not depend on the database's collation.
    units.sort(key=lambda u: u.code)
    return units


class RequestLine(NamedTuple):
    """A report request's stored fields, named as ``ReportRequestRow``'s."""

    id: int
    uuid: str
    title: str
    what: str
    form_id: str | None
    period: str
    issued_on: date
    due: date
    audience: str
    document_uuid: str | None
    task_uuid: str | None
    upstream_uuid: str | None
    notes: str
    revision: int
    form_period: date | None


def requests(conn: Connection, due_from: date, due_to: date) -> list[RequestLine]:
    """The requests due between these days (both included), by due date then id."""
    rows = _rows(conn, f"""
        SELECT id, uuid, title, what, form_id, period, issued_on, due, audience, document_uuid, task_uuid,
               upstream_uuid, notes, revision, form_period
        FROM report_requests WHERE due >= '{due_from.isoformat()}' AND due <= '{due_to.isoformat()}'
        ORDER BY due, id""")
    result = []
    for r in rows:
        issued_on, due = day(r[6]), day(r[7])
        if issued_on is None or due is None:
            raise ValueError("a request without its dates")
        result.append(RequestLine(int(r[0]), r[1], r[2], r[3], r[4], r[5] or "", issued_on, due, r[8] or "{}",
                                  r[9], r[10], r[11], r[12] or "", int(r[13]), day(r[14])))
    return result


class DayLine(NamedTuple):
    day: date
    working: bool
    note: str


def calendar_days(conn: Connection) -> list[DayLine]:
    """The office's own corrections of the calendar, by day."""
    lines = []
    for r in _rows(conn, "SELECT day, working, note FROM calendar_days"):
        stored = day(r[0])
        if stored is None:
            raise ValueError("a calendar day without its date")
        lines.append(DayLine(stored, flag(r[1]), r[2] or ""))
    return sorted(lines)


class UpstreamLine(NamedTuple):
    """What a request shows of the incoming document it serves."""

    uuid: str
    deadline: date | None
    their_symbol: str
    arrival_number: int
    their_date: date | None
    arrived_on: date
    sender: str


def _quoted(uuids: Iterable[str]) -> str:
    # uuids come from our own rows; anything but hex digits and dashes would be a damaged row, not a name.
    texts = []
    for uuid in uuids:
        if not uuid or any(c not in "0123456789abcdefABCDEF-" for c in uuid):
            raise ValueError(f"not a uuid: {uuid!r}")
        texts.append(f"'{uuid}'")
    return ",".join(texts)


def incoming_entries(conn: Connection, uuids: Iterable[str]) -> dict[str, UpstreamLine]:
    wanted = sorted(set(uuids))
    if not wanted:
        return {}
    result = {}
    for r in _rows(conn, "SELECT uuid, deadline, their_symbol, arrival_number, their_date, arrived_on, sender "
                         f"FROM incoming_register WHERE uuid IN ({_quoted(wanted)})"):
        arrived_on = day(r[5])
        if arrived_on is None:
            raise ValueError("an incoming entry without its arrival day")
        result[r[0]] = UpstreamLine(r[0], day(r[1]), r[2] or "", int(r[3]), day(r[4]), arrived_on, r[6] or "")
    return result


def document_symbols(conn: Connection, uuids: Iterable[str]) -> dict[str, str]:
    """Document uuid → its symbol ("" for a draft)."""
    wanted = sorted(set(uuids))
    if not wanted:
        return {}
    rows = _rows(conn, f"SELECT uuid, symbol FROM documents WHERE uuid IN ({_quoted(wanted)})")
    return {r[0]: r[1] or "" for r in rows}
