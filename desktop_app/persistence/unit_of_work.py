"""The unit of work: one session, one transaction, rolled back unless committed.

A unit of work that only reads (``uow.reading()``) begins a deferred transaction, so a list or a
preview never waits for another program that holds the write lock; one that writes takes the lock
up front. A database failure leaves it as the clerk-facing error that names it (read-only file,
full disk, lock held too long, damage).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import Self

from sqlalchemy import Connection
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from desktop_app.domain.i18n import _
from desktop_app.persistence.errors import RecordChangedElsewhere, translate
from desktop_app.persistence.repositories import (
    ChangeLogRepository,
    DocumentRepository,
    FormReportRepository,
    OfficeRepository,
    RegisterRepository,
    TrackingRepository,
    UnitRepository,
)


class UnitOfWork:
    """``with uow: ...; uow.commit()`` — leaving the block without commit undoes every change."""

    session: Session
    units: UnitRepository
    office: OfficeRepository
    registers: RegisterRepository
    documents: DocumentRepository
    changes: ChangeLogRepository
    tracking: TrackingRepository
    indicators: FormReportRepository

    def __init__(self, session_factory: Callable[[], Session]) -> None:
        self._session_factory = session_factory
        self._read_only = False

    def reading(self) -> Self:
        """Make this a read-only unit of work (deferred transaction; commit is refused)."""
        self._read_only = True
        return self

    def __enter__(self) -> Self:
        from desktop_app.persistence.database import READ_ONLY_OPTION

        self.session = self._session_factory()
        if self._read_only:
            # Set before the first statement, so the transaction begins deferred.
            try:
                self.session.connection(execution_options={READ_ONLY_OPTION: True})
            except DBAPIError as exc:
                self.session.close()
                named = self._translate(exc)
                if named is not None:
                    raise named from exc
                raise
        self.units = UnitRepository(self.session)
        self.office = OfficeRepository(self.session)
        self.registers = RegisterRepository(self.session)
        self.documents = DocumentRepository(self.session)
        self.changes = ChangeLogRepository(self.session)
        self.tracking = TrackingRepository(self.session)
        self.indicators = FormReportRepository(self.session)
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        try:
            self.session.rollback()
        finally:
            self.session.close()
        if isinstance(exc, DBAPIError):
            named = self._translate(exc)
            if named is not None:
                raise named from exc

    def commit(self) -> None:
        if self._read_only:
            raise RuntimeError("commit in a read-only unit of work")
        try:
            self.session.commit()
        except StaleDataError:
            raise RecordChangedElsewhere(
                _("Dữ liệu vừa được sửa ở nơi khác (người dùng hoặc chương trình khác) trong lúc bạn sửa, nên "
                  "chưa lưu được. Hãy mở lại để xem bản mới nhất rồi sửa lại.")
            ) from None

    def _translate(self, exc: BaseException) -> Exception | None:
        from desktop_app.persistence.sqlite_file import busy_seconds

        bind = self.session.get_bind()
        if isinstance(bind, Connection):
            bind = bind.engine
        if bind.dialect.name != "sqlite":
            return None
        database = bind.url.database
        path = Path(database) if database else None
        return translate(exc, path if path is not None else bind.url, path, busy_seconds())


UnitOfWorkFactory = Callable[[], UnitOfWork]
