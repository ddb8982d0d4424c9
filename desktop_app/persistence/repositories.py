"""Repositories: the queries services need, by name, over one session."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import func, select
from sqlalchemy.orm import Session, lazyload

from desktop_app.persistence.models import (
    DocumentRow,
    IncomingEntryRow,
    IncomingFileRow,
    OutgoingEntryRow,
    SectorRow,
    SignerRow,
    UnitEventRow,
    UnitKindRow,
    UnitRow,
)


class UnitRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def get(self, unit_id: int) -> UnitRow | None:
        return self.session.get(UnitRow, unit_id)

    def by_code(self, code: str) -> UnitRow | None:
        return self.session.scalars(select(UnitRow).where(UnitRow.code == code)).one_or_none()

    def home(self) -> UnitRow | None:
        return self.session.scalars(select(UnitRow).where(UnitRow.is_home.is_(True))).one_or_none()

    def home_locked(self) -> UnitRow | None:
        """The home unit, row-locked until the transaction ends: serialises the office's numbering on a
        server database (SQLite needs no lock: its write transactions are already serial)."""
        # No joined eager loads here: PostgreSQL refuses FOR UPDATE on the nullable side of an outer join.
        return self.session.scalars(
            select(UnitRow).where(UnitRow.is_home.is_(True)).options(lazyload("*")).with_for_update()
        ).one_or_none()

    def children_of(self, parent_id: int) -> Sequence[UnitRow]:
        return self.session.scalars(select(UnitRow).where(UnitRow.parent_id == parent_id)).all()

    def all(self) -> Sequence[UnitRow]:
        return self.session.scalars(select(UnitRow)).all()

    def codes(self) -> set[str]:
        return set(self.session.scalars(select(UnitRow.code)).all())

    def code_names(self) -> dict[str, str]:
        return {code: name for code, name in self.session.execute(select(UnitRow.code, UnitRow.name)).all()}

    def names(self) -> set[str]:
        return set(self.session.scalars(select(UnitRow.name)).all())

    def count(self) -> int:
        return int(self.session.scalar(select(func.count()).select_from(UnitRow)) or 0)

    def add(self, row: UnitRow) -> UnitRow:
        self.session.add(row)
        self.session.flush()
        return row

    def add_all(self, rows: Sequence[UnitRow]) -> None:
        self.session.add_all(rows)

    def kinds(self) -> Sequence[UnitKindRow]:
        return self.session.scalars(select(UnitKindRow).order_by(UnitKindRow.level, UnitKindRow.id)).all()

    def kind_by_code(self, code: str) -> UnitKindRow | None:
        return self.session.scalars(select(UnitKindRow).where(UnitKindRow.code == code)).one_or_none()

    def sectors(self) -> Sequence[SectorRow]:
        return self.session.scalars(select(SectorRow).order_by(SectorRow.id)).all()

    def sector_by_code(self, code: str) -> SectorRow | None:
        return self.session.scalars(select(SectorRow).where(SectorRow.code == code)).one_or_none()

    def add_event(self, event: UnitEventRow) -> None:
        self.session.add(event)

    def events_of(self, unit_ids: Sequence[int]) -> Sequence[UnitEventRow]:
        return self.session.scalars(
            select(UnitEventRow)
            .where(UnitEventRow.unit_id.in_(unit_ids))
            # In the order they were recorded: the "added to the list" line comes first even when a
            # dissolution recorded later took effect before the day the unit was added.
            .order_by(UnitEventRow.id)
        ).all()

    def merged_into(self, unit_id: int) -> Sequence[UnitRow]:
        return self.session.scalars(select(UnitRow).where(UnitRow.merged_into_id == unit_id)).all()


class OfficeRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def default_signer(self) -> SignerRow | None:
        return self.session.scalars(
            select(SignerRow).where(SignerRow.is_default.is_(True), SignerRow.active.is_(True))
        ).first()

    def signers(self) -> Sequence[SignerRow]:
        return self.session.scalars(select(SignerRow).where(SignerRow.active.is_(True))).all()

    def add_signer(self, signer: SignerRow) -> None:
        self.session.add(signer)
        self.session.flush()


class RegisterRepository:
    """The outgoing and incoming registers."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def outgoing_numbers(self, owner_code: str, year: int) -> set[int]:
        return set(
            self.session.scalars(
                select(OutgoingEntryRow.number).where(
                    OutgoingEntryRow.owner_code == owner_code, OutgoingEntryRow.year == year
                )
            )
        )

    def outgoing(self, year: int) -> Sequence[OutgoingEntryRow]:
        return self.session.scalars(
            select(OutgoingEntryRow).where(OutgoingEntryRow.year == year).order_by(OutgoingEntryRow.number)
        ).all()

    def outgoing_years(self) -> list[int]:
        return list(self.session.scalars(select(OutgoingEntryRow.year).distinct()))

    def incoming_years(self) -> list[int]:
        return list(self.session.scalars(select(IncomingEntryRow.year).distinct()))

    def outgoing_entry(self, entry_id: int) -> OutgoingEntryRow | None:
        return self.session.get(OutgoingEntryRow, entry_id)

    def highest_arrival(self, owner_code: str, year: int) -> int:
        highest = self.session.scalar(
            select(func.max(IncomingEntryRow.arrival_number)).where(
                IncomingEntryRow.owner_code == owner_code, IncomingEntryRow.year == year
            )
        )
        return int(highest or 0)

    def incoming(self, year: int) -> Sequence[IncomingEntryRow]:
        return self.session.scalars(
            select(IncomingEntryRow).where(IncomingEntryRow.year == year).order_by(IncomingEntryRow.arrival_number)
        ).all()

    def recent_incoming(self, limit: int) -> Sequence[IncomingEntryRow]:
        return self.session.scalars(
            select(IncomingEntryRow)
            .order_by(IncomingEntryRow.arrived_on.desc(), IncomingEntryRow.id.desc())
            .limit(limit)
        ).all()

    def incoming_by_uuid(self, uuid: str) -> IncomingEntryRow | None:
        return self.session.scalars(select(IncomingEntryRow).where(IncomingEntryRow.uuid == uuid)).first()

    def incoming_file(self, file_id: int) -> IncomingFileRow | None:
        return self.session.get(IncomingFileRow, file_id)

    def add(self, row: OutgoingEntryRow | IncomingEntryRow) -> None:
        self.session.add(row)


class DocumentRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def get(self, document_id: int) -> DocumentRow | None:
        return self.session.get(DocumentRow, document_id)

    def all(self) -> Sequence[DocumentRow]:
        return self.session.scalars(select(DocumentRow)).all()

    def by_uuids(self, uuids: Sequence[str]) -> Sequence[DocumentRow]:
        return self.session.scalars(select(DocumentRow).where(DocumentRow.uuid.in_(uuids))).all() if uuids else []

    def add(self, row: DocumentRow) -> None:
        self.session.add(row)
        self.session.flush()

    def delete(self, row: DocumentRow) -> None:
        self.session.delete(row)
        self.session.flush()
