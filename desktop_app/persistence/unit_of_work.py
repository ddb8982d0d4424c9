"""The unit of work: one session, one transaction, rolled back unless committed."""

from __future__ import annotations

from collections.abc import Callable
from types import TracebackType
from typing import Self

from sqlalchemy.orm import Session

from desktop_app.persistence.repositories import (
    DocumentRepository,
    OfficeRepository,
    RegisterRepository,
    UnitRepository,
)


class UnitOfWork:
    """``with uow: ...; uow.commit()`` — leaving the block without commit undoes every change."""

    session: Session
    units: UnitRepository
    office: OfficeRepository
    registers: RegisterRepository
    documents: DocumentRepository

    def __init__(self, session_factory: Callable[[], Session]) -> None:
        self._session_factory = session_factory

    def __enter__(self) -> Self:
        self.session = self._session_factory()
        self.units = UnitRepository(self.session)
        self.office = OfficeRepository(self.session)
        self.registers = RegisterRepository(self.session)
        self.documents = DocumentRepository(self.session)
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.session.rollback()
        self.session.close()

    def commit(self) -> None:
        self.session.commit()


UnitOfWorkFactory = Callable[[], UnitOfWork]
