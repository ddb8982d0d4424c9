"""The main window: assembles the pages, routes navigation, undo and page shortcuts, keeps its geometry."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QByteArray, QEvent, QSize
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QUndoGroup, QUndoStack
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMenu,
    QStackedWidget,
    QWidget,
)

from desktop_app.settings import UserSettings, save_settings
from desktop_app.ui.pages.upcoming_page import UpcomingPage
from desktop_app.ui.widgets.actions import activate_page_shortcuts, connect_plain

if TYPE_CHECKING:
    from desktop_app.bootstrap import AppContext
    from desktop_app.services.tracking import TrackingService
    from desktop_app.services.tracking_records import Dashboard
    from desktop_app.services.unit_records import UnitListing
    from desktop_app.ui.pages.documents.page import DocumentsPage
    from desktop_app.ui.pages.history_page import HistoryPage
    from desktop_app.ui.pages.overview_page import OverviewPage
    from desktop_app.ui.pages.units_page import UnitsPage


# Below this (available) size the window opens maximised.
SMALL_SCREEN_WIDTH, SMALL_SCREEN_HEIGHT = 1440, 860


class MainWindow(QMainWindow):
    """Shown before the database is open (start-up stays quick); ``attach`` then fills it in.

    Pages are registered by name (``register_page``); the navigation list, the View menu and Ctrl+1… follow the
    order of registration, and registering a name again puts the new page in the old one's place."""

    context: AppContext
    units_page: UnitsPage  # present once attach() ran (the page listed at start-up is page("units") before that)
    overview_page: OverviewPage
    documents_page: DocumentsPage
    history_page: HistoryPage

    def __init__(
        self, context: AppContext | None, settings: UserSettings, clock: Callable[[], date] = date.today
    ) -> None:
        super().__init__()
        self.settings = settings
        self._clock = clock
        self.setWindowTitle(self.tr("CongDoan Desk"))
        self.resize(1200, 760)

        self.nav = QListWidget()
        self.nav.setFixedWidth(176)
        self.nav.setIconSize(QSize(0, 0))
        self.nav.setStyleSheet("QListWidget { font-size: 14px; } QListWidget::item { padding: 8px; }")
        self.pages = QStackedWidget()
        self._page_names: list[str] = []  # in the order of the navigation list and of the stack
        self.nav_actions: dict[str, QAction] = {}
        self._shortcuts_installed = False
        self.view_menu = QMenu(self.tr("&Xem"), self)
        # Undo and redo act on the shown page's own history (a page that can undo has ``undo_stack``).
        self.undo_group = QUndoGroup(self)
        self._status_built = False
        self._first_units_page: UnitsPage | None = None  # listed at start-up, until attach() gives it services
        self._first_overview_page: OverviewPage | None = None  # filled at start-up, likewise

        # The office's pages come with attach(); until then they say the data is being opened. The start page
        # (Tổng quan) is first: what the clerk chases each morning (its figures need the open office).
        self.register_page("overview", self.tr("Tổng quan"), self._loading_label())
        self.register_page("units", self.tr("Đơn vị"), self._loading_label())
        self.register_page("documents", self.tr("Văn bản"), self._loading_label())
        self.register_page("history", self.tr("Lịch sử thay đổi"), self._loading_label())
        self.register_page("tracking", self.tr("Theo dõi báo cáo"), self._loading_label())
        self.register_page("indicators", self.tr("Chỉ tiêu"), self._loading_label())
        upcoming = [
            (
                "exchange",
                self.tr("Trao đổi dữ liệu"),
                self.tr(
                    "Phần Trao đổi dữ liệu sẽ có: gói dữ liệu có chữ ký gửi và nhận với CĐCS và LĐLĐ tỉnh "
                    "qua USB hoặc thư điện tử, biên nhận, không mất và không ghi đè dữ liệu."
                ),
            ),
        ]
        for name, title, text in upcoming:
            self.register_page(name, title, UpcomingPage(title, text))
        self.nav.currentRowChanged.connect(self.pages.setCurrentIndex)
        self.pages.currentChanged.connect(self._page_changed)
        self.show_page("overview")

        central = QWidget()
        layout = QHBoxLayout(central)
        layout.addWidget(self.nav)
        layout.addWidget(self.pages, 1)
        self.setCentralWidget(central)

        self.db_label = QLabel()
        self.notice_label = QLabel()  # the tracking notice of the start page
        self.home_label = QLabel()
        self._build_menus()
        self._restore_geometry()
        if context is not None:
            self.attach(context)

    def today(self) -> date:
        """The day the window takes as today (tests pin it)."""
        return self._clock()

    def show_start_page(self, dashboard: Dashboard) -> OverviewPage:
        """Fill the start page before the office is open (start-up) from the quick read's dashboard: the clerk sees
        what is overdue at once; opening a line or logging an arrival waits for ``attach``, which gives the same
        page its service."""
        self._build_status_bar()
        self.db_label.setText(self.tr("Đang mở dữ liệu…"))
        page = self._first_overview_page = self._new_overview_page(None, dashboard)
        showing = self.current_page_name()
        self.register_page("overview", self.tr("Tổng quan"), page)
        self.pages.setCurrentWidget(self.page(showing))
        self._show_notice(dashboard.notice, bool(dashboard.overdue))
        if self.current_page() is page:
            page.focus_list()
        return page

    def _new_overview_page(self, tracking: TrackingService | None, dashboard: Dashboard | None = None
                           ) -> OverviewPage:
        from desktop_app.ui.pages.overview_page import OverviewPage

        page = OverviewPage(tracking, self._clock, dashboard=dashboard)
        page.open_request.connect(self.open_request)
        page.receive.connect(self.start_receiving)
        # Said from start-up on in the status bar, whichever page is shown, and kept up to date.
        page.notice_changed.connect(self._show_notice)
        return page

    def show_first_page(self, listing: UnitListing) -> UnitsPage:
        """List the office's units before the office is open (start-up): the clerk sees them and may search, but
        nothing can be done until ``attach`` gives the same page its services; the status bar says so."""
        from desktop_app.ui.pages.units_page import UnitsPage

        self._build_status_bar()
        self.db_label.setText(self.tr("Đang mở dữ liệu…"))
        self._first_units_page = UnitsPage(None, None, **self._units_page_settings(), listing=listing)
        self._first_units_page.units_changed.connect(self._update_status)
        showing = self.current_page_name()
        self.register_page("units", self.tr("Đơn vị"), self._first_units_page)
        self.pages.setCurrentWidget(self.page(showing))
        if self.current_page() is self._first_units_page:
            self._first_units_page.search_edit.setFocus()
        return self._first_units_page

    def _units_page_settings(self) -> dict[str, Any]:
        return {
            "clock": self._clock,
            "last_folder": lambda: self.settings.last_folder,
            "remember_folder": self._remember_folder,
        }

    def _build_status_bar(self) -> None:
        # The status bar comes with the office or its first page (its first creation costs several ms of start-up).
        if self._status_built:
            return
        self._status_built = True
        self.statusBar().addWidget(self.db_label, 1)
        self.statusBar().addPermanentWidget(self.notice_label)
        self.statusBar().addPermanentWidget(self.home_label)

    def attach(self, context: AppContext) -> None:
        """Put the open office's pages and actions in place (the first page listed at start-up gets its services)."""
        from desktop_app.ui.document_actions import DocumentSettings
        from desktop_app.ui.pages.documents.page import DocumentsPage, DocumentsPageDeps
        from desktop_app.ui.pages.history_page import HistoryPage
        from desktop_app.ui.pages.units_page import UnitsPage
        from desktop_app.ui.tasks import DataEvents

        self.context = context
        self._build_status_bar()
        first, self._first_units_page = self._first_units_page, None
        if first is not None:
            first.attach_services(context.units, context.workbooks)
            self.units_page = first
        else:
            self.units_page = UnitsPage(context.units, context.workbooks, **self._units_page_settings())
            self.units_page.units_changed.connect(self._update_status)
        self.documents_page = DocumentsPage(
            DocumentsPageDeps(context.documents, context.registers, context.templates, self._clock, context.tracking),
            DocumentSettings(
                last_folder=lambda: self.settings.last_folder,
                remember_folder=self._remember_folder,
                print_font=lambda: self.settings.print_font,
                signing_library=lambda: self.settings.signing_library,
                signing_token_label=lambda: self.settings.signing_token_label,
                remember_token=self._remember_token,
                trust_roots=lambda: self.settings.trust_roots,
            ),
        )
        showing = self.current_page_name()
        if first is None:
            self.register_page("units", self.tr("Đơn vị"), self.units_page)
        self.register_page("documents", self.tr("Văn bản"), self.documents_page)
        self.history_page = HistoryPage(context.history, context.units, self)
        self.register_page("history", self.tr("Lịch sử thay đổi"), self.history_page)
        from desktop_app.ui.pages.tracking.page import TrackingPage

        self.tracking_page = TrackingPage(
            context.tracking, context.units, context.registers, context.documents, self._clock,
            lambda: self.settings.last_folder, self._remember_folder, reminders=context.reminders,
            exports=context.tracking_exports, print_font=lambda: self.settings.print_font,
            indicators=context.indicators,
        )
        self.register_page("tracking", self.tr("Theo dõi báo cáo"), self.tracking_page)
        from desktop_app.ui.pages.indicators.page import IndicatorsPage

        self.indicators_page = IndicatorsPage(
            context.indicators, context.indicator_workbooks, context.indicator_reports, self._clock,
            lambda: self.settings.last_folder, self._remember_folder, print_font=lambda: self.settings.print_font,
        )
        self.register_page("indicators", self.tr("Chỉ tiêu"), self.indicators_page)
        first_overview, self._first_overview_page = self._first_overview_page, None
        if first_overview is not None:
            first_overview.attach_services(context.tracking)
            self.overview_page = first_overview
        else:
            self.overview_page = self._new_overview_page(context.tracking)
            self.register_page("overview", self.tr("Tổng quan"), self.overview_page)
        # What any operation changed, wherever it ran, reaches every page that lists it.
        self.data_events = DataEvents(context.history, self)
        for name in self.page_names():
            follow = getattr(self.page(name), "follow", None)
            if callable(follow):
                follow(self.data_events.changed)
        # Replacing a page shifts the stack's current page; the navigation row did not move.
        self.pages.setCurrentWidget(self.page(showing))
        self._fill_office_menus()
        self._install_shortcuts()
        self._page_changed(self.pages.currentIndex())
        self.settings_action.setEnabled(True)
        self.about_action.setEnabled(True)
        self.calendar_action.setEnabled(True)
        self._update_status()
        if self.overview_page.dashboard is not None:
            self._show_notice(self.overview_page.dashboard.notice, bool(self.overview_page.dashboard.overdue))
        # The first page listed kept the focus where the clerk put it meanwhile.
        if first is None and self.current_page() is self.units_page:
            self.units_page.search_edit.setFocus()
        elif self.current_page() is self.overview_page and first_overview is None:
            self.overview_page.focus_list()

    def _show_notice(self, notice: str, overdue: bool) -> None:
        self.notice_label.setText(notice)
        self.notice_label.setStyleSheet("color: #b00020;" if overdue else "")

    def open_request(self, request_id: int) -> None:
        """The tracking page with ``request_id`` selected (from a line of the start page)."""
        self.show_page("tracking")
        self.tracking_page.show_request(request_id)

    def start_receiving(self, request_id: int | None = None) -> None:
        """The tracking page with its receive box focused (Ctrl+R on the start page)."""
        self.show_page("tracking")
        self.tracking_page.start_receiving(request_id)

    def refresh_data(self) -> None:
        """Catch up with what another program (the CLI, another clerk) changed in the office's database."""
        events = getattr(self, "data_events", None)
        if events is not None:
            events.refresh()

    def changeEvent(self, event: QEvent) -> None:
        # Coming back to the window is when the clerk expects to see what was done elsewhere meanwhile.
        super().changeEvent(event)
        if event.type() == QEvent.Type.ActivationChange and self.isActiveWindow():
            self.refresh_data()

    def _loading_label(self) -> QLabel:
        # Centred through a style sheet: setAlignment needs PySide6's Qt namespace (about 30 ms to import the
        # first time) and rich text its text engine (about 6 ms); this window is built before anything else.
        label = QLabel(self.tr("Đang mở dữ liệu…"))
        label.setStyleSheet("qproperty-alignment: AlignCenter;")
        return label

    # -- pages -----------------------------------------------------------------------------
    def register_page(self, name: str, title: str, page: QWidget) -> None:
        """Add ``page`` under ``name`` at the end of the navigation, or put it in place of the page registered
        under ``name`` before (a loading placeholder), which is deleted."""
        if name in self._page_names:
            position = self._page_names.index(name)
            old = self._page_at(position)
            old_stack = getattr(old, "undo_stack", None)
            if isinstance(old_stack, QUndoStack):
                self.undo_group.removeStack(old_stack)
            self.pages.removeWidget(old)
            old.deleteLater()
            self.pages.insertWidget(position, page)
            self.nav.item(position).setText(title)
            self.nav_actions[name].setText(title)
        else:
            self._page_names.append(name)
            self.pages.addWidget(page)
            self.nav.addItem(QListWidgetItem(title))
            action = QAction(title, self)
            connect_plain(action.triggered, lambda: self.show_page(name))
            self.view_menu.addAction(action)
            self.addAction(action)
            self.nav_actions[name] = action
            if self._shortcuts_installed:
                action.setShortcut(QKeySequence(f"Ctrl+{len(self._page_names)}"))
        stack = getattr(page, "undo_stack", None)
        if isinstance(stack, QUndoStack):
            self.undo_group.addStack(stack)

    def show_page(self, name: str) -> None:
        """Show the page registered under ``name`` (its navigation row is selected)."""
        self.nav.setCurrentRow(self._position(name))

    def page(self, name: str) -> QWidget:
        return self._page_at(self._position(name))

    def page_names(self) -> list[str]:
        return list(self._page_names)

    def current_page_name(self) -> str:
        return self._page_names[self.pages.currentIndex()]

    def _page_at(self, position: int) -> QWidget:
        page = self.pages.widget(position)
        if page is None:
            raise LookupError(f"the page stack has no page at {position} for {self._page_names}")
        return page

    def _position(self, name: str) -> int:
        if name not in self._page_names:
            raise KeyError(f"no page registered as {name!r}; registered: {', '.join(self._page_names)}")
        return self._page_names.index(name)

    def _page_changed(self, index: int) -> None:
        """Only the shown page's shortcuts are live, and Ctrl+Z undoes what was done on that page."""
        for row in range(self.pages.count()):
            if row != index:
                activate_page_shortcuts(self.pages.widget(row), False)
        current = self.pages.widget(index)
        if current is None:
            return
        activate_page_shortcuts(current, True)
        stack = getattr(current, "undo_stack", None)
        self.undo_group.setActiveStack(stack if isinstance(stack, QUndoStack) else None)
        self.refresh_data()  # the page about to be read shows what another program changed meanwhile

    def _build_menus(self) -> None:
        menu = self.menuBar()
        file_menu = menu.addMenu(self.tr("&Tệp"))
        self.settings_action = QAction(self.tr("&Cài đặt…"), self)
        connect_plain(self.settings_action.triggered, self.open_settings)
        file_menu.addAction(self.settings_action)
        file_menu.addSeparator()
        quit_action = QAction(self.tr("T&hoát"), self)
        connect_plain(quit_action.triggered, self.close)
        self.quit_action = quit_action
        file_menu.addAction(quit_action)

        self.edit_menu = QMenu(self.tr("&Sửa"), self)
        self.undo_action = self.undo_group.createUndoAction(self, self.tr("&Hoàn tác"))
        self.redo_action = self.undo_group.createRedoAction(self, self.tr("&Làm lại"))
        self.edit_menu.addAction(self.undo_action)
        self.edit_menu.addAction(self.redo_action)
        self.addAction(self.undo_action)
        self.addAction(self.redo_action)
        self.units_menu = QMenu(self.tr("Đơ&n vị"), self)
        menu.addMenu(self.edit_menu)
        menu.addMenu(self.units_menu)
        self.settings_action.setEnabled(False)

        menu.addMenu(self.view_menu)

        tools_menu = menu.addMenu(self.tr("&Công cụ"))
        self.calendar_action = QAction(self.tr("&Lịch làm việc…"), self)
        self.calendar_action.setToolTip(self.tr("Ngày nghỉ lễ, nghỉ bù, làm bù dùng để tính hạn nộp báo cáo"))
        connect_plain(self.calendar_action.triggered, self.open_calendar)
        self.calendar_action.setEnabled(False)
        tools_menu.addAction(self.calendar_action)

        help_menu = menu.addMenu(self.tr("Trợ &giúp"))
        about = QAction(self.tr("&Giới thiệu"), self)
        connect_plain(about.triggered, self.open_about)
        self.about_action = about
        about.setEnabled(False)
        help_menu.addAction(about)
        self.addAction(about)

    def _install_shortcuts(self) -> None:
        # Set once the office is open: the first QKeySequence makes PySide6 build its key enums,
        # about 50 ms that would otherwise delay the window's first appearance.
        self.settings_action.setShortcut(QKeySequence("Ctrl+,"))
        self.quit_action.setShortcut(QKeySequence("Ctrl+Q"))
        for position, action in enumerate(self.nav_actions.values(), start=1):
            action.setShortcut(QKeySequence(f"Ctrl+{position}"))
        self.about_action.setShortcut(QKeySequence("F1"))
        self.undo_action.setShortcut(QKeySequence.StandardKey.Undo)
        self.redo_action.setShortcut(QKeySequence.StandardKey.Redo)
        self._shortcuts_installed = True

    def _fill_office_menus(self) -> None:
        page = self.units_page
        for action in (
            page.add_action,
            page.edit_action,
            page.dissolve_action,
            page.merge_action,
            page.history_action,
            None,
            page.import_action,
            page.export_action,
        ):
            if action is None:
                self.units_menu.addSeparator()
            else:
                self.units_menu.addAction(action)

    def _update_status(self) -> None:
        if not hasattr(self, "units_page"):
            return  # the first page is listed before the office is attached: the status bar says so already
        # Imported here: the forms module imports Qt's namespace (~25 ms), which the first paint need not wait for.
        from desktop_app.ui.widgets.forms import WARNING_STYLE

        storage = self.context.storage
        where = storage.location()
        if storage.read_only:
            # Said once at opening would be forgotten: while nothing can be saved, the status bar keeps saying so.
            self.db_label.setText(self.tr("⚠ Chỉ đọc, không lưu được thay đổi — {where}").format(where=where))
            self.db_label.setStyleSheet(WARNING_STYLE)
            self.db_label.setToolTip(storage.read_only_reason)
        else:
            self.db_label.setText(self.tr("Cơ sở dữ liệu: {where}").format(where=where))
            self.db_label.setStyleSheet("")
            self.db_label.setToolTip("")
        try:
            profile = self.context.office.profile()
        except Exception:
            self.home_label.setText(self.tr("Chưa thiết lập đơn vị"))
            return
        active = self.units_page.model.active_count()
        self.home_label.setText(
            self.tr("{home} — {count} CĐCS đang hoạt động").format(home=profile.home.name, count=active)
        )

    def _remember_folder(self, folder: str) -> None:
        self.settings.last_folder = folder
        save_settings(self.settings)

    def _remember_token(self, library: str, label: str) -> None:
        self.settings.signing_library = library
        self.settings.signing_token_label = label
        save_settings(self.settings)

    # -- dialogs ---------------------------------------------------------------------------
    def open_settings(self) -> None:
        from desktop_app.ui.dialogs.settings_dialog import SettingsDialog

        dialog = SettingsDialog(
            self.context.office, self.settings, self, storage=self.context.storage, kinds=self.context.units.kinds()
        )
        if dialog.exec():
            save_settings(self.settings)
            self._update_status()

    def open_calendar(self) -> None:
        from desktop_app.ui.dialogs.calendar_dialog import CalendarDialog

        CalendarDialog(self.context.tracking, self._clock().year, self).exec()

    def open_about(self) -> None:
        from desktop_app.ui.dialogs.about_dialog import AboutDialog

        AboutDialog(self.context, self).exec()

    # -- geometry --------------------------------------------------------------------------
    def show_fitting(self) -> None:
        """Show the window; maximised on a small screen (1366×768 leaves about 728 px above the taskbar),
        where a remembered or default size would hide the table's last columns and the status bar."""
        screen = self.screen().availableGeometry()
        if screen.width() < SMALL_SCREEN_WIDTH or screen.height() < SMALL_SCREEN_HEIGHT:
            self.showMaximized()
        else:
            self.show()

    def _restore_geometry(self) -> None:
        if self.settings.window_geometry:
            self.restoreGeometry(QByteArray.fromBase64(self.settings.window_geometry.encode("ascii")))
        if self.settings.window_state:
            self.restoreState(QByteArray.fromBase64(self.settings.window_state.encode("ascii")))

    def closeEvent(self, event: QCloseEvent) -> None:
        self.settings.window_geometry = bytes(self.saveGeometry().toBase64().data()).decode("ascii")
        self.settings.window_state = bytes(self.saveState().toBase64().data()).decode("ascii")
        save_settings(self.settings)
        # Stop hearing commits now: the window is deleted later, maybe while the worker thread commits (a nested
        # event loop runs deferred deletions), and announcing to a half-deleted window crashes.
        events = getattr(self, "data_events", None)
        if events is not None:
            events.close()
        super().closeEvent(event)

    def current_page(self) -> QWidget:
        return self.pages.currentWidget()

    def page_titles(self) -> list[str]:
        return [self.nav.item(r).text() for r in range(self.nav.count())]
