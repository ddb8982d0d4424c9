"""The receive box (ô Nhận báo cáo): type part of a CĐCS's name or code without accents, pick with the arrow keys,
Enter logs it. No dialog in the normal path: a hundred arrivals must take minutes, not an afternoon."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from PySide6.QtCore import QDate, QEvent, QObject, QPoint, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QPushButton,
    QWidget,
)

from desktop_app.domain.tracking import CHANNELS, DEFAULT_CHANNEL
from desktop_app.services.tracking import SubmissionLine
from desktop_app.ui.dialogs.request_dialog import date_edit, edit_date, set_edit_date
from desktop_app.ui.models.tracking_models import ReceiveChoicesModel
from desktop_app.ui.widgets.forms import ERROR_STYLE, UNDERSTOOD_STYLE

# Rows the list under the box shows before it scrolls.
SHOWN_CHOICES = 8


class ReceiveBox(QWidget):
    """Emits ``receive(line, day)`` when the clerk presses Enter on a CĐCS (or clicks one); the page logs it and
    calls ``logged`` or ``refused``. ``overlay`` is the widget the list of matches floats over (the page): it is
    a child list, not a popup window, so the focus never leaves the box."""

    receive = Signal(object, object)  # (SubmissionLine, date)
    undo = Signal()

    def __init__(self, overlay: QWidget, today: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._today = today
        self.edit = QLineEdit()
        self.edit.setPlaceholderText(self.tr("Gõ tên hoặc mã CĐCS (không cần dấu), ↑↓ để chọn, Enter để ghi nhận"))
        self.edit.setClearButtonEnabled(True)
        self.edit.setToolTip(self.tr(
            "Nhận báo cáo (Ctrl+R từ bất cứ đâu trên trang): gõ một phần tên hoặc mã CĐCS, không cần dấu; các CĐCS "
            "chưa nộp hiện trước. ↑↓ chọn, Enter ghi nhận đã nộp vào ngày và theo hình thức bên cạnh, Esc xóa ô."))
        self.channel_combo = QComboBox()
        for code, label in CHANNELS.items():
            self.channel_combo.addItem(label, code)
        self.channel_combo.setCurrentIndex(self.channel_combo.findData(DEFAULT_CHANNEL))
        self.channel_combo.setToolTip(self.tr("Hình thức nhận (giữ nguyên cho các lần ghi nhận sau)"))
        self.date_edit: QDateEdit = date_edit(today)
        self.date_edit.setToolTip(self.tr("Ngày nhận: mặc định hôm nay; chọn ngày trước thì phải ghi chú vì sao"))
        self.set_today(today)

        self.choices = ReceiveChoicesModel(self)
        self.popup = QListView(overlay)
        self.popup.setModel(self.choices)
        self.popup.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.popup.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.popup.setFrameShape(QFrame.Shape.Box)
        self.popup.setUniformItemSizes(True)
        self.popup.hide()
        self.popup.clicked.connect(lambda index: self._choose(index.row()))
        self._overlay = overlay

        self.feedback = QLabel()
        self.feedback.setTextFormat(Qt.TextFormat.PlainText)
        self.undo_button = QPushButton(self.tr("Hoàn tác"))
        self.undo_button.setToolTip(self.tr("Chuyển CĐCS vừa ghi nhận về chưa nộp (ghi chú «hoàn tác ghi nhận»)"))
        self.undo_button.clicked.connect(lambda: self.undo.emit())
        self.undo_button.hide()

        box_label = QLabel(self.tr("&Nhận báo cáo:"))
        box_label.setBuddy(self.edit)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(box_label)
        row.addWidget(self.edit, 3)
        row.addWidget(self.channel_combo)
        row.addWidget(QLabel(self.tr("ngày")))
        row.addWidget(self.date_edit)
        row.addWidget(self.feedback, 2)
        row.addWidget(self.undo_button)

        self.edit.textChanged.connect(self._filter)
        self.edit.installEventFilter(self)

    # -- what the box offers ---------------------------------------------------------------
    def set_today(self, today: date) -> None:
        self._today = today
        self.date_edit.setMaximumDate(QDate(today.year, today.month, today.day))

    def set_lines(self, lines: Sequence[SubmissionLine]) -> None:
        """The request's lines (after every reload); what is typed stays and is matched again."""
        current = self.current_line()
        self.choices.set_lines(lines)
        self._filter(self.edit.text(), keep=current.unit.code if current is not None else None)

    def channel(self) -> str:
        return str(self.channel_combo.currentData())

    def day(self) -> date:
        return edit_date(self.date_edit)

    def current_line(self) -> SubmissionLine | None:
        return self.choices.line_at(self.popup.currentIndex().row()) if self.popup.isVisible() else None

    def _filter(self, text: str, keep: str | None = None) -> None:
        self.choices.filter(text)
        count = self.choices.rowCount()
        if not count:
            self.popup.hide()
            return
        row = 0
        if keep is not None:
            row = next((r for r in range(count) if (line := self.choices.line_at(r)) and line.unit.code == keep), 0)
        self.popup.setCurrentIndex(self.choices.index(row, 0))
        self._place_popup(count)

    def _place_popup(self, count: int) -> None:
        top_left = self.edit.mapTo(self._overlay, QPoint(0, self.edit.height()))
        # The rows' own height (uniform): a guess from the font left the last row cut in half.
        row_height = self.popup.sizeHintForRow(0) if count else 0
        row_height = row_height if row_height > 0 else self.fontMetrics().height() + 4
        height = row_height * min(count, SHOWN_CHOICES) + 2 * self.popup.frameWidth()
        width = max(self.edit.width(), 460)
        self.popup.setGeometry(top_left.x(), top_left.y(), min(width, self._overlay.width() - top_left.x()), height)
        self.popup.show()
        self.popup.raise_()

    # -- keys ------------------------------------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.edit and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            key = event.key()
            if key in (Qt.Key.Key_Down, Qt.Key.Key_Up) and self.popup.isVisible():
                self._move(1 if key == Qt.Key.Key_Down else -1)
                return True
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                if self.popup.isVisible():
                    self._choose(self.popup.currentIndex().row())
                elif self.edit.text().strip():
                    self.refused(self.tr("Không có CĐCS nào khớp «{text}» trong yêu cầu này.").format(
                        text=self.edit.text().strip()))
                return True
            if key == Qt.Key.Key_Escape and self.edit.text():
                self.edit.clear()
                return True
        if watched is self.edit and event.type() == QEvent.Type.FocusOut:
            self.popup.hide()
        if watched is self.edit and event.type() == QEvent.Type.FocusIn and self.choices.rowCount():
            self._place_popup(self.choices.rowCount())
        return False

    def _move(self, step: int) -> None:
        count = self.choices.rowCount()
        row = min(max(self.popup.currentIndex().row() + step, 0), count - 1)
        self.popup.setCurrentIndex(self.choices.index(row, 0))
        self.popup.scrollTo(self.choices.index(row, 0))

    def _choose(self, row: int) -> None:
        line = self.choices.line_at(row)
        if line is not None:
            self.receive.emit(line, self.day())

    # -- what the page says back -----------------------------------------------------------
    def logged(self, message: str, can_undo: bool) -> None:
        """The arrival is in: the box clears and keeps the focus for the next one."""
        self.edit.clear()
        self.popup.hide()
        self.feedback.setStyleSheet(UNDERSTOOD_STYLE)
        self.feedback.setText(message)
        self.undo_button.setVisible(can_undo)
        self.edit.setFocus()

    def refused(self, message: str) -> None:
        """Nothing was logged: the reason beside the box, what was typed kept."""
        self.feedback.setStyleSheet(ERROR_STYLE)
        self.feedback.setText(message)
        self.feedback.setToolTip(message)
        self.undo_button.hide()
        self.edit.setFocus()

    def said(self, message: str) -> None:
        self.feedback.setStyleSheet("")
        self.feedback.setText(message)
        self.undo_button.hide()

    def reset_day(self) -> None:
        set_edit_date(self.date_edit, self._today)
