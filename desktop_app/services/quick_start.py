"""What the window shows before the office is opened the normal way: the start page's figures and the Units list,
read straight from the SQLite file without SQLAlchemy (docs/decisions/0010-start-up.md)."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from desktop_app.services.errors import UserError
from desktop_app.services.tracking_records import Dashboard, quick_dashboard
from desktop_app.services.unit_records import UnitListing, listing_from


@dataclass(frozen=True)
class QuickStart:
    dashboard: Dashboard  # what TrackingService.dashboard() gives
    listing: UnitListing  # what UnitService.list_units() and sectors() give


def quick_start(path: Path, today: date) -> QuickStart | None:
    """The start page's dashboard and the Units page's listing from one read-only look at the file at ``path``, or
    None when the file must be opened the normal way first (not at the current schema, read-only, locked,
    damaged, not set up, a value not expected). It never writes to the file."""
    from desktop_app.persistence.quick_read import read_quickly, read_units

    def read(conn: sqlite3.Connection) -> QuickStart:
        return QuickStart(quick_dashboard(conn, today), listing_from(read_units(conn)))

    try:
        return read_quickly(path, read)
    except UserError:
        # The shipped calendar data is damaged: the normal opening says so.
        return None
