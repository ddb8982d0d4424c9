"""Wiring: open a database and build the services on it. Nothing happens at import time."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from desktop_app.files.atomic import protect_database, release_database
from desktop_app.persistence.database import Database, open_database, sqlite_url
from desktop_app.persistence.unit_of_work import UnitOfWork
from desktop_app.services.documents import DocumentService
from desktop_app.services.errors import UserError
from desktop_app.services.history import HistoryService
from desktop_app.services.indicator_reports import IndicatorReportService
from desktop_app.services.indicator_workbooks import IndicatorWorkbookService
from desktop_app.services.indicators import IndicatorService
from desktop_app.services.office import OfficeService
from desktop_app.services.registers import RegisterService
from desktop_app.services.reminders import ReminderService
from desktop_app.services.storage import StorageService
from desktop_app.services.templates import TemplateService
from desktop_app.services.tracking import TrackingService
from desktop_app.services.tracking_exports import TrackingExportService
from desktop_app.services.unit_workbooks import UnitWorkbookService
from desktop_app.services.units import UnitService


@dataclass
class AppContext:
    """An open office: its database and every service over it."""

    database: Database
    units: UnitService
    office: OfficeService
    workbooks: UnitWorkbookService
    storage: StorageService
    registers: RegisterService
    documents: DocumentService
    templates: TemplateService
    history: HistoryService
    tracking: TrackingService
    tracking_exports: TrackingExportService
    reminders: ReminderService
    indicators: IndicatorService
    indicator_workbooks: IndicatorWorkbookService
    indicator_reports: IndicatorReportService

    def close(self) -> None:
        if self.database.path is not None:
            release_database(self.database.path)
        self.database.dispose()


def database_url(db_path: Path | None = None, db_url: str | None = None) -> str:
    if db_url:
        return db_url
    if db_path is None:
        from desktop_app.paths import default_database_path

        db_path = default_database_path()
    return sqlite_url(db_path.expanduser().resolve())


def _unsaved_folder(database: Database) -> Path:
    """Copies of drafts being edited live beside the database file (or in the data folder on a server)."""
    from desktop_app.paths import user_data_dir

    base = database.path.parent if database.path is not None else user_data_dir()
    return base / "van-ban-dang-soan"


def open_context(url: str, clock: Callable[[], date] = date.today) -> AppContext:
    """Open the database at ``url`` (creating or migrating it) and build the services."""
    database = open_database(url)
    if database.path is not None:
        protect_database(database.path)

    def uow() -> UnitOfWork:
        return UnitOfWork(database.session_factory)

    documents = DocumentService(uow, clock, unsaved_folder=_unsaved_folder(database))
    templates = TemplateService(uow, clock)
    tracking = TrackingService(uow, clock)
    office = OfficeService(uow, clock)
    indicators = IndicatorService(uow, tracking, clock)

    def office_name() -> str:
        """The name the offline workbooks carry (none yet before the office is set up)."""
        try:
            return office.profile().home.name
        except UserError:
            return ""

    return AppContext(
        database=database,
        units=UnitService(uow, clock),
        office=office,
        workbooks=UnitWorkbookService(uow, clock),
        storage=StorageService(database),
        registers=RegisterService(uow, clock),
        documents=documents,
        templates=templates,
        history=HistoryService(uow),
        tracking=tracking,
        tracking_exports=TrackingExportService(tracking, office, clock),
        reminders=ReminderService(uow, tracking, templates, documents, clock),
        indicators=indicators,
        indicator_workbooks=IndicatorWorkbookService(indicators, office_name=office_name),
        indicator_reports=IndicatorReportService(indicators, office, clock),
    )
