"""The tracking page's exports: the year's matrix to Excel and the year's summary to PDF, each saved where the clerk
chooses (the last folder proposed), written on the worker, then said on the status bar with an offer to open it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, QUrl
from PySide6.QtGui import QAction, QDesktopServices
from PySide6.QtWidgets import QToolBar, QWidget

from desktop_app.services.errors import UserError
from desktop_app.services.tracking_exports import MatrixExport, TrackingExportService
from desktop_app.ui.errors import show_error
from desktop_app.ui.tasks import run_in_background
from desktop_app.ui.widgets.actions import add_action
from desktop_app.ui.widgets.feedback import tell
from desktop_app.ui.widgets.files import ask_save_path
from desktop_app.ui.widgets.messages import ask


class TrackingExports(QObject):
    """The two actions, placed on ``bar``; ``year`` is the year the page shows."""

    def __init__(
        self,
        page: QWidget,
        bar: QToolBar,
        exports: TrackingExportService,
        year: Callable[[], int],
        last_folder: Callable[[], str],
        remember_folder: Callable[[str], None],
        print_font: Callable[[], str] = lambda: "",
    ) -> None:
        super().__init__(page)
        self._page = page
        self._exports = exports
        self._year = year
        self._last_folder = last_folder
        self._remember_folder = remember_folder
        self._print_font = print_font
        self.matrix_action: QAction = add_action(page, self.tr("Xuất bảng theo dõi (Excel)…"), None, self.export_matrix)
        self.matrix_action.setToolTip(self.tr("Lưu bảng CĐCS × yêu cầu báo cáo của năm đang xem ra tệp Excel để in"))
        self.summary_action: QAction = add_action(page, self.tr("In tổng hợp (PDF)…"), None, self.print_summary)
        self.summary_action.setToolTip(self.tr(
            "Lưu báo cáo tình hình gửi báo cáo của năm đang xem (số liệu, biểu đồ, CĐCS thường nộp muộn) ra PDF"))
        bar.addAction(self.matrix_action)
        bar.addAction(self.summary_action)

    def export_matrix(self) -> None:
        year = self._year()
        path = self._ask(self.tr("Xuất bảng theo dõi ra Excel"), f"bang-theo-doi-bao-cao-{year}.xlsx",
                         self.tr("Tệp Excel (*.xlsx)"))
        if path is None:
            return

        def done(result: MatrixExport) -> None:
            self._offer(path, self.tr("Đã lưu bảng theo dõi năm {year} ra «{path}»: {units} CĐCS × {requests} yêu cầu "
                                      "báo cáo.").format(year=year, path=path, units=result.units,
                                                         requests=result.requests))

        run_in_background(self._page, self.tr("Đang xuất bảng theo dõi…"),
                          lambda _token: self._exports.matrix_xlsx(year, path), done, self._failed, cancellable=False)

    def print_summary(self) -> None:
        year = self._year()
        path = self._ask(self.tr("In tổng hợp ra PDF"), f"tong-hop-gui-bao-cao-{year}.pdf", self.tr("Tệp PDF (*.pdf)"))
        if path is None:
            return
        font = self._print_font() or None

        def done(pages: int) -> None:
            self._offer(path, self.tr("Đã lưu bản tổng hợp năm {year} ra «{path}» ({pages} trang).").format(
                year=year, path=path, pages=pages))

        run_in_background(self._page, self.tr("Đang in bản tổng hợp…"),
                          lambda _token: self._exports.summary_pdf(year, path, font), done, self._failed,
                          cancellable=False)

    def _ask(self, title: str, file_name: str, filter_text: str) -> Path | None:
        path = ask_save_path(self._page, title, self._last_folder(), file_name, filter_text)
        if path is not None:
            self._remember_folder(str(path.parent))
        return path

    def _offer(self, path: Path, message: str) -> None:
        tell(self._page, message)
        answer = ask(self._page, self.tr("Đã lưu"), message, [self.tr("Mở tệp"), self.tr("Đóng")], default=1)
        if answer == 0 and not QDesktopServices.openUrl(QUrl.fromLocalFile(str(path))):
            show_error(self._page, self.tr("Không mở được «{path}»: máy chưa có phần mềm mở loại tệp này.").format(
                path=path))

    def _failed(self, exc: BaseException) -> None:
        if not isinstance(exc, UserError):
            raise exc
        show_error(self._page, str(exc))
