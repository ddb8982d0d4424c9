"""Register an arriving document in the incoming register (sổ văn bản đến), with copies of its files.

The deadline is typed as the document words it; what the app understood is shown beside it while the
clerk types, so a misreading is caught before it drives any tracking.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.deadlines import Timing
from desktop_app.domain.vntext import clean, format_date, parse_date
from desktop_app.services.deadlines import read_timing as read_deadline
from desktop_app.services.errors import UserError
from desktop_app.services.registers import IncomingDraft, IncomingEntry
from desktop_app.ui.widgets.forms import (
    ERROR_STYLE,
    UNDERSTOOD_STYLE,
    ErrorLabel,
    dialog_buttons,
    labelled_rows,
    text_box,
)

RegisterCall = Callable[[IncomingDraft, Sequence[Path]], IncomingEntry]

NOTE_STYLE = "color: #555;"


class IncomingDialog(QDialog):
    """``register`` is the service call (``RegisterService.register_incoming``); ``entry`` holds its result."""

    def __init__(
        self,
        register: RegisterCall,
        today: date,
        last_folder: Callable[[], str] = lambda: "",
        remember_folder: Callable[[str], None] = lambda _folder: None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._register = register
        self._last_folder = last_folder
        self._remember_folder = remember_folder
        self.entry: IncomingEntry | None = None
        self.timing: Timing | None = None
        self.setWindowTitle(self.tr("Vào sổ văn bản đến"))
        self.setMinimumWidth(680)

        self.arrived_edit = QLineEdit(format_date(today))
        self.sender_edit = QLineEdit()
        self.sender_edit.setPlaceholderText(self.tr("ví dụ: Ban Thường vụ Liên đoàn Lao động tỉnh Tây Ninh"))
        self.symbol_edit = QLineEdit()
        self.symbol_edit.setPlaceholderText(self.tr("ví dụ: 213/KH-LĐLĐ"))
        self.their_date_edit = QLineEdit()
        self.their_date_edit.setPlaceholderText(self.tr("ngày/tháng/năm"))
        self.summary_edit = text_box(3)
        self.deadline_edit = QLineEdit()
        self.deadline_edit.setPlaceholderText(self.tr("ghi như trong văn bản, ví dụ: trước ngày 10/12/2026"))
        self.timing_label = QLabel()
        self.timing_label.setWordWrap(True)
        self.rule_label = QLabel()
        self.rule_label.setWordWrap(True)
        self.rule_label.setStyleSheet(NOTE_STYLE)
        self.notes_edit = text_box(2)

        deadline_box = QWidget()
        deadline_layout = QVBoxLayout(deadline_box)
        deadline_layout.setContentsMargins(0, 0, 0, 0)
        deadline_layout.addWidget(self.deadline_edit)
        deadline_layout.addWidget(self.timing_label)
        deadline_layout.addWidget(self.rule_label)

        self.file_list = QListWidget()
        self.file_list.setFixedHeight(self.file_list.fontMetrics().lineSpacing() * 4 + 10)
        self.add_file_button = QPushButton(self.tr("Thêm tệ&p…"))
        self.add_file_button.clicked.connect(self.choose_files)
        self.remove_file_button = QPushButton(self.tr("&Bỏ tệp"))
        self.remove_file_button.clicked.connect(self.remove_selected_file)
        file_buttons = QVBoxLayout()
        file_buttons.addWidget(self.add_file_button)
        file_buttons.addWidget(self.remove_file_button)
        file_buttons.addStretch(1)
        files_box = QWidget()
        files_layout = QHBoxLayout(files_box)
        files_layout.setContentsMargins(0, 0, 0, 0)
        files_layout.addWidget(self.file_list, 1)
        files_layout.addLayout(file_buttons)

        form = QFormLayout()
        labelled_rows(
            form,
            [
                (self.tr("Ngày đế&n:"), self.arrived_edit),
                (self.tr("Nơi &gửi:"), self.sender_edit),
                (self.tr("&Số, ký hiệu:"), self.symbol_edit),
                (self.tr("Ngà&y văn bản:"), self.their_date_edit),
                (self.tr("&Trích yếu:"), self.summary_edit),
                (self.tr("T&hời hạn:"), deadline_box),
                (self.tr("Ghi &chú:"), self.notes_edit),
                (self.tr("Tệp đính &kèm:"), files_box),
            ],
        )
        # The buddy of the deadline row must be the line edit, not the box around it.
        label = form.labelForField(deadline_box)
        if isinstance(label, QLabel):
            label.setBuddy(self.deadline_edit)
        label = form.labelForField(files_box)
        if isinstance(label, QLabel):
            label.setBuddy(self.file_list)

        self.error_label = ErrorLabel()
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addWidget(dialog_buttons(self, self.tr("&Vào sổ"), save=True))

        self.deadline_edit.textChanged.connect(self._show_timing)
        self.arrived_edit.textChanged.connect(self._show_timing)
        self._show_timing()
        self._update_file_buttons()

    # -- deadline --------------------------------------------------------------------------
    def _reference_year(self) -> int | None:
        # "trước ngày 10/12" without a year belongs to the year the document arrived.
        try:
            return parse_date(self.arrived_edit.text()).year
        except ValueError:
            return None

    def _show_timing(self) -> None:
        text = clean(self.deadline_edit.text())
        if not text:
            self.timing = None
            self.timing_label.hide()
            self.rule_label.hide()
            return
        timing = read_deadline(text, reference_year=self._reference_year())
        self.timing = timing
        if timing.understood:
            shown = self.tr("Đã hiểu: {summary}").format(summary=timing.summary)
            if timing.deadline is not None:
                shown += " — " + self.tr("hạn cuối {day}").format(day=format_date(timing.deadline))
            self.timing_label.setStyleSheet(UNDERSTOOD_STYLE)
        else:
            shown = "\n".join((self.tr("Chưa hiểu thời hạn này:"), *(f"• {p}" for p in timing.problems)))
            self.timing_label.setStyleSheet(ERROR_STYLE)
        self.timing_label.setText(shown)
        self.timing_label.show()
        self.rule_label.setText(timing.rule.label)
        self.rule_label.setVisible(timing.deadline is not None)
        self._grow_to_fit()

    def _grow_to_fit(self) -> None:
        """Wrapped messages need more height than the window had: grow it rather than overlap the fields."""
        layout = self.layout()
        if layout is None or not self.isVisible():
            return
        layout.activate()
        wanted = layout.totalHeightForWidth(self.width()) if layout.hasHeightForWidth() else -1
        wanted = max(wanted, layout.totalSizeHint().height())
        if wanted > self.height():
            self.resize(self.width(), wanted)

    # -- files -----------------------------------------------------------------------------
    @property
    def files(self) -> list[Path]:
        return [Path(self.file_list.item(i).toolTip()) for i in range(self.file_list.count())]

    def add_files(self, paths: Sequence[Path]) -> None:
        known = set(self.files)
        for path in paths:
            if path in known:
                continue
            item = QListWidgetItem(path.name)
            item.setToolTip(str(path))
            self.file_list.addItem(item)
            known.add(path)
        self._update_file_buttons()

    def choose_files(self) -> None:
        chosen, _filter = QFileDialog.getOpenFileNames(
            self, self.tr("Chọn tệp của văn bản đến"), self._last_folder(), self.tr("Mọi tệp (*)")
        )
        if chosen:
            self._remember_folder(str(Path(chosen[0]).parent))
            self.add_files([Path(name) for name in chosen])

    def remove_selected_file(self) -> None:
        row = self.file_list.currentRow()
        if row >= 0:
            self.file_list.takeItem(row)
        self._update_file_buttons()

    def _update_file_buttons(self) -> None:
        self.remove_file_button.setEnabled(self.file_list.count() > 0)

    # -- accept ----------------------------------------------------------------------------
    def _date(self, field: QLineEdit, label: str, required: bool) -> date | None:
        """The typed date, or None when an optional field is empty; raises ValueError naming the field."""
        if not required and not clean(field.text()):
            return None
        try:
            return parse_date(field.text())
        except ValueError as exc:
            field.setFocus()
            field.selectAll()
            raise ValueError(f"{label}: {exc}") from exc

    def accept(self) -> None:
        try:
            arrived_on = self._date(self.arrived_edit, self.tr("Ngày đến"), required=True)
            their_date = self._date(self.their_date_edit, self.tr("Ngày văn bản"), required=False)
        except ValueError as exc:
            self.error_label.show_message(str(exc))
            self._grow_to_fit()
            return
        assert arrived_on is not None
        timing = self.timing
        draft = IncomingDraft(
            arrived_on=arrived_on,
            sender=self.sender_edit.text(),
            summary=self.summary_edit.toPlainText(),
            their_symbol=self.symbol_edit.text(),
            their_date=their_date,
            deadline_text=self.deadline_edit.text(),
            deadline=timing.deadline if timing is not None and timing.understood else None,
            notes=self.notes_edit.toPlainText(),
        )
        try:
            self.entry = self._register(draft, self.files)
        except UserError as exc:
            self.error_label.show_message(str(exc))
            self._grow_to_fit()
            return
        super().accept()
