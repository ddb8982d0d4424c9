"""The Units page's first read at start-up, with the standard library's sqlite3 (SQLAlchemy not yet imported).

Importing SQLAlchemy and the ORM models costs more than Qt's own start-up, so the first page is listed from this
read and the office is opened the normal way after it is painted (docs/decisions/0010-start-up.md). It only
reads: the file is opened read-only, and any doubt (another schema, a file that cannot be written, a lock,
damage, unexpected values) gives None, so that the normal opening decides and explains.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any, TypeVar

from desktop_app.persistence.errors import DatabaseError
from desktop_app.persistence.sqlite_file import check_sqlite_file, read_only_uri, why_not_writable

T = TypeVar("T")

# The schema revision whose tables the SQL below was written against. A test keeps it equal to
# migrate.SCHEMA_HEAD: a new migration must be checked against this read before the quick path takes it.
QUICK_READ_SCHEMA = "0007"

# Columns in the order of services.units.UnitRecord's fields. The joins are those of the ORM's
# UnitRepository.all() (LEFT OUTER JOINs from units, no ORDER BY), so SQLite walks the rows in the same order.
_UNITS_SQL = """
SELECT units.id, units.uuid, units.code, units.name, units.short_name,
       kind.code, kind.name, parent.code, sector.code, sector.name,
       units.members, units.female_members, units.workers,
       units.chair, units.phone, units.email, units.address,
       units.founded, units.dissolved, merged.code, units.notes, units.is_home,
       units.revision, units.updated_at
FROM units
LEFT OUTER JOIN unit_kinds AS kind ON kind.id = units.kind_id
LEFT OUTER JOIN sectors AS sector ON sector.id = units.sector_id
LEFT OUTER JOIN units AS parent ON parent.id = units.parent_id
LEFT OUTER JOIN units AS merged ON merged.id = units.merged_into_id
"""
_KIND_CODE, _SECTOR_CODE, _SECTOR_NAME = 5, 8, 9
_FOUNDED, _DISSOLVED, _IS_HOME, _UPDATED_AT = 17, 18, 21, 23


@dataclass(frozen=True)
class QuickUnitRows:
    """What the Units page lists: unit rows in UnitRecord's field order, and the sectors (code, name) not retired."""

    units: list[tuple[Any, ...]]
    sectors: list[tuple[str, str]]


def _writable(path: Path) -> bool:
    """The normal opening would open this file for writing (else it opens read-only and says so: its way)."""
    if not os.access(path, os.R_OK) or why_not_writable(path) is not None:
        return False
    # A full disk makes the normal opening fall back to reading only, with its own message.
    return os.statvfs(path.parent).f_bavail > 0

def _day(value: object) -> date | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise ValueError(f"a date stored as {type(value).__name__}")
    return date.fromisoformat(value)


def _moment(value: object) -> datetime:
    if not isinstance(value, str):
        raise ValueError(f"a time stored as {type(value).__name__}")
    return datetime.fromisoformat(value)


def _flag(value: object) -> bool:
    if value not in (0, 1):
        raise ValueError(f"a flag stored as {value!r}")
    return bool(value)


def _unit(row: tuple[Any, ...]) -> tuple[Any, ...]:
    if row[_KIND_CODE] is None:
        raise ValueError("a unit without a kind")
    values = list(row)
    values[_SECTOR_NAME] = row[_SECTOR_NAME] if row[_SECTOR_CODE] is not None else ""
    values[_FOUNDED] = _day(row[_FOUNDED])
    values[_DISSOLVED] = _day(row[_DISSOLVED])
    values[_IS_HOME] = _flag(row[_IS_HOME])
    values[_UPDATED_AT] = _moment(row[_UPDATED_AT])
    return tuple(values)


def read_units_quickly(path: Path) -> QuickUnitRows | None:
    """The office's CĐCS (the home unit's subtree below it, as UnitService.list_units) and sectors, or None
    when the file is not one the normal opening would open for writing as it is, at QUICK_READ_SCHEMA, set up."""
    return read_quickly(path, read_units)


def read_quickly(path: Path, reader: Callable[[sqlite3.Connection], T]) -> T | None:
    """``reader``'s result on a read-only connection to the office's file, or None when the file is not one the
    normal opening would open for writing as it is, at QUICK_READ_SCHEMA and set up, or when ``reader`` meets a
    value it does not expect (ValueError, IndexError, an SQLite error)."""
    try:
        path = path.expanduser().resolve()
        if not path.is_file() or not _writable(path):
            return None
        # The checks the normal opening makes (header, length, schema; every page only for a small file).
        check_sqlite_file(path)
        # timeout 0: a lock held by another program is the normal opening's to wait for and explain.
        conn = sqlite3.connect(read_only_uri(path), uri=True, timeout=0)
        try:
            if not _set_up(conn):
                return None
            # One transaction: what the reader reads belongs together even if a clerk's program writes meanwhile.
            conn.execute("BEGIN")
            return reader(conn)
        finally:
            conn.close()
    except (OSError, sqlite3.Error, ValueError, IndexError, DatabaseError):
        return None


def _set_up(conn: sqlite3.Connection) -> bool:
    versions = conn.execute("SELECT version_num FROM alembic_version").fetchall()
    if versions != [(QUICK_READ_SCHEMA,)]:
        return False
    # No office yet (the first-run wizard comes first) or one the ORM would refuse to read.
    return len(conn.execute("SELECT id FROM units WHERE is_home IS 1").fetchall()) == 1


def read_units(conn: sqlite3.Connection) -> QuickUnitRows:
    """The Units page's rows (a connection ``read_quickly`` checked)."""
    home_id, home_parent = conn.execute("SELECT id, parent_id FROM units WHERE is_home IS 1").fetchone()
    units = [
        _unit(row) for row in conn.execute(_UNITS_SQL) if not row[_IS_HOME] and row[0] not in (home_id, home_parent)
    ]
    sectors = [
        (code, name) for code, name, retired in conn.execute("SELECT code, name, retired FROM sectors ORDER BY id")
        if not _flag(retired)
    ]
    return QuickUnitRows(units, sectors)
