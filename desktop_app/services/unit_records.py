"""A unit as the screens and the CLI see it, and the Units page's first listing at start-up.

Kept apart from services.units (which maps the ORM) so that the GUI can list the first page before SQLAlchemy is
imported (docs/decisions/0010-start-up.md).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from desktop_app.domain.units import Sector, UnitDraft

if TYPE_CHECKING:
    from desktop_app.persistence.quick_read import QuickUnitRows


@dataclass(frozen=True)
class UnitRecord:
    """A unit as screens and the CLI see it (never an ORM object)."""

    id: int
    uuid: str
    code: str
    name: str
    short_name: str
    kind: str
    kind_name: str
    parent_code: str | None
    sector: str | None
    sector_name: str
    members: int | None
    female_members: int | None
    workers: int | None
    chair: str
    phone: str
    email: str
    address: str
    founded: date | None
    dissolved: date | None
    merged_into_code: str | None
    notes: str
    is_home: bool
    revision: int
    updated_at: datetime

    @property
    def active(self) -> bool:
        return self.dissolved is None

    def draft(self) -> UnitDraft:
        return UnitDraft(
            code=self.code,
            name=self.name,
            short_name=self.short_name,
            kind=self.kind,
            sector=self.sector,
            members=self.members,
            female_members=self.female_members,
            workers=self.workers,
            chair=self.chair,
            phone=self.phone,
            email=self.email,
            address=self.address,
            founded=self.founded,
            dissolved=self.dissolved,
            notes=self.notes,
        )


@dataclass(frozen=True)
class UnitListing:
    """The Units page's content: what ``UnitService.list_units()`` and ``UnitService.sectors()`` give."""

    units: list[UnitRecord]
    sectors: list[Sector]


def quick_list_units(path: Path) -> UnitListing | None:
    """The office's units read straight from the SQLite file at ``path``, without SQLAlchemy, or None when the
    file must be opened the normal way first (not at the current schema, read-only, locked, damaged, not set up).

    The same records as ``UnitService.list_units()``, in the same order; it never writes to the file."""
    from desktop_app.persistence.quick_read import read_units_quickly

    rows = read_units_quickly(path)
    return listing_from(rows) if rows is not None else None


def listing_from(rows: QuickUnitRows) -> UnitListing:
    return UnitListing([UnitRecord(*row) for row in rows.units], [Sector(code, name) for code, name in rows.sectors])
