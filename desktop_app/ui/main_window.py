"""The main window: assembles the pages, routes navigation, keeps its geometry. Nothing else."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QByteArray, QSize
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QStackedWidget,
    QWidget,
)

from desktop_app.bootstrap import AppContext
from desktop_app.settings import UserSettings, save_settings
from desktop_app.ui.pages.units_page import UnitsPage
from desktop_app.ui.pages.upcoming_page import UpcomingPage


class MainWindow(QMainWindow):
    def __init__(self, context: AppContext, settings: UserSettings, clock: Callable[[], date] = date.today) -> None:
        super().__init__()
        self.context = context
        self.settings = settings
        self.setWindowTitle(self.tr("CongDoan Desk"))
        self.resize(1200, 760)

        self.nav = QListWidget()
        self.nav.setFixedWidth(210)
        self.nav.setIconSize(QSize(0, 0))
        self.nav.setStyleSheet("QListWidget { font-size: 14px; } QListWidget::item { padding: 8px; }")
        self.pages = QStackedWidget()

        self.units_page = UnitsPage(
            context.units,
            context.workbooks,
            clock=clock,
            last_folder=lambda: self.settings.last_folder,
            remember_folder=self._remember_folder,
        )
        self.units_page.units_changed.connect(self._update_status)
        self._add_page(self.tr("Đơn vị"), self.units_page)
        upcoming = [
            (
                self.tr("Văn bản"),
                self.tr(
                    "Phần Văn bản sẽ có: soạn kế hoạch, báo cáo, công văn theo mẫu; sổ văn bản đến và sổ văn "
                    "bản đi; lấy số, ký hiệu; in đúng thể thức Nghị định 30/2020/NĐ-CP; xuất Word; ký số."
                ),
            ),
            (
                self.tr("Theo dõi báo cáo"),
                self.tr(
                    "Phần Theo dõi báo cáo sẽ có: yêu cầu báo cáo theo kế hoạch, ghi nhận CĐCS đã nộp, nộp muộn, "
                    "chưa nộp; tỷ lệ nộp đủ, tỷ lệ đúng hạn; in công văn đôn đốc."
                ),
            ),
            (
                self.tr("Chỉ tiêu"),
                self.tr(
                    "Phần Chỉ tiêu sẽ có: biểu mẫu thống kê, nhập số liệu của từng CĐCS, tổng hợp, so sánh với "
                    "chỉ tiêu Đại hội; sổ Excel gửi CĐCS điền và nhận lại."
                ),
            ),
            (
                self.tr("Trao đổi dữ liệu"),
                self.tr(
                    "Phần Trao đổi dữ liệu sẽ có: gói dữ liệu có chữ ký gửi và nhận với CĐCS và LĐLĐ tỉnh "
                    "qua USB hoặc thư điện tử, biên nhận, không mất và không ghi đè dữ liệu."
                ),
            ),
        ]
        self.upcoming_pages: list[UpcomingPage] = []
        for title, text in upcoming:
            page = UpcomingPage(title, text)
            self.upcoming_pages.append(page)
            self._add_page(title, page)
        self.nav.currentRowChanged.connect(self.pages.setCurrentIndex)
        self.nav.setCurrentRow(0)

        central = QWidget()
        layout = QHBoxLayout(central)
        layout.addWidget(self.nav)
        layout.addWidget(self.pages, 1)
        self.setCentralWidget(central)

        self.db_label = QLabel()
        self.home_label = QLabel()
        self.statusBar().addWidget(self.db_label, 1)
        self.statusBar().addPermanentWidget(self.home_label)
        self._build_menus()
        self._update_status()
        self._restore_geometry()

    def _add_page(self, title: str, page: QWidget) -> None:
        self.pages.addWidget(page)
        self.nav.addItem(QListWidgetItem(title))

    def _build_menus(self) -> None:
        menu = self.menuBar()
        file_menu = menu.addMenu(self.tr("&Tệp"))
        self.settings_action = QAction(self.tr("&Cài đặt…"), self)
        self.settings_action.setShortcut(QKeySequence("Ctrl+,"))
        self.settings_action.triggered.connect(self.open_settings)
        file_menu.addAction(self.settings_action)
        file_menu.addSeparator()
        quit_action = QAction(self.tr("T&hoát"), self)
        quit_action.setShortcut(QKeySequence("Ctrl+Q"))
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)

        edit_menu = menu.addMenu(self.tr("&Sửa"))
        edit_menu.addAction(self.units_page.undo_action)
        edit_menu.addAction(self.units_page.redo_action)

        units_menu = menu.addMenu(self.tr("Đơ&n vị"))
        for action in (
            self.units_page.add_action,
            self.units_page.edit_action,
            self.units_page.dissolve_action,
            self.units_page.merge_action,
            self.units_page.history_action,
            None,
            self.units_page.import_action,
            self.units_page.export_action,
        ):
            if action is None:
                units_menu.addSeparator()
            else:
                units_menu.addAction(action)

        view_menu = menu.addMenu(self.tr("&Xem"))
        self.nav_actions: list[QAction] = []
        for row in range(self.nav.count()):
            action = QAction(self.nav.item(row).text(), self)
            action.setShortcut(QKeySequence(f"Ctrl+{row + 1}"))
            action.triggered.connect(lambda _checked=False, r=row: self.nav.setCurrentRow(r))
            view_menu.addAction(action)
            self.addAction(action)
            self.nav_actions.append(action)

        help_menu = menu.addMenu(self.tr("Trợ &giúp"))
        about = QAction(self.tr("&Giới thiệu"), self)
        about.setShortcut(QKeySequence("F1"))
        about.triggered.connect(self.open_about)
        help_menu.addAction(about)
        self.addAction(about)

    def _update_status(self) -> None:
        database = self.context.database
        where = str(database.path) if database.path else database.engine.url.render_as_string(hide_password=True)
        self.db_label.setText(self.tr("Cơ sở dữ liệu: {where}").format(where=where))
        try:
            profile = self.context.office.profile()
        except Exception:
            self.home_label.setText(self.tr("Chưa thiết lập đơn vị"))
            return
        active = sum(1 for u in self.context.units.list_units(include_dissolved=False))
        self.home_label.setText(
            self.tr("{home} — {count} CĐCS đang hoạt động").format(home=profile.home.name, count=active)
        )

    def _remember_folder(self, folder: str) -> None:
        self.settings.last_folder = folder
        save_settings(self.settings)

    # -- dialogs ---------------------------------------------------------------------------
    def open_settings(self) -> None:
        from desktop_app.ui.dialogs.settings_dialog import SettingsDialog

        dialog = SettingsDialog(self.context.office, self.settings, self)
        if dialog.exec():
            save_settings(self.settings)
            self._update_status()

    def open_about(self) -> None:
        from desktop_app.ui.dialogs.about_dialog import AboutDialog

        AboutDialog(self.context, self).exec()

    # -- geometry --------------------------------------------------------------------------
    def _restore_geometry(self) -> None:
        if self.settings.window_geometry:
            self.restoreGeometry(QByteArray.fromBase64(self.settings.window_geometry.encode("ascii")))
        if self.settings.window_state:
            self.restoreState(QByteArray.fromBase64(self.settings.window_state.encode("ascii")))

    def closeEvent(self, event: QCloseEvent) -> None:
        self.settings.window_geometry = bytes(self.saveGeometry().toBase64().data()).decode("ascii")
        self.settings.window_state = bytes(self.saveState().toBase64().data()).decode("ascii")
        save_settings(self.settings)
        super().closeEvent(event)

    def show_page(self, row: int) -> None:
        self.nav.setCurrentRow(row)

    def current_page(self) -> QWidget:
        return self.pages.currentWidget()

    def page_titles(self) -> list[str]:
        return [self.nav.item(r).text() for r in range(self.nav.count())]
