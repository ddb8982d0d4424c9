"""Qt's own texts in Vietnamese: standard buttons, message-box details, wizard buttons, edit menus.

Qt ships no Vietnamese translation (no ``qtbase_vi.qm`` among PySide6's translations), so the few texts of
Qt's that a clerk sees are translated here, in one place, for every dialog of the app at once. When a
``qtbase_vi.qm`` does ship, it is loaded too and answers whatever this catalogue leaves out.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

_EDIT_MENU = {
    "&Undo": "&Hoàn tác",
    "&Redo": "&Làm lại",
    "Cu&t": "&Cắt",
    "&Copy": "Sao ché&p",
    "Copy &Link Location": "Chép địa chỉ &liên kết",
    "&Paste": "&Dán",
    "Delete": "Xóa",
    "Select All": "Chọn tất cả",
}

# (context, source) → Vietnamese. The contexts are those Qt 6 asks for (QPlatformTheme names the standard
# buttons of QMessageBox, QDialogButtonBox and so QInputDialog).
CATALOGUE: dict[str, dict[str, str]] = {
    "QPlatformTheme": {
        "OK": "Đồng ý",
        "Save": "Lưu",
        "Save All": "Lưu tất cả",
        "Open": "Mở",
        "&Yes": "&Có",
        "Yes to &All": "Có với tất &cả",
        "&No": "&Không",
        "N&o to All": "Khô&ng với tất cả",
        "Abort": "Dừng",
        "Retry": "Thử lại",
        "Ignore": "Bỏ qua",
        "Close": "Đóng",
        "Cancel": "Hủy",
        "Discard": "Bỏ thay đổi",
        "Don't Save": "Không lưu",
        "Help": "Trợ giúp",
        "Apply": "Áp dụng",
        "Reset": "Đặt lại",
        "Restore Defaults": "Khôi phục mặc định",
    },
    "QMessageBox": {
        "Show Details...": "Xem chi tiết…",
        "Hide Details...": "Ẩn chi tiết",
        "OK": "Đồng ý",
    },
    "QWizard": {
        "< &Back": "< &Quay lại",
        "&Next >": "&Tiếp tục >",
        "&Next": "&Tiếp tục",
        "&Finish": "&Hoàn tất",
        "Cancel": "Hủy",
        "&Help": "Trợ &giúp",
        "Commit": "Xác nhận",
        "Continue": "Tiếp tục",
        "Go Back": "Quay lại",
        "Done": "Xong",
    },
    "QProgressDialog": {"Cancel": "Hủy"},
    "QLineEdit": _EDIT_MENU,
    "QWidgetTextControl": _EDIT_MENU,
}


class VietnameseQtTexts(QTranslator):
    """Answers Qt's own translation requests from ``CATALOGUE``; anything else is left to Qt's source text."""

    def translate(  # type: ignore[override]
        self, context: str, source: str, disambiguation: str | None = None, n: int = -1
    ) -> str | None:
        # None (a null string) tells Qt "not translated here"; an empty string would blank the text.
        return CATALOGUE.get(context, {}).get(source)

    def isEmpty(self) -> bool:
        return False


_installed: list[QTranslator] = []


def install_translations(app: QCoreApplication) -> None:
    """Load Qt's Vietnamese translation when PySide6 ships one, then the app's catalogue (once per app)."""
    if _installed:
        return
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    shipped = QTranslator(app)
    if shipped.load(QLocale(QLocale.Language.Vietnamese), "qtbase", "_", folder):
        app.installTranslator(shipped)
        _installed.append(shipped)
    # Installed last, so asked first: the clerk's wording wins over a shipped translation's.
    ours = VietnameseQtTexts(app)
    app.installTranslator(ours)
    _installed.append(ours)
